"""`cognito-bench local`: serve the embedded local Cognito and print its target as one JSON line."""

from __future__ import annotations

import argparse
import json
import sys
import threading

from cognito_bench.emulator import LocalCognito
from cognito_bench.emulator.quotas import QuotaError, rates_from_options

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    """Start, print one JSON line, serve until interrupted."""
    if not 0 <= args.port <= 65535:
        print(
            f"cognito-bench local: error: port {args.port} is out of range 0-65535", file=sys.stderr
        )
        return 2
    try:
        quotas = rates_from_options(args.quotas, args.quota)
    except QuotaError as exc:
        print(f"cognito-bench local: error: {exc}", file=sys.stderr)
        return 2
    local = LocalCognito(host=args.host, port=args.port, quotas=quotas)
    try:
        target = local.start()
    except OSError as exc:
        print(
            f"cognito-bench local: error: cannot listen on {args.host}:{args.port}: "
            f"{exc.strerror or exc}",
            file=sys.stderr,
        )
        return 2
    print(json.dumps(target.to_json()), flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        local.stop()
    return 0
