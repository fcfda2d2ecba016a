"""World C's ICE report entries: the listings each booking's detainer produces (refusals at lodge,
the Denver policy day batch, declines, no-shows, pick-ups and other-agency hand-overs listed in
error), entries with no booking behind them, namesake-county listings and duplicate listings.

Every function draws from w.rng in the order world_c.main() calls it.
"""
import math

from world_c_data import (
    CHARGE_W,
    COUNTRIES,
    DENVER_POLICY_DAY,
    DT,
    LOG_START,
    MIAMI_FLIP,
    N_WEEKS,
    REPORT_END,
    REPORT_START,
    TD,
    W,
)
from world_c_people import week_start
from world_c_places import ABSENT, JUR_BY_KEY, JURS


def in_period(d):
    return REPORT_START <= d < REPORT_END


def lag_days(w, j, spec=None):
    return int(w.pick(W(spec) if spec else j['lag_w']))


def add_entry(w, j_listed, declined, issued, citizen, cats, outcome, booking, kind, custody=None, truth_jur=None,
              dup_of=None, listed_state=None, listed_fac=None):
    e = dict(jur=j_listed, declined=DT(declined.year, declined.month, declined.day), issued=issued, citizen=citizen,
             cats=cats, outcome=outcome, booking=booking, kind=kind, custody=custody,
             truth_jur=truth_jur or j_listed['key'], dup_of=dup_of, listed_state=listed_state, listed_fac=listed_fac)
    w.entries.append(e)
    return e


def entries_for_booking(w, j, b):
    d = b['detainer']
    if d is None:
        return
    p = w.persons[b['pid']]
    cit = COUNTRIES[p['citizen']][0] if p['citizen'] != 'USA' else 'MEXICO'
    cats = b['charges']
    first = None
    # refusal at lodge: the jail answers the I-247 with "will not honour" -> decline recorded while inside
    if w.u() < j['lodge_refusal']:
        dd = d['issued'] + TD(days=int(w.rng.choice([0, 1, 1, 2, 3, 4])))
        if (b['rel'] is None or b['rel'] > dd + TD(days=1)) and in_period(dd):
            first = add_entry(w, j, dd, d['issued'], cit, cats, 'still_in_custody', b, 'refused_at_lodge_in_custody')
    # Denver policy day batch
    if j['key'] == 'DENVER, CO' and d['issued'] < DENVER_POLICY_DAY:
        inside = b['rel'] is None or b['rel'] >= DENVER_POLICY_DAY
        recent = b['rel'] is not None and DENVER_POLICY_DAY - TD(days=10) <= b['rel'] < DENVER_POLICY_DAY and b['disp'] == 'street'
        if inside and w.u() < 0.95:
            dd = DENVER_POLICY_DAY + TD(days=int(w.u() < 0.2))
            first = add_entry(w, j, dd, d['issued'], cit, cats, 'still_in_custody', b, 'policy_day_batch_in_custody')
            if b['disp'] == 'street' and w.u() < 0.3:
                dd2 = b['rel'] + TD(days=lag_days(w, j))
                if in_period(dd2) and week_start(dd2) > week_start(dd):
                    add_entry(w, j, dd2, d['issued'], cit, cats, 'declined_confirmed', b, 'relisted_after_release', dup_of=first)
            return
        if recent:
            add_entry(w, j, DENVER_POLICY_DAY, d['issued'], cit, cats, 'declined_confirmed', b, 'policy_day_batch_released')
            return
    if b['rel'] is None:
        return
    disp = b['disp']
    if disp == 'street':
        if first is not None and w.u() > j['relist']:
            return
        lag = lag_days(w, j, j.get('lag_pre') if (j['key'] == 'MIAMI-DADE, FL' and b['rel'] < MIAMI_FLIP) else None)
        dd = b['rel'] + TD(days=lag)
        if not in_period(dd) or (first is None and w.u() > j['p_list']):
            return
        if first is not None and week_start(dd) <= week_start(first['declined']):
            return
        if first is not None:
            kind = 'relisted_after_release'
        elif b.get('nca'):
            kind = 'declined_then_at_large_arrest'
        elif b['legacy'] and (dd - d['issued']).days > 365:
            kind = 'declined_old_detainer'
        elif j['key'] == 'MIAMI-DADE, FL':
            kind = 'declined_before_policy_flip'
        else:
            kind = 'declined_released'
        add_entry(w, j, dd, d['issued'], cit, cats, 'declined_confirmed', b, kind, dup_of=first)
    elif disp == 'noshow':
        dd = b['rel'] + TD(days=lag_days(w, j))
        if in_period(dd) and w.u() < 0.6:
            add_entry(w, j, dd, d['issued'], cit, cats, 'declined_confirmed', b, 'ice_no_show', dup_of=first)
    elif disp == 'ice':
        pe = j['err_list']
        if j['key'] == 'MIAMI-DADE, FL' and b['rel'] < MIAMI_FLIP + TD(days=30):
            pe = 0.15
        if w.u() < pe:
            dd = b['rel'] + TD(days=lag_days(w, j))
            if in_period(dd):
                kind = ('door_pickup_listed' if j['key'] == 'BUCKS, PA' else
                        'pickup_listed_jail_reason_misleading' if b.get('mislabeled') else 'pickup_listed_in_error')
                add_entry(w, j, dd, d['issued'], cit, cats, 'transferred_to_ice', b, kind, custody=b['ice_custody'],
                          dup_of=first)
    elif disp == 'other' and w.u() < j['other_list']:
        dd = b['rel'] + TD(days=lag_days(w, j))
        if in_period(dd):
            kind = {'usm': 'handed_to_us_marshals', 'doc': 'handed_to_state_prison', 'county': 'handed_to_other_county'}[b['dest']]
            add_entry(w, j, dd, d['issued'], cit, cats, 'transferred_to_other_agency', b, kind, dup_of=first)


def synthetic_entries(w):
    """Entries with no booking behind them, and namesake-county misattributions."""
    r = w.rng
    wk_days = N_WEEKS * 7
    for a in ABSENT:
        for _ in range(int(r.poisson(a['rate'] * N_WEEKS))):
            dd = REPORT_START + TD(days=int(r.integers(wk_days)))
            iss = dd - TD(days=float(r.lognormal(math.log(25), 1.0)))
            c = w.pick(a['countries_w'])
            add_entry(w, a, dd, iss, COUNTRIES[c][0], [w.pick(CHARGE_W)], 'no_release_record',
                      None, 'jail_not_in_data')
    n_real = len(w.entries)
    for j in JURS:
        listed = sum(1 for e in w.entries[:n_real] if e['jur'] is j)
        # people the county log never held (city lock-up, state facility in the county)
        for _ in range(int(r.poisson(0.03 * listed + 0.3))):
            dd = REPORT_START + TD(days=int(r.integers(wk_days)))
            iss = dd - TD(days=float(r.lognormal(math.log(10), 0.9)))
            add_entry(w, j, dd, iss, COUNTRIES[w.pick(j['countries_w'])][0],
                      [w.pick(CHARGE_W)], 'no_release_record', None, 'not_in_county_log')
        # decline recorded months after a release older than the log
        if j['honor'](REPORT_START) < 0.5 or j['key'] == 'MIAMI-DADE, FL':
            for _ in range(int(r.poisson(0.02 * listed + 0.2))):
                dd = REPORT_START + TD(days=int(r.integers(wk_days)))
                rel = LOG_START - TD(days=float(r.uniform(5, 200)))
                iss = rel - TD(days=float(r.lognormal(math.log(20), 1.2)))
                add_entry(w, j, dd, iss, COUNTRIES[w.pick(j['countries_w'])][0],
                          [w.pick(CHARGE_W)], 'no_release_record', None, 'released_before_log_window')
    # Denver policy day: old detainers of people released long ago
    den = JUR_BY_KEY['DENVER, CO']
    for _ in range(int(r.integers(18, 34))):
        iss = DT(2010, 3, 1) + TD(days=float(r.uniform(0, 2100)))
        add_entry(w, den, DENVER_POLICY_DAY, iss, COUNTRIES[w.pick(den['countries_w'])][0],
                  [w.pick(CHARGE_W)], 'no_release_record', None, 'policy_day_batch_long_gone')
    # Washington County OR declines listed under Washington County AR
    wor, war = JUR_BY_KEY['WASHINGTON, OR'], JUR_BY_KEY['WASHINGTON, AR']
    for e in w.entries:
        if e['jur'] is wor and e['outcome'] == 'declined_confirmed' and e['dup_of'] is None and r.random() < 0.05:
            e['jur'] = war
            e['truth_jur'] = wor['key']
            e['kind'] = 'listed_under_namesake_county'
    # plain duplicate listings
    for e in list(w.entries):
        if e['dup_of'] is None and e['kind'] != 'policy_day_batch_in_custody' and r.random() < 0.035:
            dd = e['declined'] + (TD(days=0) if r.random() < 0.6 else TD(days=int(r.integers(1, 6))))
            shift = TD(weeks=int(r.integers(1, 3)))
            dup = dict(e)
            dup['declined'] = dd
            dup['report_shift'] = shift
            dup['dup_of'] = e
            dup['kind'] = 'duplicate_listing'
            if week_start(dd) + shift >= REPORT_END:
                continue
            w.entries.append(dup)
