#!/usr/bin/env python
"""Written in session 20 by a helper who read only ../shared/design.md and ../shared/contract.md,
never the service's code, so that it makes choices the service's own generator (linkage/synth) does not.

Independent synthetic-world generator for the detainer reconciliation probe.

Usage:  world_a.py SEED OUTDIR

Written from /work/shared/design.md and contract.md only.  Writes
  reports.csv, releases/<st>-<county>.csv, custody.csv, custody_foia.csv, truth.csv

WORLD / STORY CHOICES
* 10 jurisdictions (TX/Travis, MN/Hennepin, CA/Orange, OR/Washington, NC/Mecklenburg,
  KS/Johnson, IA/Johnson, NM/Bernalillo, WA/Franklin, NY/Nassau), 700 .. 30,000 bookings
  each (sizes jittered +-15% per seed), bookings 2015-01-01..2017-12-31, extract 2018-01-08.
  People are re-booked (heavy-tailed bookings per person, stays never overlap).
* Foreign-born share per jurisdiction; 70% of foreign-born are detainer-eligible; 0.5% of
  US-born Hispanic people get a (wrong) detainer with citizenship MEXICO.
* Detainer issued hours..days after booking (none if the person left first).  A share of
  detainers are OLD: ICE reports the issued date of a detainer lodged in an earlier
  booking (or 2010-2014 for the Travis batch) -> stale and issued before the stay.
* Fate at release of a detainer booking, per jurisdiction policy (Travis changes on
  2017-02-01): honored hand-over, "pickup" (jail declines but ICE picks the person up
  at release = Hennepin story), transfer to another agency (USM / other county / DOC),
  or street release.  Jails under-report hand-overs (10-50% logged as BOND/TIME SERVED...).
* ICE book-in after hand-over: 55% 0.3-4 h, 30% 4-24 h, 12% 24-48 h, 3% 48-100 h,
  method mostly `CAP Local Incarceration`; 5% of book-ins carry midnight (date-only) time.
  Declined people: 30% later at-large arrest (Non-Custodial Arrest / Located /
  Probation and Parole), 2 days .. 10 months later.  Other-agency people: 50% later CAP
  State/Federal incarceration book-in weeks..months later.
* Background ICE book-ins from non-submitted counties/states (~35/day nationally, same
  country mixes), plus explicit namesakes (same ICE name, birth year +-1, CAP book-in in the
  same state 2-40 h after a listed release) for ~4% of listed releases.
* Report entries: declines recorded release+lag (6% -1..-3 d, 35% same day, 25% 1-3 d,
  20% 4-10 d, 14% 11-40 d), listed w.p. 0.88; pickups listed w.p. 0.6; honored
  hand-overs w.p. 0.03; other-agency w.p. 0.4; some people listed while in custody.
  10% listed one week late.  Report weeks: 22 weeks, 2017-01-29 .. 2017-07-01.
  Travis policy-day batch on 2017-02-01: every in-custody Travis detainer booking listed
  (35% with a 2010-2014 issued date).  Ghost entries (no_release_record): 6% listed under
  a submitted county but the person was in a neighbouring, non-submitted jail; 4% under a
  similarly named county of another state (AR/Washington, FL/Orange, TX/Johnson,...);
  a few cross-log misattributions (IA/Johnson booking listed as KS/Johnson, CA/Orange
  listed as FL/Orange) whose truth points to the other log.  5% duplicates re-listed 1-3
  weeks later (same issued date, declined date same or +1..10 d, facility spelling varies).
* Report noise: citizenship wrong 3%; NCA = ICE category of the top charge, 12% unrelated,
  40% with a prior "Convicted:" category, 8% empty; facility ICE spelling variants;
  state as TX/Texas/TEXAS; county as Travis/TRAVIS/Travis County; date styles per week.
* Log noise: name formats (LAST, FIRST MIDDLE / LAST,FIRST / split columns; upper/title),
  double surnames (space 30%, hyphen 20%, first only 38%, second only 5%, glued 7%),
  DE LA CRUZ compounds, nicknames 8%, typos (last 6%, first 4%, phonetic z/s, v/b, h-drop),
  Asian name order swapped 15%, transliteration variants (Mohamed/Mohammed, Serhiy/Sergey),
  accents kept in some logs (JOSÉ NÚÑEZ) and those logs are Windows-1252; DOB exact 84%,
  day/month swapped 5%, year +-1 3%, day typo 2%, missing 6%; some logs only print age;
  sex codes M/F, MALE/FEMALE, Male/Female plus U; place of birth free text (country
  variants, states or cities of Mexico, 8% unknown, 5% US state by mistake); some logs have
  no hold_agency/hold_date, no place_of_birth; hold_agency spelled ICE / IMMIGRATION /
  DHS-ICE, also USM/other-county holds; date styles ISO, M/D/YYYY, M/D/YY, with/without
  time, Excel serials (one log fully, one log with 5% serial rows); 5% of a person's
  bookings get a freshly drawn alias.
* ICE extract: names in ICE style (both surnames 60%, first+middle in first_name), true DOB
  95% (3% Jan-1 default, 2% alias DOB), A-number in varying formats; FOIA file = same rows
  and IDs, names/DOB/A-number dropped, birth_year kept.

TRUTH RULES: an entry points to the booking it describes; if that person was not released
within 7 days after the recorded decline (or is still in custody) -> still_in_custody;
otherwise honored/pickup -> transferred_to_ice (custody_id = hand-over book-in),
other agency -> transferred_to_other_agency, else declined_confirmed.  Ghosts ->
no_release_record.  stale = declined - issued > 365 days.
"""
import sys
from datetime import date, datetime, timedelta

import numpy as np
from faker import Faker
from world_a_data import (
    ACCENT,
    BG_RATE,
    CH_KEYS,
    CH_W,
    COUNTRIES,
    ETH,
    EXTRACT,
    GENERIC_MIX,
    HISP_LAST_W,
    ICE_FAC,
    ICE_REASONS,
    JURS,
    NICK,
    STATE_CITIES,
    STATE_NAMES,
    STREET,
    T0,
    T_END,
    TRANSLIT,
    TRAVIS_POLICY,
    N,
)
from world_a_listing import WorldListing
from world_a_write import WorldWriter


class World(WorldListing, WorldWriter):
    """People, bookings and ICE book-ins; the report entries and the writers are in the mixins
    (world_a_listing.py, world_a_write.py), the tables in world_a_data.py."""

    def __init__(self, seed):
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        fk = Faker('en_US')
        fk.seed_instance(seed)
        self.us_m = sorted({fk.first_name_male().upper() for _ in range(800)})
        self.us_f = sorted({fk.first_name_female().upper() for _ in range(500)})
        self.us_last = sorted({fk.last_name().upper() for _ in range(2500)})
        self.persons = []
        self.bookings = []
        self.icebook = []   # dicts
        self.entries = []
        self.cid_used = set()

    # ------------------------------------------------------------------ helpers
    def ch(self, seq):
        return seq[int(self.rng.integers(len(seq)))]

    def pick_w(self, d):
        ks = list(d)
        w = np.array([d[k] for k in ks], float)
        w /= w.sum()
        return ks[int(self.rng.choice(len(ks), p=w))]

    def new_cid(self):
        while True:
            c = 'U' + ''.join(self.ch('0123456789ABCDEF') for _ in range(9))
            if c not in self.cid_used:
                self.cid_used.add(c)
                return c

    def typo(self, s):
        r = self.rng
        if len(s) < 3:
            return s
        k = r.random()
        i = int(r.integers(1, len(s) - 1))
        pairs = [('Z', 'S'), ('S', 'Z'), ('V', 'B'), ('B', 'V'), ('LL', 'Y'), ('Y', 'LL'), ('J', 'G'), ('C', 'K'), ('QU', 'K'), ('EI', 'EY')]
        if k < .3:
            for a, b in [pairs[j] for j in r.permutation(len(pairs))]:
                if a in s:
                    return s.replace(a, b, 1)
        if k < .45 and s[0] == 'H':
            return s[1:]
        if k < .65:
            return s[:i] + s[i + 1] + s[i] + s[i + 2:]
        if k < .85:
            return s[:i] + s[i + 1:]
        return s[:i] + s[i] + s[i:]

    # ------------------------------------------------------------------ persons
    def make_person(self, country, state, us_hisp=False):
        r = self.rng
        sex = 'M' if r.random() < .84 else 'F'
        age = 18 + min(int(r.gamma(2.2, 8)), 60)
        dob = date(2017 - age, 1, 1) + timedelta(days=int(r.integers(0, 365)))
        p = dict(pid=len(self.persons), sex=sex, dob=dob, country=country, state=state, middle='')
        style = 'us' if country == 'UNITED STATES' else COUNTRIES[country][1]
        if us_hisp:
            style = 'hisp'
        p['style'] = style
        if style == 'hisp':
            p['first'] = self.ch(N['hisp_m'] if sex == 'M' else N['hisp_f'])
            p['middle'] = self.ch(N['hisp_m'] if sex == 'M' else N['hisp_f']) if r.random() < .5 else ''
            s1 = N['hisp_last'][int(r.choice(len(N['hisp_last']), p=HISP_LAST_W))]
            s2 = N['hisp_last'][int(r.choice(len(N['hisp_last']), p=HISP_LAST_W))]
            p['surnames'] = [s1, s2] if (country != 'UNITED STATES' and r.random() < .85) else [s1]
        elif style in ('us', 'english', 'filipino'):
            p['first'] = self.ch(self.us_m if sex == 'M' else self.us_f)
            p['middle'] = self.ch(self.us_m if sex == 'M' else self.us_f) if r.random() < .5 else ''
            p['surnames'] = [self.ch(ETH[style][0]) if style != 'us' else self.ch(self.us_last)]
        else:
            lasts, firsts = ETH[style]
            p['first'] = self.ch(firsts) if sex == 'M' or style not in ('hisp',) else self.ch(firsts)
            if style == 'viet':
                p['middle'] = 'VAN' if sex == 'M' else 'THI'
            if style == 'somali':
                p['middle'] = self.ch(firsts)
            if style in ('kenyan', 'liberian', 'haitian', 'nigerian', 'sudanese') and r.random() < .5:
                p['first'] = self.ch(self.us_m if sex == 'M' else self.us_f)
            p['surnames'] = [self.ch(lasts)]
        # ICE identity
        if country != 'UNITED STATES' or us_hisp:
            ice_last = ' '.join(p['surnames']) if (len(p['surnames']) == 1 or r.random() < .6) else p['surnames'][0]
            ice_first = p['first'] + ((' ' + p['middle']) if p['middle'] and r.random() < .5 else '')
            if r.random() < .02:
                ice_last = self.typo(ice_last)
            p['ice_last'], p['ice_first'] = ice_last, ice_first
            k = r.random()
            p['ice_dob'] = dob if k < .95 else (date(dob.year, 1, 1) if k < .98 else dob + timedelta(days=int(r.integers(-900, 900))))
            a = int(r.integers(20000000, 216000000))
            p['anum'] = self.ch([f'A{a:09d}', f'{a:09d}', f'A{a:09d}', f'{a // 1000000:03d}-{a // 1000 % 1000:03d}-{a % 1000:03d}'])
            p['ice_cit'] = country if country != 'UNITED STATES' else 'MEXICO'
        self.persons.append(p)
        return p

    def pob_text(self, p, st):
        r = self.rng
        k = r.random()
        if p['country'] == 'UNITED STATES':
            if k < .6:
                return STATE_NAMES[st] if r.random() < .6 else st
            if k < .75:
                return self.ch(STATE_CITIES.get(st, ['Chicago']))
            if k < .92:
                return STATE_NAMES[self.ch(list(STATE_NAMES))]
            return ''
        if k < .80:
            return self.ch(COUNTRIES[p['country']][0])
        if k < .88:
            return self.ch(['', 'UNKNOWN', 'UNK'])
        if k < .93:
            return STATE_NAMES[st]
        return self.ch(COUNTRIES[self.pick_w(GENERIC_MIX)][0])

    def alias(self, p, prof, st):
        r = self.rng
        s = list(p['surnames'])
        if p['style'] == 'hisp' and len(s) == 2:
            k = r.random()
            last = (s[0] + ' ' + s[1] if k < .30 else s[0] + '-' + s[1] if k < .50 else s[0] if k < .88 else s[1] if k < .93 else s[0] + s[1])
        else:
            last = ' '.join(s)
        if 'DE LA ' in last or 'DE LEON' in last or 'DELA ' in last:
            k = r.random()
            if k < .3:
                last = last.replace('DE LA ', 'DELA').replace('DE LEON', 'DELEON').replace('DELA ', 'DELA')
            elif k < .5:
                last = last.replace('DE LA ', '').replace('DE ', '').replace('DELA ', '')
        first, middle = p['first'], p['middle']
        if r.random() < .08 and first in NICK:
            first = self.ch(NICK[first])
        if r.random() < .3 and first in TRANSLIT:
            first = self.ch(TRANSLIT[first])
        if r.random() < .3 and last in TRANSLIT:
            last = self.ch(TRANSLIT[last])
        if p['style'] == 'korean':
            first = self.ch([first, first[:3] + ' ' + first[3:], first[:3] + '-' + first[3:]])
        if p['style'] in ('chinese', 'korean', 'viet', 'hmong') and r.random() < .15:
            first, last = last, first
        if r.random() < .06:
            last = self.typo(last)
        if r.random() < .04:
            first = self.typo(first)
        k = r.random()
        middle = middle if k < .5 else (middle[:1] if k < .75 else '')
        if prof['accents'] and p['style'] == 'hisp' and r.random() < .5:
            last = ' '.join(ACCENT.get(t, t) for t in last.split(' '))
            first = ACCENT.get(first, first)
        dob = p['dob']
        k = r.random()
        if k < .84:
            pass
        elif k < .89:
            dob = date(dob.year, dob.day, dob.month) if dob.day <= 12 and dob.day != dob.month else dob
        elif k < .92:
            dob = date(dob.year + self.ch([-1, 1]), dob.month, min(dob.day, 28))
        elif k < .94:
            dob = dob + timedelta(days=int(self.ch([-3, -2, -1, 1, 2, 3])))
        else:
            dob = None
        sex = prof['sex'][0] if p['sex'] == 'M' else prof['sex'][1]
        if r.random() < .01:
            sex = self.ch(['U', ''])
        return dict(last=last, first=first, middle=middle, dob=dob, sex=sex, pob=self.pob_text(p, st))

    # ------------------------------------------------------------------ bookings
    def stay_hours(self, det):
        r = self.rng
        k = r.random()
        if not det:
            if k < .40:
                return r.uniform(2, 30)
            if k < .70:
                return r.uniform(24, 168)
            if k < .88:
                return r.uniform(168, 1440)
            if k < .97:
                return r.uniform(1440, 8760)
            return r.uniform(8760, 19000)
        if k < .15:
            return r.uniform(4, 30)
        if k < .45:
            return r.uniform(24, 168)
        if k < .75:
            return r.uniform(168, 1440)
        if k < .93:
            return r.uniform(1440, 8760)
        return r.uniform(8760, 21000)

    def gen_jurisdiction(self, ji, J, prof):
        r = self.rng
        st, county, base, fb, mix, policy, logfac, icefac, cities, neigh, other_r = J
        n_target = int(base * r.uniform(.85, 1.15))
        mean_k = 1.7
        n_people = int(n_target / mean_k)
        jb = []
        span = (T_END - T0).total_seconds()
        idprefix = self.ch(['', 'B', f'{st}', 'BK'])
        for _i in range(n_people):
            foreign = r.random() < fb
            if foreign:
                p = self.make_person(self.pick_w(mix), st)
                p['eligible'] = r.random() < .7
            else:
                hisp = st in ('TX', 'CA', 'NM', 'WA') and r.random() < .3
                p = self.make_person('UNITED STATES', st, us_hisp=hisp)
                p['eligible'] = hisp and r.random() < .005
            p['home'] = (st, county)
            k = 1 + min(int(r.pareto(1.8)), 12)
            starts = sorted(T0 + timedelta(seconds=float(x)) for x in r.uniform(0, span, k))
            base_alias = self.alias(p, prof, st)
            prev_rel = None
            prev_issued = None
            for bdt in starts:
                if prev_rel is not None and bdt < prev_rel + timedelta(days=1):
                    bdt = prev_rel + timedelta(days=float(r.uniform(1, 40)))
                if bdt > T_END:
                    break
                det = False
                issued = None
                if p.get('eligible'):
                    pdet = .35 if bdt.year == 2015 else .42 if bdt.year == 2016 else .6
                    det = r.random() < pdet
                stay = self.stay_hours(det)
                rel = bdt + timedelta(hours=float(stay))
                if det:
                    issued_dt = bdt + timedelta(hours=float(r.exponential(20)))
                    if issued_dt >= rel:
                        det = False
                    else:
                        issued = issued_dt.date()
                        if prev_issued and r.random() < .08:
                            issued = prev_issued  # old detainer carried over
                        prev_issued = prev_issued or issued
                ali = base_alias if r.random() > .05 else self.alias(p, prof, st)
                cats = [CH_KEYS[int(r.choice(len(CH_KEYS), p=CH_W))] for _ in range(1 + int(r.random() < .4) + int(r.random() < .15))]
                b = dict(bid=None, jur=ji, st=st, county=county, p=p, bdt=bdt, rel=rel if rel <= EXTRACT else None,
                         det=det, issued=issued, alias=ali, cats=cats, fate='street', cid=None,
                         fac=self.ch(logfac), hold_agency='', hold_date=None, reason='')
                prev_rel = rel
                jb.append(b)
        jb.sort(key=lambda b: b['bdt'])
        yrs = {}
        for b in jb:
            y = b['bdt'].year
            yrs[y] = yrs.get(y, 0) + 1
            if idprefix == 'BK':
                b['bid'] = f'BK{y % 100:02d}-{yrs[y]:06d}'
            elif idprefix == 'B':
                b['bid'] = f'B{y}{yrs[y]:06d}'
            elif idprefix == '':
                b['bid'] = f'{y % 100:02d}{yrs[y]:07d}'
            else:
                b['bid'] = f'{st}{y}-{yrs[y]:05d}'
        # fates
        for b in jb:
            p = b['p']
            if b['det']:
                b['hold_agency'] = '' if r.random() < .05 else self.ch(['ICE'] * 6 + ['IMMIGRATION', 'DHS-ICE', 'I.C.E.'])
                b['hold_date'] = None if r.random() < .1 else b['issued'] + timedelta(days=int(r.random() < .3))
                if b['issued'] < b['bdt'].date():
                    b['hold_date'] = b['bdt'].date() + timedelta(days=int(r.integers(0, 3)))
            if b['rel'] is None:
                continue
            pol = policy[0] if (b['rel'].date() < TRAVIS_POLICY) else policy[1]
            ph, pp, po, under = pol
            k = r.random()
            if b['det']:
                if k < ph:
                    b['fate'] = 'honor'
                elif k < ph + pp:
                    b['fate'] = 'pickup'
                elif k < ph + pp + po:
                    b['fate'] = 'other'
                else:
                    b['fate'] = 'declined'
            else:
                b['fate'] = 'other' if k < .07 else 'street'
            f = b['fate']
            if f == 'honor':
                b['reason'] = self.ch(ICE_REASONS) if r.random() > under else self.ch(STREET)
            elif f == 'pickup':
                b['reason'] = self.ch(ICE_REASONS) if r.random() < .2 else self.ch(STREET)
            elif f == 'other':
                b['reason'] = self.ch(other_r)
                if not b['hold_agency'] and r.random() < .5:
                    b['hold_agency'] = self.ch(['USM', 'OTHER COUNTY', 'DOC'])
            else:
                b['reason'] = self.ch(STREET)
            if r.random() < .03:
                b['reason'] = ''
            # ICE events
            if f in ('honor', 'pickup'):
                k2 = r.random()
                h = r.uniform(.3, 4) if k2 < .55 else r.uniform(4, 24) if k2 < .85 else r.uniform(24, 48) if k2 < .97 else r.uniform(48, 100)
                meth = 'CAP Local Incarceration' if r.random() < .9 else self.ch(['Located', 'ERO Reprocessed Arrest'])
                b['cid'] = self.add_book(p, b['rel'] + timedelta(hours=float(h)), meth, st)
                b['delay_h'] = h
            elif f == 'declined' and r.random() < .3:
                k2 = r.random()
                d = r.uniform(2, 7) if k2 < .08 else r.uniform(7, 60) if k2 < .48 else r.uniform(60, 300)
                self.add_book(p, b['rel'] + timedelta(days=float(d)), self.ch(['Non-Custodial Arrest'] * 3 + ['Located', 'Probation and Parole']),
                              st if r.random() < .9 else self.ch(list(BG_RATE)))
            elif f == 'other' and p.get('ice_last') and r.random() < .5:
                self.add_book(p, b['rel'] + timedelta(days=float(r.uniform(14, 400))), self.ch(['CAP State Incarceration', 'CAP Federal Incarceration', 'CAP Local Incarceration']),
                              st if r.random() < .8 else self.ch(list(BG_RATE)))
        self.bookings.extend(jb)
        return jb

    def add_book(self, p, when, method, st, fac=None):
        r = self.rng
        if when > EXTRACT + timedelta(days=30):
            return None
        if r.random() < .05:
            when = datetime(when.year, when.month, when.day)
        if fac is None:
            fac = self.ch(ICE_FAC.get(st, [(f'{STATE_NAMES.get(st, st).upper()} ERO HOLD ROOM', f'{st}HOLD')]))
        cid = self.new_cid()
        self.icebook.append(dict(cid=cid, p=p, when=when, method=method, st=st if r.random() > .03 else '', fac=fac))
        return cid

    def background(self):
        r = self.rng
        days = (T_END - T0).days
        methods = {'CAP Local Incarceration': .55, 'Non-Custodial Arrest': .15, 'Located': .10, 'Border Patrol': .12, 'CAP State Incarceration': .05, 'CAP Federal Incarceration': .03}
        mixes = {J[0]: J[4] for J in JURS}
        for st, rate in BG_RATE.items():
            n = int(r.poisson(rate * days * .55))
            mix = mixes.get(st, GENERIC_MIX)
            for _ in range(n):
                p = self.make_person(self.pick_w(mix), st)
                p['home'] = (st, 'BG')
                when = T0 + timedelta(seconds=float(r.uniform(0, days * 86400)))
                m = self.pick_w(methods)
                if m == 'Border Patrol' and st not in ('TX', 'CA', 'AZ', 'NM'):
                    m = 'CAP Local Incarceration'
                self.add_book(p, when, m, st)
                if r.random() < .2:
                    self.add_book(p, when + timedelta(days=float(r.uniform(30, 600))), self.pick_w(methods), st)


def main():
    seed, out = int(sys.argv[1]), sys.argv[2]
    W = World(seed)
    profs = W.write(out)
    jbs = [W.gen_jurisdiction(ji, J, profs[ji]) for ji, J in enumerate(JURS)]
    W.background()
    W.make_entries(jbs)
    W.write_logs(out, jbs, profs)
    W.write_custody(out)
    W.write_reports(out)
    from collections import Counter
    print('bookings', len(W.bookings), 'ice rows', len(W.icebook), 'entries', len(W.entries))
    print(Counter(e['truth'][0] for e in W.entries))
    print(Counter(e['kind'].split('+')[0] for e in W.entries))


if __name__ == '__main__':
    main()
