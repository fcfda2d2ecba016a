"""A synthetic world with ground truth: jails, detainers, ICE's report and ICE's book-ins.

    >>> from linkage.synth import generate_world
    >>> summary = generate_world("out/world", seed=2017, scale="demo")

See `linkage.synth.world` for the files written and `linkage.synth.params` for every knob.
"""

from linkage.synth.params import Noise, Story, WorldParams
from linkage.synth.world import OUTCOMES, generate_world

__all__ = ["OUTCOMES", "Noise", "Story", "WorldParams", "generate_world"]
