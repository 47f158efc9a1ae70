"""The `cognito-bench` command: argparse entry point, dispatching to `cognito_bench.commands`.

The command line is stable (DESIGN.md): scripts and CI depend on it. Exit codes everywhere:
0 success, 1 the call was made and failed, 2 bad input or usage.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

__all__ = ["EXIT_FAILED", "EXIT_OK", "EXIT_USAGE", "TRIGGER_WORKER", "build_parser", "main"]

from cognito_bench.commands import EXIT_FAILED, EXIT_OK, EXIT_USAGE

#: The hidden first argument that runs the Python trigger worker (the frozen binary has no
#: other Python to run handler files with); ``emulator.triggers.workers.WORKER_ARG``.
TRIGGER_WORKER = "__trigger-worker__"
#: PreTokenGeneration event versions (``emulator.triggers.PRE_TOKEN_VERSIONS``).
_PRE_TOKEN_VERSIONS = ("V1_0", "V2_0", "V3_0")


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line on stderr and exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see --help)\n")


def _add_target_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--endpoint", default="", help="endpoint URL (a local emulator); default AWS")
    p.add_argument(
        "--region",
        default="",
        help="AWS region; default: the pool id's, AWS_REGION, AWS_DEFAULT_REGION, the AWS "
        "profile's, us-east-1 with --endpoint",
    )
    p.add_argument("--pool", default="", help="user pool id, e.g. us-east-1_AbCdEf123")
    p.add_argument("--client", default="", help="app client id")
    p.add_argument(
        "--secret-stdin",
        action="store_true",
        help="read the app client secret from stdin (the line after the password, if any)",
    )
    p.add_argument("--profile", default="", help="AWS profile for admin calls")


def _add_trigger_args(p: argparse.ArgumentParser) -> None:
    """The local Cognito's Lambda triggers (``local``, ``gui``; ``run`` and ``load`` with
    ``--local``)."""
    p.add_argument(
        "--trigger",
        action="append",
        default=[],
        metavar="KIND=FILE[:FUNCTION]",
        help="run a Lambda trigger handler file (.py, .js, .mjs, .cjs); KIND is a LambdaConfig "
        "key such as PreSignUp or PreTokenGeneration; FUNCTION defaults to handler; repeatable",
    )
    p.add_argument(
        "--pre-token-version",
        choices=_PRE_TOKEN_VERSIONS,
        default=None,
        help="the PreTokenGeneration event version (default V2_0)",
    )
    p.add_argument(
        "--config",
        default="",
        metavar="FILE.toml",
        help="project file with a [triggers] section (default: ./cognito-bench.toml if present)",
    )


def _add_quota_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--quotas",
        choices=["default"],
        default=None,
        help="throttle like Cognito's default request rates per category "
        "(TooManyRequestsException: Rate exceeded)",
    )
    p.add_argument(
        "--quota",
        action="append",
        metavar="CATEGORY=RPS",
        help="one category's rate, e.g. UserAuthentication=20 (repeatable)",
    )


def _add_flow_args(p: argparse.ArgumentParser, data: str) -> None:
    """The target and variables of ``run`` and ``load``."""
    flow_target = p.add_mutually_exclusive_group()
    flow_target.add_argument(
        "--local", action="store_true", help="run the embedded local Cognito (the default)"
    )
    flow_target.add_argument("--profile", default="", help="a saved profile's target")
    flow_target.add_argument(
        "--target",
        default="",
        metavar="FILE.json",
        help="the JSON line 'cognito-bench local' prints (or - for stdin)",
    )
    p.add_argument("--var", action="append", metavar="K=V", help="set a flow variable (repeatable)")
    p.add_argument("--data", default="", metavar="FILE.csv", help=data)


def _add_load_parser(sub: Any) -> None:
    load = sub.add_parser(
        "load",
        help="run a flow as many users on Locust; exit 0 no failures, 1 failures, 2 bad input",
        description="Run a flow (docs/flows.md) as many simulated users on Locust: each step "
        "a Locust request, Locust's console tables, CSV and HTML reports, web UI and "
        "distributed mode (docs/load.md).",
    )
    load.add_argument("flow", metavar="FLOW.yaml", nargs="?", default="")
    load.add_argument(
        "--locustfile",
        action="store_true",
        help="print the path of the locustfile that runs a flow under Locust's own "
        "command line (locust -f; docs/load.md), and exit",
    )
    _add_flow_args(load, data="hand out rows to users (user N gets row N; columns: vars)")
    load.add_argument("--users", type=int, default=1, metavar="N", help="simulated users")
    load.add_argument(
        "--spawn-rate", type=float, default=None, metavar="R", help="users started per second"
    )
    load.add_argument(
        "--run-time",
        default="",
        metavar="TIME",
        help="stop after 60s, 1m30s, 2h... (default: run until Ctrl-C)",
    )
    load.add_argument(
        "--pacing",
        type=float,
        default=0.0,
        metavar="S",
        help="start each user's iterations S seconds apart (default 0: back to back)",
    )
    load.add_argument("--csv", default="", metavar="PREFIX", help="write Locust's CSV files")
    load.add_argument("--html", default="", metavar="FILE", help="write Locust's HTML report")
    load.add_argument("--web", action="store_true", help="serve and open Locust's web UI")
    load.add_argument("--web-host", default="127.0.0.1", metavar="HOST")
    load.add_argument("--web-port", type=int, default=8089, metavar="N")
    role = load.add_mutually_exclusive_group()
    role.add_argument("--master", action="store_true", help="be a Locust master")
    role.add_argument("--worker", action="store_true", help="be a Locust worker")
    load.add_argument(
        "--expect-workers",
        type=int,
        default=None,
        metavar="K",
        help="a master starts once K workers are connected (default 1)",
    )
    load.add_argument(
        "--master-host", default=None, metavar="HOST", help="a worker's master (127.0.0.1)"
    )
    load.add_argument("--master-port", type=int, default=5557, metavar="N")
    load.add_argument(
        "--master-bind-host",
        default=None,
        metavar="HOST",
        help="the interface a master listens on (default: all)",
    )
    _add_trigger_args(load)
    _add_quota_args(load)


def build_parser() -> argparse.ArgumentParser:
    """The whole command line."""
    parser = _Parser(
        prog="cognito-bench",
        description="A desktop test bench for Amazon Cognito.",
    )
    from cognito_bench import __version__

    parser.add_argument("--version", action="version", version=f"cognito-bench {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    gui = sub.add_parser("gui", help="open the window")
    where = gui.add_mutually_exclusive_group()
    where.add_argument("--local", action="store_true", help="use the embedded local Cognito")
    where.add_argument("--profile", default="", help="open a saved profile")
    gui.add_argument(
        "--screenshot",
        default="",
        metavar="FILE.png",
        help="render offscreen once ready, save a PNG and exit",
    )
    gui.add_argument(
        "--size",
        default="",
        metavar="WxH",
        help="the window's size, e.g. 1366x768 (with --screenshot: the PNG's size)",
    )
    _add_trigger_args(gui)  # the window's own local Cognito's, as `local` takes them

    local = sub.add_parser("local", help="serve the embedded local Cognito")
    local.add_argument("--host", default="127.0.0.1")
    local.add_argument("--port", type=int, default=0, help="0 picks a free port")
    _add_trigger_args(local)
    _add_quota_args(local)

    token = sub.add_parser("token", help="sign in and print the tokens as JSON")
    _add_target_args(token)
    token.add_argument("--flow", choices=["srp", "password"], default="srp")
    token.add_argument("--username", default="")
    token.add_argument(
        "--password-stdin", action="store_true", help="read the password from stdin (first line)"
    )

    jwt = sub.add_parser("jwt", help="decode or verify a JWT")
    jwt_sub = jwt.add_subparsers(dest="jwt_command", parser_class=_Parser, required=True)
    decode = jwt_sub.add_parser("decode", help="header, payload and human times as JSON")
    decode.add_argument("token", help="the token, or - to read it from stdin")
    verify = jwt_sub.add_parser("verify", help="verify check by check; exit 0 valid, 1 invalid")
    verify.add_argument("token", help="the token, or - to read it from stdin")
    verify.add_argument("--jwks", default="", metavar="URL|FILE")
    verify.add_argument("--issuer", default="")
    verify.add_argument("--client-id", default="")
    verify.add_argument("--token-use", choices=["id", "access"], default=None)
    verify.add_argument("--leeway", type=float, default=0.0, metavar="S")
    verify.add_argument("--now", type=float, default=None, metavar="EPOCH")

    flows = sub.add_parser(
        "run",
        help="replay flow files; exit 0 all steps passed, 1 a step failed, 2 bad input",
        description="Replay flows (YAML, docs/flows.md) against the embedded local Cognito "
        "(default), a saved profile or a target file; one line per step.",
    )
    flows.add_argument("flows", nargs="*", metavar="FLOW.yaml")
    _add_flow_args(flows, data="run each flow once per row (columns: vars)")
    flows.add_argument("--junit", default="", metavar="FILE.xml", help="write a JUnit XML report")
    flows.add_argument("--bail", action="store_true", help="stop at the first failed step")
    flows.add_argument(
        "--list-steps", action="store_true", help="print every step with its inputs and exit"
    )
    _add_trigger_args(flows)

    _add_load_parser(sub)

    selftest = sub.add_parser(
        "selftest", help="full flow on the embedded emulator plus an offscreen window"
    )
    selftest.add_argument("--no-window", action="store_true", help="skip the window step")
    return parser


def _trigger_worker() -> int:
    """Serve trigger calls as the Python worker (``pyworker.py``, run from the bundle)."""
    import runpy
    from pathlib import Path

    import cognito_bench

    worker = Path(cognito_bench.__file__).parent / "emulator" / "triggers" / "pyworker.py"
    runpy.run_path(str(worker), run_name="__main__")  # exits with the worker's code
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    given = list(argv if argv is not None else sys.argv[1:])
    if given[:1] == [TRIGGER_WORKER]:
        return _trigger_worker()
    parser = build_parser()
    args = parser.parse_args(argv)
    command = args.command or "gui"
    if args.command is None:
        args = parser.parse_args(["gui", *(argv if argv is not None else sys.argv[1:])])
    module = importlib.import_module(f"cognito_bench.commands.{command}")
    try:
        code: int = module.run(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`cognito-bench run --list-steps | head`): as other Unix tools
        # do, stop quietly; Python would print a traceback flushing stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    return code
