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
import csv
import os
import sys
from datetime import date, datetime, timedelta

import numpy as np
from faker import Faker

T0 = datetime(2015, 1, 1)
T_END = datetime(2017, 12, 31, 23, 59)
EXTRACT = datetime(2018, 1, 8)
WIN_START = date(2017, 1, 29)
N_WEEKS = 22
WIN_END = WIN_START + timedelta(days=7 * N_WEEKS - 1)
TRAVIS_POLICY = date(2017, 2, 1)

STATE_NAMES = {'TX': 'Texas', 'MN': 'Minnesota', 'CA': 'California', 'OR': 'Oregon', 'NC': 'North Carolina',
               'KS': 'Kansas', 'IA': 'Iowa', 'NM': 'New Mexico', 'WA': 'Washington', 'NY': 'New York',
               'AZ': 'Arizona', 'FL': 'Florida', 'GA': 'Georgia', 'IL': 'Illinois', 'NJ': 'New Jersey',
               'UT': 'Utah', 'AR': 'Arkansas', 'PA': 'Pennsylvania', 'IN': 'Indiana', 'OH': 'Ohio',
               'VA': 'Virginia', 'MO': 'Missouri', 'WY': 'Wyoming', 'CO': 'Colorado'}
STATE_CITIES = {'TX': ['Austin', 'Houston', 'San Antonio', 'El Paso'], 'MN': ['Minneapolis', 'St. Paul'],
                'CA': ['Los Angeles', 'Santa Ana', 'Anaheim'], 'OR': ['Portland', 'Hillsboro'],
                'NC': ['Charlotte'], 'KS': ['Olathe', 'Kansas City'], 'IA': ['Iowa City', 'Des Moines'],
                'NM': ['Albuquerque'], 'WA': ['Pasco', 'Seattle'], 'NY': ['Brooklyn', 'Hempstead']}

COUNTRIES = {
    'MEXICO': (['Mexico', 'MEXICO', 'MEX', 'Distrito Federal, Mexico', 'Jalisco, Mexico', 'Guanajuato, Mexico',
                'Mexico (Use only when state is unknown)', 'Michoacan', 'GUADALAJARA', 'Monterrey, Nuevo Leon',
                'MX', 'Oaxaca'], 'hisp'),
    'GUATEMALA': (['Guatemala', 'GUATEMALA', 'GT', 'Guatemala City', 'Huehuetenango, Guatemala', 'GUAT'], 'hisp'),
    'EL SALVADOR': (['El Salvador', 'EL SALVADOR', 'SV', 'San Salvador', 'SALVADOR', 'San Miguel, El Salvador'], 'hisp'),
    'HONDURAS': (['Honduras', 'HONDURAS', 'HON', 'Tegucigalpa', 'San Pedro Sula, Honduras', 'HN'], 'hisp'),
    'CUBA': (['Cuba', 'CUBA', 'Havana', 'La Habana, Cuba'], 'hisp'),
    'DOMINICAN REPUBLIC': (['Dominican Republic', 'DOM REP', 'DR', 'Santo Domingo', 'Republica Dominicana'], 'hisp'),
    'ECUADOR': (['Ecuador', 'ECUADOR', 'Quito', 'Cuenca, Ecuador', 'EC'], 'hisp'),
    'CHINA, PEOPLES REPUBLIC OF': (['China', 'CHINA', 'CHN', 'Fujian, China', 'Peoples Republic of China', 'PRC', 'Beijing'], 'chinese'),
    'KOREA, SOUTH': (['Korea', 'South Korea', 'KOREA', 'Republic of Korea', 'Seoul', 'KOR'], 'korean'),
    'VIETNAM': (['Vietnam', 'VIETNAM', 'Viet Nam', 'Saigon', 'Ho Chi Minh City', 'VNM'], 'viet'),
    'PHILIPPINES': (['Philippines', 'PHILIPPINES', 'Manila', 'PHL'], 'filipino'),
    'INDIA': (['India', 'INDIA', 'Punjab, India', 'IND', 'Gujarat'], 'indian'),
    'SOMALIA': (['Somalia', 'SOMALIA', 'Mogadishu', 'SOM'], 'somali'),
    'ETHIOPIA': (['Ethiopia', 'ETHIOPIA', 'Addis Ababa', 'ETH'], 'ethiopian'),
    'LIBERIA': (['Liberia', 'LIBERIA', 'Monrovia'], 'liberian'),
    'KENYA': (['Kenya', 'Nairobi', 'KENYA'], 'kenyan'),
    'LAOS': (['Laos', 'LAOS', 'Lao PDR', 'Thailand'], 'hmong'),
    'UKRAINE': (['Ukraine', 'UKRAINE', 'Kiev', 'Ukrainian SSR', 'USSR'], 'slavic'),
    'RUSSIA': (['Russia', 'RUSSIA', 'Russian Federation', 'USSR', 'Moscow'], 'slavic'),
    'JAMAICA': (['Jamaica', 'JAMAICA', 'Kingston', 'JAM', 'West Indies'], 'english'),
    'NIGERIA': (['Nigeria', 'NIGERIA', 'Lagos', 'NGA'], 'nigerian'),
    'HAITI': (['Haiti', 'HAITI', 'Port-au-Prince', 'HTI'], 'haitian'),
    'BURMA': (['Burma', 'Myanmar', 'BURMA', 'MYANMAR'], 'burmese'),
    'SUDAN': (['Sudan', 'SUDAN', 'Khartoum', 'South Sudan'], 'sudanese'),
}

N = {}
N['hisp_m'] = ['JOSE', 'JUAN', 'LUIS', 'CARLOS', 'JESUS', 'MIGUEL', 'FRANCISCO', 'ANTONIO', 'ALEJANDRO', 'JORGE', 'PEDRO', 'RICARDO', 'FERNANDO', 'MARIO', 'RAUL', 'SERGIO', 'ROBERTO', 'EDUARDO', 'MANUEL', 'JAVIER', 'OSCAR', 'DANIEL', 'VICTOR', 'RAFAEL', 'GUILLERMO', 'ENRIQUE', 'IGNACIO', 'ARTURO', 'SANTIAGO', 'HECTOR', 'RAMON', 'RUBEN', 'JULIO', 'ALFREDO', 'ADRIAN', 'CESAR', 'EDGAR', 'ISRAEL', 'ERICK', 'OMAR', 'GERARDO', 'ANGEL', 'MARCO', 'FELIPE', 'ARMANDO', 'HUGO', 'AGUSTIN', 'JOEL']
N['hisp_f'] = ['MARIA', 'GUADALUPE', 'ANA', 'ROSA', 'CARMEN', 'LETICIA', 'VERONICA', 'PATRICIA', 'JUANA', 'ELIZABETH', 'SANDRA', 'BLANCA', 'CLAUDIA', 'ADRIANA', 'SILVIA', 'LAURA', 'MARTHA', 'YESENIA']
N['hisp_last'] = ['GARCIA', 'HERNANDEZ', 'MARTINEZ', 'LOPEZ', 'GONZALEZ', 'RODRIGUEZ', 'PEREZ', 'SANCHEZ', 'RAMIREZ', 'CRUZ', 'FLORES', 'GOMEZ', 'MORALES', 'VAZQUEZ', 'REYES', 'JIMENEZ', 'TORRES', 'DIAZ', 'GUTIERREZ', 'RUIZ', 'MENDOZA', 'AGUILAR', 'ORTIZ', 'MORENO', 'CASTILLO', 'ROMERO', 'ALVAREZ', 'MENDEZ', 'CHAVEZ', 'RIVERA', 'JUAREZ', 'RAMOS', 'DOMINGUEZ', 'HERRERA', 'MEDINA', 'CASTRO', 'VARGAS', 'GUZMAN', 'VELAZQUEZ', 'MUNOZ', 'ROJAS', 'CONTRERAS', 'SALAZAR', 'LUNA', 'ORTEGA', 'SANTIAGO', 'GUERRERO', 'ESTRADA', 'BAUTISTA', 'CORTES', 'SOTO', 'ALVARADO', 'ESPINOZA', 'LARA', 'AVILA', 'RIOS', 'CERVANTES', 'SILVA', 'DELGADO', 'VEGA', 'MARQUEZ', 'SANDOVAL', 'FERNANDEZ', 'LEON', 'CARRILLO', 'MEJIA', 'SOLIS', 'NUNEZ', 'ROSAS', 'VALDEZ', 'IBARRA', 'CAMPOS', 'SANTOS', 'CAMACHO', 'NAVARRO', 'PENA', 'MALDONADO', 'ROSALES', 'ACOSTA', 'MIRANDA', 'TREJO', 'VALENCIA', 'NAVA', 'PACHECO', 'HUERTA', 'IBANEZ', 'ZAVALA'] + ['DE LA CRUZ', 'DE LEON', 'DE LA ROSA']
HISP_LAST_W = np.array([1.0 / (i + 3) ** 0.7 for i in range(len(N['hisp_last']))])
HISP_LAST_W /= HISP_LAST_W.sum()
ETH = {
    'chinese': (['WANG', 'LI', 'ZHANG', 'LIU', 'CHEN', 'YANG', 'HUANG', 'ZHAO', 'WU', 'ZHOU', 'LIN'], ['WEI', 'JIAN', 'JUN', 'MING', 'HAO', 'LEI', 'QIANG', 'YONG', 'XIAOMING']),
    'korean': (['KIM', 'LEE', 'PARK', 'CHOI', 'JUNG', 'KANG', 'CHO', 'YOON'], ['MINJUN', 'JIHOON', 'SEUNGHO', 'HYUNWOO', 'DONGHYUN', 'SUNGMIN']),
    'viet': (['NGUYEN', 'TRAN', 'LE', 'PHAM', 'HOANG', 'HUYNH', 'PHAN', 'VU', 'VO', 'DANG', 'BUI', 'DO'], ['MINH', 'TUAN', 'HUNG', 'DUNG', 'THANH', 'HIEU', 'LONG', 'NAM', 'PHUONG', 'LINH']),
    'indian': (['PATEL', 'SINGH', 'KUMAR', 'SHAH', 'SHARMA'], ['RAJESH', 'AMIT', 'SURESH', 'VIJAY', 'HARPREET']),
    'somali': (['MOHAMED', 'ALI', 'HASSAN', 'AHMED', 'OMAR', 'ABDI', 'WARSAME', 'JAMA', 'FARAH', 'ADAN', 'HUSSEIN', 'ISSE', 'DUALE'],
               ['MOHAMED', 'ABDI', 'AHMED', 'HASSAN', 'ABDIRAHMAN', 'ABDULLAHI', 'OMAR', 'ALI', 'YUSUF', 'IBRAHIM', 'FARAH', 'MUSE']),
    'ethiopian': (['TESFAYE', 'GEBRE', 'HAILE', 'BEKELE', 'ALEMU', 'TADESSE'], ['DAWIT', 'YONAS', 'SAMUEL', 'MESFIN', 'ABEBE']),
    'liberian': (['KOLLIE', 'DOE', 'TOGBA', 'FLOMO', 'SIRLEAF'], ['MOSES', 'JOSEPH', 'EMMANUEL', 'PRINCE', 'AMOS']),
    'kenyan': (['OTIENO', 'KAMAU', 'MWANGI', 'OCHIENG'], ['PETER', 'JOHN', 'DAVID', 'BRIAN']),
    'hmong': (['VANG', 'XIONG', 'LEE', 'THAO', 'YANG', 'HER', 'MOUA'], ['TOU', 'PAO', 'CHA', 'KOU', 'NENG']),
    'slavic': (['KOVALENKO', 'SHEVCHENKO', 'BONDARENKO', 'TKACHENKO', 'IVANOV', 'PETROV', 'SMIRNOV'], ['OLEKSANDR', 'DMYTRO', 'SERHIY', 'ANDRIY', 'VOLODYMYR', 'SERGEI', 'IVAN']),
    'nigerian': (['OKAFOR', 'ADEYEMI', 'OKONKWO', 'EZE', 'BELLO'], ['CHINEDU', 'OLUWASEUN', 'EMEKA', 'TUNDE']),
    'haitian': (['JEAN', 'PIERRE', 'JOSEPH', 'LOUIS', 'CHARLES'], ['JEAN', 'WILNER', 'FRANTZ', 'RICHARD']),
    'burmese': (['HTOO', 'PAW', 'MOO', 'AUNG', 'WIN'], ['SAW', 'KYAW', 'TUN', 'THAN']),
    'sudanese': (['DENG', 'GARANG', 'MAJOK', 'BOL'], ['JOHN', 'PETER', 'MABIOR', 'DANIEL']),
    'filipino': (['SANTOS', 'REYES', 'CRUZ', 'BAUTISTA', 'DELA', 'CRUZ', 'GARCIA', 'MENDOZA'], None),
    'english': (['BROWN', 'CAMPBELL', 'WILLIAMS', 'SMITH', 'JOHNSON'], None),
}
ETH['filipino'] = (['SANTOS', 'REYES', 'CRUZ', 'BAUTISTA', 'DELA CRUZ', 'GARCIA', 'MENDOZA'], None)
TRANSLIT = {'MOHAMED': ['MOHAMMED', 'MOHAMUD', 'MUHAMMAD'], 'ABDIRAHMAN': ['ABDULRAHMAN', 'ABDIRAHMAAN'],
            'HUSSEIN': ['HUSSEN', 'HUSEIN'], 'SERHIY': ['SERGIY', 'SERGEY'], 'OLEKSANDR': ['ALEKSANDR', 'ALEXANDER'],
            'DMYTRO': ['DMITRIY', 'DMITRY'], 'ANDRIY': ['ANDREY', 'ANDRII'], 'VOLODYMYR': ['VLADIMIR'],
            'KOVALENKO': ['KOVALENKO', 'KOWALENKO'], 'YUSUF': ['YUSUF', 'YOUSSEF'], 'NGUYEN': ['NGUYEN', 'NGUEN']}
NICK = {'JOSE': ['PEPE'], 'JESUS': ['CHUY'], 'FRANCISCO': ['PACO', 'FRANK', 'PANCHO'], 'GUILLERMO': ['MEMO', 'WILLIAM'],
        'ALEJANDRO': ['ALEX'], 'ROBERTO': ['BETO', 'ROBERT'], 'IGNACIO': ['NACHO'], 'EDUARDO': ['LALO', 'EDDIE'],
        'ENRIQUE': ['KIKE', 'HENRY'], 'MANUEL': ['MANNY'], 'ANTONIO': ['TONY'], 'JAVIER': ['JAVI'], 'DANIEL': ['DANNY'],
        'GUADALUPE': ['LUPE'], 'WILLIAM': ['BILL', 'WILL'], 'ROBERT': ['BOB', 'ROB'], 'RICHARD': ['RICK'],
        'JAMES': ['JIM'], 'MICHAEL': ['MIKE'], 'JOSEPH': ['JOE'], 'CHRISTOPHER': ['CHRIS'], 'MOHAMED': ['MO'],
        'ALEKSANDR': ['SASHA'], 'OLEKSANDR': ['SASHA'], 'RAFAEL': ['RAFA'], 'ALFREDO': ['FREDDY']}
ACCENT = {'MUNOZ': 'MUÑOZ', 'NUNEZ': 'NÚÑEZ', 'PENA': 'PEÑA', 'JOSE': 'JOSÉ', 'JESUS': 'JESÚS', 'RAMON': 'RAMÓN',
          'HECTOR': 'HÉCTOR', 'IBANEZ': 'IBÁÑEZ', 'RAUL': 'RAÚL', 'ANGEL': 'ÁNGEL', 'CESAR': 'CÉSAR',
          'VELAZQUEZ': 'VELÁZQUEZ', 'MARTINEZ': 'MARTÍNEZ', 'HERNANDEZ': 'HERNÁNDEZ', 'RODRIGUEZ': 'RODRÍGUEZ',
          'PEREZ': 'PÉREZ', 'SANCHEZ': 'SÁNCHEZ', 'GONZALEZ': 'GONZÁLEZ', 'LOPEZ': 'LÓPEZ', 'GOMEZ': 'GÓMEZ',
          'JIMENEZ': 'JIMÉNEZ', 'RAMIREZ': 'RAMÍREZ', 'MARIA': 'MARÍA', 'JULIO': 'JULIO', 'VICTOR': 'VÍCTOR'}

CHARGES = {
    'DUI': (['DWI', 'DWI 2ND', 'DUI-ALCOHOL .08', 'OWI 1ST', 'DRIVING WHILE INTOXICATED', 'DUI - LIQUOR', 'DWI W/BAC >=0.15'], 'Driving Under Influence Liquor', .22),
    'TRAF': (['DRIVING WHILE LICENSE INVALID', 'NO DRIVERS LICENSE', 'DRIVING W/O LIC', 'DWLS', 'FAIL TO MAINTAIN FIN RESP'], 'Traffic Offense', .15),
    'ASLT': (['ASSAULT CAUSES BODILY INJURY', 'ASSAULT 5TH DEGREE', 'ASSAULT W/ BODILY INJ', 'SIMPLE ASSAULT', 'AGG ASSAULT W/DEADLY WEAPON'], 'Assault', .10),
    'FAM': (['ASSAULT CAUSES BI FAMILY MEMBER', 'DOMESTIC ASSAULT', 'VIOL PROTECTIVE ORDER', 'CHILD ENDANGERMENT'], 'Family Offense', .10),
    'DRUG': (['POSS CS PG 1 <1G', 'POSS MARIJ <2OZ', 'POSS W/INT DIST METH', 'POSS OF CONTROLLED SUBSTANCE', 'DRUG PARAPHERNALIA'], 'Dangerous Drugs', .10),
    'THEFT': (['THEFT PROP >=$100<$750', 'THEFT 3RD DEGREE', 'SHOPLIFTING', 'THEFT $750-$2500', 'PETTY THEFT'], 'Larceny', .08),
    'PUB': (['CRIMINAL TRESPASS', 'DISORDERLY CONDUCT', 'PUBLIC INTOXICATION', 'CRIMINAL MISCHIEF'], 'Public Order Crimes', .06),
    'OBST': (['RESIST ARREST', 'FAIL TO IDENTIFY', 'OBSTRUCTING LEGAL PROCESS', 'EVADING ARREST'], 'Obstructing Police', .05),
    'BURG': (['BURGLARY OF HABITATION', 'BURG 2ND DEG', 'BURGLARY OF VEHICLE', 'BURGLARY 3'], 'Burglary', .04),
    'WEAP': (['UNL CARRYING WEAPON', 'FELON IN POSS OF FIREARM', 'CARRYING CONCEALED WEAPON'], 'Weapon Offense', .03),
    'SEX': (['SEXUAL ASSAULT', 'INDECENCY W/CHILD', 'CRIM SEXUAL CONDUCT 3RD'], 'Sex Assault', .02),
    'ROB': (['ROBBERY', 'AGG ROBBERY', 'ROBBERY 2ND DEGREE'], 'Robbery', .02),
    'FRAUD': (['FORGERY', 'FRAUD USE/POSS IDENTIFYING INFO', 'IDENTITY THEFT'], 'Fraudulent Activities', .02),
    'VEH': (['UNAUTH USE OF VEHICLE', 'THEFT OF MOTOR VEHICLE', 'RECEIVING STOLEN VEHICLE'], 'Stolen Vehicle', .01),
    'WARR': (['PROBATION VIOLATION', 'FAILURE TO APPEAR', 'WARRANT - OTHER AGENCY', 'CONTEMPT OF COURT'], 'Obstructing Judiciary', .02),
}
CH_KEYS = list(CHARGES)
CH_W = np.array([CHARGES[k][2] for k in CH_KEYS])
CH_W /= CH_W.sum()

STREET = ['BOND-SURETY', 'BOND - CASH', 'PR BOND', 'TIME SERVED', 'CHARGES DISMISSED', 'RELEASED BY COURT',
          'COMPLETED SENTENCE', 'OWN RECOGNIZANCE', 'NO CHARGES FILED', 'PROBATION', 'RELEASED']
ICE_REASONS = ['RELEASED TO ICE', 'ICE', 'TRANSFER TO ICE', 'RELEASED TO IMMIGRATION', 'ICE DETAINER RELEASE', 'TO ICE CUSTODY']

# jurisdiction table: key, state, county, base size, foreign share, mix, policy(pre, post 2017-02-01),
# log facilities, ICE facility spellings, cities, neighbours, other-agency reasons
JURS = [
    ('TX', 'Travis', 30000, .16, {'MEXICO': .72, 'HONDURAS': .08, 'GUATEMALA': .07, 'EL SALVADOR': .06, 'CUBA': .02, 'INDIA': .02, 'VIETNAM': .01, 'NIGERIA': .01, 'CHINA, PEOPLES REPUBLIC OF': .01},
     ((.85, .02, .05, .10), (.45, .05, .05, .10)), ['TRAVIS COUNTY CORRECTIONAL COMPLEX', 'TRAVIS COUNTY JAIL', 'CENTRAL BOOKING - DOWNTOWN'],
     ['TRAVIS COUNTY JAIL', 'TRAVIS CO CORRECTIONAL COMPLEX', 'TRAVIS COUNTY CORRECTIONAL COMPLEX'], ['AUSTIN', ''], ['Williamson', 'Hays'],
     ['TRANSFER TO WILLIAMSON CO', 'TDCJ', 'RELEASED TO OTHER AGENCY', 'US MARSHAL']),
    ('MN', 'Hennepin', 24000, .08, {'MEXICO': .35, 'SOMALIA': .15, 'ECUADOR': .10, 'LAOS': .07, 'ETHIOPIA': .07, 'LIBERIA': .07, 'KENYA': .04, 'GUATEMALA': .05, 'HONDURAS': .04, 'VIETNAM': .03, 'UKRAINE': .03},
     ((0.0, .45, .05, .50), (0.0, .45, .05, .50)), ['ADULT DETENTION CENTER', 'HENNEPIN COUNTY JAIL - PSF', 'HCJ ANNEX'],
     ['HENNEPIN COUNTY JAIL', 'HENNEPIN CO ADULT DETENTION CENTER'], ['MINNEAPOLIS', ''], ['Ramsey', 'Anoka'],
     ['RELEASED TO OTHER AGENCY', 'TRANSFER - RAMSEY CO', 'MN DOC', 'TO USM']),
    ('CA', 'Orange', 20000, .20, {'MEXICO': .58, 'VIETNAM': .12, 'KOREA, SOUTH': .06, 'CHINA, PEOPLES REPUBLIC OF': .05, 'PHILIPPINES': .05, 'GUATEMALA': .05, 'EL SALVADOR': .05, 'INDIA': .02, 'UKRAINE': .02},
     ((.25, .15, .06, .20), (.25, .15, .06, .20)), ['Intake Release Center', 'Theo Lacy Facility', "Central Men's Jail", "Central Women's Jail"],
     ['ORANGE COUNTY JAIL', 'ORANGE COUNTY INTAKE RELEASE CENTER', 'THEO LACY FACILITY', 'ORANGE CO CENTRAL MENS JAIL'], ['SANTA ANA', 'ANAHEIM', ''], ['Los Angeles', 'Riverside'],
     ['RELEASED TO OTHER AGENCY', 'CDCR', 'TRANSFER LA COUNTY', 'USM']),
    ('OR', 'Washington', 7000, .12, {'MEXICO': .6, 'GUATEMALA': .1, 'VIETNAM': .06, 'UKRAINE': .08, 'RUSSIA': .05, 'KOREA, SOUTH': .04, 'CHINA, PEOPLES REPUBLIC OF': .04, 'INDIA': .03},
     ((0.0, .10, .04, .30), (0.0, .10, .04, .30)), ['Washington County Jail'], ['WASHINGTON COUNTY JAIL', 'WASHINGTON CO JAIL - HILLSBORO'], ['HILLSBORO', ''], ['Multnomah', 'Clackamas'],
     ['RELEASED TO OTHER AGENCY', 'ODOC', 'MULTNOMAH CO']),
    ('NC', 'Mecklenburg', 14000, .12, {'MEXICO': .45, 'HONDURAS': .12, 'EL SALVADOR': .10, 'GUATEMALA': .10, 'VIETNAM': .04, 'JAMAICA': .05, 'NIGERIA': .04, 'INDIA': .04, 'DOMINICAN REPUBLIC': .03, 'BURMA': .03},
     ((.85, .03, .05, .10), (.85, .03, .05, .10)), ['MCSO JAIL CENTRAL', 'MCSO JAIL NORTH'], ['MECKLENBURG COUNTY JAIL', 'MECKLENBURG CO JAIL CENTRAL'], ['CHARLOTTE', ''], ['Gaston', 'Union'],
     ['RELEASED TO OTHER AGENCY', 'NC DPS', 'USM HOLD']),
    ('KS', 'Johnson', 6000, .10, {'MEXICO': .6, 'GUATEMALA': .1, 'EL SALVADOR': .08, 'BURMA': .06, 'INDIA': .05, 'VIETNAM': .05, 'SOMALIA': .06},
     ((.80, .05, .05, .15), (.80, .05, .05, .15)), ['JOHNSON COUNTY ADULT DETENTION CENTER', 'NEW CENTURY ADC'], ['JOHNSON COUNTY JAIL', 'JOHNSON COUNTY ADULT DETENTION CENTER'], ['OLATHE', ''], ['Wyandotte'],
     ['RELEASED TO OTHER AGENCY', 'KDOC', 'WYANDOTTE CO']),
    ('IA', 'Johnson', 1500, .12, {'MEXICO': .4, 'HONDURAS': .1, 'SUDAN': .1, 'CHINA, PEOPLES REPUBLIC OF': .15, 'KOREA, SOUTH': .1, 'INDIA': .15},
     ((.30, .15, .05, .20), (.30, .15, .05, .20)), ['Johnson County Jail'], ['JOHNSON COUNTY JAIL'], ['IOWA CITY', ''], ['Linn'],
     ['RELEASED TO OTHER AGENCY', 'IDOC', 'LINN COUNTY']),
    ('NM', 'Bernalillo', 12000, .14, {'MEXICO': .85, 'GUATEMALA': .04, 'CUBA': .05, 'HONDURAS': .03, 'VIETNAM': .03},
     ((.02, .20, .05, .30), (.02, .20, .05, .30)), ['METROPOLITAN DETENTION CENTER', 'MDC'], ['BERNALILLO COUNTY METROPOLITAN DETENTION CENTER', 'BERNALILLO COUNTY MDC'], ['ALBUQUERQUE', ''], ['Sandoval', 'Valencia'],
     ['RELEASED TO OTHER AGENCY', 'NMCD', 'USM']),
    ('WA', 'Franklin', 700, .25, {'MEXICO': .9, 'GUATEMALA': .05, 'UKRAINE': .05},
     ((.30, .20, .03, .30), (.30, .20, .03, .30)), ['Franklin County Corrections'], ['FRANKLIN COUNTY JAIL'], ['PASCO', ''], ['Benton'],
     ['RELEASED TO OTHER AGENCY', 'BENTON CO']),
    ('NY', 'Nassau', 9000, .15, {'EL SALVADOR': .30, 'HONDURAS': .12, 'GUATEMALA': .12, 'DOMINICAN REPUBLIC': .10, 'JAMAICA': .08, 'ECUADOR': .08, 'HAITI': .06, 'INDIA': .05, 'MEXICO': .05, 'CHINA, PEOPLES REPUBLIC OF': .04},
     ((.85, .03, .05, .10), (.85, .03, .05, .10)), ['NASSAU COUNTY CORRECTIONAL CENTER', 'NCCC'], ['NASSAU COUNTY CORRECTIONAL CENTER', 'NASSAU COUNTY JAIL'], ['EAST MEADOW', ''], ['Suffolk', 'Queens'],
     ['RELEASED TO OTHER AGENCY', 'NYS DOCCS', 'SUFFOLK CO', 'USM']),
]
SIMILAR = {'Washington': ['AR', 'UT', 'PA', 'MN'], 'Johnson': ['TX', 'IN', 'WY'], 'Orange': ['FL', 'NC', 'NY', 'TX'],
           'Franklin': ['PA', 'OH', 'MO', 'VA'], 'Mecklenburg': ['VA'], 'Nassau': ['FL'], 'Travis': [], 'Hennepin': [], 'Bernalillo': []}
GENERIC_MIX = {'MEXICO': .6, 'GUATEMALA': .1, 'HONDURAS': .08, 'EL SALVADOR': .08, 'CUBA': .02, 'INDIA': .03, 'CHINA, PEOPLES REPUBLIC OF': .03, 'VIETNAM': .02, 'HAITI': .02, 'JAMAICA': .02}
ICE_FAC = {'TX': [('SOUTH TEXAS DETENTION COMPLEX', 'STCDFTX'), ('T DON HUTTO RESIDENTIAL CENTER', 'TDHUTTO'), ('JOE CORLEY DETENTION FACILITY', 'JCRLYTX'), ('SAN ANTONIO DRO HOLD ROOM', 'SNAHOLD')],
           'MN': [('SHERBURNE COUNTY JAIL', 'SHERBMN'), ('CARVER COUNTY JAIL', 'CARVEMN'), ('FREEBORN COUNTY JAIL', 'FREEBMN')],
           'CA': [('THEO LACY FACILITY', 'THEOLCA'), ('ADELANTO ICE PROCESSING CENTER', 'ADLNTCA'), ('JAMES A. MUSICK FACILITY', 'MUSICCA')],
           'OR': [('NORTHWEST DETENTION CENTER', 'CSCNWWA'), ('PORTLAND ERO HOLD ROOM', 'PORHOLD')], 'WA': [('NORTHWEST DETENTION CENTER', 'CSCNWWA')],
           'NC': [('MECKLENBURG COUNTY JAIL', 'MECKLNC'), ('STEWART DETENTION CENTER', 'STWRTGA')],
           'KS': [('JOHNSON COUNTY JAIL', 'JOHNSKS'), ('MORGAN COUNTY JAIL', 'MORGAMO')], 'IA': [('POTTAWATTAMIE COUNTY JAIL', 'POTTAIA'), ('HAMILTON COUNTY JAIL', 'HAMILIA')],
           'NM': [('OTERO COUNTY PROCESSING CENTER', 'OTRPCNM'), ('TORRANCE COUNTY DETENTION FACILITY', 'TORRNM')],
           'NY': [('NASSAU COUNTY CORRECTIONAL CENTER', 'NASSANY'), ('ORANGE COUNTY JAIL', 'ORANGNY'), ('BERGEN COUNTY JAIL', 'BERGENJ')]}
BG_RATE = {'TX': 7, 'CA': 6, 'AZ': 4, 'FL': 3, 'NY': 2, 'GA': 2, 'NC': 2, 'IL': 2, 'NJ': 1.5, 'MN': 1, 'OR': .8, 'NM': 1,
           'KS': .7, 'IA': .4, 'WA': 1, 'UT': .6, 'AR': .4, 'PA': .8, 'IN': .5, 'OH': .6, 'VA': .8, 'MO': .4, 'WY': .1, 'CO': 1}

PROFILES = [
    dict(name='full', sep=', ', case='upper', dt='mdy4_hm', d='mdy4', enc='utf-8', sex=('M', 'F'), dobcol='dob', hold=True, pob=False, middle=False, accents=False, cty='{c}', st='{s}'),
    dict(name='split', case='upper', dt='iso_hms', d='iso', enc='utf-8', sex=('MALE', 'FEMALE'), dobcol='dob', hold=True, pob=True, middle=True, accents=False, cty='{C}', st='{s}'),
    dict(name='full', sep=',', case='upper', dt='mdy2_hm', d='mdy2', enc='cp1252', sex=('M', 'F'), dobcol='dob', hold=False, pob=True, middle=False, accents=True, cty='{c} County', st='{S}'),
    dict(name='split', case='title', dt='excel', d='excel', enc='utf-8-sig', sex=('M', 'F'), dobcol='age', hold=True, pob=False, middle=False, accents=False, cty='{c}', st='{s}'),
    dict(name='full', sep=', ', case='title', dt='iso_hm', d='iso', enc='cp1252', sex=('Male', 'Female'), dobcol='dob', hold=True, pob=True, middle=False, accents=True, cty='{C} COUNTY', st='{s}'),
    dict(name='split', case='upper', dt='mixed', d='iso', enc='utf-8', sex=('M', 'F'), dobcol='age', hold=False, pob=True, middle=True, accents=False, cty='{c}', st='{S}'),
    dict(name='full', sep=', ', case='upper', dt='mdy4', d='mdy4', enc='utf-8', sex=('M', 'F'), dobcol='dob', hold=True, pob=True, middle=False, accents=False, cty='{C}', st='{s}'),
    dict(name='split', case='upper', dt='mdy4_hm', d='mdy2', enc='cp1252', sex=('M', 'F'), dobcol='dob', hold=False, pob=False, middle=True, accents=True, cty='{c}', st='{s}'),
]


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


class World:
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

    # ------------------------------------------------------------------ report entries
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

    # ------------------------------------------------------------------ writers
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
