"""Parameters of the synthetic world: the story (who is booked, who gets a detainer, what ICE
lists) and the noise (how two records of one person differ). Every field has a default.

    >>> params = WorldParams.for_scale("demo")
    >>> params.story.list_decline
    0.85

A `(low, high)` pair is a range: each jurisdiction draws its own value from it, so worlds of
different seeds differ in more than their rows.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
from dataclasses import dataclass, field
from datetime import date

Range = tuple[float, float]


def parse_scale(scale: str | float) -> str | float:
    """`"demo"`, or the fraction of the national world that `scale` names.

        >>> parse_scale("national"), parse_scale("0.1"), parse_scale("demo")
        (1.0, 0.1, 'demo')

    Anything else is a ValueError that says what is accepted."""
    if scale == "demo":
        return "demo"
    try:
        frac = 1.0 if scale == "national" else float(scale)
    except (TypeError, ValueError):
        frac = math.nan
    if not 0 < frac <= 1:
        raise ValueError(f"scale must be 'demo', 'national' or a fraction of it in (0, 1], not {scale!r}")
    return frac


def scale_argument(text: str) -> str | float:
    """`parse_scale` as an argparse type: `parser.add_argument("--scale", type=scale_argument)`.
    A bad value is then a usage error with parse_scale's words, not a traceback."""
    try:
        return parse_scale(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


@dataclass(frozen=True)
class Story:
    report_start: date = date(2017, 1, 28)   # first day of the first report week (a Saturday)
    weeks: int = 12                          # report weeks
    lead_weeks: int = 6                      # the jail log starts this long before the reports
    custody_tail_weeks: int = 20             # the ICE extract runs this long after the last report
    n_jurisdictions: int = 8
    weekly_bookings: Range = (10.0, 500.0)   # national: lognormal, clipped to this range
    foreign_share: Range = (0.05, 0.30)
    naturalised: float = 0.25                # foreign-born people who are US citizens
    detainer_rate: Range = (0.25, 0.45)      # non-citizen bookings that get a detainer
    repeat_booking: float = 0.10             # bookings of someone already booked in the window
    met_at_release: Range = (0.05, 0.30)     # declined, but ICE (told the release time) arrests at the door
    detainer_stay_factor: float = 0.7        # log-mean extra stay of detainees (no point posting bond)
    other_agency: float = 0.08               # detainer releases handed to another jail / USM
    other_agency_background: float = 0.03    # the same, for everyone else
    honour: dict[str, float] = field(default_factory=lambda: {
        "honours": 0.96, "declines": 0.02, "declines_serious": 0.25,
        "mixed": 0.30, "mixed_serious": 0.85,
        "policy_day_before": 0.95, "policy_day_after": 0.10, "policy_day_serious": 0.60,
        "policy_day_violent": 0.95,
    })
    transfer_hours_median: float = 6.0       # release -> ICE book-in when honoured
    transfer_late: float = 0.03              # honoured, but booked in 3-6 days later
    at_large_arrest: float = 0.15            # declined, arrested at large within 2-20 weeks
    other_agency_to_ice: float = 0.35        # handed to another agency, ICE book-in 2-26 weeks on
    list_decline: float = 0.85               # declines ICE records (and so lists)
    list_other_agency: float = 0.70
    list_honoured: float = 0.02              # honoured hand-overs listed as declined anyway
    listed_handover_rate: Range = (0.15, 0.25)  # the same, in a Hennepin-like jurisdiction
    list_in_custody: float = 0.03            # declines recorded while the person is still held
    duplicate: float = 0.04                  # listed again the next week
    misattributed: float = 0.03              # listed under a same-named county of another state
    decline_delay_days: tuple[float, ...] = (0.12, 0.13, 0.13, 0.12, 0.10, 0.09, 0.08, 0.06, 0.05,
                                             0.04, 0.03)  # P(delay = 0..10 days); rest: 11-45
    policy_day_week: Range = (1.0, 3.0)      # the report week of the Travis-like policy day
    policy_day_ghosts: Range = (40.0, 90.0)  # old open detainers listed, per 150 weekly bookings
    old_detainer_share: float = 0.25         # in-custody detainers ICE lists with a 2010-15 date
    log_omitted: Range = (0.0, 0.03)         # bookings missing from a jail's log
    background_per_transfer: float = 5.0     # unrelated ICE book-ins per book-in of a jail release
    namesake_rate: float = 0.30              # detainer bookings whose name someone else shares in ICE data
    background_world_states: float = 0.35    # unrelated book-ins apprehended in a world state


@dataclass(frozen=True)
class Noise:
    # ICE's record of a person vs the person
    ice_drop_second_surname: float = 0.35
    ice_join_surnames: float = 0.15          # GARCIALOPEZ
    ice_typo_last: float = 0.04
    ice_typo_first: float = 0.04
    ice_swap_first_last: float = 0.02
    ice_first_given_only: float = 0.5        # JUAN CARLOS -> JUAN
    ice_dob_day_month_swap: float = 0.03
    ice_dob_missing: float = 0.03
    ice_dob_off: float = 0.02                # a digit off (day or year)
    ice_sex_miscoded: float = 0.01
    ice_a_number_missing: float = 0.12
    citizenship_differs_from_birth: float = 0.03
    # a jail's record of a person vs the person
    jail_typo: float = 0.01
    jail_dob_missing: float = 0.01
    jail_drop_second_surname: Range = (0.0, 0.3)
    jail_drop_middle: Range = (0.0, 0.6)
    hold_date_exact: float = 0.70
    hold_date_off_one: float = 0.15          # the rest (but missing) is off by two
    hold_date_missing: Range = (0.0, 0.20)
    pob_missing: Range = (0.0, 0.10)
    ice_release_underreported: Range = (0.0, 0.35)  # hand-overs written as TIME SERVED etc.
    no_holds_share: float = 0.25             # jails that never report holds
    no_pob_share: float = 0.25               # jails that never report place of birth
    age_only_share: float = 0.2              # jails that print age, not date of birth


@dataclass(frozen=True)
class WorldParams:
    scale: str | float = "demo"
    story: Story = field(default_factory=Story)
    noise: Noise = field(default_factory=Noise)

    @classmethod
    def for_scale(cls, scale: str | float = "demo", weeks: int | None = None, **story) -> WorldParams:
        """Defaults for a scale: `"demo"` (8 jurisdictions chosen to show the report's faults) or
        a fraction of the national world (`1.0` or `"national"` = ~3,000 jurisdictions, a year
        of reports)."""
        scale = parse_scale(scale)
        if scale == "demo":
            base = Story()
        else:
            frac = float(scale)
            # Nationally about 1.3% of bookings get a detainer and ~11% of detainers are listed.
            # Hand-overs to other agencies and honoured detainers are listed less often than
            # in the demo's chosen counties: with the demo's rates ICE listed ~20% of detainers.
            base = Story(weeks=52, n_jurisdictions=max(10, round(3000 * frac)),
                         detainer_rate=(0.08, 0.20), background_per_transfer=2.0,
                         list_other_agency=0.35, list_honoured=0.01)
        if weeks is not None:
            story["weeks"] = weeks
        return cls(scale=scale, story=dataclasses.replace(base, **story))

    def to_json(self) -> dict:
        out = dataclasses.asdict(self)
        out["story"]["report_start"] = self.story.report_start.isoformat()
        return out
