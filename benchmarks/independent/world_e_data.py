"""World E's fixed tables: jurisdictions, countries, name pools, charges and release wording.

Everything here is data; `world_e_people.py` and `world_e_sim.py` draw from it.
"""

from __future__ import annotations

from datetime import date, time

REPORT_START = date(2017, 1, 28)  # a Saturday: week 1 covers Jan 28 - Feb 3
REPORT_WEEKS = 14  # the last week starts Apr 29 and ends May 5
STREAM_START = date(2016, 8, 1)  # first day bookings are simulated
LOG_START = date(2016, 10, 1)  # logs hold bookings released on/after this, or still held
EXPORT_DATE = date(2017, 5, 19)  # the day every final log was exported ...
EXPORT_TIME = time(17, 0)  # ... at this hour
ROANOKE_FIRST_EXPORT = date(2017, 3, 31)  # Roanoke city's first (overlapping) export
ROANOKE_SECOND_FROM = date(2017, 2, 15)  # ... its second export starts here
ICE_EXTRACT_END = date(2017, 6, 2)  # last ICE book-in in the extract
ICE_EXTRACT_START = date(2016, 10, 1)

# Jurisdictions. rate: bookings a week; foreign: share of bookings of non-citizens; detainer: P(an
# ICE detainer | non-citizen booking); lag: mean days from booking to detainer; honor / other:
# P(handed to ICE / to another agency | hold in time); err: P(ICE lists a hand-over as a decline);
# under: P(the log's reason hides a hand-over); early: P(ICE records a decline weeks before any
# release, at the jail's "will not honour" reply, for someone still held at export); after: P(ICE
# lists a detainer it lodged only after the release); omit: P(a booking is missing from the export).
# tz: the jail's clock (C, E, M; "UTC" = vendor export in UTC).
JURISDICTIONS: list[dict] = [
    dict(key="ORL", state="LA", state_name="LOUISIANA", log_county="Orleans Parish",
         ice_county=[("ORLEANS", .6), ("ORLEANS PARISH", .4)], city="NEW ORLEANS",
         log_facility="Orleans Justice Center",
         ice_facility=[("ORLEANS PARISH PRISON", .7), ("ORLEANS PARISH SHERIFF'S OFFICE", .3)],
         tz="C", rate=230, foreign=.05, detainer=.5, lag=1.0, honor=.15, other=.10, err=.10,
         under=.30, early=.55, omit=.015, after=.2, region="LA", layout="pipe"),
    dict(key="JEF", state="LA", state_name="LOUISIANA", log_county="Jefferson",
         ice_county=[("JEFFERSON PARISH", .7), ("JEFFERSON", .3)], city="GRETNA",
         log_facility="Jefferson Parish Correctional Center",
         ice_facility=[("JEFFERSON PARISH CORRECTIONAL CENTER", .6), ("JEFFERSON PARISH CORR CTR", .4)],
         tz="C", rate=240, foreign=.09, detainer=.5, lag=.8, honor=.85, other=.05, err=.22,
         under=.45, early=.02, omit=.015, after=.2, region="LA", layout="parquet"),
    dict(key="STT", state="LA", state_name="LOUISIANA", log_county="St. Tammany Parish",
         ice_county=[("SAINT TAMMANY", .6), ("ST TAMMANY", .25), ("ST. TAMMANY PARISH", .15)],
         city="COVINGTON", log_facility="St. Tammany Parish Jail",
         ice_facility=[("SAINT TAMMANY PARISH JAIL", .5), ("ST. TAMMANY PARISH JAIL", .5)],
         tz="C", rate=130, foreign=.035, detainer=.5, lag=.9, honor=.75, other=.08, err=.10,
         under=.20, early=.02, omit=.015, after=.2, region="LA", layout="multiline"),
    dict(key="RCY", state="VA", state_name="VIRGINIA", log_county="Roanoke city",
         ice_county=[("ROANOKE CITY", .6), ("ROANOKE", .4)], city="ROANOKE",
         log_facility="Roanoke City Jail", ice_facility=[("ROANOKE CITY JAIL", 1.0)],
         tz="E", rate=90, foreign=.06, detainer=.5, lag=1.0, honor=.50, other=.12, err=.08,
         under=.25, early=.03, omit=.015, after=.2, region="VA", layout="twice"),
    dict(key="RCO", state="VA", state_name="VIRGINIA", log_county="Roanoke County",
         ice_county=[("ROANOKE", .8), ("ROANOKE COUNTY", .2)], city="SALEM",
         log_facility="Roanoke County/Salem Jail",
         ice_facility=[("ROANOKE COUNTY/SALEM JAIL", .6), ("ROANOKE CO JAIL", .4)],
         tz="E", rate=55, foreign=.05, detainer=.5, lag=1.0, honor=.60, other=.10, err=.10,
         under=.25, early=.03, omit=.015, after=.2, region="VA", layout="yy"),
    dict(key="PWM", state="VA", state_name="VIRGINIA", log_county="Prince William",
         ice_county=[("PRINCE WILLIAM", 1.0)], city="MANASSAS",
         log_facility="Prince William-Manassas Regional Adult Detention Center",
         ice_facility=[("PRINCE WILLIAM-MANASSAS REG ADC", .6), ("PRINCE WILLIAM COUNTY ADC", .4)],
         tz="E", rate=150, foreign=.13, detainer=.5, lag=.6, honor=.92, other=.04, err=.18,
         under=.10, early=.02, omit=.015, after=.2, region="VA", layout="xlsx"),
    dict(key="DNA", state="NM", state_name="NEW MEXICO", log_county="Doña Ana",
         ice_county=[("DONA ANA", .8), ("DOÑA ANA", .2)], city="LAS CRUCES",
         log_facility="Doña Ana County Detention Center",
         ice_facility=[("DONA ANA COUNTY DETENTION CENTER", .7), ("DONA ANA CO DET CTR", .3)],
         tz="M", rate=140, foreign=.16, detainer=.4, lag=1.0, honor=.05, other=.25, err=.05,
         under=.20, early=.3, omit=.015, after=.2, region="NM", layout="bom"),
    dict(key="PGC", state="MD", state_name="MARYLAND", log_county="Prince George's",
         ice_county=[("PRINCE GEORGES", .7), ("PRINCE GEORGE'S", .3)], city="UPPER MARLBORO",
         log_facility="Prince George's County Detention Center",
         ice_facility=[("PRINCE GEORGES COUNTY DETENTION CENTER", .6), ("PRINCE GEORGES CO DET CTR", .4)],
         tz="UTC", rate=210, foreign=.12, detainer=.5, lag=1.0, honor=.20, other=.12, err=.20,
         under=.20, early=.3, omit=.015, after=.2, region="MD", layout="utc"),
    dict(key="MCM", state="MD", state_name="MARYLAND", log_county="MONTGOMERY",
         ice_county=[("MONTGOMERY", 1.0)], city="BOYDS",
         log_facility="Montgomery County Correctional Facility",
         ice_facility=[("MONTGOMERY COUNTY CORRECTIONAL FACILITY", .7), ("MONTGOMERY CO CPU", .3)],
         tz="E", rate=160, foreign=.15, detainer=.5, lag=2.5, honor=.05, other=.08, err=.05,
         under=.20, early=.3, omit=.015, after=.6, region="MD", layout="tab"),
    dict(key="BAC", state="MD", state_name="MARYLAND", log_county="Baltimore City",
         ice_county=[("BALTIMORE CITY", .9), ("BALTIMORE", .1)], city="BALTIMORE",
         log_facility="Baltimore Central Booking and Intake Center",
         ice_facility=[("BALTIMORE CENTRAL BOOKING & INTAKE", .6), ("BALTIMORE CITY BOOKING", .4)],
         tz="E", rate=260, foreign=.03, detainer=.5, lag=1.0, honor=.30, other=.10, err=.08,
         under=.25, early=.03, omit=.015, after=.2, region="MD", layout="trailing"),
]
# Listed by ICE but no log submitted: its entries have no release record anywhere.
REPORT_ONLY = dict(key="BCO", state="MD", state_name="MARYLAND", ice_county=[("BALTIMORE", 1.0)],
                   city="TOWSON", ice_facility=[("BALTIMORE COUNTY DETENTION CENTER", 1.0)],
                   region="MD", per_week=1.6)

# Countries: key -> (report spelling, internal-extract spelling, log title, ISO3, culture).
# The internal ICE extract truncates at 20 characters and abbreviates a few.
COUNTRIES: dict[str, tuple[str, str, str, str, str]] = {
    "MX": ("MEXICO", "MEXICO", "Mexico", "MEX", "hisp"),
    "GT": ("GUATEMALA", "GUATEMALA", "Guatemala", "GTM", "hisp"),
    "HN": ("HONDURAS", "HONDURAS", "Honduras", "HND", "hisp"),
    "SV": ("EL SALVADOR", "EL SALVADOR", "El Salvador", "SLV", "hisp"),
    "NI": ("NICARAGUA", "NICARAGUA", "Nicaragua", "NIC", "hisp"),
    "CU": ("CUBA", "CUBA", "Cuba", "CUB", "hisp"),
    "DO": ("DOMINICAN REPUBLIC", "DOMINICAN REP", "Dominican Rep.", "DOM", "hisp"),
    "PE": ("PERU", "PERU", "Peru", "PER", "hisp"),
    "BO": ("BOLIVIA", "BOLIVIA", "Bolivia", "BOL", "hisp"),
    "BR": ("BRAZIL", "BRAZIL", "Brazil", "BRA", "braz"),
    "VN": ("VIETNAM", "VIETNAM", "Viet Nam", "VNM", "viet"),
    "KR": ("KOREA, SOUTH", "KOREA, SOUTH", "South Korea", "KOR", "kor"),
    "CN": ("CHINA, PEOPLES REPUBLIC OF", "CHINA, PEOPLES REPUB", "China", "CHN", "chin"),
    "MM": ("BURMA", "BURMA", "Myanmar", "MMR", "burm"),
    "IN": ("INDIA", "INDIA", "India", "IND", "ind"),
    "NG": ("NIGERIA", "NIGERIA", "Nigeria", "NGA", "wafr"),
    "GH": ("GHANA", "GHANA", "Ghana", "GHA", "wafr"),
    "CM": ("CAMEROON", "CAMEROON", "Cameroon", "CMR", "wafr"),
    "SL": ("SIERRA LEONE", "SIERRA LEONE", "Sierra Leone", "SLE", "wafr"),
    "ET": ("ETHIOPIA", "ETHIOPIA", "Ethiopia", "ETH", "eth"),
    "JM": ("JAMAICA", "JAMAICA", "Jamaica", "JAM", "carib"),
    "TT": ("TRINIDAD AND TOBAGO", "TRINIDAD AND TOBAGO", "Trinidad & Tobago", "TTO", "carib"),
}
# Other spellings of a country a log may carry instead of its title.
LOG_VARIANTS = {
    "KR": ["Korea, Republic of", "KOREA", "S. Korea"], "MM": ["Burma", "Myanmar (Burma)", "BURMA"],
    "DO": ["Dominican Republic", "DR", "DOM REP"], "VN": ["Vietnam", "VIETNAM"],
    "CN": ["PRC", "China, People's Rep.", "CHINA"], "TT": ["Trinidad", "TRINIDAD"],
    "MX": ["MEX", "Mexico (Use only when state is unknown)"], "SV": ["Salvador", "EL SALV"],
}
SPANISH = {"MX": "México", "GT": "Guatemala", "HN": "Honduras", "SV": "El Salvador", "CU": "Cuba",
           "PE": "Perú", "DO": "República Dominicana", "NI": "Nicaragua", "BO": "Bolivia"}
BIRTH_CITIES = {
    "MX": ["Chihuahua", "Ciudad Juárez, Chihuahua", "Durango", "Zacatecas", "Michoacán",
           "Distrito Federal", "Guanajuato", "Jalisco"],
    "HN": ["Tegucigalpa", "San Pedro Sula", "La Ceiba"], "SV": ["San Salvador", "San Miguel"],
    "GT": ["Huehuetenango", "Guatemala City", "Quetzaltenango"],
}
REGION_MIX = {
    "LA": {"HN": 40, "MX": 16, "GT": 10, "SV": 7, "VN": 9, "CU": 4, "NI": 4, "DO": 2, "BR": 2,
           "CN": 2, "KR": 1, "JM": 1, "NG": 1, "IN": 1},
    "VA": {"SV": 28, "MX": 14, "GT": 12, "HN": 10, "KR": 5, "VN": 4, "BO": 5, "PE": 3, "IN": 3,
           "MM": 3, "ET": 3, "DO": 2, "CN": 2, "NG": 2, "GH": 2, "JM": 2},
    "NM": {"MX": 84, "GT": 4, "HN": 3, "SV": 3, "CU": 2, "CN": 1, "IN": 1, "MM": 1, "VN": 1},
    "MD": {"SV": 33, "GT": 12, "HN": 10, "MX": 8, "DO": 3, "JM": 4, "NG": 4, "CM": 3, "GH": 3,
           "SL": 2, "KR": 3, "CN": 3, "VN": 2, "TT": 2, "ET": 3, "MM": 1, "PE": 2},
    "US": {"MX": 50, "GT": 10, "HN": 9, "SV": 8, "CU": 2, "DO": 3, "CN": 3, "IN": 3, "VN": 2,
           "KR": 1, "JM": 2, "NG": 1, "BR": 2, "PE": 1, "NI": 1, "MM": 1, "ET": 1},
}
# Share of US-citizen bookings with Spanish names, by region.
HISP_CITIZENS = {"LA": .05, "VA": .07, "NM": .55, "MD": .07}
US_BIRTH = {"LA": ["Louisiana", "LA", "New Orleans, LA", "Mississippi", "Texas"],
            "VA": ["Virginia", "VA", "Roanoke, VA", "North Carolina", "West Virginia"],
            "NM": ["New Mexico", "NM", "Texas", "Las Cruces, NM", "Arizona"],
            "MD": ["Maryland", "MD", "District of Columbia", "Baltimore, MD", "Virginia"]}

HISP_MALE = ["JOSÉ", "LUIS", "CARLOS", "JUAN", "JESÚS", "MIGUEL", "FRANCISCO", "ANTONIO", "PEDRO",
             "MARIO", "JORGE", "ÓSCAR", "EDWIN", "WILMER", "ERICK", "NELSON", "SANTOS", "RAMÓN",
             "JAVIER", "FERNANDO", "RAFAEL", "MANUEL", "VÍCTOR", "HÉCTOR", "ELMER", "DAVID",
             "ALEXANDER", "JONATHAN", "KEVIN", "CRISTIAN", "JOEL", "MARVIN", "WALTER", "JULIO",
             "ROBERTO", "RICARDO", "SERGIO", "ALEJANDRO", "ÁNGEL", "JOAQUÍN", "GERMÁN"]
HISP_FEMALE = ["MARÍA", "ANA", "ROSA", "GLORIA", "SANDRA", "KARINA", "YESENIA", "MARTA", "CARMEN",
               "LETICIA", "GUADALUPE", "VERÓNICA", "ELENA", "SONIA", "DORA", "BLANCA", "CLAUDIA"]
HISP_SUR = ["GARCÍA", "LÓPEZ", "MARTÍNEZ", "HERNÁNDEZ", "GONZÁLEZ", "RODRÍGUEZ", "PÉREZ",
            "SÁNCHEZ", "RAMÍREZ", "CRUZ", "FLORES", "GÓMEZ", "DÍAZ", "REYES", "MORALES", "JIMÉNEZ",
            "RUIZ", "ÁLVAREZ", "MENDOZA", "CASTILLO", "ROMERO", "HERRERA", "MEDINA", "AGUILAR",
            "VÁSQUEZ", "CASTRO", "ORTIZ", "RAMOS", "GUZMÁN", "MUÑOZ", "NÚÑEZ", "PEÑA", "ORELLANA",
            "ARGUETA", "PORTILLO", "CHÁVEZ", "RIVERA", "SERRANO", "VELÁSQUEZ", "ZELAYA", "MEJÍA",
            "BONILLA", "ESCOBAR", "FUENTES", "LARA", "SOTO", "OSORIO", "CANALES", "AYALA", "BATRES",
            "IBARRA", "QUINTANILLA", "SALAZAR", "TREJO", "VILLALOBOS", "ZAVALA", "SOLÍS", "ACOSTA"]
HISP_PARTICLE = ["DE LA CRUZ", "DE LEÓN", "DEL CID", "DE JESÚS", "DE LA ROSA"]
BRAZ_MALE = ["JOÃO", "PAULO", "MARCOS", "LUCAS", "RAFAEL", "THIAGO", "FÁBIO", "ANDRÉ"]
BRAZ_FEMALE = ["FERNANDA", "ANA", "JULIANA", "PATRÍCIA"]
BRAZ_SUR = ["SILVA", "SANTOS", "OLIVEIRA", "SOUZA", "PEREIRA", "COSTA", "FERREIRA", "ALVES",
            "DA SILVA", "DOS SANTOS"]
VIET_SUR = ["NGUYEN", "TRAN", "LE", "PHAM", "HUYNH", "HOANG", "PHAN", "VU", "VO", "DANG", "BUI",
            "DO", "NGO", "DUONG", "LY"]
VIET_GIVEN = ["MINH", "TUAN", "HUNG", "DUNG", "THANH", "HAI", "LONG", "NAM", "KHANH", "PHUONG",
              "LINH", "HOA", "QUANG", "BAO"]
KOR_SUR = ["KIM", "LEE", "PARK", "CHOI", "JUNG", "KANG", "CHO", "YOON", "JANG", "LIM"]
KOR_GIVEN = ["JI HOON", "SEUNG MIN", "MIN JUN", "HYUN WOO", "SOO JIN", "DONG HYUN", "JAE SUNG",
             "YOUNG HO"]
CHIN_SUR = ["CHEN", "WANG", "LI", "ZHANG", "LIU", "YANG", "HUANG", "ZHAO", "WU", "ZHOU", "LIN"]
CHIN_GIVEN = ["WEI", "JIAN", "MING", "XIAO", "YONG", "HUI", "LEI", "JUN", "QIANG", "FENG"]
BURM_TOKENS = ["AUNG", "KYAW", "MOE", "THAN", "HTUN", "WIN", "MYINT", "ZAW", "NAING", "SOE", "MIN",
               "THEIN", "TUN", "OO", "LWIN", "HLAING", "SAN", "MAUNG", "PAW", "HTOO"]
IND_SUR = ["PATEL", "SINGH", "SHAH", "KUMAR", "SHARMA", "REDDY", "GILL", "DESAI"]
IND_GIVEN = ["RAJESH", "SURESH", "AMIT", "VIJAY", "HARPREET", "GURPREET", "SANJAY", "NIRAV"]
IND_FEMALE = ["PRIYA", "NEHA", "KAUR"]
WAFR_SUR = ["OKAFOR", "ADEYEMI", "OKONKWO", "MENSAH", "BOATENG", "OWUSU", "ASANTE", "NJOKU", "EZE",
            "FOFANA", "KAMARA", "SESAY", "KONNEH", "TABI", "NKWENTI", "FON", "NGWA", "OSEI"]
WAFR_GIVEN = ["CHUKWUEMEKA", "OLUWASEUN", "EMMANUEL", "KWAME", "KOFI", "ABDUL", "MOHAMED",
              "IBRAHIM", "SAMUEL", "CHINEDU"]
WAFR_FEMALE = ["BLESSING", "GRACE", "FATMATA", "AMINATA", "ABENA"]
ETH_NAMES = ["TESFAYE", "DAWIT", "YOHANNES", "SOLOMON", "ABEBE", "MEKONNEN", "HAILE", "ALEMU",
             "BEKELE", "GIRMA", "TADESSE", "GEBRE MEDHIN", "WOLDE MARIAM", "GEBRE EGZIABHER"]
CARIB_SUR = ["BROWN", "CAMPBELL", "WILLIAMS", "THOMPSON", "CLARKE", "MCKENZIE", "GORDON",
             "RAMDASS", "MOHAMMED", "PERSAUD"]
CARIB_GIVEN = ["DWAYNE", "ANDRE", "DEVON", "KEMAR", "ROHAN", "JERMAINE"]
CARIB_FEMALE = ["SHANICE", "TASHA", "KADIAN"]

CATEGORIES = {  # category: (ICE wording, weight of a booking's top charge)
    "dui": ("Driving Under Influence Liquor", 18), "traffic": ("Traffic Offense", 14),
    "assault": ("Assault", 14), "drugs": ("Dangerous Drugs", 13), "larceny": ("Larceny", 10),
    "family": ("Family Offense", 8), "burglary": ("Burglary", 5), "public": ("Public Order Crimes", 6),
    "obstruct": ("Obstructing Police", 5), "weapon": ("Weapon Offenses", 2), "robbery": ("Robbery", 2),
    "fraud": ("Fraudulent Activities", 2), "sex": ("Sex Assault", 1), "vehicle": ("Stolen Vehicle", 1),
}
_LA = {"dui": ["OPERATING VEHICLE WHILE INTOXICATED", "OWI 1ST OFFENSE"],
       "traffic": ["NO DRIVERS LICENSE", "DRIVING UNDER SUSPENSION", "RECKLESS OPERATION"],
       "assault": ["SIMPLE BATTERY", "AGGRAVATED ASSAULT", "SECOND DEGREE BATTERY"],
       "drugs": ["POSS CDS SCHEDULE II", "POSS OF MARIJUANA", "DIST CDS SCHED I"],
       "larceny": ["THEFT < $1000", "THEFT OF GOODS", "SHOPLIFTING"],
       "family": ["DOMESTIC ABUSE BATTERY", "VIOLATION OF PROTECTIVE ORDER"],
       "burglary": ["SIMPLE BURGLARY", "UNAUTHORIZED ENTRY OF INHABITED DWELLING"],
       "public": ["DISTURBING THE PEACE", "CRIMINAL TRESPASS"],
       "obstruct": ["RESISTING AN OFFICER", "FLIGHT FROM AN OFFICER"],
       "weapon": ["ILLEGAL CARRYING OF WEAPON", "POSS FIREARM BY FELON"],
       "robbery": ["ARMED ROBBERY", "SIMPLE ROBBERY"], "fraud": ["IDENTITY THEFT", "FORGERY"],
       "sex": ["SEXUAL BATTERY"], "vehicle": ["UNAUTHORIZED USE OF MOVABLE"]}
_VA = {"dui": ["DUI 1ST", "DRIVING UNDER INFLUENCE"],
       "traffic": ["DRIVE W/O LICENSE", "DRIVE ON SUSPENDED OL", "RECKLESS DRIVING"],
       "assault": ["ASSAULT & BATTERY", "MALICIOUS WOUNDING"],
       "drugs": ["POSS SCH I/II", "POSS MARIJUANA", "PWID SCH I/II"],
       "larceny": ["LARCENY, PETIT", "GRAND LARCENY", "SHOPLIFTING, CONCEALMENT"],
       "family": ["A&B - FAMILY MEMBER", "VIOL PROTECTIVE ORDER"],
       "burglary": ["BURGLARY", "B&E W/INTENT"],
       "public": ["DRUNK IN PUBLIC", "DISORDERLY CONDUCT", "TRESPASS"],
       "obstruct": ["OBSTRUCT JUSTICE", "ELUDING POLICE"],
       "weapon": ["CONCEALED WEAPON", "POSS FIREARM BY FELON"], "robbery": ["ROBBERY"],
       "fraud": ["FORGERY", "CREDIT CARD FRAUD"], "sex": ["AGG SEXUAL BATTERY"],
       "vehicle": ["UNAUTH USE OF VEHICLE"]}
_NM = {"dui": ["DWI 1ST", "AGG DWI"],
       "traffic": ["NO DRIVERS LICENSE", "DRIVING WHILE REVOKED", "NO INSURANCE"],
       "assault": ["BATTERY", "AGG BATTERY DEADLY WEAPON", "ASSAULT"],
       "drugs": ["POSS CONTROLLED SUBSTANCE", "TRAFFICKING CS"],
       "larceny": ["SHOPLIFTING", "LARCENY"],
       "family": ["BATTERY ON HOUSEHOLD MEMBER", "AGG BATTERY HOUSEHOLD MEMBER"],
       "burglary": ["BURGLARY (DWELLING)", "BURGLARY (VEHICLE)"],
       "public": ["CRIMINAL TRESPASS", "DISORDERLY CONDUCT"],
       "obstruct": ["RESISTING EVADING OFFICER", "CONCEALING IDENTITY"],
       "weapon": ["UNLAWFUL CARRYING DEADLY WEAPON"], "robbery": ["ROBBERY"],
       "fraud": ["FRAUD", "FORGERY"], "sex": ["CRIM SEXUAL PENETRATION"],
       "vehicle": ["RECEIVING STOLEN VEHICLE"]}
_MD = {"dui": ["DRIVING UNDER THE INFLUENCE OF ALCOHOL", "DUI"],
       "traffic": ["DRIVING W/O LICENSE", "DRIVING ON SUSPENDED LIC"],
       "assault": ["ASSAULT-SEC DEGREE", "ASSAULT-FIRST DEGREE"],
       "drugs": ["CDS-POSS NOT MARIJUANA", "CDS POSS W/INTENT DIST"],
       "larceny": ["THEFT: LESS $100", "THEFT: $100 TO UNDER $1,500"],
       "family": ["ASSAULT-SEC DEGREE (DV)", "PROTECTIVE ORDER VIOLATION"],
       "burglary": ["BURGLARY-FIRST DEGREE", "BURGLARY-FOURTH DEGREE"],
       "public": ["DISORDERLY CONDUCT", "TRESPASS-PRIVATE PROPERTY"],
       "obstruct": ["RESIST/INTERFERE WITH ARREST", "FAILURE TO OBEY LAWFUL ORDER"],
       "weapon": ["DANGEROUS WEAPON-CONCEALED", "HANDGUN ON PERSON"],
       "robbery": ["ROBBERY", "ARMED ROBBERY"], "fraud": ["FRAUD-ID THEFT", "COUNTERFEITING"],
       "sex": ["SEX OFFENSE FOURTH DEGREE"], "vehicle": ["MOTOR VEHICLE/UNLAWFUL TAKING"]}
CHARGES = {"LA": _LA, "VA": _VA, "NM": _NM, "MD": _MD}

STREET_REASONS = {
    "LA": ["BOND-SURETY", "BOND-CASH", "ROR", "TIME SERVED", "CHARGES REFUSED", "COURT ORDER"],
    "VA": ["BOND", "PR BOND", "TIME SERVED", "NOLLE PROSEQUI", "DISMISSED", "PRETRIAL SUPERVISION"],
    "NM": ["BONDED OUT", "OWN RECOGNIZANCE", "SENTENCE COMPLETE", "DISMISSED", "PRETRIAL SERVICES"],
    "MD": ["BAIL POSTED", "RELEASED ON RECOGNIZANCE", "TIME SERVED", "NOLLE PROS", "PRETRIAL RELEASE"],
}
ICE_REASONS = ["RELEASED TO ICE", "RELEASED TO ICE CUSTODY", "ICE DETAINER - RELEASED TO DHS",
               "TRANSFERRED TO IMMIGRATION"]
OTHER_REASONS = {
    "LA": ["RELEASED TO OTHER AGENCY", "RELEASED TO ST. BERNARD PARISH", "TRANSFER TO DOC",
           "RELEASED TO US MARSHALS"],
    "VA": ["RELEASED TO OTHER AGENCY", "TRANSFER TO VADOC", "RELEASED TO OTHER JURISDICTION",
           "RELEASED TO US MARSHALS"],
    "NM": ["RELEASED TO OTHER AGENCY", "RELEASED TO EL PASO CO TX", "RELEASED TO USMS",
           "TRANSFER NMCD"],
    "MD": ["RELEASED TO OTHER AGENCY", "TRANSFER TO DPSCS", "RELEASED TO US MARSHALS",
           "RELEASED TO DC WARRANT"],
}
# ICE's first facility after a hand-over, and a second one some days later, by state.
ICE_FACILITIES = {
    "LA": [("NEW ORLEANS FIELD OFFICE HOLD ROOM", "NOLHOLD"), ("LASALLE ICE PROCESSING CENTER", "JENADLA")],
    "VA": [("WASHINGTON FIELD OFFICE HOLD ROOM", "WASHOLD"), ("FARMVILLE DETENTION CENTER", "FRMVLVA")],
    "NM": [("EL PASO SERVICE PROCESSING CENTER", "EPSPCTX"), ("OTERO COUNTY PROCESSING CENTER", "OTRPCNM")],
    "MD": [("BALTIMORE HOLD ROOM", "BALHOLD"), ("HOWARD COUNTY DETENTION CENTER", "HOWCOMD")],
    "TX": [("HOUSTON CONTRACT DETENTION FACILITY", "HOUICDF"), ("SOUTH TEXAS ICE PROCESSING CENTER", "STCDFTX")],
    "CA": [("ADELANTO ICE PROCESSING CENTER", "ADLNTCA"), ("OTAY MESA DETENTION CENTER", "CCASDCA")],
    "FL": [("KROME NORTH SPC", "KROMEFL"), ("BROWARD TRANSITIONAL CENTER", "BTCFL")],
    "GA": [("STEWART DETENTION CENTER", "STWRTGA"), ("ATLANTA CITY DETENTION CENTER", "ATLCDGA")],
    "NJ": [("ELIZABETH CONTRACT DETENTION FACILITY", "ELZCDNJ"), ("ESSEX COUNTY JAIL", "ESSEXNJ")],
    "WA": [("NORTHWEST DETENTION CENTER", "CSCNWWA"), ("NORTHWEST DETENTION CENTER", "CSCNWWA")],
}
# ICE book-ins of people who never pass through these logs: a day's count per state.
BACKGROUND_PER_DAY = {"LA": 5, "VA": 4, "NM": 4, "MD": 3, "TX": 30, "CA": 20, "FL": 9, "GA": 6,
                      "NJ": 6, "WA": 4}
BACKGROUND_METHODS = [("CAP Local Incarceration", 45), ("CAP State Incarceration", 12),
                      ("CAP Federal Incarceration", 8), ("Non-Custodial Arrest", 20), ("Located", 5),
                      ("287(g) Program", 4), ("Probation and Parole", 3), ("Other Efforts", 3)]
