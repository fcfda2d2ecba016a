"""Typed configuration: `configs/default.toml` and friends, validated by pydantic.

    >>> config = load_config()                    # configs/default.toml
    >>> config = load_config("my-week.toml")      # a partial file overrides the defaults
    >>> config.reconcile.review_threshold
    0.8

Unknown keys are errors, so a misspelt setting never passes silently.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

if TYPE_CHECKING:
    from linkage.store import Store

CONFIG_DIR = Path(os.environ.get("LINKAGE_CONFIG_DIR") or Path(__file__).resolve().parent.parent / "configs")
REPO_ROOT = Path(__file__).resolve().parent.parent


# Bounded settings: a value outside what it means is refused with the key's name, and strict,
# so that a TOML `true` is not read as the number 1 (written by hand: pydantic gives the parts).
Probability = Annotated[float, Field(ge=0.0, le=1.0, strict=True)]
OpenProbability = Annotated[float, Field(gt=0.0, lt=1.0, strict=True)]
Days = Annotated[int, Field(ge=0, strict=True)]
Hours = Annotated[float, Field(ge=0.0, strict=True)]
Count = Annotated[int, Field(gt=0, strict=True)]
Strength = Annotated[float, Field(gt=0.0, strict=True)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class IngestSettings(Strict):
    max_field_chars: int = 4000
    """Longer cells are quarantined: no real name, charge or reason is this long."""
    min_year: int = 1900
    """Earliest birth date accepted."""
    min_event_year: int = 1950
    """Earliest booking, release, hold, detainer or book-in date: 1900-01-01 is Excel's day 1,
    what an empty date cell becomes, never a real event."""
    min_report_year: int = 2000
    """Earliest report week or recorded decline (the contract's two-digit-year rule)."""
    max_future_days: int = 1
    """A date more than this many days after the day of ingest is impossible."""


LONG_GONE_DAYS = 45
"""A release more than this many days before the recorded decline is "long gone": hop 1's
`stay` levels end here (`hop1.released_long_before_sql`), and reconcile reads such a release as
no hand-over (`posterior.Pairs.long_gone`)."""


class Hop1Settings(Strict):
    """Report entry -> jail booking (no names)."""

    release_window_days_before: int = Field(45, ge=0, le=LONG_GONE_DAYS)
    """Candidates released up to this many days before ICE recorded the decline (at most
    `LONG_GONE_DAYS`: further back, only the long-gone rule pairs a release)."""
    release_window_days_after: Days = 7
    unheld_tails: bool = False
    """Keep every booking without a hold far from the decline as a candidate. False: in a jail
    that records ICE holds, a booking without one, released more than
    `unheld_window_days_before` days before the decline or in custody over it by its stay
    alone, is a candidate only when the detainer followed its booking within two weeks
    (`hop1.blocking_rules`; blocking, not evidence)."""
    unheld_window_days_before: Days = 21
    custody_rule: bool = True
    """Also consider bookings still in custody (or released later) whose stay covers the issued date."""
    long_gone_rule: bool = True
    """Also consider bookings released more than `LONG_GONE_DAYS` days before the decline whose
    hold is dated within 3 days of the issued date (a re-assessment that lists people long gone)."""
    em_max_pairs: Count = 2_000_000
    train_em: bool = True


class Hop2Settings(Strict):
    """Jail release -> ICE book-in (an event match)."""

    search_window_days: Days = 120
    """Book-ins up to this many days after the release are scored (later arrests too)."""
    transfer_window_hours: Hours = 72.0
    """A book-in this soon after release counts as a hand-over from the jail."""
    min_hop1_probability: Probability = 1e-5
    """Hop 2 searches a booking only if some entry describes it at least this likely (hop 1)."""
    custodial_window_hours: Hours = 168.0
    """...and this soon when ICE recorded a custodial method (CAP, 287(g)): taken from custody."""
    at_large_hand_over_share: float = Field(0.1, ge=0.0, le=1.0)
    """A book-in inside the transfer window that ICE coded as an arrest at large ('Located',
    'Non-Custodial Arrest') is a hand-over at this share of its hop-2 evidence: P(ICE codes a
    pick-up at release so), a judgement. ICE's codes are evidence, not proof (both independent
    worlds code ~10% of pick-ups at release as something other than CAP; docs/model.md)."""
    decoy_shift_days: Days = 14
    """Each searched release is scored again as if released this many days earlier, when no
    hand-over can have happened: what strangers' book-ins near a release weigh, against which
    reconcile bounds a window's evidence (`linkage.match.decoys`). 0: no decoys. Keep it
    longer than the custodial window, so a decoy window ends before the release."""
    em_max_pairs: Count = 2_000_000
    train_em: bool = True

    @model_validator(mode="after")
    def _decoys_before_the_release(self) -> Hop2Settings:
        if 0 < self.decoy_shift_days * 24 <= max(self.transfer_window_hours, self.custodial_window_hours):
            raise ValueError(f"decoy_shift_days = {self.decoy_shift_days}: a decoy window must end before "
                             "the release, so the shift must exceed the hand-over windows (or be 0)")
        return self


class ReconcileSettings(Strict):
    review_threshold: float = Field(0.8, ge=0.5, le=1.0, strict=True)
    """Below this confidence an entry goes to needs_review with its candidates. At least 0.5: a
    verdict of transfer names the booking and book-in that carry most of P(transferred), which
    needs that probability to be the larger part."""
    stale_days: Days = 365
    """A detainer issued more than this many days before the recorded decline is flagged stale."""
    stale_state_m: tuple[float, float, float] = (0.75, 0.20, 0.05)
    """For a stale detainer's entry whose person is in the log: how often the booking is held
    over the decline, released near it, or neither. A judgement from the design's policy day
    (every detainer in custody re-assessed, most never released that week); it replaces the
    issued-date comparisons for stale entries (linkage/stale.py). Set to (0, 0, 0) to keep
    Splink's issued-date evidence for them too."""

    @field_validator("stale_state_m")
    @classmethod
    def _all_or_none(cls, m: tuple[float, float, float]) -> tuple[float, float, float]:
        if any(x != 0 for x in m) and not all(0 < x < 1 for x in m):
            raise ValueError(f"stale_state_m = {list(m)}: each share must lie in (0, 1), or all be 0 (off)")
        return m
    prior_in_log: OpenProbability = 0.8
    """Starting prior that a listed entry's booking is in the jail's submitted log."""
    p_misfiled_county: Probability = 0.02
    """Prior share of entries ICE filed under a same-named county of another state (searched
    too: hop 1's candidates come from every log of that county name)."""
    prior_book_in: Probability = 0.3
    """Starting prior that a candidate release has an ICE book-in within the search window."""
    estimate_priors: bool = True
    """Re-estimate both priors from the run's own posteriors (EM on the mixing weights)."""
    jurisdiction_prior_strength: float = Field(5.0, gt=0)
    """Pseudo-entries of the global 'in log' prior in each jurisdiction's own estimate."""
    prior_by_staleness: bool = True
    """Fit the 'in log' prior of each jurisdiction apart for stale and fresh detainers: a stale
    detainer's person has often left the jail before its log begins, a fresh one's almost never
    (`linkage.entry_priors.Staleness`)."""
    p_reason_ice_if_transferred: Probability = 0.75
    """Jails under-report hand-overs: a real transfer is logged 'released to ICE' this often.
    A starting value: with estimate_priors, re-estimated from the run (this is its prior mean)."""
    p_reason_ice_if_not: Probability = 0.02
    p_reason_other_agency_if_transferred: Probability = 0.02
    """A hand-over to ICE logged as 'released to another agency' (rare; re-estimated per run)."""
    p_reason_other_agency_if_not: Probability = 0.05
    reason_prior_strength: Strength = 10.0
    """Pseudo-releases behind the two reason rates when they are re-estimated."""
    p_transfer_unseen: Probability = 0.02
    """A transfer whose ICE book-in is missing from the extract (never proof either way). With
    estimate_priors, the prior mean of a share fitted on the releases the jails logged as
    handed to ICE, worth `reason_prior_strength` releases (linkage/windows.py, `unseen_share`)."""
    p_ice_citizenship_agrees: Probability = 0.97
    """ICE's citizenship on a report entry and on the same person's ICE book-in agree this often."""
    facility_evidence: bool = False
    """Weigh whether an entry's log names the facility ICE gives, as evidence of its being in
    that log, fitted per jurisdiction: a jail whose facility ICE never spells as its log does
    learns nothing from it (`linkage.entry_priors.FacilityNamed`).
    On in configs/default.toml; off here, so a run recorded before the setting replays as it
    ran (`linkage verify-run`)."""
    by_decline_day: bool = True
    """Fit, per decline day of a jurisdiction, how many of its listed people are still in custody
    (a policy-day batch), shrunk toward the jurisdiction's share (`linkage.entry_priors.DeclineDays`)."""
    listed_by_jurisdiction: bool = True
    """Fit how often a listed entry's person was in fact handed to ICE (or booked by ICE later)
    per jurisdiction, shrunk toward the run's rates by `jurisdiction_prior_strength` entries: it
    varies by jail (independent world A: a third of Hennepin's listed people, one in twenty of
    Travis's), and one run-wide rate let a handed-over look-alike win entries in a jail that
    rarely hands anyone over (linkage/posterior.py)."""
    one_person_per_detainer: bool = True
    """Entries of different detainers describe different people: a booking another entry
    claims counts less for this one (linkage/posterior.py, `_Claims`)."""
    p_other_agency_if_reason: Probability = 0.9
    p_other_agency_otherwise: Probability = 0.01


class Config(Strict):
    seed: int = 42
    engine: str = "duckdb"
    """Where Splink scores the hops: "duckdb" (in the store) or "spark" (Splink's SparkAPI,
    results copied back into the store; linkage/match/spark.py, docs/scale.md). Issue 7.
    $LINKAGE_ENGINE, where set, overrides it."""
    ingest: IngestSettings = Field(default_factory=IngestSettings)
    hop1: Hop1Settings = Field(default_factory=Hop1Settings)
    hop2: Hop2Settings = Field(default_factory=Hop2Settings)
    reconcile: ReconcileSettings = Field(default_factory=ReconcileSettings)

    def config_hash(self) -> str:
        """A stable hash of every setting and of the config files the stages read (priors,
        charges, facilities, header maps), recorded with each model and run."""
        blob = json.dumps(self.model_dump(mode="json"), sort_keys=True).encode()
        return hashlib.sha256(blob + config_files_hash().encode()).hexdigest()[:16]


def config_files_hash(config_dir: Path = CONFIG_DIR) -> str:
    """sha256 over every TOML file under configs/ (path and bytes), in a fixed order."""
    digest = hashlib.sha256()
    for path in sorted(config_dir.rglob("*.toml")):
        digest.update(str(path.relative_to(config_dir)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def read_toml(path: str | os.PathLike) -> dict[str, Any]:
    with open(path, "rb") as handle:
        return tomllib.load(handle)


def load_config(path: str | os.PathLike | None = None) -> Config:
    """`configs/default.toml`, overridden by `path` when given."""
    data = read_toml(CONFIG_DIR / "default.toml")
    if path is not None:
        data = _merge(data, read_toml(path))
    return Config.model_validate(data)


def run_config(store: Store, run_id: str) -> Config:
    """The config `run_id` was made with (`runs.config_json`); today's defaults for a run that
    kept none, or whose settings this version refuses."""
    rows = store.con.execute("select config_json::varchar from runs where run_id = ?", [run_id]).fetchall()
    try:
        return Config.model_validate_json(rows[0][0]) if rows and rows[0][0] else load_config()
    except ValueError as exc:
        logging.getLogger(__name__).warning(
            "run %s was made with settings this version refuses (%s): today's defaults are used",
            run_id, " ".join(str(exc).split())[:200])
        return load_config()
