"""`python -m cognito_bench`: the same as the `cognito-bench` command."""

import sys

from cognito_bench.cli import main

sys.exit(main())
