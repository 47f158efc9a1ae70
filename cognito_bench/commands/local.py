"""`cognito-bench local`: serve the embedded local Cognito and print its target as one JSON line.

Lambda triggers come from ``--trigger KIND=FILE[:FUNCTION]`` (repeatable) and
``--pre-token-version``, over the ``[triggers]`` section of the project file (``--config``,
or ``cognito-bench.toml`` in the current folder). A wiring that cannot work (an unknown kind,
a missing file, a JavaScript handler without node) is one line on stderr and exit 2.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading

from cognito_bench.emulator import LocalCognito
from cognito_bench.emulator.quotas import QuotaError, rates_from_options
from cognito_bench.emulator.triggers import TriggerConfig, TriggerConfigError, from_options

__all__ = ["run", "trigger_config"]


def trigger_config(args: argparse.Namespace) -> TriggerConfig:
    """The wiring the command line asks for: the project file, then ``--trigger`` over it.

    Raises:
        TriggerConfigError: the first problem, in one line.
    """
    return from_options(args.config, args.trigger, args.pre_token_version)


def run(args: argparse.Namespace) -> int:
    """Start, print one JSON line, serve until interrupted."""
    if not 0 <= args.port <= 65535:
        print(
            f"cognito-bench local: error: port {args.port} is out of range 0-65535", file=sys.stderr
        )
        return 2
    try:
        triggers = trigger_config(args)
        quotas = rates_from_options(args.quotas, args.quota)
    except (TriggerConfigError, QuotaError) as exc:
        print(f"cognito-bench local: error: {exc}", file=sys.stderr)
        return 2
    local = LocalCognito(host=args.host, port=args.port, triggers=triggers, quotas=quotas)
    try:
        target = local.start()
    except OSError as exc:
        print(
            f"cognito-bench local: error: cannot listen on {args.host}:{args.port}: "
            f"{exc.strerror or exc}",
            file=sys.stderr,
        )
        return 2
    line = target.to_json()
    if triggers.specs:
        line["triggers"] = triggers.to_json()
    print(json.dumps(line), flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        local.stop()
    return 0
