"""World B's fixed tables: names per origin, countries and their spellings, the country mix per
state, the jurisdiction pool and its same-named twins, ICE facilities, charges, release reasons
and the simulated period.

The tables of world_b.py, whose docstring tells the world model; nothing here draws a random number.
"""
from datetime import datetime

import numpy as np

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
