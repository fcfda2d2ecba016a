"""World A's report entries: ICE's weekly listing of declined detainers, built from the
simulated bookings (the Travis policy-day batch, declines, pick-ups, entries listed while in
custody, cross-log misattributions, ghosts, namesakes, duplicates) with its truth.

A mixin of world_a.World: its methods draw from the world's one stream (self.rng), in the
order world_a.main() calls them.
"""
from datetime import date, datetime, timedelta

import numpy as np
from world_a_data import (
    CH_KEYS,
    CH_W,
    CHARGES,
    GENERIC_MIX,
    JURS,
    N_WEEKS,
    SIMILAR,
    TRAVIS_POLICY,
    WIN_END,
    WIN_START,
)


class WorldListing:
    """Report entries of world_a.World (uses its rng, ch, pick_w, make_person, add_book)."""

    def nca(self, cats):
        r = self.rng
        k = r.random()
        if k < .08:
            return ''
        top = cats[0] if r.random() > .12 else CH_KEYS[int(r.choice(len(CH_KEYS), p=CH_W))]
        ch = CHARGES[top][1]
        if len(cats) > 1 and r.random() < .3:
            ch += ', ' + CHARGES[cats[1]][1]
        conv = CHARGES[CH_KEYS[int(r.choice(len(CH_KEYS), p=CH_W))]][1]
        if k < .18:
            return f'Convicted: {conv}'
        if k < .58:
            return f'Charged: {ch}; Convicted: {conv}'
        return f'Charged: {ch}'

    def entry(self, J, b, decl, kind, issued=None, state=None, county=None, p=None, truth=None):
        r = self.rng
        st, cname = J[0], J[1]
        p = p or b['p']
        cit = p.get('ice_cit', 'MEXICO')
        if r.random() < .03:
            cit = self.pick_w(GENERIC_MIX)
        e = dict(state=state or st, county=county or cname, city=self.ch(J[8]), facility=self.ch(J[7]), citizenship=cit,
                 nca=self.nca(b['cats'] if b else [CH_KEYS[int(r.choice(len(CH_KEYS), p=CH_W))]]),
                 issued=issued or b['issued'], decl=decl, kind=kind, b=b, dup_of=None)
        if decl < (issued or b['issued']):
            decl = issued or b['issued']   # a decline is never recorded before the detainer exists
            e['decl'] = decl
        wk = (decl - WIN_START).days // 7
        if r.random() < .1 and wk < N_WEEKS - 1:
            wk += 1
        e['week'] = max(0, wk)
        if truth is None:
            rel = b['rel']
            if rel is None or rel.date() > decl + timedelta(days=7):
                truth = ('still_in_custody', None)
            elif b['fate'] in ('honor', 'pickup'):
                truth = ('transferred_to_ice', b['cid'])
            elif b['fate'] == 'other':
                truth = ('transferred_to_other_agency', None)
            else:
                truth = ('declined_confirmed', None)
        e['truth'] = truth
        self.entries.append(e)
        return e

    def lag(self):
        r = self.rng
        k = r.random()
        if k < .06:
            return int(r.integers(-3, 0))
        if k < .41:
            return 0
        if k < .66:
            return int(r.integers(1, 4))
        if k < .86:
            return int(r.integers(4, 11))
        return int(r.integers(11, 41))

    def in_window(self, d):
        return WIN_START <= d <= WIN_END

    def make_entries(self, jbs):
        r = self.rng
        batch_people = set()
        # Travis batch
        for ji, J in enumerate(JURS):
            if J[1] != 'Travis':
                continue
            for b in jbs[ji]:
                if b['det'] and b['bdt'].date() < TRAVIS_POLICY and (b['rel'] is None or b['rel'].date() > TRAVIS_POLICY) and r.random() < .7:
                    decl = TRAVIS_POLICY + timedelta(days=int(r.integers(0, 3)))
                    iss = b['issued']
                    old = r.random() < .35
                    if old:
                        iss = date(2010, 1, 1) + timedelta(days=int(r.integers(0, 365 * 5)))
                    e = self.entry(J, b, decl, 'travis_policy_batch' + ('+old_detainer' if old else ''), issued=iss)
                    e['week'] = 0
                    batch_people.add(b['p']['pid'])
        for ji, J in enumerate(JURS):
            for b in jbs[ji]:
                if not b['det'] or b['p']['pid'] in batch_people:
                    continue
                old = b['issued'] < b['bdt'].date()
                sfx = '+old_detainer' if old else ''
                if b['rel'] is not None:
                    decl = b['rel'].date() + timedelta(days=self.lag())
                    if not self.in_window(decl):
                        continue
                    f = b['fate']
                    pl = {'declined': .88, 'pickup': .6, 'honor': .03, 'other': .4}[f]
                    if r.random() >= pl:
                        continue
                    kind = {'declined': 'declined', 'pickup': 'pickup_at_release_listed', 'honor': 'honored_listed', 'other': 'other_agency'}[f]
                    if f in ('honor', 'pickup') and not any(x in b['reason'] for x in ('ICE', 'IMMIG')):
                        sfx += '+reason_not_ice'
                    if f in ('honor', 'pickup') and b.get('delay_h', 0) > 48:
                        sfx += '+slow_pickup'
                    e = self.entry(J, b, decl, kind + sfx)
                    if f == 'declined' and r.random() < .04:   # namesake in ICE data
                        self.namesake(b)
                        e['kind'] += '+namesake'
                # listed while in custody
                lo = max(b['bdt'].date() + timedelta(days=3), WIN_START)
                hi = min((b['rel'].date() - timedelta(days=14)) if b['rel'] else WIN_END, WIN_END)
                if lo < hi and r.random() < .02 * (hi - lo).days / 30:
                    decl = lo + timedelta(days=int(r.integers(0, (hi - lo).days)))
                    self.entry(J, b, decl, 'listed_in_custody' + sfx)
        base = [e for e in self.entries]
        nb = len(base)
        # cross-log misattribution
        for e in list(base):
            J = JURS[e['b']['jur']]
            if (J[0], J[1]) == ('IA', 'Johnson') and r.random() < .5:
                e['state'] = 'KS'
                e['kind'] += '+cross_log_KS'
            elif (J[0], J[1]) == ('CA', 'Orange') and r.random() < .025:
                e['state'] = 'FL'
                e['kind'] += '+cross_log_FL'
        # ghosts
        for _ in range(int(nb * .06)):
            J = JURS[int(r.choice(len(JURS), p=np.array([J[2] for J in JURS]) / sum(J[2] for J in JURS)))]
            self.ghost(J, J[0], J[1], 'wrong_county_neighbour_' + self.ch(J[9]))
        for _ in range(int(nb * .04)):
            J = self.ch([J for J in JURS if SIMILAR[J[1]]])
            st2 = self.ch(SIMILAR[J[1]])
            self.ghost(J, st2, J[1], f'similar_county_other_state_{st2}')
        # duplicates
        for e in list(self.entries):
            if r.random() < .05 and e['week'] < N_WEEKS - 1:
                d = dict(e)
                d['week'] = min(N_WEEKS - 1, e['week'] + int(r.integers(1, 4)))
                if r.random() < .3:
                    d['decl'] = e['decl'] + timedelta(days=int(r.integers(1, 11)))
                if r.random() < .3:
                    d['facility'] = self.ch(JURS[e['b']['jur']][7] if e['b'] else [e['facility']])
                if r.random() < .3:
                    d['nca'] = self.nca(e['b']['cats'] if e['b'] else ['DUI'])
                d['dup_of'] = e
                d['kind'] = 'duplicate_of_' + e['kind']
                self.entries.append(d)

    def namesake(self, b):
        r = self.rng
        p = b['p']
        q = self.make_person(p['country'], b['st'])
        q['home'] = (b['st'], 'BG')
        q['ice_last'], q['ice_first'], q['sex'] = p['ice_last'], p['ice_first'], p['sex']
        yr = p['dob'].year + int(self.ch([-1, 0, 0, 1]))
        q['ice_dob'] = date(yr, int(r.integers(1, 13)), int(r.integers(1, 29)))
        self.add_book(q, b['rel'] + timedelta(hours=float(r.uniform(2, 40))), 'CAP Local Incarceration', b['st'])

    def ghost(self, J, st, county, kind):
        r = self.rng
        decl = WIN_START + timedelta(days=int(r.integers(0, N_WEEKS * 7)))
        p = self.make_person(self.pick_w(J[4]), J[0])
        p['home'] = (st, 'GHOST')
        rel = datetime.combine(decl, datetime.min.time()) - timedelta(days=max(0, self.lag())) + timedelta(hours=float(r.uniform(0, 24)))
        issued = (rel - timedelta(days=float(r.uniform(1, 90)))).date()
        k = r.random()
        if k < .3:
            self.add_book(p, rel + timedelta(hours=float(r.uniform(.5, 20))), 'CAP Local Incarceration', st)
        elif k < .55:
            self.add_book(p, rel + timedelta(days=float(r.uniform(5, 200))), 'Non-Custodial Arrest', st)
        ent = self.entry(J, None, decl, kind, issued=issued, state=st, county=county, p=p, truth=('no_release_record', None))
        if st != J[0]:
            ent['facility'] = f'{county.upper()} COUNTY JAIL'
            ent['city'] = ''
