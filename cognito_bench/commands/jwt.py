"""`cognito-bench jwt decode|verify`: a token as JSON, or its verification check by check.

Exit codes: 0 decoded / valid; 1 the verification ran and the token is invalid (a failed
check, an unreachable JWKS URL); 2 bad input (no token, not a JWT, a JWKS file that
cannot be read, a bad option). Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from typing import Any

from cognito_bench.tokens import decode, verify
from cognito_bench.tokens.jwks import is_url

__all__ = ["run"]

_OK, _FAILED, _USAGE = 0, 1, 2


def run(args: argparse.Namespace) -> int:
    """Decode or verify ``args.token`` (``-`` reads stdin); print JSON; return the exit code."""
    prog = f"cognito-bench jwt {args.jwt_command}"
    text, problem = _read_token(args.token)
    if problem:
        return _fail(prog, problem)
    if args.jwt_command == "decode":
        decoded = decode(text)
        _print(decoded.to_json())
        if decoded.kind == "invalid":
            return _fail(prog, decoded.error)
        return _OK
    problem = _check_options(args)
    if problem:
        return _fail(prog, problem)
    report = verify(
        text,
        jwks=args.jwks,
        issuer=args.issuer,
        client_id=args.client_id,
        token_use=args.token_use,
        leeway=args.leeway,
        now=args.now,
    )
    _print(report.to_json())
    if report.malformed:
        return _fail(prog, report.checks[0].detail)
    if not report.valid:
        names = ", ".join(c.name for c in report.failed)
        print(f"{prog}: invalid token: failed {names}", file=sys.stderr)
        return _FAILED
    return _OK


def _read_token(arg: str) -> tuple[str, str]:
    """The token text and '' or '' and what is wrong."""
    if arg == "-":
        try:
            text = sys.stdin.read()
        except (OSError, UnicodeDecodeError) as exc:
            return "", f"cannot read the token from stdin: {exc}"
        if not text.strip():
            return "", "no token on stdin (it was empty)"
        return text, ""
    if not arg.strip():
        return "", "the token is empty"
    return arg, ""


def _check_options(args: argparse.Namespace) -> str:
    if not math.isfinite(args.leeway) or args.leeway < 0:
        return f"--leeway must be a number of seconds >= 0, not {args.leeway:g}"
    if args.now is not None and not math.isfinite(args.now):
        return f"--now must be epoch seconds, not {args.now:g}"
    jwks: str = args.jwks
    if jwks and not is_url(jwks):
        if "://" in jwks:
            return f"--jwks takes an http(s) URL or a file path, not {jwks.split('://')[0]}://"
        path = Path(jwks).expanduser()
        if not path.is_file():
            return f"--jwks file {jwks} does not exist or is not a file"
        try:
            with path.open("rb"):
                pass
        except OSError as exc:
            return f"--jwks file {jwks} cannot be read: {exc.strerror or exc}"
    if args.issuer and not is_url(args.issuer):
        return f"--issuer must be a URL such as https://cognito-idp.REGION.amazonaws.com/POOL_ID, not {args.issuer!r}"
    return ""


def _print(value: dict[str, Any]) -> None:
    text = json.dumps(value, indent=2, ensure_ascii=False)
    try:
        text.encode(sys.stdout.encoding or "utf-8")
    except UnicodeEncodeError:
        # A claim with a lone surrogate, or a terminal that cannot show it: escape instead.
        text = json.dumps(value, indent=2, ensure_ascii=True)
    print(text, flush=True)


def _fail(prog: str, message: str) -> int:
    print(f"{prog}: error: {message}", file=sys.stderr)
    return _USAGE
