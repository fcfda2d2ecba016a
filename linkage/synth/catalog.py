"""Static tables of the synthetic world: countries, origins, charges, release wording, jails.

    >>> COUNTRIES["CHN"].ice
    'CHINA, PEOPLES REPUBLIC OF'

Spellings follow the real sources: ICE writes upper-case country names of its own
(`CHINA, PEOPLES REPUBLIC OF`), jails write whatever their booking system offers.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Country:
    ice: str                      # ICE's spelling (report citizenship, custody citizenship)
    name: str                     # a jail's plain spelling
    regions: tuple[str, ...] = () # for "Jalisco, Mexico" style places of birth
    pool: str = "es_MX"           # name pool of people born there
    double_surname: float = 0.0   # share of people carrying two surnames


COUNTRIES: dict[str, Country] = {
    "USA": Country("UNITED STATES", "United States", pool="en_US"),
    "MEX": Country("MEXICO", "Mexico", ("Distrito Federal", "Jalisco", "Michoacan", "Guanajuato",
                   "Oaxaca", "Guerrero", "Puebla", "Chihuahua", "Zacatecas", "Veracruz",
                   "Nuevo Leon", "Durango"), "es_MX", 0.75),
    "GTM": Country("GUATEMALA", "Guatemala", ("Guatemala", "Huehuetenango", "San Marcos"), "es_CA", 0.7),
    "HND": Country("HONDURAS", "Honduras", ("Francisco Morazan", "Cortes", "Olancho"), "es_CA", 0.7),
    "SLV": Country("EL SALVADOR", "El Salvador", ("San Salvador", "San Miguel", "La Union"), "es_CA", 0.7),
    "CUB": Country("CUBA", "Cuba", ("La Habana", "Matanzas"), "es_CA", 0.6),
    "DOM": Country("DOMINICAN REPUBLIC", "Dominican Republic", ("Santo Domingo", "Santiago"), "es_CA", 0.5),
    "COL": Country("COLOMBIA", "Colombia", ("Antioquia", "Valle del Cauca"), "es_CO", 0.7),
    "ECU": Country("ECUADOR", "Ecuador", ("Azuay", "Guayas", "Canar"), "es_CO", 0.7),
    "VNM": Country("VIETNAM", "Vietnam", pool="vi_VN"),
    "CHN": Country("CHINA, PEOPLES REPUBLIC OF", "China", ("Fujian", "Guangdong"), "zh_CN"),
    "IND": Country("INDIA", "India", ("Punjab", "Gujarat"), "en_IN"),
    "SOM": Country("SOMALIA", "Somalia", pool="so_SO"),
    "UKR": Country("UKRAINE", "Ukraine", pool="uk_UA"),
    "RUS": Country("RUSSIA", "Russia", pool="ru_RU"),
    "ROU": Country("ROMANIA", "Romania", pool="ro_RO"),
    "POL": Country("POLAND", "Poland", pool="pl_PL"),
    "HTI": Country("HAITI", "Haiti", pool="fr_HT"),
    "JAM": Country("JAMAICA", "Jamaica", pool="en_US"),
    "PHL": Country("PHILIPPINES", "Philippines", pool="tl_PH"),
    "BRA": Country("BRAZIL", "Brazil", pool="pt_BR"),
    "KOR": Country("KOREA, SOUTH", "South Korea", pool="ko_KR"),
}

# Foreign-born origin mixes by region of the jail (weights need not sum to one).
ORIGIN_MIX: dict[str, dict[str, float]] = {
    "southwest": {"MEX": 70, "GTM": 7, "HND": 6, "SLV": 6, "CUB": 1, "VNM": 3, "CHN": 2, "IND": 2, "KOR": 1, "PHL": 2},
    "southeast": {"MEX": 35, "GTM": 10, "HND": 12, "SLV": 6, "CUB": 10, "HTI": 8, "COL": 6, "JAM": 5, "VNM": 3, "BRA": 5},
    "northeast": {"DOM": 22, "MEX": 15, "ECU": 10, "CHN": 10, "HTI": 8, "JAM": 8, "SLV": 8, "GTM": 6, "IND": 5, "POL": 4, "BRA": 4},
    "midwest": {"MEX": 55, "GTM": 8, "SOM": 6, "ECU": 4, "IND": 5, "POL": 5, "VNM": 4, "HND": 5, "CHN": 3, "ROU": 3, "UKR": 2},
    "northwest": {"MEX": 55, "GTM": 5, "VNM": 8, "UKR": 7, "RUS": 6, "CHN": 6, "IND": 4, "PHL": 5, "ROU": 2, "KOR": 2},
    "minnesota": {"MEX": 42, "SOM": 18, "ECU": 8, "GTM": 6, "VNM": 5, "HND": 5, "IND": 4, "CHN": 3, "UKR": 3, "RUS": 2},
}

STATE_REGION: dict[str, str] = {
    **dict.fromkeys(["TX", "CA", "AZ", "NM", "CO", "NV", "UT", "OK"], "southwest"),
    **dict.fromkeys(["FL", "GA", "SC", "NC", "AL", "MS", "LA", "TN", "AR", "VA"], "southeast"),
    **dict.fromkeys(["NY", "NJ", "MA", "CT", "RI", "PA", "MD", "DE", "DC", "NH", "VT", "ME"], "northeast"),
    **dict.fromkeys(["WA", "OR", "ID", "MT", "AK", "HI", "WY"], "northwest"),
    "MN": "minnesota",
}

# ICE's offence categories, their jail wordings and a severity 0 (minor) .. 3 (violent felony).
CHARGES: dict[str, tuple[int, tuple[str, ...]]] = {
    "Driving Under Influence Liquor": (1, ("DWI", "DRIVING WHILE INTOXICATED", "DUI", "DWI 2ND",
                                           "OPERATING WHILE INTOXICATED", "DUI-ALCOHOL")),
    "Traffic Offense": (0, ("DRIVING WHILE LICENSE INVALID", "NO VALID DRIVERS LICENSE",
                            "DRIVING AFTER REVOCATION", "DRIVING W/O LICENSE")),
    "Larceny": (1, ("THEFT PROP >=$100<$750", "THEFT", "SHOPLIFTING", "PETIT LARCENY",
                    "THEFT PROP <$100")),
    "Burglary": (2, ("BURGLARY OF HABITATION", "BURGLARY OF VEHICLE", "BURGLARY 2ND DEGREE",
                     "BURGLARY OF BUILDING")),
    "Assault": (2, ("ASSAULT CAUSES BODILY INJURY", "ASSAULT 5TH DEGREE", "AGG ASSAULT W/DEADLY WEAPON",
                    "SIMPLE ASSAULT")),
    "Family Offense": (2, ("ASSAULT FAMILY/HOUSEHOLD MEMBER", "VIOL PROTECTIVE ORDER",
                           "DOMESTIC ASSAULT", "INTERFERE W/EMERGENCY CALL")),
    "Dangerous Drugs": (1, ("POSS CS PG 1 <1G", "POSS MARIJ <2OZ", "POSSESSION OF CONTROLLED SUBSTANCE",
                            "MAN/DEL CS PG 1 >=4G<200G")),
    "Weapon Offense": (2, ("UNLAWFUL CARRYING WEAPON", "FELON IN POSSESSION OF FIREARM")),
    "Obstructing Police": (0, ("RESIST ARREST SEARCH OR TRANSPORT", "FAIL TO IDENTIFY",
                               "OBSTRUCTING LEGAL PROCESS")),
    "Obstruct Judiciary, Congress, Legislature, Etc.": (0, ("BAIL JUMPING", "FAILURE TO APPEAR",
                                                             "CONTEMPT OF COURT")),
    "Fraudulent Activities": (1, ("FRAUD USE/POSS IDENTIFYING INFO", "FORGERY", "CREDIT CARD ABUSE")),
    "Public Peace": (0, ("DISORDERLY CONDUCT", "CRIMINAL TRESPASS", "PUBLIC INTOXICATION")),
    "Damage Property": (1, ("CRIMINAL MISCHIEF >=$100<$750", "CRIMINAL DAMAGE TO PROPERTY")),
    "Stolen Vehicle": (1, ("UNAUTHORIZED USE OF MOTOR VEHICLE", "AUTO THEFT")),
    "Robbery": (3, ("ROBBERY", "AGG ROBBERY")),
    "Sex Assault": (3, ("SEXUAL ASSAULT", "CRIMINAL SEXUAL CONDUCT 3RD DEGREE")),
    "Homicide": (3, ("MURDER", "MANSLAUGHTER")),
}
CHARGE_WEIGHTS: dict[str, float] = {
    "Driving Under Influence Liquor": 16, "Traffic Offense": 14, "Larceny": 12, "Burglary": 5,
    "Assault": 9, "Family Offense": 8, "Dangerous Drugs": 12, "Weapon Offense": 3,
    "Obstructing Police": 5, "Obstruct Judiciary, Congress, Legislature, Etc.": 6,
    "Fraudulent Activities": 3, "Public Peace": 6, "Damage Property": 3, "Stolen Vehicle": 2,
    "Robbery": 1.5, "Sex Assault": 1, "Homicide": 0.3,
}

# Release classes and the wordings jails use for them; each jail picks one wording per class.
RELEASE_WORDING: dict[str, tuple[str, ...]] = {
    "ice": ("RELEASED TO ICE", "TRANSFER TO ICE", "RELEASED TO IMMIGRATION", "ICE DETAINER RELEASE",
            "RELEASE TO I.C.E."),
    "other_agency": ("RELEASED TO OTHER AGENCY", "TRANSFER TO USM", "RELEASED TO TDCJ",
                     "TRANSFER OUT OF COUNTY", "RELEASED TO HOLDING AGENCY"),
    "bond": ("BOND-SURETY", "SURETY BOND", "CASH BOND", "PR BOND", "BONDED OUT"),
    "served": ("TIME SERVED", "SENTENCE COMPLETED", "DISCHARGED-TIME SERVED", "EXPIRATION OF SENTENCE"),
    "court": ("RELEASED BY COURT", "CHARGES DISMISSED", "ROR", "PERSONAL RECOGNIZANCE", "PROBATION"),
}

HOLD_WORDING: tuple[str, ...] = ("ICE", "ICE", "ICE DETAINER", "IMMIGRATION", "DHS/ICE")
OTHER_HOLDS: tuple[str, ...] = ("USM", "OTHER COUNTY", "STATE PAROLE", "TDCJ")

# ICE detention facilities receiving people apprehended in a state (name, code).
ICE_FACILITIES: dict[str, tuple[tuple[str, str], ...]] = {
    "TX": (("SOUTH TEXAS DETENTION COMPLEX", "STDCTX"), ("T DON HUTTO RESIDENTIAL CENTER", "TDHUTTO"),
           ("HOUSTON CONTRACT DETENTION FACILITY", "HOUCDF")),
    "MN": (("SHERBURNE COUNTY JAIL", "SHERBMN"), ("FREEBORN COUNTY ADULT DETENTION CENTER", "FREEBMN")),
    "CA": (("ADELANTO ICE PROCESSING CENTER", "ADLNTCA"), ("THEO LACY FACILITY", "THEOLCA")),
    "FL": (("KROME NORTH SPC", "KRO"), ("GLADES COUNTY DETENTION CENTER", "GLADEFL")),
    "OR": (("NORTHWEST DETENTION CENTER", "CSCNWWA"),),
    "WA": (("NORTHWEST DETENTION CENTER", "CSCNWWA"),),
    "AR": (("WASHINGTON COUNTY DETENTION CENTER", "WASHCAR"),),
    "NY": (("ORANGE COUNTY JAIL (NY)", "ORANGNY"), ("BUFFALO SPC", "BTV")),
    "MD": (("HOWARD COUNTY DETENTION CENTER", "HOWCOMD"),),
    "CO": (("DENVER CONTRACT DETENTION FACILITY", "DENICDF"),),
    "GA": (("STEWART DETENTION CENTER", "STWRTGA"),),
    "AZ": (("ELOY FEDERAL CONTRACT FACILITY", "EAZ"),),
}

APPREHENSION_METHODS: dict[str, float] = {
    "CAP Local Incarceration": 55, "Non-Custodial Arrest": 14, "Located": 8,
    "CAP Federal Incarceration": 7, "CAP State Incarceration": 6, "287(g) Program": 4,
    "Probation and Parole": 3, "Other Efforts": 3,
}


@dataclass(frozen=True)
class CuratedCounty:
    """A real county the demo world can include, with its jail's and ICE's spellings."""

    state: str
    county: str
    jail_facility: str
    ice_facility: str
    city: str
    policy: str                         # honours | declines | mixed | policy_day
    weekly: tuple[int, int]             # range of weekly bookings in the demo world
    foreign_share: tuple[float, float]
    extra: dict = field(default_factory=dict)


HENNEPIN = CuratedCounty("MN", "HENNEPIN", "Hennepin County Adult Detention Center",
                         "HENNEPIN COUNTY JAIL", "MINNEAPOLIS", "honours", (132, 192), (0.10, 0.16),
                         {"listed_handover_rate": (0.15, 0.25)})
TRAVIS = CuratedCounty("TX", "TRAVIS", "Travis County Correctional Complex", "TRAVIS COUNTY JAIL",
                       "AUSTIN", "policy_day", (110, 160), (0.22, 0.30))
NAMESAKE_PAIRS: dict[str, tuple[CuratedCounty, ...]] = {
    "ORANGE": (
        CuratedCounty("CA", "ORANGE", "Orange County Intake Release Center", "ORANGE COUNTY JAIL",
                      "SANTA ANA", "declines", (150, 270), (0.18, 0.28)),
        CuratedCounty("FL", "ORANGE", "Orange County Corrections Department", "ORANGE COUNTY JAIL",
                      "ORLANDO", "honours", (120, 210), (0.10, 0.18)),
    ),
    "WASHINGTON": (
        CuratedCounty("OR", "WASHINGTON", "Washington County Jail", "WASHINGTON COUNTY JAIL",
                      "HILLSBORO", "declines", (36, 72), (0.15, 0.25)),
        CuratedCounty("AR", "WASHINGTON", "Washington County Detention Center",
                      "WASHINGTON COUNTY JAIL", "FAYETTEVILLE", "honours", (24, 54), (0.10, 0.20)),
    ),
    "MONTGOMERY": (
        CuratedCounty("MD", "MONTGOMERY", "Montgomery County Central Processing Unit",
                      "MONTGOMERY COUNTY DETENTION CENTER", "ROCKVILLE", "declines", (80, 160),
                      (0.20, 0.30)),
        CuratedCounty("TX", "MONTGOMERY", "Montgomery County Jail", "MONTGOMERY COUNTY JAIL",
                      "CONROE", "honours", (54, 102), (0.10, 0.18)),
    ),
}
OTHER_CURATED: tuple[CuratedCounty, ...] = (
    CuratedCounty("CO", "DENVER", "Denver Downtown Detention Center", "DENVER COUNTY JAIL", "DENVER",
                  "declines", (90, 168), (0.15, 0.25)),
    CuratedCounty("NY", "NASSAU", "Nassau County Correctional Center", "NASSAU COUNTY JAIL",
                  "EAST MEADOW", "mixed", (48, 96), (0.18, 0.28)),
    CuratedCounty("NM", "BERNALILLO", "Metropolitan Detention Center", "BERNALILLO COUNTY DETENTION CENTER",
                  "ALBUQUERQUE", "declines", (90, 156), (0.12, 0.20)),
    CuratedCounty("TX", "DALLAS", "Dallas County Jail - Lew Sterrett", "DALLAS COUNTY JAIL", "DALLAS",
                  "mixed", (150, 270), (0.14, 0.22)),
    CuratedCounty("WA", "KING", "King County Correctional Facility", "KING COUNTY JAIL", "SEATTLE",
                  "declines", (90, 156), (0.10, 0.18)),
    CuratedCounty("GA", "GWINNETT", "Gwinnett County Detention Center", "GWINNETT COUNTY JAIL",
                  "LAWRENCEVILLE", "honours", (72, 132), (0.15, 0.25)),
    CuratedCounty("NC", "MECKLENBURG", "Mecklenburg County Jail Central", "MECKLENBURG COUNTY JAIL",
                  "CHARLOTTE", "mixed", (90, 156), (0.10, 0.18)),
    CuratedCounty("AZ", "PIMA", "Pima County Adult Detention Complex", "PIMA COUNTY JAIL", "TUCSON",
                  "honours", (10, 24), (0.15, 0.25)),
    CuratedCounty("OR", "MARION", "Marion County Jail", "MARION COUNTY JAIL", "SALEM", "declines",
                  (10, 24), (0.12, 0.22)),
)

CATEGORIES_BY_INDEX: tuple[str, ...] = tuple(CHARGES)
