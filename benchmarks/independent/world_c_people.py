"""World C's random stream and people: the World (one numpy generator, people, bookings, ICE
book-ins, report entries), the people drawn per jurisdiction and how the jail and ICE spell them.

Every function draws from w.rng in the order world_c.main() calls it.
"""
import bisect

import numpy as np
from world_c_data import COUNTRIES, CROSS_CITIZEN, DT, NAMES, NICK, TD, TRANSLIT_OF, US_STATES


class World:
    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)
        self.seed = seed
        self.persons = []
        self.bookings = []
        self.custody = []
        self.entries = []
        self.counters = {}

    def u(self):
        return self.rng.random()

    def pick(self, names_w):
        names, _, cdf = names_w
        return names[min(bisect.bisect_right(cdf, self.rng.random()), len(names) - 1)]

    def choice(self, seq):
        return seq[int(self.rng.integers(len(seq)))]

    def next_id(self, key):
        self.counters[key] = self.counters.get(key, 0) + 1
        return self.counters[key]


def week_start(d):
    d = DT(d.year, d.month, d.day)
    return d - TD(days=(d.weekday() - 5) % 7)    # Saturday



# --------------------------------------------------------------------------------------------
# people
# --------------------------------------------------------------------------------------------
def make_person(w, j, kind, country=None):
    """kind: 'us' (US-born), 'lpr' (foreign-born, not removable), 'removable'."""
    r = w.rng
    if kind == 'us':
        group = w.pick(j['us_w'])
        birth = 'USA'
        citizen = 'USA'
    else:
        birth = country or w.pick(j['countries_w'])
        group = COUNTRIES[birth][1]
        citizen = birth
        if kind == 'removable' and w.u() < j.get('cross', 0.04):
            citizen = CROSS_CITIZEN.get(birth, birth)
    male = w.u() < (0.88 if kind == 'removable' else 0.8)
    g = 'anglo' if group in ('anglo',) else group
    firsts = w.pick(NAMES[f'{g}_{"m" if male else "f"}'])
    sur = [w.pick(NAMES[f'{g}_sur'])]
    middle = ''
    if group == 'hisp':
        if kind != 'us' or w.u() < 0.35:
            s2 = w.pick(NAMES['hisp_sur'])
            if s2 != sur[0]:
                sur.append(s2)
        if ' ' not in firsts and w.u() < 0.35:
            middle = w.pick(NAMES['hisp_mid'])
    elif group == 'viet':
        middle = 'VAN' if male else 'THI'
    elif group == 'anglo' and w.u() < 0.6:
        middle = w.pick(NAMES['anglo_mid'])
    age = 18 + r.gamma(2.3, 7.0) if kind != 'us' else 18 + r.gamma(2.0, 8.5)
    age = min(age, 78)
    dob = DT(2017, 2, 1) - TD(days=int(age * 365.25))
    p = dict(pid=len(w.persons), group=group, male=male, firsts=firsts, middle=middle, sur=sur, dob=dob,
             birth=birth, citizen=citizen, kind=kind, home=j['key'],
             birth_sub=birth_place(w, j, birth),
             anum=('A' + str(int(r.integers(200_000_000, 216_000_000)))) if kind != 'us' else '',
             jail_cache={}, ice_cache=None, free_after=None)
    w.persons.append(p)
    return p


def birth_place(w, j, birth):
    if birth == 'USA':
        return US_STATES[j['state']] if w.u() < 0.8 else w.choice(list(US_STATES.values()))
    subs = COUNTRIES[birth][3]
    return w.choice(subs) if subs and w.u() < 0.6 else None


def translit(w, tok, keep_first=False):
    grp = TRANSLIT_OF.get(tok)
    if not grp:
        return tok
    return grp[0] if keep_first else w.choice(grp)


def ice_name(w, p):
    """ICE's rendering of the person (cached: one A-file, one spelling)."""
    if p['ice_cache']:
        return p['ice_cache']
    first, middle, sur = p['firsts'], p['middle'], list(p['sur'])
    g = p['group']
    if g == 'hisp':
        last = ' '.join(sur) if w.u() < 0.85 else sur[0]
    elif g == 'viet':
        x = w.u()
        if x < 0.5:
            last, first, middle = sur[0], f'{middle} {first}', ''
        elif x < 0.75:
            last, middle = f'{sur[0]} {middle}', ''
        else:
            last = sur[0]
    else:
        last = ' '.join(translit(w, s, True) for s in sur)
        first = ' '.join(translit(w, t, True) for t in first.split())
    dob = p['dob']
    if w.u() < 0.02:
        dob = dob_error(w, dob)
    p['ice_cache'] = (last, first, middle, dob)
    return p['ice_cache']


def dob_error(w, dob):
    x = w.u()
    if x < 0.4 and dob.day <= 12 and dob.day != dob.month:
        return DT(dob.year, dob.day, dob.month)
    if x < 0.75:
        try:
            return dob.replace(year=dob.year + (1 if w.u() < 0.5 else -1))
        except ValueError:
            return dob - TD(days=365)
    return dob + TD(days=int(w.rng.choice([-10, -1, 1, 9, 30])))


def jail_name(w, p, j):
    """The jail's rendering: cached per jail, occasionally re-keyed at a new booking."""
    c = p['jail_cache'].get(j['key'])
    if c is not None and w.u() > 0.1:
        return c
    first, middle, sur = p['firsts'], p['middle'], list(p['sur'])
    g = p['group']
    if g == 'hisp' and len(sur) == 2:
        x = w.u()
        last = sur[0] if x < 0.35 else (f'{sur[0]}-{sur[1]}' if x < 0.55 else (sur[1] if x < 0.58 else ' '.join(sur)))
    elif g == 'viet':
        x = w.u()
        if x < 0.6:
            last = sur[0]
        elif x < 0.8:
            last, first, middle = sur[0], f'{middle} {first}', ''
        else:
            last, middle = f'{sur[0]} {middle}', ''
    else:
        last = ' '.join(translit(w, s) if w.u() < 0.4 else translit(w, s, True) for s in sur)
        first = ' '.join(translit(w, t) if w.u() < 0.4 else translit(w, t, True) for t in first.split())
    if ' ' in first and g in ('hisp', 'fil', 'haiti') and w.u() < 0.4:
        first, middle = first.split(' ', 1)[0], first.split(' ', 1)[1]
    if w.u() < 0.04:
        nk = NICK.get(first.split(' ')[0])
        if nk:
            first = nk
    if w.u() < (0.15 if g in ('chin', 'kor') else 0.015):
        last, first = first, last
    dob = p['dob']
    if w.u() < 0.06:
        dob = dob_error(w, dob)
    c = (last, first, middle, dob)
    p['jail_cache'][j['key']] = c
    return c
