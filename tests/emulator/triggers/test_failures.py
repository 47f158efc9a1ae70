"""A handler that times out, is missing, lacks its function, does not compile or changes: the
errors Cognito gives, and the next call using the new file (hot reload)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cognito_bench.emulator.triggers import TriggerConfig
from tests.emulator.conftest import PASSWORD, error_of, unique
from tests.emulator.triggers.conftest import Wired

#: A handler per language that answers with the word it was written with.
SOURCES = {
    "py": "def handler(event, context):\n    raise Exception({word!r})\n",
    "mjs": "export const handler = async () => {{ throw new Error({word!r}); }};\n",
}


def _sign_up(wired: Wired, **extra: object) -> tuple[str, str]:
    username = unique("fail")
    return error_of(
        lambda: wired.idp.sign_up(
            ClientId=wired.target.client_id, Username=username, Password=PASSWORD, **extra
        )
    )


@pytest.fixture
def short_limit(wired: Wired) -> Iterator[None]:
    """Cognito's 5 s limit cut to 1 s so the test is quick (the pool's timeout is the knob)."""
    pool = wired.emulator.state.triggers.pool
    saved, pool.timeout = pool.timeout, 1.0
    yield
    pool.timeout = saved


def _write(path: Path, lang: str, word: str) -> None:
    path.write_text(SOURCES[lang].format(word=word), encoding="utf-8")


def test_a_handler_that_times_out_is_killed(wired: Wired, short_limit: None) -> None:
    wired.use("PreSignUp")
    started = time.perf_counter()
    assert _sign_up(wired, ClientMetadata={"mode": "timeout"}) == (
        "UnexpectedLambdaException",
        "PreSignUp invocation failed due to error Socket timeout while invoking Lambda function.",
    )
    assert time.perf_counter() - started < 5
    # the next call gets a fresh worker and works
    assert _sign_up(wired, ClientMetadata={"mode": "raise"})[0] == "UserLambdaValidationException"


def test_a_missing_file_and_a_missing_function(wired: Wired, tmp_path: Path) -> None:
    handler = tmp_path / f"gone.{wired.lang}"
    _write(handler, wired.lang, "x")
    wired.emulator.set_triggers(TriggerConfig.parse([f"PreSignUp={handler}"]))
    handler.unlink()
    assert _sign_up(wired) == (
        "UnexpectedLambdaException",
        "PreSignUp invocation failed due to error ResourceNotFoundException.",
    )
    _write(handler, wired.lang, "x")
    wired.emulator.set_triggers(TriggerConfig.parse([f"PreSignUp={handler}:nothere"]))
    code, message = _sign_up(wired)
    assert code == "UserLambdaValidationException"
    assert message.startswith("PreSignUp failed with error ")
    assert "nothere" in message


def test_a_handler_that_does_not_compile(wired: Wired, tmp_path: Path) -> None:
    handler = tmp_path / f"broken.{wired.lang}"
    handler.write_text("this is not code (\n", encoding="utf-8")
    wired.emulator.set_triggers(TriggerConfig.parse([f"PreSignUp={handler}"]))
    code, message = _sign_up(wired)
    assert code == "UserLambdaValidationException"
    assert "yntax" in message  # Python's "Syntax error", node's "SyntaxError"


def test_a_changed_handler_is_used_by_the_next_call(wired: Wired, tmp_path: Path) -> None:
    handler = tmp_path / f"reload.{wired.lang}"
    _write(handler, wired.lang, "first")
    wired.emulator.set_triggers(TriggerConfig.parse([f"PreSignUp={handler}"]))
    assert _sign_up(wired)[1] == "PreSignUp failed with error first."
    _write(handler, wired.lang, "second")
    stat = handler.stat()  # a later modification time even on a coarse clock
    os.utime(handler, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    assert _sign_up(wired)[1] == "PreSignUp failed with error second."
