"""World A's writers: the release logs (one profile of name, date, sex and column choices per
log), the named and FOIA custody extracts, reports.csv and truth.csv, and the date formats they use.

A mixin of world_a.World: its methods draw from the world's one stream (self.rng), in the
order world_a.main() calls them.
"""
import csv
import os
from datetime import date, datetime, timedelta

from world_a_data import CHARGES, JURS, N_WEEKS, PROFILES, STATE_NAMES, WIN_START


def excel_serial(x):
    if isinstance(x, datetime):
        d = x - datetime(1899, 12, 30)
        return f'{d.days + d.seconds / 86400:.5f}'
    return str((x - date(1899, 12, 30)).days)


def fmt(x, style, rng=None):
    if x is None:
        return ''
    if style == 'mixed':
        style = 'excel' if rng.random() < .05 else 'iso_hms'
    if isinstance(x, datetime):
        if style == 'iso_hms':
            return x.strftime('%Y-%m-%d %H:%M:%S')
        if style == 'iso_hm':
            return x.strftime('%Y-%m-%d %H:%M')
        if style == 'iso':
            return x.strftime('%Y-%m-%d')
        if style == 'mdy4_hm':
            return f'{x.month}/{x.day}/{x.year} {x.hour}:{x.minute:02d}'
        if style == 'mdy4':
            return f'{x.month}/{x.day}/{x.year}'
        if style == 'mdy2_hm':
            return f'{x.month}/{x.day}/{x.year % 100:02d} {x.hour:02d}:{x.minute:02d}'
        if style == 'mdy2':
            return f'{x.month}/{x.day}/{x.year % 100:02d}'
        if style == 'excel':
            return excel_serial(x)
    else:
        if style in ('iso', 'iso_hms', 'iso_hm'):
            return x.isoformat()
        if style in ('mdy4', 'mdy4_hm'):
            return f'{x.month}/{x.day}/{x.year}'
        if style in ('mdy2', 'mdy2_hm'):
            return f'{x.month}/{x.day}/{x.year % 100:02d}'
        if style == 'excel':
            return excel_serial(x)
    raise ValueError(style)


class WorldWriter:
    """File writers of world_a.World (uses its rng, ch, icebook and entries)."""

    def write(self, out):
        r = self.rng
        os.makedirs(os.path.join(out, 'releases'), exist_ok=True)
        # releases
        profs = [PROFILES[i % len(PROFILES)] for i in r.permutation(len(JURS))]
        # keep hold columns for Travis and Hennepin (story): swap if needed
        for nm in ('Travis', 'Hennepin'):
            ji = [i for i, J in enumerate(JURS) if J[1] == nm][0]
            if not profs[ji]['hold']:
                jj = [i for i, pr in enumerate(profs) if pr['hold'] and JURS[i][1] not in ('Travis', 'Hennepin')][0]
                profs[ji], profs[jj] = profs[jj], profs[ji]
        self.profs = profs
        return profs

    def write_logs(self, out, jbs, profs):
        r = self.rng
        for ji, J in enumerate(JURS):
            prof = profs[ji]
            st, county = J[0], J[1]
            cols = ['booking_id']
            cols += ['full_name'] if prof['name'] == 'full' else (['last_name', 'first_name'] + (['middle_name'] if prof['middle'] else []))
            cols += [prof['dobcol'], 'sex', 'booking_date', 'release_datetime', 'release_reason', 'charges']
            if prof['pob']:
                cols.append('place_of_birth')
            if prof['hold']:
                cols += ['hold_agency', 'hold_date']
            cols += ['facility', 'county', 'state']
            cval = prof['cty'].format(c=county, C=county.upper())
            sval = prof['st'].format(s=st, S=STATE_NAMES[st])
            rows = []
            for b in jbs[ji]:
                a = b['alias']
                tc = (lambda s: s.title()) if prof['case'] == 'title' else (lambda s: s)
                row = {'booking_id': b['bid']}
                if prof['name'] == 'full':
                    fn = a['first'] + ((' ' + a['middle']) if a['middle'] and not prof['middle'] else '')
                    row['full_name'] = tc(f"{a['last']}{prof['sep']}{fn}")
                else:
                    row['last_name'] = tc(a['last'])
                    row['first_name'] = tc(a['first'] + ((' ' + a['middle']) if (a['middle'] and not prof['middle']) else ''))
                    if prof['middle']:
                        row['middle_name'] = tc(a['middle'])
                if prof['dobcol'] == 'dob':
                    row['dob'] = fmt(a['dob'], prof['d'], r)
                else:
                    dd = b['p']['dob']
                    age = b['bdt'].year - dd.year - ((b['bdt'].month, b['bdt'].day) < (dd.month, dd.day))
                    if r.random() < .03:
                        age += self.ch([-1, 1])
                    row['age'] = str(age)
                row['sex'] = a['sex']
                bdt_style = prof['dt']
                row['booking_date'] = fmt(b['bdt'], bdt_style, r)
                row['release_datetime'] = fmt(b['rel'], bdt_style, r) if b['rel'] else ''
                row['release_reason'] = b['reason'] if b['rel'] else ''
                row['charges'] = '; '.join(self.ch(CHARGES[c][0]) for c in b['cats'])
                if prof['pob']:
                    row['place_of_birth'] = a['pob']
                if prof['hold']:
                    row['hold_agency'] = b['hold_agency']
                    row['hold_date'] = fmt(b['hold_date'], prof['d'] if prof['d'] != 'mdy2' else 'mdy4', r) if b['hold_date'] else ''
                row['facility'] = b['fac']
                row['county'] = cval
                row['state'] = sval
                rows.append(row)
            fn = os.path.join(out, 'releases', f'{st.lower()}-{county.lower()}.csv')
            with open(fn, 'w', newline='', encoding=prof['enc'], errors='replace') as f:
                w = csv.DictWriter(f, fieldnames=cols)
                w.writeheader()
                w.writerows(rows)

    def write_custody(self, out):
        r = self.rng
        order = r.permutation(len(self.icebook))
        named_cols = ['custody_id', 'book_in_datetime', 'citizenship', 'sex', 'birth_date', 'last_name', 'first_name', 'a_number',
                      'apprehension_state', 'apprehension_method', 'detention_facility', 'detention_facility_code']
        foia_cols = ['custody_id', 'book_in_datetime', 'citizenship', 'sex', 'birth_year', 'apprehension_state', 'apprehension_method',
                     'detention_facility', 'detention_facility_code']
        with open(os.path.join(out, 'custody.csv'), 'w', newline='', encoding='utf-8') as f1, \
                open(os.path.join(out, 'custody_foia.csv'), 'w', newline='', encoding='utf-8') as f2:
            w1 = csv.DictWriter(f1, fieldnames=named_cols)
            w1.writeheader()
            w2 = csv.DictWriter(f2, fieldnames=foia_cols)
            w2.writeheader()
            for i in order:
                ev = self.icebook[i]
                p = ev['p']
                if 'ice_last' not in p:   # a US-born person reaching ICE (rare) gets an ICE identity
                    p['ice_last'], p['ice_first'], p['ice_dob'], p['anum'], p['ice_cit'] = p['surnames'][0], p['first'], p['dob'], '', 'MEXICO'
                sex = 'Male' if p['sex'] == 'M' else 'Female'
                w1.writerow({'custody_id': ev['cid'], 'book_in_datetime': ev['when'].strftime('%Y-%m-%d %H:%M:%S'), 'citizenship': p['ice_cit'],
                             'sex': sex, 'birth_date': p['ice_dob'].isoformat(), 'last_name': p['ice_last'], 'first_name': p['ice_first'],
                             'a_number': p['anum'], 'apprehension_state': ev['st'], 'apprehension_method': ev['method'],
                             'detention_facility': ev['fac'][0], 'detention_facility_code': ev['fac'][1]})
                w2.writerow({'custody_id': ev['cid'], 'book_in_datetime': f"{ev['when'].month}/{ev['when'].day}/{ev['when'].year} {ev['when'].hour}:{ev['when'].minute:02d}",
                             'citizenship': p['ice_cit'], 'sex': sex, 'birth_year': p['ice_dob'].year, 'apprehension_state': ev['st'],
                             'apprehension_method': ev['method'], 'detention_facility': ev['fac'][0], 'detention_facility_code': ev['fac'][1]})

    def write_reports(self, out):
        r = self.rng
        ents = sorted(self.entries, key=lambda e: (e['week'], e['state'], e['county'], e['decl'], e['issued']))
        ids = set()
        for e in ents:
            while True:
                eid = 'DD' + ''.join(self.ch('0123456789ABCDEFGHJKLMNPQRSTUVWXYZ') for _ in range(8))
                if eid not in ids:
                    ids.add(eid)
                    break
            e['eid'] = eid
        wstyle = {w: self.ch(['iso', 'mdy4', 'mdy4', 'mdy2']) for w in range(N_WEEKS)}
        with open(os.path.join(out, 'reports.csv'), 'w', newline='', encoding='utf-8') as f:
            w = csv.writer(f)
            w.writerow(['entry_id', 'report_week', 'state', 'county', 'city', 'facility', 'citizenship', 'notable_criminal_activity',
                        'detainer_issued_date', 'detainer_declined_date'])
            for e in ents:
                wk = e['week']
                sty = wstyle[wk]
                rw = WIN_START + timedelta(days=7 * wk + self.ch([6, 6, 6, 1, 3]))
                k = r.random()
                stv = e['state'] if k < .6 else STATE_NAMES[e['state']] if k < .8 else STATE_NAMES[e['state']].upper()
                k = r.random()
                cv = e['county'].upper() if k < .5 else e['county'] if k < .75 else e['county'] + ' County'
                w.writerow([e['eid'], fmt(rw, sty), stv, cv, e['city'], e['facility'], e['citizenship'], e['nca'],
                            fmt(e['issued'], sty), fmt(e['decl'], sty)])
        with open(os.path.join(out, 'truth.csv'), 'w', newline='', encoding='utf-8') as f:
            w = csv.writer(f)
            w.writerow(['entry_id', 'true_outcome', 'booking_id', 'jurisdiction', 'custody_id', 'duplicate_of', 'stale', 'kind'])
            for e in ents:
                b = e['b']
                jur = f"{b['st']}/{b['county'].upper()}" if b else ''
                stale = (e['decl'] - e['issued']).days > 365
                w.writerow([e['eid'], e['truth'][0], b['bid'] if b else '', jur, e['truth'][1] or '',
                            e['dup_of']['eid'] if e['dup_of'] else '', 'true' if stale else 'false', e['kind']])
