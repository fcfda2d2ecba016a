"""World A's fixed tables: the story's dates, names, countries, charges, release reasons, the ten
jurisdictions, namesake counties, ICE facilities, background rates and the release-log profiles.

The tables of world_a.py, whose docstring tells the story; nothing here draws a random number.
"""
from datetime import date, datetime, timedelta

import numpy as np

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
