"""World C's simulation: bookings per jail (with legacy inmates), detainers, what happens at release
(ICE hand-over, no-show, other agency, street release, at-large arrest), Hidalgo -> Cameron
transfers, and the background ICE book-ins.

Every function draws from w.rng in the order world_c.main() calls it.
"""
import math

from world_c_data import (
    AOR_FACILITIES,
    BG_METHOD,
    BG_METHOD_TX,
    BG_STATES,
    CHARGE_W,
    DOW_W,
    DT,
    EXTRACT,
    GENERIC_COUNTRIES,
    HOUR_W,
    LOG_START,
    STATE_AOR,
    TD,
    W,
)
from world_c_people import make_person
from world_c_places import BASE_REASON, JUR_BY_KEY, JURS, REASONS, J


def draw_los_hours(w, removable):
    wts = [0.15, 0.30, 0.32, 0.23] if removable else [0.32, 0.35, 0.21, 0.12]
    k = w.rng.choice(4, p=wts)
    mu, sd = [(math.log(7), 0.6), (math.log(40), 0.7), (math.log(12 * 24), 0.8), (math.log(70 * 24), 0.8)][k]
    return float(w.rng.lognormal(mu, sd))


def new_booking(w, j, p, bt, legacy=False):
    b = dict(bid=None, jur=j['key'], pid=p['pid'], book=bt, rel=None, reason=None, charges=[], detainer=None,
             disp=None, legacy=legacy, fac=w.choice(j['log_fac']), ice_custody=None, story=None,
             hold_rec=False, hold_dt=None, bond=None, transfer_in=False)
    n = 1 + int(w.rng.choice(3, p=[0.55, 0.3, 0.15]))
    cats = [w.pick(CHARGE_W) for _ in range(n)]
    if w.u() < 0.06:
        cats.append('NONE')
    b['charges'] = list(dict.fromkeys(str(c) for c in cats))
    w.bookings.append(b)
    return b


def pick_person(w, j, bt, seen):
    if seen and w.u() < 0.16:
        for _ in range(3):
            p = w.persons[w.choice(seen)]
            if p['free_after'] is not None and p['free_after'] < bt - TD(days=1):
                return p
    x = w.u()
    if x < j['removable']:
        kind = 'removable'
    elif x < j['removable'] * 1.8 + 0.03:
        kind = 'lpr'
    else:
        kind = 'us'
    p = make_person(w, j, kind)
    seen.append(p['pid'])
    return p


def gen_bookings(w, j):
    seen = []
    day = LOG_START
    while day < EXTRACT:
        lam = j['rate'] / 7.0 * DOW_W[day.weekday()]
        for _ in range(int(w.rng.poisson(lam))):
            bt = day + TD(hours=int(w.pick(HOUR_W)), minutes=int(w.rng.integers(60)))
            p = pick_person(w, j, bt, seen)
            b = new_booking(w, j, p, bt)
            rel = bt + TD(hours=draw_los_hours(w, p['kind'] == 'removable'))
            b['rel'] = rel if rel < EXTRACT else None
            p['free_after'] = rel
        day += TD(days=1)
    # legacy inmates: booked before the window, still inside at its start
    for _ in range(int(j['rate'] * j['legacy'])):
        if w.u() < 0.06:
            bt = DT(2010, 1, 1) + TD(days=float(w.rng.uniform(0, 2500)))
        else:
            bt = LOG_START - TD(days=float(w.rng.exponential(110)) + 2)
        kind = 'removable' if w.u() < j['removable'] * 1.6 else ('lpr' if w.u() < 0.05 else 'us')
        p = make_person(w, j, kind)
        if (bt - p['dob']).days < 18 * 365.25:      # old bookings: nobody was booked as a child
            p['dob'] = bt - TD(days=int((18 + w.rng.gamma(2.0, 5.0)) * 365.25))
        b = new_booking(w, j, p, bt.replace(second=0, microsecond=0), legacy=True)
        rel = LOG_START + TD(days=float(w.rng.exponential(60)))
        b['rel'] = rel if rel < EXTRACT else None
        p['free_after'] = rel


def attach_detainer(w, j, b):
    p = w.persons[b['pid']]
    if p['kind'] != 'removable' or w.u() > j['p_det']:
        return
    end = b['rel'] or EXTRACT
    if b['legacy'] and w.u() < 0.35:
        lo = b['book']
        issued = lo + TD(seconds=float(w.rng.uniform(0, (min(end, LOG_START + TD(days=20)) - lo).total_seconds())))
    else:
        issued = b['book'] + TD(hours=float(w.rng.lognormal(math.log(j['hold_delay'] + 12), 1.0)))
    if issued > end - TD(hours=2) or issued > EXTRACT:
        return
    issued = issued.replace(second=0, microsecond=0)
    b['detainer'] = dict(issued=issued)
    if j['layout'] in ('king', 'washar', 'bucks', 'denver', 'hidalgo', 'cameron', 'miami', 'franklin', 'accomack') and w.u() < 0.9:
        b['hold_rec'] = True
        b['hold_dt'] = issued + TD(days=1 if w.u() < 0.15 else 0)


def dispose(w, j, b):
    """Decide what happened at release (jail wording, ICE pick-up, at-large arrest ...)."""
    if b['rel'] is None:
        b['disp'] = 'in_custody'
        return
    t = b['rel']
    if b['detainer'] is None:
        canon = w.pick(BASE_REASON)
        if canon == 'court' and j['layout'] == 'cook' and w.u() < 0.5:
            canon = 'em'
        b['disp'] = 'other' if canon in ('county', 'usm', 'doc') else 'street'
        b['canon'] = canon
        b['reason'] = jail_reason(w, j, canon)
        if canon in ('county', 'usm', 'doc'):
            b['dest'] = canon
        return
    if w.u() < j['p_other']:
        canon = w.pick(j['other_ww'])
        b['disp'], b['canon'], b['dest'] = 'other', canon, canon
        b['reason'] = jail_reason(w, j, canon)
        if canon == 'usm' and w.u() < 0.35:       # federal prosecution, ICE gets him much later
            bi = t + TD(days=float(w.rng.uniform(20, 150)))
            if bi < EXTRACT:
                add_custody(w, w.persons[b['pid']], bi, j['state'], 'CAP Federal Incarceration', STATE_AOR[j['state']])
        return
    if w.u() < j['honor'](t):
        if w.u() < j['noshow']:
            b['disp'] = 'noshow'
            b['rel'] = t + TD(hours=float(w.rng.uniform(44, 50)))
            b['canon'] = 'ice' if w.u() < 0.4 else 'served'
            b['reason'] = jail_reason(w, j, b['canon'])
            return
        b['disp'] = 'ice'
        if j['layout'] != 'bucks':
            b['rel'] = t + TD(hours=float(w.rng.uniform(0, 20)))
        lo, hi = j['ice_delay']
        bi = b['rel'] + TD(hours=float(w.rng.uniform(lo, hi)))
        method = '287(g) Program' if j['state'] == 'AR' and w.u() < 0.7 else 'CAP Local Incarceration'
        b['ice_custody'] = add_custody(w, w.persons[b['pid']], bi, j['state'], method, STATE_AOR[j['state']])
        if w.u() < j['mislabel']:
            b['canon'] = w.pick(W('bond:4|pr:3|served:3'))
            b['mislabeled'] = True
        else:
            b['canon'] = 'ice'
        b['reason'] = jail_reason(w, j, b['canon'])
        if b['rel'] >= EXTRACT:
            b['rel'] = None
            b['disp'] = 'in_custody'
            b['ice_custody'] = None
            w.custody.pop()
        return
    b['disp'] = 'street'
    canon = w.pick(W('bond:30|pr:24|dismissed:11|served:28|court:5'))
    b['canon'] = canon
    b['reason'] = jail_reason(w, j, canon)
    if w.u() < j['nca']:
        bi = t + TD(days=float(w.rng.uniform(2, 45)), hours=float(w.rng.uniform(0, 10)))
        if bi < EXTRACT:
            bi = bi.replace(hour=int(w.rng.integers(5, 9)))
            b['nca'] = add_custody(w, w.persons[b['pid']], bi, j['state'],
                                   'Non-Custodial Arrest' if w.u() < 0.85 else 'Located', STATE_AOR[j['state']])


def jail_reason(w, j, canon):
    words = REASONS[j['layout']].get(canon) or REASONS[j['layout']].get('served') or ['']
    return w.choice(words)


def add_custody(w, p, bi, state, method, aor):
    fac = w.choice(AOR_FACILITIES[aor])
    c = dict(cid=str(w.next_id('cust') * 7 + 1000003), pid=p['pid'], book_in=bi.replace(second=0, microsecond=0),
             state=state, method=method, aor=aor, fac=fac)
    w.custody.append(c)
    return c


def county_transfers(w):
    """Hidalgo -> Cameron hand-overs appear as arrivals in Cameron's log."""
    cam = JUR_BY_KEY['CAMERON, TX']
    for b in list(w.bookings):
        if b['jur'] == 'HIDALGO, TX' and b.get('dest') == 'county' and b['rel'] is not None and w.u() < 0.5:
            p = w.persons[b['pid']]
            bt = b['rel'] + TD(hours=float(w.rng.uniform(1, 6)))
            if bt >= EXTRACT:
                continue
            nb = new_booking(w, cam, p, bt.replace(second=0, microsecond=0))
            nb['transfer_in'] = True
            b['dest_booking'] = nb
            rel = nb['book'] + TD(hours=draw_los_hours(w, True))
            nb['rel'] = rel if rel < EXTRACT else None
            attach_detainer(w, cam, nb)
            save = cam['p_other']
            cam['p_other'] = 0.0
            dispose(w, cam, nb)
            cam['p_other'] = save

def background_custody(w, n):
    r = w.rng
    removables = [p for p in w.persons if p['kind'] == 'removable']
    state_jurs = {}
    for j in JURS:
        state_jurs.setdefault(j['state'], []).append(j)
    generic = J(key='GEN', state='TX', county='', city='', aor='', rate=0, style='gen', ice_fac='X:1', log_fac=['X'],
                removable=0, honor=lambda t: 0, countries=GENERIC_COUNTRIES, us_mix='anglo:1', layout='taos')
    span = (EXTRACT - (LOG_START - TD(days=28))).total_seconds()
    for _ in range(n):
        st = w.pick(BG_STATES)
        jj = w.choice(state_jurs[st]) if st in state_jurs and r.random() < 0.7 else dict(generic, state=st)
        x = r.random()
        if x < 0.05 and removables:          # an earlier/later encounter of someone in the logs
            p = w.choice(removables)
            st = JUR_BY_KEY[p['home']]['state'] if p['home'] in JUR_BY_KEY else st
        elif x < 0.17 and removables:        # a namesake: same name, another person
            src = w.choice(removables)
            p = make_person(w, jj, 'removable')
            p.update(firsts=src['firsts'], sur=list(src['sur']), middle=src['middle'], group=src['group'])
        else:
            p = make_person(w, jj, 'removable')
        bi = LOG_START - TD(days=28) + TD(seconds=float(r.uniform(0, span)))
        method = w.pick(BG_METHOD_TX if st == 'TX' else BG_METHOD)
        add_custody(w, p, bi, st, method, STATE_AOR[st])
