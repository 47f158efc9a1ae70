"""One module per `cognito-bench` subcommand, each with `run(args) -> int`."""

from __future__ import annotations

__all__ = ["EXIT_FAILED", "EXIT_OK", "EXIT_USAGE"]

#: Exit codes everywhere (DESIGN.md): success; the call was made and failed; bad input.
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
