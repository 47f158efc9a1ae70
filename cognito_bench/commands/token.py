"""`cognito-bench token`: sign in (SRP by default) and print the tokens, or the challenge, as JSON.

Secrets never come from the command line (they would land in shell history and ``ps``):
``--password-stdin`` reads the password from the first line of stdin and ``--secret-stdin``
the app client secret from the next line (the first line when it is given alone)::

    printf '%s\\n%s\\n' "$PASSWORD" "$SECRET" | cognito-bench token --password-stdin --secret-stdin ...

Without ``--password-stdin`` the password is asked for on the terminal.

Exit codes: 0 tokens or a challenge printed, 1 the sign-in was made and failed (one line on
stderr with Cognito's error code), 2 bad input or usage.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from typing import TextIO

from cognito_bench.aws import (
    INVALID_INPUT,
    CallRecord,
    Target,
    UserPoolCalls,
    challenge_of,
    pool_region,
    tokens_of,
)
from cognito_bench.commands import EXIT_FAILED, EXIT_OK, EXIT_USAGE

__all__ = ["run"]

_PROG = "cognito-bench token"


class _UsageError(Exception):
    """Bad input: one line on stderr, exit 2."""


def _line(stream: TextIO, what: str) -> str:
    line = stream.readline()
    if not line:
        raise _UsageError(f"expected the {what} on stdin, got end of input")
    return line.rstrip("\r\n")


def _secrets(args: argparse.Namespace, stdin: TextIO) -> tuple[str, str]:
    """(password, client secret) from stdin or the terminal."""
    password = ""
    secret = ""
    if args.password_stdin:
        password = _line(stdin, "password (first line)")
    if args.secret_stdin:
        where = "second line" if args.password_stdin else "first line"
        secret = _line(stdin, f"client secret ({where})")
        if not secret:
            raise _UsageError("--secret-stdin given but the secret line is empty")
    if not args.password_stdin:
        if not stdin.isatty():
            raise _UsageError("no password: pass it on stdin with --password-stdin")
        try:
            password = getpass.getpass(f"Password for {args.username}: ")
        except EOFError:
            raise _UsageError("no password given") from None
    if not password:
        raise _UsageError("the password is empty")
    return password, secret


def _target(args: argparse.Namespace, secret: str) -> Target:
    missing = [
        flag
        for flag, value in (
            ("--pool", args.pool),
            ("--client", args.client),
            ("--username", args.username),
        )
        if not value
    ]
    if missing:
        raise _UsageError(f"missing {', '.join(missing)}")
    region = args.region or pool_region(args.pool)
    if not region:
        raise _UsageError(f"cannot tell the region from pool id {args.pool!r}: pass --region")
    return Target(
        region=region,
        user_pool_id=args.pool,
        client_id=args.client,
        client_secret=secret,
        endpoint_url=args.endpoint,
    )


def _fail(record: CallRecord) -> int:
    print(f"{_PROG}: {record.one_line()}", file=sys.stderr)
    return EXIT_USAGE if record.error_code == INVALID_INPUT else EXIT_FAILED


def run(args: argparse.Namespace) -> int:
    """Sign in and print the tokens or the challenge as JSON on stdout."""
    try:
        target = _target(args, "")
        password, secret = _secrets(args, sys.stdin)
        target = target.replace(client_secret=secret)
    except _UsageError as exc:
        print(f"{_PROG}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    calls = UserPoolCalls(target)
    if args.flow == "password":
        record = calls.sign_in_password(args.username, password)
    else:
        record = calls.sign_in_srp(args.username, password)
    if not record.ok:
        return _fail(record)
    tokens = tokens_of(record)
    challenge = challenge_of(record)
    result = tokens.to_json() if tokens else challenge.to_json() if challenge else None
    if result is not None:
        try:
            print(json.dumps(result, indent=2), flush=True)
        except BrokenPipeError:
            # The reader (e.g. `| head`) went away: not an error of the sign-in. Point stdout
            # at devnull so the interpreter's final flush does not complain (Python docs, signal).
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    print(f"{_PROG}: error: Cognito answered with neither tokens nor a challenge", file=sys.stderr)
    return EXIT_FAILED
