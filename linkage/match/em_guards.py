"""What Splink's EM could not do on a training block, in words for the model's manifest: the
levels it saw no pair at, and why a block failed.

    >>> with UntrainedLevels() as untrained:
    ...     linker.training.estimate_parameters_using_expectation_maximisation(rule)
    >>> untrained.summary()
    >>> why_em_failed(exc)
"""

from __future__ import annotations

import logging
import re


class UntrainedLevels(logging.Filter):
    """While in use, Splink's EM warnings are gathered here instead of printed: one line per
    level and block that EM could not train ("not observed in dataset", for m and again for
    u), and one per block whose sampling probe found no pairs. `model.train` writes one note per
    block naming the levels whose m it could not train (u is re-set from random sampling)."""

    LOGGERS = ("splink.internals.expectation_maximisation", "splink.internals.em_sampling")
    _LEVEL = re.compile(r"Level (?P<level>.+) on comparison (?P<comparison>\S+) not observed in dataset,"
                        r" unable to train (?P<what>[mu]) value")

    def __init__(self) -> None:
        super().__init__()
        self.levels: dict[str, list[str]] = {}

    def __enter__(self) -> UntrainedLevels:
        for name in self.LOGGERS:
            logging.getLogger(name).addFilter(self)
        return self

    def __exit__(self, *exc: object) -> None:
        for name in self.LOGGERS:
            logging.getLogger(name).removeFilter(self)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        found = self._LEVEL.search(message)
        if found:
            if found["what"] == "m":
                self.levels.setdefault(found["comparison"], []).append(found["level"])
            return False
        return "Probe returned zero blocked pairs" not in message

    def summary(self) -> str:
        """'2 levels (stay: in custody …; hold_vs_issued: else)'."""
        count = sum(len(levels) for levels in self.levels.values())
        parts = "; ".join(f"{name}: {', '.join(levels)}" for name, levels in self.levels.items())
        return f"{count} level{'s' if count != 1 else ''} ({parts})"


def why_em_failed(exc: Exception) -> str:
    """A failed block's reason for the manifest.

        >>> why_em_failed(exc)  # 'EM drove the u of a level to 0: ...'

    Splink 5's M-step sets a level's u to 0 where it reads every pair of the block at that
    level as a match (its m where it reads none so), then refuses the value it set itself
    ("u_probability value 0.0 is below the minimum allowed value of 1e-300 ... Please use a
    value >= 1e-300"): on most demo-scale worlds hop 1's hold-date block stops so. That reads
    like a fault to an auditor. Splink's message names no level, so neither can this. Holding
    the value off 0 instead lets the block train, and was no better (docs/model.md, *Known
    limits*). Any other failure is named as Splink words it."""
    message = str(exc)
    refused = re.match(r"([mu])_probability value .* below the minimum allowed value", message)
    if isinstance(exc, ValueError) and refused:
        which = refused.group(1)
        return (f"EM drove the {which} of a level to 0: it read every pair of the block at that level as"
                f" {'a match' if which == 'u' else 'no match'}, leaving none to learn the level's {which} from")
    return f"{type(exc).__name__}: {exc}"
