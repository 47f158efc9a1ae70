"""PyInstaller entry point: the `cognito-bench` command."""

import sys

from cognito_bench.cli import main

if __name__ == "__main__":
    sys.exit(main())
