"""The log file: scrubbed lines, owner-only files, one handler however often configured."""

from __future__ import annotations

import json
import logging
import stat
import sys
from collections.abc import Iterator

import pytest

from cognito_bench.store import AppPaths, configure_logging, scrub_text
from cognito_bench.store.logfile import LOGGER_NAME
from tests.store.calls import fake_jwt, sign_in_call


@pytest.fixture
def bench_logger(paths: AppPaths) -> Iterator[logging.Logger]:
    logger = logging.getLogger(LOGGER_NAME)
    before = list(logger.handlers), logger.level
    configure_logging(paths, logging.DEBUG)
    yield logging.getLogger(f"{LOGGER_NAME}.test")
    for handler in logger.handlers:
        if handler not in before[0]:
            handler.close()
    logger.handlers[:] = before[0]
    logger.setLevel(before[1])


def test_scrub_text() -> None:
    token = fake_jwt("alice")
    line = (
        f"sent {{'PASSWORD': 'Hunter2!', \"SECRET_HASH\": \"abc=\", 'USERNAME': 'alice'}} "
        f"client_secret=s3cr3t SessionToken: tok123 Authorization: Bearer {token} id={token}"
    )
    out = scrub_text(line)
    for secret in ("Hunter2!", "abc=", "s3cr3t", "tok123", token):
        assert secret not in out
    assert "'USERNAME': 'alice'" in out


def test_log_lines_are_scrubbed(bench_logger: logging.Logger, paths: AppPaths) -> None:
    call = sign_in_call("alice", "Alice-Passw0rd!")
    tokens = call["response"]["AuthenticationResult"]
    bench_logger.info("call done: %s", json.dumps(call))
    bench_logger.debug("raw %r", call)
    try:
        raise ValueError(f"bad token {tokens['IdToken']}")
    except ValueError:
        bench_logger.exception("failed")
    for handler in logging.getLogger(LOGGER_NAME).handlers:
        handler.flush()
    text = paths.log_file.read_text(encoding="utf-8")
    assert "call done" in text and "InitiateAuth" in text and "alice" in text
    assert "Traceback" in text
    for secret in (
        "Alice-Passw0rd!",
        tokens["AccessToken"],
        tokens["IdToken"],
        tokens["RefreshToken"],
    ):
        assert secret not in text


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_log_file_is_owner_only_and_handler_not_doubled(
    bench_logger: logging.Logger, paths: AppPaths
) -> None:
    configure_logging(paths, logging.DEBUG)
    bench_logger.info("once")
    for handler in logging.getLogger(LOGGER_NAME).handlers:
        handler.flush()
    assert paths.log_file.read_text().count("once") == 1
    assert stat.S_IMODE(paths.log_file.stat().st_mode) == 0o600
