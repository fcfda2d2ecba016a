"""World C's writers: booking identifiers, the release logs (one layout per jail, CSV in several
encodings or xlsx with pinned timestamps), reports.csv with truth.csv, and the named and FOIA ICE
custody extracts.

Every function draws from w.rng in the order world_c.main() calls it.
"""
import os

import pandas as pd
from world_c_data import (
    ACCENTS,
    AOR_SKEW_HOURS,
    CHARGE_W,
    CHARGES,
    COUNTRIES,
    DT,
    N_WEEKS,
    REPORT_START,
    TD,
    US_STATES,
    W,
)
from world_c_people import ice_name, jail_name, week_start
from world_c_places import JURS, LAYOUTS, RACES


def fmt_dt(x, f):
    if x is None:
        return ''
    if f == 'iso_min':
        return x.strftime('%Y-%m-%d %H:%M')
    if f == 'iso_T':
        return x.strftime('%Y-%m-%dT%H:%M:%S')
    if f == 'iso_sec':
        return x.strftime('%Y-%m-%d %H:%M:%S')
    if f == 'us12':
        h = x.hour % 12 or 12
        return f"{x.month}/{x.day}/{x.year} {h}:{x.minute:02d} {'AM' if x.hour < 12 else 'PM'}"
    if f == 'us24':
        return f"{x.month}/{x.day}/{x.year} {x.hour}:{x.minute:02d}"
    if f == 'usdate':
        return f"{x.month}/{x.day}/{x.year}"
    if f == 'us2':
        return x.strftime('%m/%d/%y')
    if f == 'iso_date':
        return x.strftime('%Y-%m-%d')
    if f == 'time':
        return x.strftime('%H%M')
    if f == 'xl':
        return x
    raise ValueError(f)

def accent(s, prob, w):
    if prob <= 0:
        return s
    return ' '.join(ACCENTS.get(t, t) if (t in ACCENTS and w.u() < prob) else t for t in s.split(' '))


def render_pob(w, p, style):
    if style is None or w.u() < 0.08:
        return ''
    if p['birth'] == 'USA':
        st = p['birth_sub']
        if style == 'iso3':
            return 'USA' if w.u() < 0.7 else 'US'
        if style == 'upper':
            return st.upper() if w.u() < 0.6 else 'UNITED STATES'
        return st
    title = COUNTRIES[p['birth']][2]
    if style == 'iso3':
        return p['birth'] if p['birth'] != 'ESP' else 'ESP'
    if style == 'upper':
        return COUNTRIES[p['birth']][0] if w.u() < 0.85 else title.upper()
    if style in ('sub', 'sub_tx'):
        if p['birth_sub']:
            return f"{p['birth_sub']}, {title}"
        if style == 'sub_tx' and p['birth'] == 'MEX':
            return w.choice(['Mexico (Use only when state is unknown)', 'MEX', 'Mexico'])
        return title
    return title


def render_log(w, j, bookings, outdir):
    L = LAYOUTS[j['layout']]
    rows = []
    for b in bookings:
        p = w.persons[b['pid']]
        last, first, middle, dob = jail_name(w, p, j)
        acc = j['accents'] or L.get('accents', 0)
        last, first, middle = accent(last, acc, w), accent(first, acc, w), accent(middle, acc, w)
        rec = {}
        for hdr, k in L['cols']:
            if k == 'bid':
                v = b['bid']
            elif k == 'last':
                v = last
            elif k == 'first':
                v = first
            elif k == 'middle':
                v = middle if w.u() > 0.25 else ''
            elif k == 'full_comma':
                v = f"{last}, {first}" + (f" {middle}" if middle else '')
            elif k == 'full_nospace':
                v = f"{last.replace(' ', '-') if w.u() < 0.5 else last},{first}" + (f" {middle}" if middle else '')
            elif k == 'full_title':
                v = (f"{last}, {first}" + (f" {middle}" if middle else '')).title()
            elif k == 'dob':
                v = fmt_dt(dob, L['dob'])
            elif k == 'age':
                v = int((b['book'] - dob).days // 365.25)
            elif k == 'sex':
                v = ('M' if p['male'] else 'F') if L['sex'] == 'MF' else ('Male' if p['male'] else 'Female')
            elif k == 'race':
                v = 'H' if p['group'] == 'hisp' and w.u() < 0.8 else w.choice(RACES)
            elif k == 'book':
                v = fmt_dt(b['book'], L.get('book_dt', L['dt']))
            elif k == 'rel':
                v = fmt_dt(b['rel'], L['dt']) if b['rel'] else ('' if L['dt'] != 'xl' else None)
            elif k == 'rel_time':
                v = fmt_dt(b['rel'], 'time') if b['rel'] else ''
            elif k == 'reason':
                v = b['reason'] or '' if b['rel'] else ''
            elif k == 'charges':
                style = j['style']
                ws = [CHARGES[c][2].get(style) or CHARGES[c][2]['gen'] for c in b['charges']]
                v = '; '.join(w.choice(x) for x in ws)
            elif k == 'pob':
                v = render_pob(w, p, L.get('pob'))
            elif k == 'hold':
                if b['hold_rec']:
                    v = L.get('hold_word', 'ICE')
                elif b.get('dest') == 'usm' and w.u() < 0.7:
                    v = 'USM'
                else:
                    v = ''
            elif k == 'hold_dt':
                v = fmt_dt(b['hold_dt'], L.get('hold_fmt', L['dob'] or 'usdate')) if b['hold_rec'] else None
                if v is None:
                    v = '' if L['dt'] != 'xl' else None
            elif k == 'fac':
                v = b['fac']
            elif k == 'county':
                v = j['county']
            elif k == 'county_u':
                v = j['county'].upper()
            elif k == 'county_co':
                v = f"{j['county']} County"
            elif k == 'state':
                v = j['state']
            elif k == 'state_name':
                v = US_STATES[j['state']]
            elif k == 'division':
                v = f"DIV {w.choice(['1', '2', '4', '5', '6', '8', '9', '10', '11', 'RTU'])}"
            elif k == 'bond':
                v = '' if w.u() < 0.3 else f"{int(w.rng.choice([500, 1000, 1500, 2500, 5000, 10000, 25000]))}"
            elif k == 'agency':
                v = w.choice(['SEATTLE PD', 'KING CO SHERIFF', 'KENT PD', 'WSP', 'AUBURN PD', 'RENTON PD'])
            elif k == 'housing':
                v = f"{w.choice(['7E', '8W', '10S', 'WEST WING', 'E-NORTH'])}-{int(w.rng.integers(1, 60))}"
            else:
                raise KeyError(k)
            rec[hdr] = v
        rows.append(rec)
    df = pd.DataFrame(rows, columns=[c[0] for c in L['cols']])
    path = os.path.join(outdir, 'releases', L['file'])
    if L['file'].endswith('.xlsx'):
        df.to_excel(path, index=False, engine='openpyxl')
        freeze_xlsx(path)
    else:
        df.to_csv(path, index=False, encoding=L['enc'])
    return path


def freeze_xlsx(path):
    """openpyxl stamps the clock into docProps and zip entries: pin both so a seed gives identical bytes."""
    import re
    import zipfile
    with zipfile.ZipFile(path) as z:
        items = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        for name, data in items:
            if name == 'docProps/core.xml':
                data = re.sub(rb'(<dcterms:(created|modified)[^>]*>)[^<]*', rb'\g<1>2017-05-15T06:00:00Z', data)
            z.writestr(zipfile.ZipInfo(name, date_time=(2017, 5, 15, 6, 0, 0)), data, zipfile.ZIP_DEFLATED)


def assign_booking_ids(w):
    for j in JURS:
        L = LAYOUTS[j['layout']]
        bs = sorted([b for b in w.bookings if b['jur'] == j['key']], key=lambda b: b['book'])
        for n, b in enumerate(bs, 1):
            b['bid'] = L['id'](n)


def nca_text(w, e):
    r = w.rng
    if r.random() < 0.07:
        return ''
    charged = [CHARGES[c][0] for c in e['cats'] if CHARGES[c][0]]
    charged = list(dict.fromkeys(charged))
    conv = []
    if r.random() < 0.35:
        conv = [c for c in dict.fromkeys(CHARGES[w.pick(CHARGE_W)][0] for _ in range(int(r.integers(1, 3)))) if c]
    parts = []
    if charged and r.random() < 0.9:
        parts.append('Charged: ' + ', '.join(charged[:2]))
    if conv:
        parts.append('Convicted: ' + ', '.join(conv))
    if r.random() < 0.5:
        parts.reverse()
    return '; '.join(parts)


def render_reports(w, outdir):
    # per-week house style of the report
    styles = {}
    for k in range(N_WEEKS + 3):
        wk = REPORT_START + TD(weeks=k)
        styles[wk] = (w.choice(['name', 'upper', 'abbr']), w.choice(['plain', 'upper', 'county']))
    for e in w.entries:
        e['week'] = week_start(e['declined']) + e.get('report_shift', TD(0))
    w.entries.sort(key=lambda e: (e['week'], e['jur']['state'], e['jur']['county'], e['declined'], e['issued']))
    # keep every duplicate after its original
    rows, truth = [], []
    by_week = {}
    for e in w.entries:
        by_week[e['week']] = by_week.get(e['week'], 0) + 1
        wkno = (e['week'] - REPORT_START).days // 7 + 5     # ISO-ish week number of 2017
        e['entry_id'] = f"DDOR17-W{wkno:02d}-{by_week[e['week']]:04d}"
    for e in w.entries:
        j = e['jur']
        sst, cst = styles[e['week']]
        if w.u() < 0.05:
            sst = w.choice(['name', 'upper', 'abbr'])
        state = j['state'] if sst == 'abbr' else (US_STATES[j['state']] if sst == 'name' else US_STATES[j['state']].upper())
        county = j['county'] if cst == 'plain' else (j['county'].upper() if cst == 'upper' else f"{j['county']} County")
        fac = e['listed_fac'] or w.pick(W(j['ice_fac']))
        rows.append({'entry_id': e['entry_id'],
                     'Report Date': fmt_dt(e['week'] + TD(days=6), 'usdate'),
                     'Facility State': state, 'County': county, 'City': j['city'], 'Facility Name': fac,
                     'Citizenship Country': e['citizen'], 'Notable Criminal Activity': nca_text(w, e),
                     'Detainer Prepare Date': fmt_dt(e['issued'], 'usdate'),
                     'Declined Date': fmt_dt(e['declined'], 'usdate')})
        b, c = e['booking'], e['custody']
        dup = e['dup_of']
        truth.append({'entry_id': e['entry_id'], 'true_outcome': e['outcome'],
                      'booking_id': b['bid'] if b else '', 'jurisdiction': e['truth_jur'],
                      'custody_id': c['cid'] if (c and e['outcome'] == 'transferred_to_ice') else '',
                      'duplicate_of': dup['entry_id'] if dup else '',
                      'stale': 'true' if (e['declined'] - DT(e['issued'].year, e['issued'].month, e['issued'].day)).days > 365 else 'false',
                      'kind': e['kind']})
    pd.DataFrame(rows).to_csv(os.path.join(outdir, 'reports.csv'), index=False)
    pd.DataFrame(truth, columns=['entry_id', 'true_outcome', 'booking_id', 'jurisdiction', 'custody_id',
                                 'duplicate_of', 'stale', 'kind']).to_csv(os.path.join(outdir, 'truth.csv'), index=False)
    return truth


def render_custody(w, outdir):
    rows, foia = [], []
    for c in sorted(w.custody, key=lambda c: c['book_in']):
        p = w.persons[c['pid']]
        last, first, middle, dob = ice_name(w, p)
        bi = c['book_in'] + TD(hours=AOR_SKEW_HOURS.get(c['aor'], 0.0))
        cit = COUNTRIES[p['citizen']][0] if p['citizen'] != 'USA' else 'MEXICO'
        if w.u() < 0.01:
            cit = 'UNKNOWN'
        sex = 'Male' if p['male'] else 'Female'
        anum = p['anum'] if w.u() < 0.5 else (p['anum'][1:4] + '-' + p['anum'][4:7] + '-' + p['anum'][7:])
        fn = first + (' ' + middle if middle and w.u() < 0.3 else '')
        rows.append({'EID': c['cid'], 'Book In Date Time': fmt_dt(bi, 'iso_sec'), 'Last Name': last, 'First Name': fn,
                     'Birth Date': fmt_dt(dob, 'usdate'), 'Gender': sex, 'Citizenship Country': cit, 'A-Number': anum,
                     'Apprehension State': c['state'], 'Apprehension Method': c['method'],
                     'Detention Facility': c['fac'][0], 'Detention Facility Code': c['fac'][1],
                     'Area of Responsibility': {'CHI': 'Chicago Area of Responsibility', 'SEA': 'Seattle Area of Responsibility',
                                                'PHI': 'Philadelphia Area of Responsibility'}.get(c['aor'], c['aor'] + ' AOR')})
        foia.append({'Anonymized Identifier': c['cid'], 'Stay Book In Date Time': fmt_dt(bi, 'us24'),
                     'Birth Year': dob.year, 'Gender': sex, 'Citizenship Country': cit,
                     'Apprehension State': US_STATES[c['state']].upper(), 'Apprehension Method': c['method'],
                     'Detention Facility': c['fac'][0], 'Detention Facility Code': c['fac'][1]})
    pd.DataFrame(rows).to_csv(os.path.join(outdir, 'custody.csv'), index=False)
    pd.DataFrame(foia).to_csv(os.path.join(outdir, 'custody_foia.csv'), index=False)
