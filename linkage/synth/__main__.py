"""`python -m linkage.synth --out DIR --seed N [--scale S] [--weeks W] [--foia]`"""

from __future__ import annotations

import argparse
import json

from linkage.synth import generate_world
from linkage.synth.params import scale_argument


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m linkage.synth", description=__doc__)
    parser.add_argument("--out", required=True, help="folder to write the world into")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--scale", type=scale_argument, default="demo",
                        help="'demo', 'national' or a fraction of it (0.01, 0.1)")
    parser.add_argument("--weeks", type=int, default=None, help="report weeks (demo 12, national 52)")
    parser.add_argument("--foia", action="store_true", help="redact names, birth dates and A-numbers in custody.csv")
    args = parser.parse_args(argv)
    summary = generate_world(args.out, seed=args.seed, scale=args.scale, weeks=args.weeks, foia=args.foia)
    print(json.dumps({k: summary[k] for k in ("files", "entries", "outcomes", "kinds")}, indent=1))


if __name__ == "__main__":
    main()
