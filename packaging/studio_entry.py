"""The bundle's entry point: the same main() as the `studio` command."""

import sys

from studio.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
