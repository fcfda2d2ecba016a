"""`python -m linkage ...`: the `linkage` command, where the console script is not on PATH."""

from linkage.cli import main

if __name__ == "__main__":  # imported (pydoc, doctest collection), it must not run the CLI
    main()
