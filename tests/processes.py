"""Test helpers that run the bench's command line in a subprocess (one home for each shape)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["bench", "local_process", "one_line"]


def bench(*args: str, timeout: float = 60, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """Run ``cognito-bench ARGS...`` to its end; its output captured as text."""
    return subprocess.run(
        [sys.executable, "-m", "cognito_bench", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        **kwargs,
    )


@contextmanager
def local_process(*args: str) -> Iterator[dict[str, Any]]:
    """``cognito-bench local ARGS...`` in its own process: its target (the JSON line) while it runs."""
    with subprocess.Popen(
        [sys.executable, "-m", "cognito_bench", "local", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as proc:
        try:
            assert proc.stdout is not None
            yield json.loads(proc.stdout.readline())
        finally:
            proc.terminate()
            proc.wait(10)


def one_line(stderr: str) -> str:
    """``stderr`` as the one line a user error is, asserted (no traceback)."""
    assert stderr.count("\n") == 1, stderr
    assert "Traceback" not in stderr
    return stderr.strip()
