"""`python -m linkage ...`: the `linkage` command, where the console script is not on PATH."""

from linkage.cli import main

main()
