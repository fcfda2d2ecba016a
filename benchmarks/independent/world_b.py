#!/usr/bin/env python
"""Written in session 20 by a helper who read only ../shared/design.md and ../shared/contract.md,
never the service's code, so that it makes choices the service's own generator (linkage/synth) does not.

Independent synthetic world for the detainer reconciliation service (indepB).

Usage:  world_b.py SEED OUTDIR

The world is simulated as people and events, then *observed* through three imperfect
lenses (jail logs, ICE book-ins, ICE's weekly declined-detainer listing).

World model
-----------
* A population of people per jurisdiction (a pool of ~12, of which 6-10 submit a
  log; the rest are simulated too, so their people appear in ICE data and in the
  listing, but no log is written).  Each person: sex, dob, birth country, ICE
  citizenship, names drawn from my own per-origin name lists (Hispanic double
  surnames, Somali patronymics, Hmong, Vietnamese, Slavic, ...).
* 1-4 bookings per person over 2015-2017 (a few long-term inmates booked 2011-2014
  and still held); ~7% of bookings happen in a different jurisdiction (movers).
  Stays: mixture of hours / days / weeks / months / years; longer for people with
  an immigration hold.
* ICE detainers on bookings of non-citizens (rate per jurisdiction), issued a few
  days after booking; 30% of a repeat booking's detainers re-use the old issued date
  (so a detainer may be years old and issued before the stay).
* At release, per jurisdiction and time (Travis changes policy on its "policy day"):
  honoured (hand-over, ICE book-in 1-48 h later, lognormal around 6 h, method
  mostly CAP Local Incarceration), released to another agency (ICE may pick the
  person up from that agency 1-60 days later, elsewhere), or released to the street
  (12% later arrested at large 7-400 days on, Non-Custodial Arrest / Located).
* ICE's book-ins also include ~thousands of people never in these jails, with the
  same name/country distributions and weighted toward the same states.

Noise model (documented choices)
--------------------------------
* ICE records 85% of real declines; records an honoured hand-over as a decline
  with prob 40% in Hennepin (the two men story, inflated to test hop 2), 10% elsewhere; records a transfer
  to another agency as a decline with prob 30%.
* Recorded decline date = release day + skewed lag: 55% 0-2 days, 27% 3-7 days,
  18% lognormal tail 8-56 days.
* ICE identity per person (kept across book-ins): 7% one-character typo in the
  surname, 4% typo in the given name, 4% given/family swapped, double surnames
  recorded as hyphenated (30%), first part only (35%), second part only (8%);
  dob day/month swapped 3%, off by a year 2%, wholly different 1%; sex missing 3%.
* Jail side: place of birth empty for 35-70% (per log), spelled many ways
  ('MEX', 'Distrito Federal, Mexico', 'Mexico (Use only when state is unknown)');
  5% of non-citizens' ICE citizenship differs from the jail birthplace (born in one
  Central American country, national of another; a few jail rows show a US state);
  sex 'U' or empty on 2%.
* Hand-overs logged as RELEASED / BONDED / BOND-SURETY 25% of the time; 3% of street
  releases carry 'ICE HOLD EXPIRED - NO PICKUP'.
* Book-in times: 15% logged date-only.  Logs: per-log date style (ISO, M/D/YYYY,
  M/D/YY), some date-only releases, some without hold columns, place of birth, or
  with age instead of dob, full_name instead of split names.  One or two logs are
  extracts cut off part-way through the 2017 report period.
* Listing: weekly (Sat-Fri) reports over 8-20 weeks of 2017; Travis policy day lists
  every detainer held in custody and old unresolved ones (incl. pre-2015 releases not
  in any log); 3% of entries from a county with a same/similar-named twin are filed
  under the twin; 4% re-listed 1-3 weeks later (duplicate); state/county/facility
  spelled variously.  A detainer listed on policy day and listed again at the later
  real release counts as a duplicate listing (duplicate_of = the first listing).

truth.csv: entry_id,true_outcome,booking_id,jurisdiction,custody_id,duplicate_of,stale,kind
"""
import math
import os
import sys
from datetime import datetime, timedelta

import numpy as np
import pandas as pd

SEED = int(sys.argv[1])
OUT = sys.argv[2]
rng = np.random.default_rng(SEED * 7919 + 13)

def ch(seq, p=None):
    if p is None:
        return seq[int(rng.integers(len(seq)))]
    p = np.asarray(p, float)
    return seq[int(rng.choice(len(seq), p=p / p.sum()))]

# ----------------------------------------------------------------------------- names
HISP_M = ["JOSE", "JUAN", "LUIS", "CARLOS", "JESUS", "MIGUEL", "FRANCISCO", "ANTONIO", "PEDRO", "JORGE", "RAFAEL", "MARIO", "RICARDO", "ALEJANDRO", "FERNANDO", "HECTOR", "EDGAR", "OSCAR", "RAUL", "SERGIO", "JAVIER", "ROBERTO", "EDUARDO", "ARTURO", "VICTOR", "SANTIAGO", "ARMANDO", "RAMON", "GERARDO", "ISMAEL", "NOE", "ELIAS", "ULISES", "ABEL", "BALTAZAR", "CRISTIAN", "DANILO", "EFRAIN", "FIDEL", "GILBERTO", "JOSUE", "WILMER", "NELSON", "ERWIN", "BAYRON"]
HISP_F = ["MARIA", "GUADALUPE", "ROSA", "ANA", "CARMEN", "LETICIA", "VERONICA", "YESENIA", "ELENA", "PATRICIA", "LORENA", "SANDRA", "BLANCA", "MARISOL", "NORMA", "IRMA", "DELIA"]
HISP_L = ["GARCIA", "HERNANDEZ", "MARTINEZ", "LOPEZ", "GONZALEZ", "RODRIGUEZ", "PEREZ", "SANCHEZ", "RAMIREZ", "CRUZ", "FLORES", "GOMEZ", "MORALES", "VAZQUEZ", "REYES", "JIMENEZ", "TORRES", "DIAZ", "GUTIERREZ", "RUIZ", "MENDOZA", "AGUILAR", "ORTIZ", "MORENO", "CASTILLO", "ROMERO", "ALVAREZ", "CHAVEZ", "RIVERA", "JUAREZ", "DOMINGUEZ", "MEDINA", "CASTRO", "VARGAS", "GUZMAN", "SALAZAR", "ESTRADA", "CONTRERAS", "LUNA", "OROZCO", "ZAVALA", "BARRIENTOS", "QUINTANILLA", "VILLATORO", "ARGUETA", "PORTILLO", "ESCOBAR", "CIFUENTES", "TZUL", "AJCALON"]
HISP_LW = np.array([30, 28, 25, 24, 22, 20, 16, 14, 13, 10, 10, 9, 8, 7, 7, 6, 6, 6, 6, 5, 5, 5, 4, 4, 4, 4, 4, 4, 4, 3, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], float)
US_M = ["MICHAEL", "JAMES", "JOHN", "ROBERT", "DAVID", "WILLIAM", "CHRISTOPHER", "JOSHUA", "MATTHEW", "DANIEL", "BRANDON", "TYLER", "JUSTIN", "KEVIN", "ANTHONY", "TRAVIS", "CODY", "DUSTIN", "DERRICK", "MARCUS", "TERRELL", "DEANDRE", "KYLE", "SHAWN", "COREY"]
US_F = ["JENNIFER", "JESSICA", "ASHLEY", "AMANDA", "SARAH", "STEPHANIE", "NICOLE", "BRITTANY", "HEATHER", "TIFFANY", "CRYSTAL", "KAYLA"]
US_L = ["SMITH", "JOHNSON", "WILLIAMS", "BROWN", "JONES", "MILLER", "DAVIS", "WILSON", "ANDERSON", "TAYLOR", "THOMAS", "MOORE", "JACKSON", "WHITE", "HARRIS", "THOMPSON", "CLARK", "LEWIS", "ROBINSON", "WALKER", "YOUNG", "ALLEN", "KING", "WRIGHT", "SCOTT", "HILL", "GREEN", "ADAMS", "BAKER", "NELSON", "CARTER", "MITCHELL", "ROBERTS", "TURNER", "PHILLIPS", "CAMPBELL", "PARKER", "EVANS", "EDWARDS", "COLLINS", "STEWART", "MORRIS", "ROGERS", "REED", "COOK", "MORGAN", "BELL", "MURPHY", "BAILEY", "COOPER", "RICHARDSON", "COX", "HOWARD", "WARD", "PETERSON", "GRAY", "JAMES", "WATSON", "BROOKS", "KELLY", "SANDERS", "PRICE", "BENNETT", "WOOD", "BARNES", "ROSS", "HENDERSON", "COLEMAN", "JENKINS", "PERRY", "POWELL", "LONG", "PATTERSON", "HUGHES", "WASHINGTON", "BUTLER", "SIMMONS", "FOSTER", "BRYANT", "ALEXANDER", "RUSSELL", "GRIFFIN", "HAYES", "MYERS", "FORD", "HAMILTON", "GRAHAM", "SULLIVAN", "WALLACE", "WOODS", "COLE", "WEST", "JORDAN", "OWENS", "REYNOLDS", "FISHER", "ELLIS", "HARRISON", "GIBSON", "OLSON", "LARSON", "JOHNSRUD", "HANSEN"]
GROUP_NAMES = {
    "somali": (["MOHAMED", "ABDI", "AHMED", "ABDIRAHMAN", "HASSAN", "ALI", "OMAR", "FARAH", "YUSUF", "ISMAIL", "ABDULLAHI", "MUSE"],
               ["HODAN", "FADUMO", "AMINA", "SAHRA", "IFRAH"],
               ["MOHAMED", "ABDI", "AHMED", "HASSAN", "ALI", "OMAR", "FARAH", "YUSUF", "WARSAME", "JAMA", "GUULED", "NUR", "DUALE", "EGAL", "ADAN", "HIRSI"]),
    "viet": (["MINH", "TUAN", "HUNG", "DUC", "THANH", "LONG", "KHANH", "BAO", "VINH", "QUANG"], ["LAN", "HOA", "MAI", "THU", "LINH"],
             ["NGUYEN", "TRAN", "LE", "PHAM", "HOANG", "VO", "DANG", "BUI", "DO", "HUYNH"]),
    "chinese": (["WEI", "JIAN", "HAO", "LEI", "MING", "JUN", "YONG", "BO", "TAO", "XIN"], ["LI", "NA", "FANG", "YAN", "JING"],
                ["WANG", "LI", "ZHANG", "LIU", "CHEN", "YANG", "HUANG", "ZHAO", "WU", "ZHOU", "LIN"]),
    "indian": (["RAJESH", "AMIT", "VIKRAM", "SANJAY", "RAVI", "ARJUN", "DEEPAK", "MANPREET", "GURPREET"], ["PRIYA", "SUNITA", "ANJALI"],
               ["PATEL", "SINGH", "KUMAR", "SHAH", "SHARMA", "GUPTA"]),
    "slavic": (["OLEKSANDR", "DMYTRO", "ANDRIY", "SERGEI", "VIKTOR", "PIOTR", "TOMASZ", "YURIY", "VASYL"], ["OLENA", "NATALIYA", "IRINA"],
               ["KOVALENKO", "SHEVCHENKO", "BONDARENKO", "IVANOV", "PETROV", "SMIRNOV", "NOWAK", "KOWALSKI", "WISNIEWSKI", "TKACHUK", "MELNYK"]),
    "carib": (["ANDRE", "CLAUDE", "JEAN", "DESMOND", "CHUKWUEMEKA", "OLUWASEUN", "RICARDO", "WOODLEY", "JUNIOR"], ["MARIE", "NADINE", "CHANTAL"],
              ["BROWN", "CAMPBELL", "WILLIAMS", "JEAN", "PIERRE", "JOSEPH", "OKAFOR", "ADEYEMI", "OKONKWO", "LOUIS", "CHARLES"]),
    "korfil": (["JUNHO", "MINSU", "RODEL", "MARK", "JOMAR", "ARIEL", "JOSEPH"], ["GRACE", "JOY"],
               ["KIM", "PARK", "LEE", "CHOI", "SANTOS", "DELA", "CRUZ", "BAUTISTA", "MENDOZA", "VILLANUEVA"]),
    "hmong": (["TOU", "KOU", "CHUE", "PAO", "NENG", "XAY", "SONG"], ["MAI", "PA", "YER"],
              ["VANG", "XIONG", "LEE", "YANG", "THAO", "HER", "MOUA", "LOR"]),
    "ethiop": (["DAWIT", "YONAS", "SAMUEL", "BEREKET", "TESFAYE", "ABEBE"], ["TIGIST", "HIWOT"],
               ["TESFAYE", "GEBRE", "BEKELE", "HAILE", "ALEMU", "DESTA"]),
    "iraqi": (["ALI", "MUSTAFA", "HAIDER", "AHMED", "HUSSEIN", "KARIM"], ["ZAINAB", "NOOR"],
              ["AL-JUBOORI", "HUSSEIN", "ABBAS", "KADHIM", "JASIM", "SALEH"]),
}

# country: ICE spelling, jail spellings, name group
COUNTRIES = {
    "MEXICO": (["MEXICO", "Mexico", "MEX", "Mexico (Use only when state is unknown)", "Distrito Federal, Mexico",
                "Jalisco, Mexico", "Guanajuato, MEXICO", "MX"], "hisp"),
    "GUATEMALA": (["GUATEMALA", "Guatemala", "GUAT", "Guatemala City, Guatemala"], "hisp"),
    "HONDURAS": (["HONDURAS", "Honduras", "HOND", "Tegucigalpa, Honduras"], "hisp"),
    "EL SALVADOR": (["EL SALVADOR", "El Salvador", "SALVADOR", "San Salvador, El Salvador"], "hisp"),
    "CUBA": (["CUBA", "Cuba", "Havana, Cuba"], "hisp"),
    "DOMINICAN REPUBLIC": (["DOMINICAN REPUBLIC", "Dominican Rep", "DOM REP"], "hisp"),
    "ECUADOR": (["ECUADOR", "Ecuador"], "hisp"),
    "COLOMBIA": (["COLOMBIA", "Colombia"], "hisp"),
    "PERU": (["PERU", "Peru"], "hisp"),
    "CHINA, PEOPLES REPUBLIC OF": (["CHINA", "China", "PRC", "Peoples Republic of China"], "chinese"),
    "VIETNAM": (["VIETNAM", "Viet Nam", "VIET NAM", "Vietnam"], "viet"),
    "INDIA": (["INDIA", "India"], "indian"),
    "UKRAINE": (["UKRAINE", "Ukraine", "UKR"], "slavic"),
    "RUSSIA": (["RUSSIA", "Russian Federation"], "slavic"),
    "POLAND": (["POLAND", "Poland"], "slavic"),
    "SOMALIA": (["SOMALIA", "Somalia", "SOM", "Mogadishu, Somalia"], "somali"),
    "ETHIOPIA": (["ETHIOPIA", "Ethiopia"], "ethiop"),
    "LAOS": (["LAOS", "Lao PDR", "Laos"], "hmong"),
    "KOREA, SOUTH": (["KOREA", "South Korea", "KOREA, REPUBLIC OF", "S. KOREA"], "korfil"),
    "PHILIPPINES": (["PHILIPPINES", "Philippines"], "korfil"),
    "JAMAICA": (["JAMAICA", "Jamaica"], "carib"),
    "HAITI": (["HAITI", "Haiti"], "carib"),
    "NIGERIA": (["NIGERIA", "Nigeria"], "carib"),
    "IRAQ": (["IRAQ", "Iraq"], "iraqi"),
}
REGION_MIX = {
    "TX": {"MEXICO": 65, "HONDURAS": 10, "GUATEMALA": 8, "EL SALVADOR": 7, "VIETNAM": 3, "INDIA": 2, "CHINA, PEOPLES REPUBLIC OF": 2, "CUBA": 1, "NIGERIA": 1, "IRAQ": 1},
    "MN": {"MEXICO": 35, "SOMALIA": 20, "LAOS": 10, "ETHIOPIA": 8, "ECUADOR": 7, "GUATEMALA": 5, "EL SALVADOR": 4, "INDIA": 3, "VIETNAM": 3, "RUSSIA": 2, "IRAQ": 3},
    "CA": {"MEXICO": 60, "VIETNAM": 10, "KOREA, SOUTH": 6, "GUATEMALA": 6, "EL SALVADOR": 6, "CHINA, PEOPLES REPUBLIC OF": 5, "PHILIPPINES": 4, "INDIA": 2, "IRAQ": 1},
    "FL": {"CUBA": 25, "HAITI": 15, "MEXICO": 20, "JAMAICA": 10, "COLOMBIA": 8, "DOMINICAN REPUBLIC": 8, "HONDURAS": 7, "PERU": 3, "VIETNAM": 2, "INDIA": 2},
    "OR": {"MEXICO": 60, "UKRAINE": 8, "RUSSIA": 5, "VIETNAM": 7, "GUATEMALA": 8, "CHINA, PEOPLES REPUBLIC OF": 5, "KOREA, SOUTH": 3, "INDIA": 4},
    "WA": {"MEXICO": 50, "UKRAINE": 8, "RUSSIA": 5, "VIETNAM": 8, "GUATEMALA": 6, "CHINA, PEOPLES REPUBLIC OF": 6, "SOMALIA": 5, "ETHIOPIA": 4, "PHILIPPINES": 4, "INDIA": 4},
    "NY": {"EL SALVADOR": 25, "DOMINICAN REPUBLIC": 15, "ECUADOR": 10, "MEXICO": 15, "HAITI": 8, "JAMAICA": 8, "INDIA": 6, "CHINA, PEOPLES REPUBLIC OF": 6, "POLAND": 5, "COLOMBIA": 2},
    "IA": {"MEXICO": 55, "GUATEMALA": 15, "EL SALVADOR": 8, "LAOS": 6, "VIETNAM": 5, "ETHIOPIA": 5, "HONDURAS": 6},
    "NC": {"MEXICO": 50, "HONDURAS": 12, "GUATEMALA": 10, "EL SALVADOR": 8, "VIETNAM": 5, "INDIA": 6, "CHINA, PEOPLES REPUBLIC OF": 4, "JAMAICA": 5},
    "CO": {"MEXICO": 65, "GUATEMALA": 7, "EL SALVADOR": 6, "ETHIOPIA": 5, "VIETNAM": 5, "SOMALIA": 4, "HONDURAS": 5, "RUSSIA": 3},
    "MA": {"DOMINICAN REPUBLIC": 20, "HAITI": 15, "EL SALVADOR": 15, "GUATEMALA": 15, "MEXICO": 10, "JAMAICA": 8, "CHINA, PEOPLES REPUBLIC OF": 7, "VIETNAM": 5, "POLAND": 5},
    "PA": {"MEXICO": 35, "DOMINICAN REPUBLIC": 15, "GUATEMALA": 10, "HONDURAS": 8, "JAMAICA": 8, "INDIA": 8, "VIETNAM": 6, "UKRAINE": 5, "HAITI": 5},
}
STATE_NAMES = {"TX": "Texas", "MN": "Minnesota", "CA": "California", "FL": "Florida", "OR": "Oregon", "WA": "Washington",
               "NY": "New York", "IA": "Iowa", "NC": "North Carolina", "CO": "Colorado", "MA": "Massachusetts", "PA": "Pennsylvania"}

# jurisdiction pool: key, state, county, log facility, ICE facility spellings, city, bookings range, honour prob, detainer rate, foreign share
POOL = [
    ("TX/TRAVIS", "TX", "Travis", "Travis County Correctional Complex", ["TRAVIS COUNTY JAIL", "TRAVIS CO CORRECTIONAL COMPLEX", "TRAVIS COUNTY CORR COMPLEX"], "AUSTIN", (33000, 42000), None, 0.22, 0.11),
    ("MN/HENNEPIN", "MN", "Hennepin", "Hennepin County Adult Detention Center", ["HENNEPIN COUNTY JAIL", "HENNEPIN CO ADC", "HENNEPIN COUNTY ADULT DETENTION CTR"], "MINNEAPOLIS", (9000, 15000), 0.45, 0.35, 0.09),
    ("CA/ORANGE", "CA", "Orange", "Orange County Intake Release Center", ["ORANGE COUNTY JAIL", "ORANGE COUNTY IRC", "THEO LACY FACILITY"], "SANTA ANA", (8000, 16000), 0.55, 0.30, 0.16),
    ("FL/ORANGE", "FL", "Orange", "Orange County Booking and Release Center", ["ORANGE COUNTY JAIL", "ORANGE CO CORRECTIONS"], "ORLANDO", (3000, 7000), 0.8, 0.30, 0.10),
    ("OR/WASHINGTON", "OR", "Washington", "Washington County Jail", ["WASHINGTON COUNTY JAIL", "WASHINGTON CO JAIL HILLSBORO"], "HILLSBORO", (3000, 8000), 0.08, 0.35, 0.12),
    ("MN/WASHINGTON", "MN", "Washington", "Washington County Law Enforcement Center", ["WASHINGTON COUNTY JAIL", "WASHINGTON CO LEC"], "STILLWATER", (300, 1500), 0.4, 0.35, 0.05),
    ("TX/WILLIAMSON", "TX", "Williamson", "Williamson County Jail", ["WILLIAMSON COUNTY JAIL", "WILLIAMSON CO JAIL"], "GEORGETOWN", (2000, 6000), 0.9, 0.35, 0.10),
    ("MN/RAMSEY", "MN", "Ramsey", "Ramsey County Adult Detention Center", ["RAMSEY COUNTY JAIL", "RAMSEY CO ADC"], "SAINT PAUL", (2000, 7000), 0.3, 0.35, 0.09),
    ("NY/NASSAU", "NY", "Nassau", "Nassau County Correctional Center", ["NASSAU COUNTY JAIL", "NASSAU COUNTY CORRECTIONAL CENTER"], "EAST MEADOW", (3000, 9000), 0.7, 0.35, 0.14),
    ("WA/KING", "WA", "King", "King County Correctional Facility", ["KING COUNTY JAIL", "KING CO CORR FACILITY", "KING COUNTY MRJC"], "SEATTLE", (6000, 14000), 0.1, 0.30, 0.10),
    ("IA/POLK", "IA", "Polk", "Polk County Jail", ["POLK COUNTY JAIL"], "DES MOINES", (300, 2500), 0.6, 0.4, 0.08),
    ("TX/POLK", "TX", "Polk", "Polk County Jail", ["POLK COUNTY JAIL"], "LIVINGSTON", (300, 900), 0.9, 0.4, 0.06),
    ("NC/WAKE", "NC", "Wake", "Wake County Detention Center", ["WAKE COUNTY JAIL", "WAKE CO DETENTION CTR"], "RALEIGH", (3000, 9000), 0.85, 0.35, 0.10),
    ("CO/DENVER", "CO", "Denver", "Denver Downtown Detention Center", ["DENVER COUNTY JAIL", "DENVER DOWNTOWN DETENTION CENTER", "DENVER CITY JAIL"], "DENVER", (4000, 10000), 0.2, 0.35, 0.12),
    ("PA/FRANKLIN", "PA", "Franklin", "Franklin County Jail", ["FRANKLIN COUNTY JAIL"], "CHAMBERSBURG", (300, 1200), 0.7, 0.35, 0.05),
    ("MA/FRANKLIN", "MA", "Franklin", "Franklin County House of Correction", ["FRANKLIN COUNTY JAIL", "FRANKLIN CO HOC"], "GREENFIELD", (300, 1000), 0.5, 0.35, 0.05),
]
TWIN = {"FL/ORANGE": "CA/ORANGE", "CA/ORANGE": "FL/ORANGE", "MN/WASHINGTON": "OR/WASHINGTON", "OR/WASHINGTON": "MN/WASHINGTON",
        "TX/WILLIAMSON": "TX/TRAVIS", "TX/TRAVIS": "TX/WILLIAMSON", "MN/RAMSEY": "MN/HENNEPIN", "MN/HENNEPIN": "MN/RAMSEY",
        "TX/POLK": "IA/POLK", "IA/POLK": "TX/POLK", "PA/FRANKLIN": "MA/FRANKLIN", "MA/FRANKLIN": "PA/FRANKLIN"}
ICE_FACILITIES = {"TX": [("SOUTH TEXAS ICE PROCESSING CENTER", "STXPCTX"), ("T DON HUTTO RESIDENTIAL CENTER", "TDHUTTO"), ("HOUSTON CONTRACT DETENTION FACILITY", "HOUCDF")],
                  "MN": [("SHERBURNE COUNTY JAIL", "SHERBMN"), ("CARVER COUNTY JAIL", "CARVEMN")],
                  "CA": [("ADELANTO ICE PROCESSING CENTER", "ADLNTCA"), ("THEO LACY FACILITY", "THEOLCA")],
                  "FL": [("KROME NORTH SPC", "KRO"), ("BAKER COUNTY SHERIFF DEPT", "BAKERFL")],
                  "OR": [("NORTHWEST DETENTION CENTER", "CSCNWWA")], "WA": [("NORTHWEST DETENTION CENTER", "CSCNWWA")],
                  "NY": [("BERGEN COUNTY JAIL", "BERGENJ"), ("ORANGE COUNTY JAIL (NY)", "ORANGNY")],
                  "IA": [("HARDIN COUNTY JAIL", "HARDIIA")], "NC": [("STEWART DETENTION CENTER", "STWRTGA")],
                  "CO": [("AURORA ICE PROCESSING CENTER", "DENICDF")], "MA": [("BRISTOL COUNTY DETENTION CENTER", "BRISTMA")],
                  "PA": [("YORK COUNTY PRISON", "YORKCPA"), ("PIKE COUNTY JAIL", "PIKECPA")]}
OTHER_STATES = ["TX", "CA", "FL", "AZ", "GA", "IL", "NJ", "NY", "NC", "WA", "CO", "MN", "LA", "OK", "NM"]

# charges: ICE category -> jail wordings
CHARGES = {
    "Driving Under Influence Liquor": ["DWI", "DWI 2ND", "DRIVING WHILE INTOXICATED", "DUI ALCOHOL", "OPERATING WHILE INTOX", "DUI .08 OR MORE"],
    "Assault": ["ASSAULT CAUSES BODILY INJ", "ASSAULT 4", "ASSAULT 2ND DEGREE", "AGG ASSAULT W/DEADLY WEAPON", "BATTERY"],
    "Larceny": ["THEFT PROP >=$100<$750", "THEFT", "PETIT LARCENY", "THEFT 3RD DEGREE", "SHOPLIFTING"],
    "Burglary": ["BURGLARY OF HABITATION", "BURG OF VEHICLE", "BURGLARY 2ND DEGREE"],
    "Dangerous Drugs": ["POSS CS PG 1 <1G", "POSS MARIJ <2OZ", "POSSESSION OF CONTROLLED SUBSTANCE", "5TH DEGREE DRUG POSSESSION", "DELIVERY OF CS"],
    "Traffic Offense": ["NO DRIVERS LICENSE", "DRIVING WHILE LICENSE INVALID", "DWLS", "FAIL TO MAINTAIN FIN RESP"],
    "Weapon Offense": ["UNL CARRYING WEAPON", "FELON IN POSS OF FIREARM"],
    "Family Offense": ["VIOL PROTECTIVE ORDER", "DOMESTIC ASSAULT", "ASSAULT FAMILY MEMBER"],
    "Obstructing Police": ["RESIST ARREST", "EVADING ARREST DET", "FAIL TO IDENTIFY", "OBSTRUCTING LEGAL PROCESS"],
    "Fraudulent Activities": ["FORGERY", "FRAUD USE/POSS IDENTIFYING INFO", "CREDIT CARD ABUSE"],
    "Robbery": ["ROBBERY", "AGG ROBBERY"],
    "Sex Offense": ["INDECENCY W/CHILD", "CRIM SEXUAL CONDUCT 3RD"],
    "Public Peace": ["DISORDERLY CONDUCT", "PUBLIC INTOXICATION", "CRIMINAL TRESPASS"],
    "Stolen Vehicle": ["UNAUTH USE OF VEHICLE", "TAKING MOTOR VEHICLE W/O CONSENT"],
}
CAT = list(CHARGES)
CAT_W = np.array([18, 14, 12, 6, 14, 12, 4, 8, 5, 3, 2, 1, 6, 3], float)

STREET = ["BOND-SURETY", "PR BOND", "TIME SERVED", "CHARGES DISMISSED", "RELEASED ON OWN RECOGNIZANCE", "RELEASED", "COURT ORDER", "CASH BOND", "PROBATION"]
TO_ICE = ["RELEASED TO ICE", "RELEASED TO IMMIGRATION", "ICE", "RELEASED TO AGENCY - ICE", "TRANSFER TO ICE"]
TO_ICE_MISLOG = ["RELEASED", "BONDED", "BOND-SURETY", "TIME SERVED"]
TO_OTHER = ["RELEASED TO OTHER AGENCY", "TRANSFER TO {oc} CO", "RELEASED TO USMS", "TDCJ", "RELEASED TO DOC", "RELEASED TO OTHER AGENCY - WARRANT"]

D0 = datetime(2015, 1, 1)
ICE_END = datetime(2017, 12, 31, 23, 59)

def typo(s):
    if len(s) < 3:
        return s
    i = int(rng.integers(1, len(s)))
    k = rng.random()
    if k < 0.35:
        return s[:i] + s[i + 1:]
    if k < 0.7:
        return s[:i] + ch("AEIOURNSLT") + s[i + 1:]
    if i < len(s) - 1:
        return s[:i] + s[i + 1] + s[i] + s[i + 2:]
    return s + ch("AES")

def lognorm_days(med, sig, lo, hi):
    return float(np.clip(rng.lognormal(math.log(med), sig), lo, hi))

# ----------------------------------------------------------------------------- jurisdictions of this world
pool = list(POOL)
always = [p for p in pool if p[0] in ("TX/TRAVIS", "MN/HENNEPIN")]
rest = [p for p in pool if p[0] not in ("TX/TRAVIS", "MN/HENNEPIN")]
order = rng.permutation(len(rest))
n_sub = int(rng.integers(6, 11))
n_unsub = int(rng.integers(2, 5))
submitted = always + [rest[i] for i in order[: n_sub - 2]]
unsub = [rest[i] for i in order[n_sub - 2: n_sub - 2 + n_unsub]]
# make sure at least one twin of a submitted county exists unsubmitted (same-name confusion)
sub_keys = {p[0] for p in submitted}
twins_uns = [p for p in rest if p[0] not in sub_keys and TWIN.get(p[0]) in sub_keys]
if twins_uns and not any(p[0] in {t[0] for t in twins_uns} for p in unsub):
    unsub.append(twins_uns[int(rng.integers(len(twins_uns)))])
JUR = {}
for p in submitted + unsub:
    key, st, county, fac, icefac, city, (lo, hi), honour, drate, fshare = p
    is_sub = p in submitted
    nb = int(rng.integers(lo, hi + 1))
    if not is_sub:
        nb = min(nb, 4000)
    if key != "TX/TRAVIS" and key != "MN/HENNEPIN" and is_sub and rng.random() < 0.3:
        nb = int(rng.integers(250, 700))  # a small county
    JUR[key] = dict(key=key, st=st, county=county, fac=fac, icefac=icefac, city=city, nb=nb,
                    honour=honour if honour is not None else 0.7, drate=min(0.6, drate * 1.5), fshare=min(0.35, fshare * 1.7), submitted=is_sub)

# report period
start_sat = datetime(2017, 1, 21) + timedelta(days=7 * int(rng.integers(0, 7)))
policy_week = int(rng.integers(0, 3))
POLICY_DAY = start_sat + timedelta(days=7 * policy_week + 4)  # a Wednesday
MAX_WEEKS = 22
LOG_END = start_sat + timedelta(days=7 * MAX_WEEKS + 21)

# ----------------------------------------------------------------------------- people
people = []  # dicts

def new_person(home, foreign):
    st = JUR[home]["st"] if home in JUR else home
    sex = "M" if rng.random() < 0.84 else "F"
    dob = datetime(1950, 1, 1) + timedelta(days=int(rng.integers(0, 365 * 49)))
    if foreign:
        mix = REGION_MIX[st]
        c = ch(list(mix), list(mix.values()))
        group = COUNTRIES[c][1]
        noncit = rng.random() < 0.78
    else:
        c, group, noncit = "US", "us", False
    if group == "hisp":
        first = ch(HISP_M if sex == "M" else HISP_F)
        l1 = ch(HISP_L, HISP_LW)
        last = l1
        if rng.random() < 0.45:
            l2 = ch(HISP_L, HISP_LW)
            if l2 != l1:
                last = l1 + " " + l2
        middle = ch(HISP_M if sex == "M" else HISP_F) if rng.random() < 0.4 else ""
    elif group == "us":
        if rng.random() < 0.25 and st in ("TX", "CA", "CO", "FL"):
            first = ch(HISP_M if sex == "M" else HISP_F)
            last = ch(HISP_L, HISP_LW)
        else:
            first = ch(US_M if sex == "M" else US_F)
            last = ch(US_L)
        middle = ch(US_M if sex == "M" else US_F) if rng.random() < 0.5 else ""
    else:
        fm, ff, ll = GROUP_NAMES[group]
        first = ch(fm if sex == "M" else ff)
        last = ch(ll)
        middle = ch(fm) if (group in ("somali", "ethiop") and sex == "M" and rng.random() < 0.5) else ""
    ice_cit = c if c != "US" else "UNITED STATES"
    if foreign and noncit and rng.random() < 0.05:
        ice_cit = ch(["GUATEMALA", "HONDURAS", "EL SALVADOR", "MEXICO"])  # born in one country, national of another
    p = dict(pid=len(people), home=home, sex=sex, dob=dob, birth=c, group=group, noncit=noncit, ice_cit=ice_cit,
             first=first, middle=middle, last=last, anum="", ice=None, bookings=[])
    if noncit:
        p["anum"] = f"A{int(rng.integers(200000000, 216000000)):09d}"
    people.append(p)
    return p

def ice_identity(p):
    """ICE's own (imperfect, but stable) record of a person."""
    if p["ice"] is not None:
        return p["ice"]
    last, first = p["last"], p["first"]
    parts = last.split(" ")
    if len(parts) == 2 and p["group"] == "hisp":
        r = rng.random()
        if r < 0.30:
            last = parts[0] + "-" + parts[1]
        elif r < 0.65:
            last = parts[0]
        elif r < 0.73:
            last = parts[1]
    if rng.random() < 0.07:
        last = typo(last)
    if rng.random() < 0.04:
        first = typo(first)
    if rng.random() < 0.04:
        first, last = last, first
    dob = p["dob"]
    r = rng.random()
    if r < 0.03 and dob.day <= 12 and dob.day != dob.month:
        dob = dob.replace(month=dob.day, day=dob.month)
    elif r < 0.05:
        dob = dob.replace(year=dob.year + ch([-1, 1]), day=min(dob.day, 28))
    elif r < 0.06:
        dob = dob + timedelta(days=int(rng.integers(-4000, 4000)))
    sex = p["sex"] if rng.random() > 0.03 else ""
    cit = p["ice_cit"] if p["noncit"] else ch(["MEXICO", "GUATEMALA", "EL SALVADOR"])
    if not p["anum"]:
        p["anum"] = f"A{int(rng.integers(200000000, 216000000)):09d}"
    p["ice"] = dict(last=last, first=first, dob=dob, sex=sex, cit=cit)
    return p["ice"]

# ----------------------------------------------------------------------------- bookings
bookings = []  # dicts
book_ins = []  # dicts
jkeys = list(JUR)

def stay_days(det):
    r = rng.random()
    if not det:
        cuts = [(0.35, (2 / 24, 20 / 24)), (0.65, (1, 5)), (0.85, (5, 30)), (0.97, (30, 180)), (1.0, (180, 700))]
    else:
        cuts = [(0.10, (2 / 24, 20 / 24)), (0.35, (1, 5)), (0.65, (5, 30)), (0.92, (30, 180)), (1.0, (180, 900))]
    for c, (a, b) in cuts:
        if r < c:
            return float(np.exp(rng.uniform(math.log(a), math.log(b))))

def other_county(st):
    return ch(["WILLIAMSON", "HAYS", "BEXAR", "DALLAS", "ANOKA", "DAKOTA", "LOS ANGELES", "SAN DIEGO", "MULTNOMAH", "CLACKAMAS", "SUFFOLK", "PIERCE", "ARAPAHOE", "JOHNSTON", "DURHAM"])

for key in jkeys:
    J = JUR[key]
    n_people = max(50, int(J["nb"] / 1.55))
    for _ in range(n_people):
        p = new_person(key, rng.random() < J["fshare"])
        nbk = 1 + min(int(rng.geometric(0.55)) - 1, 4)
        t = D0 + timedelta(days=float(rng.uniform(-60, 3 * 365)))
        if rng.random() < 0.006:  # long-term inmate booked before the log period
            t = datetime(2011, 1, 1) + timedelta(days=float(rng.uniform(0, 4 * 365)))
            nbk = 1
        for _b in range(nbk):
            if t > ICE_END:
                break
            where = key
            if rng.random() < 0.07:
                same = [k for k in jkeys if JUR[k]["st"] == J["st"] and k != key]
                where = ch(same) if (same and rng.random() < 0.5) else ch(jkeys)
            bookings.append(dict(p=p, jur=where, bdt=t))
            p["bookings"].append(len(bookings) - 1)
            t = t + timedelta(days=float(rng.exponential(200)) + 30)
        if t.year < 2011:
            pass

# simulate each booking in person-time order
for p in people:
    prev_end = None
    prev_issue = None
    for bi in p["bookings"]:
        B = bookings[bi]
        J = JUR[B["jur"]]
        if prev_end is not None and B["bdt"] <= prev_end:
            B["bdt"] = prev_end + timedelta(days=float(rng.uniform(3, 60)))
        bdt = B["bdt"]
        long_term = bdt.year < 2015
        det = p["noncit"] and rng.random() < J["drate"]
        sd = stay_days(det)
        if long_term:
            sd = float(rng.uniform(max(30, (D0 - bdt).days + 20), (D0 - bdt).days + 1100))
        bdt = bdt.replace(hour=int(rng.integers(0, 24)), minute=int(rng.integers(0, 60)), second=0)
        rel = bdt + timedelta(days=sd)
        B.update(bdt=bdt, rel=rel if rel <= ICE_END else None, det=det, issued=None, reused=False)
        if det:
            if prev_issue is not None and rng.random() < 0.3:
                B["issued"] = prev_issue
                B["reused"] = True
            else:
                lag = min(float(rng.exponential(1.5)), max(0.0, sd - 0.05))
                B["issued"] = (bdt + timedelta(days=lag)).replace(hour=0, minute=0)
            prev_issue = B["issued"]
        # charges
        ncat = 1 + int(rng.random() < 0.35) + int(rng.random() < 0.1)
        cats = list(dict.fromkeys(ch(CAT, CAT_W) for _ in range(ncat)))
        B["cats"] = cats
        B["charges"] = "; ".join(ch(CHARGES[c]) for c in cats)
        # what happened at release
        B["fate"] = None
        B["custody_id"] = None
        if B["rel"] is not None:
            r = rng.random()
            if key_is_travis := (B["jur"] == "TX/TRAVIS"):
                hp = 0.75 if B["rel"] < POLICY_DAY else 0.12
            else:
                hp = J["honour"]
            if r < 0.07:
                B["fate"] = "other"
                B["reason"] = ch(TO_OTHER).format(oc=other_county(J["st"]))
            elif det and rng.random() < hp:
                B["fate"] = "ice"
                B["reason"] = ch(TO_ICE) if rng.random() < 0.75 else ch(TO_ICE_MISLOG)
            else:
                B["fate"] = "street"
                B["reason"] = ch(STREET)
                if det and rng.random() < 0.03:
                    B["reason"] = "ICE HOLD EXPIRED - NO PICKUP"
        prev_end = B["rel"] if B["rel"] is not None else ICE_END + timedelta(days=999)

# ----------------------------------------------------------------------------- ICE book-ins
cid_counter = [0]

def add_bookin(p, when, method, state, date_only=None, person_noise=True):
    ident = ice_identity(p)
    cid_counter[0] += 1
    cid = f"{ch(['C', 'C', 'K']) if False else 'C'}{1000000 + cid_counter[0] * 7 + SEED % 7:07d}"
    last, first = ident["last"], ident["first"]
    if person_noise and rng.random() < 0.03:
        last = typo(last)
    fac = ch(ICE_FACILITIES.get(state, [("OTHER ICE FACILITY", "OTHERXX")]))
    if date_only is None:
        date_only = rng.random() < 0.15
    book_ins.append(dict(custody_id=cid, when=when, date_only=date_only, cit=ident["cit"], sex=ident["sex"], dob=ident["dob"],
                         last=last, first=first, anum=p["anum"], state=state, method=method, fac=fac[0], faccode=fac[1]))
    return cid

for B in bookings:
    p = B["p"]
    J = JUR[B["jur"]]
    if B["fate"] == "ice":
        h = float(np.clip(rng.lognormal(math.log(6), 0.9), 1, 48))
        when = B["rel"] + timedelta(hours=h)
        if when <= ICE_END:
            m = "CAP Local Incarceration" if rng.random() < 0.9 else ch(["Located", "Other Efforts", "287(g) Program"])
            B["custody_id"] = add_bookin(p, when, m, J["st"])
    elif B["fate"] == "other" and p["noncit"] and rng.random() < 0.4:
        when = B["rel"] + timedelta(days=float(rng.uniform(1, 60)), hours=float(rng.uniform(0, 24)))
        if when <= ICE_END:
            st = J["st"] if rng.random() < 0.6 else ch(OTHER_STATES)
            add_bookin(p, when, "CAP Local Incarceration", st)
    elif B["fate"] == "street" and p["noncit"] and rng.random() < (0.12 if B["det"] else 0.02):
        when = B["rel"] + timedelta(days=float(rng.uniform(7, 400)), hours=float(rng.uniform(0, 24)))
        if when <= ICE_END:
            add_bookin(p, when, ch(["Non-Custodial Arrest", "Non-Custodial Arrest", "Located", "CAP Local Incarceration"]), J["st"] if rng.random() < 0.8 else ch(OTHER_STATES))

# filler: people never in these jails
n_target = int(rng.integers(7000, 17000))
n_fill = max(1000, n_target - len(book_ins))
sub_states = [JUR[k]["st"] for k in jkeys]
for _ in range(n_fill):
    st = ch(sub_states) if rng.random() < 0.55 else ch(OTHER_STATES)
    home_st = st if st in REGION_MIX else ch(["TX", "CA", "FL", "NY"])
    p = new_person(home_st, True)
    p["noncit"] = True
    if not p["anum"]:
        p["anum"] = f"A{int(rng.integers(200000000, 216000000)):09d}"
    when = D0 + timedelta(days=float(rng.uniform(0, 3 * 365)), hours=float(rng.uniform(0, 24)))
    m = ch(["CAP Local Incarceration", "Non-Custodial Arrest", "Located", "Other Efforts", "287(g) Program"], [60, 18, 10, 7, 5])
    add_bookin(p, when, m, st)
    if rng.random() < 0.06:
        add_bookin(p, when + timedelta(days=float(rng.uniform(30, 500))), ch(["Non-Custodial Arrest", "CAP Local Incarceration"]), st)

# ----------------------------------------------------------------------------- ICE's decline records
def decline_lag():
    r = rng.random()
    if r < 0.55:
        return int(rng.integers(0, 3))
    if r < 0.82:
        return int(rng.integers(3, 8))
    return int(np.clip(rng.lognormal(math.log(14), 0.6), 8, 56))

records = []  # candidate listed entries (before week selection)
for bi, B in enumerate(bookings):
    if not B["det"] or B["rel"] is None:
        continue
    J = JUR[B["jur"]]
    fate = B["fate"]
    if fate == "street":
        pr, outcome = 0.85, "declined_confirmed"
    elif fate == "ice":
        pr, outcome = (0.40 if B["jur"] == "MN/HENNEPIN" else 0.10), "transferred_to_ice"
    else:
        pr, outcome = 0.30, "transferred_to_other_agency"
    B["recorded"] = rng.random() < pr
    if not B["recorded"]:
        continue
    dd = B["rel"].replace(hour=0, minute=0) + timedelta(days=decline_lag())
    kind = {"declined_confirmed": "decline", "transferred_to_ice": "honoured_but_listed", "transferred_to_other_agency": "other_agency"}[outcome]
    if B["reused"]:
        kind += "+reused_old_detainer"
    records.append(dict(bi=bi, jur=B["jur"], issued=B["issued"], declined=dd, outcome=outcome, kind=kind))

# Travis policy day: re-assess every detainer held in custody; close old unresolved ones
trav_policy = []
for bi, B in enumerate(bookings):
    if B["jur"] != "TX/TRAVIS" or not B["det"]:
        continue
    if B["issued"] > POLICY_DAY:
        continue
    in_cust = B["bdt"] <= POLICY_DAY and (B["rel"] is None or B["rel"] > POLICY_DAY)
    dd = POLICY_DAY + timedelta(days=int(rng.choice([0, 0, 0, 1, 2])))
    if in_cust and rng.random() < 0.6:
        if B["rel"] is not None and B["rel"] <= dd + timedelta(days=7):
            oc = {"street": "declined_confirmed", "ice": "transferred_to_ice", "other": "transferred_to_other_agency"}[B["fate"]]
            kind = "policy_day_released_that_week"
        else:
            oc, kind = "still_in_custody", "policy_day_held"
        trav_policy.append(dict(bi=bi, jur="TX/TRAVIS", issued=B["issued"], declined=dd, outcome=oc, kind=kind, policy=True))
    elif B["rel"] is not None and B["rel"] < POLICY_DAY - timedelta(days=60) and B["fate"] == "street" and not B.get("recorded") and rng.random() < 0.5:
        trav_policy.append(dict(bi=bi, jur="TX/TRAVIS", issued=B["issued"], declined=dd, outcome="declined_confirmed", kind="policy_day_long_gone", policy=True))
# pre-2015 releases (no log row)
for _ in range(int(rng.integers(8, 25))):
    p = new_person("TX/TRAVIS", True)
    iss = datetime(2011, 1, 1) + timedelta(days=int(rng.integers(0, 4 * 365 - 30)))
    trav_policy.append(dict(bi=None, person=p, jur="TX/TRAVIS", issued=iss, declined=POLICY_DAY + timedelta(days=int(rng.choice([0, 0, 1]))),
                            outcome="no_release_record", kind="policy_day_prelog", policy=True,
                            cats=[ch(CAT, CAT_W)]))
# a few still-in-custody entries elsewhere (ICE recorded a decline while person still held)
for bi, B in enumerate(bookings):
    held = B["det"] and B["rel"] is None or (B["det"] and B["rel"] is not None and (B["rel"] - B["bdt"]).days > 40)
    if held and rng.random() < 0.02 and B["jur"] != "TX/TRAVIS":
        dd = B["bdt"].replace(hour=0, minute=0) + timedelta(days=int(rng.integers(10, 40)))
        if B["issued"] > dd:
            continue
        if B["rel"] is not None and B["rel"] <= dd + timedelta(days=7):
            continue
        records.append(dict(bi=bi, jur=B["jur"], issued=B["issued"], declined=dd, outcome="still_in_custody", kind="recorded_while_held"))

# ----------------------------------------------------------------------------- weekly listing
def week_of(d):
    return (d - start_sat).days // 7

by_week = {}
for r in records:
    w = week_of(r["declined"])
    if 0 <= w < MAX_WEEKS:
        by_week.setdefault(w, []).append(r)
for r in trav_policy:
    by_week.setdefault(week_of(r["declined"]), []).append(r)
target = int(rng.integers(280, 560))
chosen, nweeks = [], 0
for w in range(MAX_WEEKS):
    if len(chosen) >= target and w >= 8:
        break
    chosen += by_week.get(w, [])
    nweeks = w + 1
REPORT_END = start_sat + timedelta(days=7 * nweeks)

# partial logs: 1-2 submitted logs cut off inside the report period
sub_list = [k for k in jkeys if JUR[k]["submitted"] and k not in ("TX/TRAVIS",)]
n_part = int(rng.integers(1, 3))
for k in jkeys:
    JUR[k]["cutoff"] = REPORT_END + timedelta(days=14)
for i in rng.permutation(len(sub_list))[:n_part]:
    JUR[sub_list[i]]["cutoff"] = start_sat + timedelta(days=int(rng.integers(21, max(22, 7 * nweeks - 14))))

# ----------------------------------------------------------------------------- entries + truth
def fmt_state(st):
    return ch([st, STATE_NAMES[st], STATE_NAMES[st].upper()], [5, 2, 2])

def fmt_county(c):
    return ch([c.upper(), c, c + " County", c.upper() + " COUNTY"], [5, 2, 2, 1])

def nca(cats):
    charged = cats[:]
    if rng.random() < 0.15:
        charged = [ch(CAT, CAT_W)]
    conv = [ch(CAT, CAT_W)] if rng.random() < 0.4 else []
    s = []
    if charged and rng.random() < 0.9:
        s.append("Charged: " + ", ".join(charged))
    if conv:
        s.append("Convicted: " + ", ".join(conv))
    return "; ".join(s)

RDATE = ch(["iso", "mdy4", "mdy2"], [4, 4, 2])

def fmt_d(d, style):
    if style == "iso":
        return d.strftime("%Y-%m-%d")
    if style == "mdy4":
        return f"{d.month:d}/{d.day:d}/{d.year:d}"
    return f"{d.month:d}/{d.day:d}/{d.year % 100:02d}"

def fmt_dt(d, style, with_time):
    if not with_time:
        return fmt_d(d, style)
    if style == "iso":
        return d.strftime("%Y-%m-%d %H:%M:%S")
    return fmt_d(d, style) + " " + f"{d.hour:d}:{d.minute:02d}"

chosen.sort(key=lambda r: (r["declined"], r["jur"], str(r.get("bi"))))
entries, truth = [], []
eid_n = [0]

def next_eid():
    eid_n[0] += 1
    return f"DD{SEED:d}-{eid_n[0]:05d}"

def outcome_vs_log(r):
    """Truth as seen against the submitted logs."""
    bi = r.get("bi")
    J = JUR[r["jur"]]
    if bi is None:
        return "no_release_record", "", "", r["kind"]
    B = bookings[bi]
    kind = r["kind"]
    if not J["submitted"]:
        return "no_release_record", "", "", kind + "+no_log"
    cut = J["cutoff"]
    if B["bdt"] > cut:
        return "no_release_record", "", "", kind + "+booked_after_log_cutoff"
    if B["rel"] is not None and B["rel"] > cut and r["outcome"] != "still_in_custody":
        return "no_release_record", B["bid"], "", kind + "+released_after_log_cutoff"
    if B["bdt"].year < 2015 and B["rel"] is not None and B["rel"] < D0:
        return "no_release_record", "", "", kind + "+prelog"
    cid = B["custody_id"] if r["outcome"] == "transferred_to_ice" and B["custody_id"] else ""
    return r["outcome"], B["bid"], cid, kind

# booking ids per jurisdiction (need before truth)
for key in jkeys:
    bs = [i for i, B in enumerate(bookings) if B["jur"] == key]
    bs.sort(key=lambda i: bookings[i]["bdt"])
    pref = ch(["", "B", "J"]) + str(int(rng.integers(1, 9)))
    base = int(rng.integers(100000, 900000))
    cur = base
    for _n, i in enumerate(bs):
        B = bookings[i]
        cur += int(rng.integers(1, 4))
        B["bid"] = f"{pref}{B['bdt'].strftime('%y')}{cur:07d}"

listing = []
for r in chosen:
    listing.append((r, week_of(r["declined"]), None))
# duplicates
dups = []
for r in chosen:
    if rng.random() < 0.04:
        w2 = week_of(r["declined"]) + int(rng.integers(1, 4))
        if w2 < nweeks:
            dups.append((r, w2))

def emit(r, week, dup_of):
    eid = next_eid()
    J = JUR[r["jur"]]
    listed_jur = r["jur"]
    wrong = False
    if dup_of is None and TWIN.get(r["jur"]) in JUR and not r.get("policy") and rng.random() < 0.03 * (4 if not J["submitted"] else 1):
        listed_jur = TWIN[r["jur"]]
        wrong = True
    LJ = JUR[listed_jur]
    if r.get("bi") is not None:
        p = bookings[r["bi"]]["p"]
        cats = bookings[r["bi"]]["cats"]
    else:
        p = r["person"]
        cats = r["cats"]
    cit = ice_identity(p)["cit"]
    declined = r["declined"]
    if dup_of is not None and rng.random() < 0.2:
        declined = declined + timedelta(days=int(rng.integers(1, 7)))
    wk_day = start_sat + timedelta(days=7 * week + int(rng.choice([0, 6, 2])))
    entries.append(dict(entry_id=eid, report_week=fmt_d(wk_day, RDATE), state=fmt_state(LJ["st"]), county=fmt_county(LJ["county"]),
                        city=LJ["city"] if rng.random() < 0.7 else "", facility=ch(LJ["icefac"]), citizenship=cit,
                        notable_criminal_activity=nca(cats), detainer_issued_date=fmt_d(r["issued"], RDATE),
                        detainer_declined_date=fmt_d(declined, RDATE)))
    oc, bid, cid, kind = outcome_vs_log(r)
    if wrong:
        kind = "wrong_county(" + listed_jur + ")+" + kind
    stale = (declined - r["issued"]).days > 365
    truth.append(dict(entry_id=eid, true_outcome=oc, booking_id=bid, jurisdiction=r["jur"], custody_id=cid or "",
                      duplicate_of=dup_of or "", stale="true" if stale else "false", kind=kind))
    return eid

first_eid = {}
listed_detainer = {}  # (booking, issued) -> first entry listing that detainer
allrows = sorted([(w, 0, r) for (r, w, _) in listing] + [(w, 1, r) for (r, w) in dups], key=lambda t: (t[0], t[1]))
for w, isdup, r in allrows:
    if isdup:
        emit(r, w, first_eid[id(r)])
    else:
        dkey = (r.get("bi"), r["issued"]) if r.get("bi") is not None else None
        prior = listed_detainer.get(dkey) if dkey else None
        first_eid[id(r)] = emit(r, w, None)
        if prior:  # the same detainer listed again (e.g. policy day, then at the real release)
            truth[-1]["duplicate_of"] = prior
            truth[-1]["kind"] += "+relisted"
        elif dkey:
            listed_detainer[dkey] = first_eid[id(r)]

os.makedirs(OUT, exist_ok=True)
pd.DataFrame(entries).to_csv(os.path.join(OUT, "reports.csv"), index=False)
pd.DataFrame(truth).to_csv(os.path.join(OUT, "truth.csv"), index=False)

# ----------------------------------------------------------------------------- release logs
os.makedirs(os.path.join(OUT, "releases"), exist_ok=True)
log_meta = {}
for key in jkeys:
    J = JUR[key]
    if not J["submitted"]:
        continue
    style = ch(["iso", "mdy4", "mdy2"], [4, 4, 2])
    rel_time = rng.random() < 0.7
    names = ch(["split", "full"], [3, 2])
    use_age = rng.random() < 0.25
    has_hold = rng.random() < 0.7
    has_pob = rng.random() < 0.7
    pob_missing = float(rng.uniform(0.35, 0.7))
    sexstyle = ch(["MF", "MALEFEMALE"], [3, 1])
    cut = J["cutoff"]
    rows = []
    for B in bookings:
        if B["jur"] != key or B["bdt"] > cut:
            continue
        if B["rel"] is not None and B["rel"] < D0:
            continue
        p = B["p"]
        row = dict(booking_id=B["bid"])
        if names == "split":
            row["last_name"] = p["last"].replace(" ", ch([" ", "-"], [3, 1])) if " " in p["last"] else p["last"]
            row["first_name"] = p["first"]
            row["middle_name"] = p["middle"]
        else:
            ln = p["last"].replace(" ", "-") if rng.random() < 0.5 else p["last"]
            row["full_name"] = f"{ln},{ch(['', ' '])}{p['first'] + (' ' + p['middle'] if p['middle'] else '')}"
        if use_age:
            a = B["bdt"].year - p["dob"].year - ((B["bdt"].month, B["bdt"].day) < (p["dob"].month, p["dob"].day))
            row["age"] = a
        else:
            row["dob"] = fmt_d(p["dob"], style)
        s = p["sex"]
        if rng.random() < 0.02:
            s = ch(["U", ""])
        elif sexstyle == "MALEFEMALE":
            s = {"M": "MALE", "F": "FEMALE"}[s]
        row["sex"] = s
        row["booking_date"] = fmt_dt(B["bdt"], style, True) if rng.random() < 0.5 else fmt_d(B["bdt"], style)
        if B["rel"] is not None and B["rel"] <= cut:
            row["release_datetime"] = fmt_dt(B["rel"], style, rel_time)
            row["release_reason"] = B["reason"]
        else:
            row["release_datetime"] = ""
            row["release_reason"] = ""
        row["charges"] = B["charges"]
        if has_pob:
            if rng.random() < pob_missing:
                row["place_of_birth"] = ""
            elif p["birth"] == "US":
                row["place_of_birth"] = ch([STATE_NAMES[J["st"]], J["st"], STATE_NAMES[J["st"]].upper(), "USA", "UNITED STATES", ch(list(STATE_NAMES.values()))])
            else:
                if p["noncit"] and rng.random() < 0.01:
                    row["place_of_birth"] = STATE_NAMES[J["st"]]
                else:
                    row["place_of_birth"] = ch(COUNTRIES[p["birth"]][0])
        if has_hold:
            if B["det"] and rng.random() < 0.92:
                row["hold_agency"] = ch(["ICE", "ICE", "ICE", "IMMIGRATION"]) if key != "MN/HENNEPIN" else "ICE"
                hd = B["bdt"] if B["reused"] else B["issued"] + timedelta(days=int(rng.choice([0, 0, 1, 2, 3])))
                row["hold_date"] = fmt_d(max(hd, B["bdt"]), style)
            elif rng.random() < 0.04:
                row["hold_agency"] = ch(["USMS", "TDCJ", "PAROLE", "WARRANT-OTHER CO"])
                row["hold_date"] = fmt_d(B["bdt"] + timedelta(days=int(rng.integers(0, 5))), style)
            else:
                row["hold_agency"] = ""
                row["hold_date"] = ""
        row["facility"] = J["fac"]
        row["county"] = J["county"].upper() if rng.random() < 0.0 else J["county"]
        row["state"] = J["st"]
        rows.append(row)
    df = pd.DataFrame(rows)
    fn = os.path.join(OUT, "releases", f"{J['st'].lower()}-{J['county'].lower()}.csv")
    df.to_csv(fn, index=False)
    log_meta[key] = dict(rows=len(df), style=style, rel_time=rel_time, names=names, age=use_age, hold=has_hold, pob=has_pob,
                         cutoff=cut.date().isoformat())

# ----------------------------------------------------------------------------- custody extracts
book_ins.sort(key=lambda b: b["when"])
named, foia = [], []
for b in book_ins:
    if b["date_only"]:
        w = b["when"].strftime("%Y-%m-%d")
    else:
        w = b["when"].strftime("%Y-%m-%d %H:%M:%S")
    named.append(dict(custody_id=b["custody_id"], book_in_datetime=w, citizenship=b["cit"], sex=b["sex"], birth_date=b["dob"].strftime("%Y-%m-%d"),
                      last_name=b["last"], first_name=b["first"], a_number=b["anum"], apprehension_state=b["state"],
                      apprehension_method=b["method"], detention_facility=b["fac"], detention_facility_code=b["faccode"]))
    foia.append(dict(custody_id=b["custody_id"], book_in_datetime=w, citizenship=b["cit"], sex=b["sex"], birth_year=b["dob"].year,
                     apprehension_state=b["state"], apprehension_method=b["method"], detention_facility=b["fac"],
                     detention_facility_code=b["faccode"]))
pd.DataFrame(named).to_csv(os.path.join(OUT, "custody.csv"), index=False)
pd.DataFrame(foia).to_csv(os.path.join(OUT, "custody_foia.csv"), index=False)

tr = pd.DataFrame(truth)
with open(os.path.join(OUT, "world.txt"), "w") as f:
    f.write(f"seed {SEED:d} weeks {nweeks:d} start {start_sat.date()!s} policy_day {POLICY_DAY.date()!s}\n")
    for k in jkeys:
        n_bookings = sum(1 for B in bookings if B["jur"] == k)
        f.write(f"{k!s} submitted={JUR[k]['submitted']!s} bookings={n_bookings:d} {log_meta.get(k, '')!s}\n")
    f.write(f"entries {len(entries):d} book_ins {len(book_ins):d}\n")
    f.write(tr.true_outcome.value_counts().to_string() + "\n")
    f.write(tr.kind.value_counts().to_string() + "\n")
with open(os.path.join(OUT, "world.txt")) as f:
    print(f.read())
