"""World C's fixed tables: the story's dates, countries, US states, name pools, transliterations,
nicknames, accents, charges, ICE facilities per field office and the draw weights of bookings and
background book-ins.

The tables of world_c.py, whose docstring tells the story; nothing here draws a random number.
"""
import datetime as dtm

import numpy as np

DT, TD = dtm.datetime, dtm.timedelta

REPORT_START = DT(2017, 1, 28)
N_WEEKS = 14
REPORT_END = REPORT_START + TD(weeks=N_WEEKS)
LOG_START = REPORT_START - TD(weeks=9)
EXTRACT = REPORT_END + TD(days=9)
DENVER_POLICY_DAY = DT(2017, 3, 17)
MIAMI_FLIP = DT(2017, 1, 26)

# --------------------------------------------------------------------------------------------
# reference data
# --------------------------------------------------------------------------------------------
COUNTRIES = {  # key: ICE spelling, name group, title spelling, sub-national places
    'MEX': ('MEXICO', 'hisp', 'Mexico', ['Jalisco', 'Michoacan', 'Guanajuato', 'Guerrero', 'Oaxaca',
            'Distrito Federal', 'Tamaulipas', 'Nuevo Leon', 'Chihuahua', 'Zacatecas', 'Puebla', 'Veracruz']),
    'GTM': ('GUATEMALA', 'hisp', 'Guatemala', ['Huehuetenango', 'San Marcos', 'Quetzaltenango']),
    'HND': ('HONDURAS', 'hisp', 'Honduras', ['Cortes', 'Francisco Morazan', 'Olancho']),
    'SLV': ('EL SALVADOR', 'hisp', 'El Salvador', ['San Salvador', 'San Miguel', 'La Union']),
    'NIC': ('NICARAGUA', 'hisp', 'Nicaragua', []),
    'CUB': ('CUBA', 'hisp', 'Cuba', ['La Habana', 'Matanzas', 'Villa Clara']),
    'VEN': ('VENEZUELA', 'hisp', 'Venezuela', []),
    'COL': ('COLOMBIA', 'hisp', 'Colombia', []),
    'DOM': ('DOMINICAN REPUBLIC', 'hisp', 'Dominican Republic', []),
    'ECU': ('ECUADOR', 'hisp', 'Ecuador', []),
    'ESP': ('SPAIN', 'hisp', 'Spain', []),
    'HTI': ('HAITI', 'haiti', 'Haiti', []),
    'JAM': ('JAMAICA', 'anglo', 'Jamaica', []),
    'VNM': ('VIETNAM', 'viet', 'Vietnam', []),
    'CHN': ('CHINA, PEOPLES REPUBLIC OF', 'chin', 'China', ['Fujian', 'Guangdong']),
    'KOR': ('KOREA, SOUTH', 'kor', 'South Korea', []),
    'PHL': ('PHILIPPINES', 'fil', 'Philippines', []),
    'IND': ('INDIA', 'ind', 'India', ['Punjab', 'Gujarat']),
    'SOM': ('SOMALIA', 'som', 'Somalia', []),
    'ETH': ('ETHIOPIA', 'eth', 'Ethiopia', []),
    'IRQ': ('IRAQ', 'arab', 'Iraq', []),
    'UKR': ('UKRAINE', 'slav', 'Ukraine', []),
    'RUS': ('RUSSIA', 'slav', 'Russia', []),
    'POL': ('POLAND', 'pol', 'Poland', []),
    'NGA': ('NIGERIA', 'nga', 'Nigeria', []),
    'MHL': ('MARSHALL ISLANDS', 'mhl', 'Marshall Islands', []),
}
CROSS_CITIZEN = {'VEN': 'COL', 'COL': 'VEN', 'CUB': 'ESP', 'HND': 'GTM', 'SLV': 'HND', 'UKR': 'RUS',
                 'RUS': 'UKR', 'SOM': 'ETH', 'ETH': 'SOM', 'MEX': 'GTM', 'GTM': 'MEX', 'HTI': 'DOM',
                 'DOM': 'HTI', 'NIC': 'HND', 'IRQ': 'IRQ'}
US_STATES = {'IL': 'Illinois', 'WA': 'Washington', 'OR': 'Oregon', 'AR': 'Arkansas', 'PA': 'Pennsylvania',
             'CO': 'Colorado', 'TX': 'Texas', 'FL': 'Florida', 'VA': 'Virginia', 'NM': 'New Mexico',
             'CA': 'California', 'MD': 'Maryland', 'NY': 'New York', 'AZ': 'Arizona', 'GA': 'Georgia',
             'NJ': 'New Jersey', 'NC': 'North Carolina'}


def W(s):
    """'A:3 B C:2' -> (['A','B','C'], weights)."""
    names, ws = [], []
    for tok in s.split('|'):
        tok = tok.strip()
        if ':' in tok:
            n, w = tok.rsplit(':', 1)
            names.append(n.strip())
            ws.append(float(w))
        else:
            names.append(tok)
            ws.append(1.0)
    ws = np.array(ws) / sum(ws)
    return names, ws, list(np.cumsum(ws))



NAMES = {
    'hisp_sur': W('GARCIA:10|HERNANDEZ:9|MARTINEZ:8|LOPEZ:8|GONZALEZ:8|RODRIGUEZ:7|PEREZ:6|SANCHEZ:6|'
                  'RAMIREZ:6|CRUZ:4|FLORES:4|GOMEZ:4|DIAZ:4|REYES:4|MORALES:4|JIMENEZ:3|RUIZ:3|ALVAREZ:3|'
                  'MENDOZA:3|CASTILLO:3|VASQUEZ:3|ROMERO:3|HERRERA:3|MEDINA:2|AGUILAR:2|VARGAS:2|GUZMAN:2|'
                  'CHAVEZ:3|TORRES:3|RIVERA:3|ORTIZ:2|SALAZAR:2|NUNEZ:2|PENA:2|MUNOZ:2|DE LA CRUZ:2|'
                  'DEL ANGEL:1|DE LEON:2|ESCOBAR:1|CERVANTES:1|OCHOA:1|ZAMORA:1|VILLALOBOS:1|ALVARADO:2|'
                  'ESTRADA:2|CONTRERAS:2|GUERRERO:2|ROSALES:1|SOTO:2|MOLINA:1|BAUTISTA:1|TREVINO:1|'
                  'CANTU:1|GARZA:2|LUNA:1|CAMPOS:1|VELASQUEZ:1|PACHECO:1|QUINTANILLA:1|ARGUETA:1'),
    'hisp_m': W('JOSE:8|JUAN:6|LUIS:4|CARLOS:4|JESUS:4|MIGUEL:4|FRANCISCO:3|ANTONIO:3|ALEJANDRO:3|'
                'JORGE:3|PEDRO:2|MANUEL:2|RICARDO:2|ROBERTO:2|FERNANDO:2|RAFAEL:2|JAVIER:2|SERGIO:2|'
                'EDGAR:2|OSCAR:2|MARIO:2|RAUL:2|VICTOR:2|DANIEL:2|JOSE LUIS:3|JUAN CARLOS:2|JOSE ANTONIO:2|'
                'MARCO ANTONIO:1|GUILLERMO:1|ARMANDO:1|HECTOR:1|RAMON:1|ELMER:1|WILMER:1|NELSON:1|'
                'JOSUE:1|BRAYAN:1|SANTOS:1|OMAR:1'),
    'hisp_f': W('MARIA:6|GUADALUPE:2|ROSA:2|ANA:2|LAURA:1|MARTHA:1|VERONICA:1|CLAUDIA:1|SANDRA:1|'
                'MARIA ELENA:1|YESENIA:1|GLORIA:1|BLANCA:1|ANA MARIA:1'),
    'hisp_mid': W('LUIS|ANTONIO|ALBERTO|MANUEL|ANGEL|JAVIER|ARMANDO|DE JESUS|ALEJANDRO|ENRIQUE|GUADALUPE'),
    'anglo_sur': W('SMITH:10|JOHNSON:8|WILLIAMS:7|BROWN:6|JONES:6|MILLER:5|DAVIS:5|WILSON:3|ANDERSON:3|'
                   'TAYLOR:3|THOMAS:3|MOORE:3|JACKSON:3|MARTIN:3|LEE:3|THOMPSON:3|WHITE:3|HARRIS:3|'
                   'CLARK:2|LEWIS:2|ROBINSON:2|WALKER:2|YOUNG:2|ALLEN:2|KING:2|WRIGHT:2|SCOTT:2|HILL:2|'
                   'GREEN:2|ADAMS:2|BAKER:2|NELSON:2|CAMPBELL:2|MITCHELL:2|ROBERTS:1|CARTER:2|PHILLIPS:1|'
                   'EVANS:1|TURNER:1|PARKER:1|COLLINS:1|EDWARDS:1|STEWART:1|MORRIS:1|MURPHY:1|COOK:1|'
                   'ROGERS:1|MORGAN:1|PETERSON:1|COOPER:1|REED:1|BAILEY:1|BELL:1|KELLY:1|HOWARD:1|WARD:1|'
                   'COX:1|RICHARDSON:1|WOOD:1|WATSON:1|BROOKS:1|BENNETT:1|GRAY:1|HUGHES:1|PRICE:1|'
                   'SANDERS:1|MYERS:1|LONG:1|ROSS:1|FOSTER:1|WASHINGTON:2'),
    'anglo_m': W('MICHAEL:6|JAMES:5|JOHN:5|ROBERT:5|DAVID:5|WILLIAM:4|CHRISTOPHER:4|JOSEPH:3|DANIEL:3|'
                 'BRANDON:3|JOSHUA:3|MATTHEW:3|ANTHONY:3|RICHARD:2|CHARLES:2|THOMAS:2|KEVIN:2|JASON:2|'
                 'JUSTIN:2|RYAN:2|TYLER:2|CODY:2|DUSTIN:1|TRAVIS:1|DARNELL:1|TYRONE:1|DESHAWN:1|'
                 'MARCUS:2|ANDRE:1|TERRELL:1|JAMAL:1|DEMETRIUS:1|STEVEN:2|ERIC:2|AARON:1|KYLE:1'),
    'anglo_f': W('JESSICA:3|ASHLEY:3|AMANDA:2|SARAH:2|JENNIFER:3|BRITTANY:2|STEPHANIE:2|NICOLE:2|'
                 'MELISSA:2|ELIZABETH:2|TIFFANY:1|CRYSTAL:1|AMBER:1|SHANICE:1|LATOYA:1|KAYLA:1'),
    'anglo_mid': W('LEE|JAMES|MICHAEL|RAY|ALLEN|WAYNE|DEAN|LYNN|ANN|MARIE|EDWARD|JOSEPH|DEWAYNE'),
    'viet_sur': W('NGUYEN:40|TRAN:11|LE:9|PHAM:7|HUYNH:5|HOANG:4|PHAN:3|VU:3|VO:3|DANG:2|BUI:2|DO:2|HO:2|NGO:2|DUONG:1|LY:1'),
    'viet_m': W('MINH|TUAN|HUNG|DUC|LONG|THANH|HAI|KHANH|QUANG|DUNG|PHUOC|BINH|HIEU|TAI'),
    'viet_f': W('LAN|HOA|MAI|LINH|HANH|THAO|TRANG|NGOC'),
    'chin_sur': W('CHEN:5|LI:5|WANG:5|ZHANG:4|LIU:4|LIN:5|HUANG:3|ZHAO:2|WU:2|ZHENG:3|YANG:2|WENG:1'),
    'chin_m': W('WEI|JIAN|JUN|MING|XIAOMING|HAO|YONG|QIANG|JIE|GUOHUA'),
    'chin_f': W('LI NA|MEI|XIU YING|YAN|JING'),
    'kor_sur': W('KIM:10|LEE:7|PARK:5|CHOI:3|JUNG:2|KANG:2|CHO:2|YOON:1'),
    'kor_m': W('JI-HOON|MIN-JUN|SUNG-HO|DONG-HYUN|JAE-WON|YOUNG-SOO'),
    'kor_f': W('JI-YEON|MIN-JI|SEO-YEON'),
    'fil_sur': W('SANTOS:4|REYES:4|CRUZ:3|BAUTISTA:3|DELA CRUZ:3|GARCIA:2|MENDOZA:2|OCAMPO:1|AQUINO:2|RAMOS:2|VILLANUEVA:2'),
    'fil_m': W('JOHN PAUL|MARK ANTHONY|JOMAR|RONALDO|ROMMEL|JERICHO|ARNEL|JOEL'),
    'fil_f': W('MARIA CRISTINA|JOCELYN|MARICEL|ROWENA'),
    'ind_sur': W('PATEL:10|SINGH:10|KUMAR:5|SHAH:3|SHARMA:2|GILL:2|SIDHU:2|SANDHU:2'),
    'ind_m': W('RAJESH|AMIT|GURPREET|HARPREET|JASPREET|MANPREET|SANJAY|VIKRAM|SUKHWINDER'),
    'ind_f': W('PRIYA|KIRANJIT|ANJALI'),
    'som_sur': W('MOHAMED:10|HASSAN:6|ALI:8|ABDI:6|ADAN:3|OMAR:4|FARAH:3|YUSUF:3|ISSE:2|WARSAME:2|NUR:2|HUSSEIN:3'),
    'som_m': W('MOHAMED:6|ABDIRAHMAN:3|ABDULLAHI:3|AHMED:4|HASSAN:2|ABDI:2|MUSTAFA:2|YUSUF:2|IBRAHIM:2'),
    'som_f': W('FADUMO|HODAN|AMINA|SAHRA'),
    'arab_sur': W('AL-SAEDI|AL-OBAIDI|HUSSEIN|JABBAR|KADHIM|MOHAMMED|AL-RUBAIE|ABBAS|SALEH'),
    'arab_m': W('MOHAMMED:4|AHMED:3|ALI:3|HUSSEIN:2|OMAR:1|MUSTAFA:1|HAIDER:1|YOUSEF:1'),
    'arab_f': W('FATIMA|ZAINAB|NOOR'),
    'eth_sur': W('TESFAYE|GEBRE|HAILE|BEKELE|TADESSE|ALEMU|WOLDE|GIRMA|MENGISTU'),
    'eth_m': W('ABEBE|DAWIT|SOLOMON|YONAS|HENOK|BINIAM|TEWODROS|MULUGETA'),
    'eth_f': W('HIRUT|TSEHAY|SELAM'),
    'slav_sur': W('KOVALENKO|SHEVCHENKO|BONDARENKO|MELNYK|TKACHENKO|KRAVCHENKO|IVANOV|PETROV|SMIRNOV|POPOV|'
                  'MOROZ|LYSENKO|SAVCHUK|KUZMENKO'),
    'slav_m': W('OLEKSANDR:3|SERHIY:2|DMYTRO:2|YURIY:2|MYKOLA:1|ANDRIY:2|VASYL:1|IVAN:2|VIKTOR:2|PAVLO:1|ROMAN:1'),
    'slav_f': W('OKSANA|NATALIYA|YULIYA|SVETLANA'),
    'pol_sur': W('KOWALSKI|NOWAK|WISNIEWSKI|WOJCIK|KOWALCZYK|ZIELINSKI|SZYMANSKI|LEWANDOWSKI|DABROWSKI'),
    'pol_m': W('PIOTR|KRZYSZTOF|TOMASZ|PAWEL|MAREK|GRZEGORZ|JAKUB|WOJCIECH'),
    'pol_f': W('AGNIESZKA|KATARZYNA|MALGORZATA'),
    'haiti_sur': W('JEAN:4|PIERRE:4|JOSEPH:4|LOUIS:2|CHARLES:2|JEAN-BAPTISTE:2|ETIENNE:1|DORSAINVIL:1|'
                   'ST FLEUR:1|DESIR:1|AUGUSTIN:1|FRANCOIS:1'),
    'haiti_m': W('JEAN:3|JEAN CLAUDE:2|WOODLEY:1|JEAN ROBERT:1|FRANTZ:1|WILNER:1|RONEL:1|WIDNER:1|STANLEY:1'),
    'haiti_f': W('MARIE:3|MARIE ROSE:1|NADEGE:1|GUERLINE:1'),
    'nga_sur': W('OKAFOR|ADEYEMI|OKONKWO|OGUNDIPE|EZE|NWOSU|BELLO|ADEBAYO'),
    'nga_m': W('CHUKWUEMEKA|OLUWASEUN|ADEWALE|EMEKA|IFEANYI|BABATUNDE'),
    'nga_f': W('NGOZI|ADAEZE|FOLAKE'),
    'mhl_sur': W('LANGRINE|JACKLICK|LAIK|KABUA|LOEAK|ANJAIN|JELKAN|LANKI'),
    'mhl_m': W('JOHN|ALBERT|JERRY|HERMAN|KENSLEY|BRYAN|TONY'),
    'mhl_f': W('JULIE|LIJON|NEIMAN'),
}
TRANSLIT = [['MOHAMED', 'MOHAMMED', 'MUHAMMAD', 'MOHAMMAD', 'MOHAMUD'], ['AHMED', 'AHMAD', 'AHMET'],
            ['HUSSEIN', 'HUSSAIN', 'HUSEIN'], ['YUSUF', 'YOUSEF', 'YUSSUF'], ['ABDULLAHI', 'ABDULAHI', 'ABDILAHI'],
            ['ABDIRAHMAN', 'ABDURAHMAN', 'ABDIRAHMAAN'], ['OLEKSANDR', 'ALEKSANDR', 'ALEXANDER', 'OLEXANDR'],
            ['SERHIY', 'SERGEY', 'SERGEI', 'SERHII'], ['DMYTRO', 'DMITRIY', 'DMITRY'], ['YURIY', 'YURI', 'IURII'],
            ['MYKOLA', 'NIKOLAI', 'MIKOLA'], ['ANDRIY', 'ANDREY', 'ANDRII'], ['VASYL', 'VASILIY'],
            ['PAVLO', 'PAVEL'], ['MELNYK', 'MELNIK'], ['KRAVCHENKO', 'KRAWCZENKO'], ['HUYNH', 'HUINH'],
            ['ZHENG', 'CHENG'], ['ZHANG', 'CHANG'], ['TESFAYE', 'TESFAY'], ['GEBRE', 'GEBREHIWOT'],
            ['JEAN-BAPTISTE', 'JEAN BAPTISTE', 'BAPTISTE'], ['DELA CRUZ', 'DE LA CRUZ', 'DELACRUZ'],
            ['KOWALSKI', 'KOVALSKI'], ['NATALIYA', 'NATALIA'], ['YULIYA', 'YULIA'], ['ISSE', 'ISE'],
            ['OMAR', 'UMAR'], ['JABBAR', 'JABAR'], ['KADHIM', 'KAZIM'], ['AL-SAEDI', 'ALSAEDI', 'SAEDI'],
            ['AL-OBAIDI', 'ALOBAIDI', 'OBAIDI'], ['AL-RUBAIE', 'ALRUBAIE', 'RUBAIE']]
TRANSLIT_OF = {v: grp for grp in TRANSLIT for v in grp}
NICK = {'ALEJANDRO': 'ALEX', 'FRANCISCO': 'FRANK', 'JOSE': 'JOE', 'GUILLERMO': 'WILLIAM', 'JESUS': 'CHUY',
        'ROBERTO': 'ROBERT', 'JUAN': 'JOHN', 'MIGUEL': 'MIKE', 'WILLIAM': 'BILL', 'MICHAEL': 'MIKE',
        'ROBERT': 'BOBBY', 'CHRISTOPHER': 'CHRIS', 'JOSEPH': 'JOE', 'DANIEL': 'DANNY', 'OLEKSANDR': 'ALEX',
        'ANTONIO': 'TONY', 'RICARDO': 'RICKY', 'JAMES': 'JIM', 'RICHARD': 'RICK', 'MANUEL': 'MANNY',
        'ENRIQUE': 'HENRY', 'PIOTR': 'PETER', 'CHUKWUEMEKA': 'EMEKA', 'TEWODROS': 'TEDDY', 'ANTHONY': 'TONY',
        'MATTHEW': 'MATT', 'GUADALUPE': 'LUPE', 'IGNACIO': 'NACHO', 'ROBERTO ': 'BETO'}
ACCENTS = {'NUNEZ': 'NÚÑEZ', 'PENA': 'PEÑA', 'MUNOZ': 'MUÑOZ', 'TREVINO': 'TREVIÑO', 'JOSE': 'JOSÉ',
           'RAMON': 'RAMÓN', 'HECTOR': 'HÉCTOR', 'JESUS': 'JESÚS', 'RAUL': 'RAÚL', 'VICTOR': 'VÍCTOR',
           'JOSUE': 'JOSUÉ', 'GONZALEZ': 'GONZÁLEZ', 'RODRIGUEZ': 'RODRÍGUEZ', 'PEREZ': 'PÉREZ',
           'SANCHEZ': 'SÁNCHEZ', 'RAMIREZ': 'RAMÍREZ', 'GOMEZ': 'GÓMEZ', 'DIAZ': 'DÍAZ', 'JIMENEZ': 'JIMÉNEZ',
           'ALVAREZ': 'ÁLVAREZ', 'VASQUEZ': 'VÁSQUEZ', 'GUZMAN': 'GUZMÁN', 'CHAVEZ': 'CHÁVEZ',
           'MARTINEZ': 'MARTÍNEZ', 'HERNANDEZ': 'HERNÁNDEZ', 'LOPEZ': 'LÓPEZ', 'ANGEL': 'ÁNGEL',
           'MARIA': 'MARÍA', 'VELASQUEZ': 'VELÁSQUEZ', 'CANTU': 'CANTÚ'}

# offence categories: NCA wording on the ICE report, jail wording by style (tx, il, wa, pa, fl, gen)
CHARGES = {
    'DUI': ('Driving Under Influence Liquor', 0.20, {
        'tx': ['DWI', 'DWI 2ND', 'DWI W/BAC >=0.15'], 'il': ['DUI/ALCOHOL', 'AGG DUI/NO VALID DL'],
        'wa': ['DUI'], 'or': ['DUII'], 'pa': ['DUI-GEN IMPAIRMENT/1ST OFF', 'DUI-HIGHEST RTE ALC'],
        'fl': ['DUI', 'DUI W/PROPERTY DAMAGE'], 'gen': ['DWI 1ST', 'DRIVING UNDER THE INFLUENCE']}),
    'TRAFFIC': ('Traffic Offense', 0.16, {
        'tx': ['DRIVING WHILE LICENSE INVALID', 'NO DRIVERS LICENSE'], 'il': ['DRIVING ON SUSPENDED LICENSE', 'NO VALID DL'],
        'wa': ['DWLS 3RD DEGREE', 'NVOL'], 'or': ['DRIVING WHILE SUSPENDED'], 'pa': ['DRIVING W/O A LICENSE'],
        'fl': ['DRIVING W/O VALID DL', 'DWLSR'], 'gen': ['DRIVING WITHOUT LICENSE', 'NO OPERATORS LICENSE']}),
    'ASSAULT': ('Assault', 0.14, {
        'tx': ['ASSAULT CAUSES BODILY INJ FAMILY MEMBER', 'ASSAULT CAUSES BODILY INJURY'],
        'il': ['DOMESTIC BATTERY/BODILY HARM', 'BATTERY'], 'wa': ['ASSAULT 4 DV', 'ASSAULT 4'], 'or': ['ASSAULT IV'],
        'pa': ['SIMPLE ASSAULT'], 'fl': ['BATTERY (DOMESTIC)', 'BATTERY'], 'gen': ['ASSAULT 3RD DEGREE', 'DOMESTIC ASSAULT']}),
    'DRUGS': ('Dangerous Drugs', 0.10, {
        'tx': ['POSS CS PG 1 <1G', 'POSS MARIJ <2OZ'], 'il': ['POSS AMT CON SUB EXCEPT(A)/(D)', 'POSS CANNABIS'],
        'wa': ['VUCSA POSSESSION'], 'or': ['PCS METHAMPHETAMINE'], 'pa': ['INT POSS CONTR SUB BY PER NOT REG'],
        'fl': ['POSSESSION OF COCAINE', 'POSS CANNABIS >20G'], 'gen': ['POSS CONTROLLED SUBSTANCE', 'POSS OF MARIJUANA']}),
    'LARCENY': ('Larceny', 0.08, {
        'tx': ['THEFT PROP >=$100<$750', 'THEFT PROP <$100'], 'il': ['RETAIL THEFT'], 'wa': ['THEFT 3'],
        'or': ['THEFT II'], 'pa': ['RETAIL THEFT-TAKE MDSE'], 'fl': ['PETIT THEFT', 'GRAND THEFT 3RD DEG'],
        'gen': ['LARCENY', 'SHOPLIFTING']}),
    'PUBLIC': ('Public Order Crimes', 0.06, {
        'tx': ['PUBLIC INTOXICATION'], 'il': ['DISORDERLY CONDUCT'], 'wa': ['CRIMINAL TRESPASS 2'],
        'pa': ['DISORDERLY CONDUCT ENGAGE IN FIGHTING'], 'fl': ['TRESPASS'], 'gen': ['DISORDERLY CONDUCT', 'TRESPASSING']}),
    'FAMILY': ('Family Offense', 0.05, {
        'tx': ['VIOL BOND/PROTECTIVE ORDER'], 'il': ['VIOLATION OF ORDER OF PROTECTION'],
        'wa': ['DV NO CONTACT ORDER VIOL'], 'fl': ['VIOL INJUNCTION DOMESTIC VIOLENCE'], 'gen': ['VIOLATION OF PROTECTIVE ORDER']}),
    'BURGLARY': ('Burglary', 0.04, {
        'tx': ['BURGLARY OF HABITATION', 'BURGLARY OF VEHICLE'], 'il': ['BURGLARY'], 'wa': ['BURGLARY 2'],
        'pa': ['BURGLARY-NOT ADAPTED FOR OVERNIGHT'], 'fl': ['BURGLARY UNOCCUPIED DWELLING'], 'gen': ['BURGLARY', 'B&E']}),
    'FRAUD': ('Fraudulent Activities', 0.04, {
        'tx': ['FRAUD USE/POSS IDENTIFYING INFO'], 'il': ['FORGERY'], 'wa': ['FORGERY'], 'fl': ['USE OF FALSE ID'],
        'gen': ['FORGERY', 'IDENTITY THEFT']}),
    'OBSTRUCT': ('Obstructing Police', 0.04, {
        'tx': ['RESIST ARREST SEARCH OR TRANSP', 'EVADING ARREST DET'], 'il': ['RESISTING/OBSTRUCTING PEACE OFFICER'],
        'wa': ['OBSTRUCTING LAW ENFORCEMENT OFFICER'], 'fl': ['RESIST OFFICER W/O VIOLENCE'], 'gen': ['RESISTING ARREST', 'FALSE INFO TO POLICE']}),
    'AGG': ('Aggravated Assault', 0.03, {
        'tx': ['AGG ASSAULT W/DEADLY WEAPON'], 'il': ['AGG BATTERY/DEADLY WEAPON'], 'wa': ['ASSAULT 2'],
        'fl': ['AGG BATTERY W/DEADLY WEAPON'], 'gen': ['AGGRAVATED ASSAULT', 'ASSAULT W/DANGEROUS WEAPON']}),
    'WEAPON': ('Weapon Offense', 0.02, {'tx': ['UNLAWFUL CARRYING WEAPON'], 'il': ['UNLAWFUL USE OF WEAPON'],
                                         'wa': ['UNLAWFUL POSS FIREARM 2'], 'gen': ['CARRYING CONCEALED WEAPON']}),
    'VEHICLE': ('Stolen Vehicle', 0.02, {'tx': ['UNAUTH USE OF VEHICLE'], 'il': ['POSS OF STOLEN MOTOR VEHICLE'],
                                         'gen': ['UNAUTHORIZED USE OF MOTOR VEHICLE']}),
    'SEX': ('Sexual Assault', 0.015, {'tx': ['INDECENCY W/CHILD SEXUAL CONTACT'], 'il': ['CRIM SEX ABUSE'],
                                      'wa': ['RAPE 3'], 'gen': ['SEXUAL ASSAULT 2ND DEGREE']}),
    'ROBBERY': ('Robbery', 0.015, {'tx': ['ROBBERY', 'AGG ROBBERY'], 'gen': ['ROBBERY', 'ARMED ROBBERY']}),
    'IMMIG': ('Illegal Entry', 0.0, {'tx': ['ILLEGAL RE-ENTRY 8 USC 1326'], 'gen': ['ILLEGAL REENTRY']}),
    'NONE': (None, 0.05, {'tx': ['BOND FORFEITURE', 'MOTION TO REVOKE PROBATION'], 'il': ['WARRANT-FTA'],
                          'wa': ['FTA WARRANT', 'DOC SECRETARY WARRANT'], 'pa': ['PROBATION VIOLATION'],
                          'fl': ['VOP', 'WRIT OF BODILY ATTACHMENT'], 'gen': ['FTA', 'PROBATION VIOLATION', 'BENCH WARRANT']}),
}
CHARGE_KEYS = [k for k in CHARGES if CHARGES[k][1] > 0]
CHARGE_W = W('|'.join(f'{k}:{CHARGES[k][1]}' for k in CHARGE_KEYS))

AOR_FACILITIES = {
    'CHI': [('BROADVIEW SERVICE STAGING', 'BROADIL'), ('MCHENRY COUNTY JAIL', 'MCHENIL'), ('JEROME COMBS DETENTION CENTER', 'JCDCKIL')],
    'SEA': [('NORTHWEST DETENTION CENTER', 'CSCNWWA')],
    'NOL': [('LASALLE ICE PROCESSING CENTER', 'JENADLA'), ('WASHINGTON COUNTY DETENTION CENTER AR', 'WCDCFAR')],
    'PHI': [('PIKE COUNTY CORRECTIONAL FACILITY', 'PIKEPPA'), ('YORK COUNTY PRISON', 'YORKCPA')],
    'DEN': [('DENVER CONTRACT DETENTION FACILITY', 'DENICDF')],
    'SNA': [('PORT ISABEL SPC', 'PISPCTX'), ('RIO GRANDE DETENTION CENTER', 'RGRDCTX'), ('SOUTH TEXAS ICE PROCESSING CENTER', 'STCDFTX')],
    'MIA': [('KROME NORTH SPC', 'KRMESPC'), ('BROWARD TRANSITIONAL CENTER', 'BTCFLFL')],
    'WAS': [('FARMVILLE DETENTION CENTER', 'FRMVLVA'), ('CAROLINE DETENTION FACILITY', 'CAROLVA')],
    'ELP': [('OTERO COUNTY PROCESSING CENTER', 'OTROCNM'), ('CIBOLA COUNTY CORRECTIONAL CENTER', 'CIBOLNM')],
    'SFR': [('MESA VERDE DETENTION FACILITY', 'MVDFCA'), ('YUBA COUNTY JAIL', 'YUBACCA')],
    'BAL': [('HOWARD COUNTY DETENTION CENTER', 'HOWCOMD')],
    'NYC': [('BERGEN COUNTY JAIL', 'BERGENJ'), ('ORANGE COUNTY JAIL NY', 'ORANGNY')],
    'PHO': [('ELOY FEDERAL CONTRACT FACILITY', 'EAZ'), ('LA PALMA CORRECTIONAL CENTER', 'LPCCAZ')],
    'ATL': [('STEWART DETENTION CENTER', 'STWRTGA'), ('IRWIN COUNTY DETENTION CENTER', 'IRWINGA')],
    'HOU': [('HOUSTON CONTRACT DETENTION FACILITY', 'HOUICDF'), ('JOE CORLEY DETENTION FACILITY', 'JCDFTX')],
    'NEW': [('ELIZABETH CONTRACT DETENTION FACILITY', 'ELZCDNJ')],
}
STATE_AOR = {'IL': 'CHI', 'WA': 'SEA', 'OR': 'SEA', 'AR': 'NOL', 'PA': 'PHI', 'CO': 'DEN', 'TX': 'SNA',
             'FL': 'MIA', 'VA': 'WAS', 'NM': 'ELP', 'CA': 'SFR', 'MD': 'BAL', 'NY': 'NYC', 'AZ': 'PHO',
             'GA': 'ATL', 'NJ': 'NEW', 'NC': 'ATL'}
AOR_SKEW_HOURS = {'PHI': 5.0}   # Philadelphia field office stamps book-ins in UTC

GENERIC_COUNTRIES = 'MEX:55|GTM:12|HND:10|SLV:8|DOM:2|CUB:1|IND:2|CHN:2|HTI:1|ECU:2|COL:1|JAM:1|VNM:1|NIC:1|PHL:1'


# weights of booking hours / weekdays and of background ICE book-ins
HOUR_W = W('|'.join(f'{h}:{x}' for h, x in enumerate([5, 4, 4, 3, 2, 2, 2, 2, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 6, 6, 6, 6, 6, 6])))
DOW_W = [1.0, 0.95, 0.95, 1.0, 1.1, 1.15, 1.0]   # Mon..Sun
BG_STATES = W('TX:30|CA:12|FL:7|AZ:6|IL:5|WA:4|GA:4|NY:4|CO:3|PA:3|NJ:3|OR:2|AR:2|VA:2|NM:3|MD:2|NC:3')
BG_METHOD_TX = W('Border Patrol:45|CAP Local Incarceration:25|Non-Custodial Arrest:8|287(g) Program:5|'
                 'CAP Federal Incarceration:6|CAP State Incarceration:4|Located:7')
BG_METHOD = W('CAP Local Incarceration:42|Non-Custodial Arrest:22|Located:10|CAP State Incarceration:11|'
              'CAP Federal Incarceration:6|287(g) Program:5|Other Efforts:4')
