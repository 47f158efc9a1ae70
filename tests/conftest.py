"""Session fixtures: one real embedded local Cognito over HTTP on 127.0.0.1 for every test."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Whatever a test runs (a window, a selftest subprocess) keeps its profiles, history and logs
# in a throwaway folder, never in the developer's own.
os.environ["COGNITO_BENCH_HOME"] = tempfile.mkdtemp(prefix="cognito-bench-tests-")
# Never let a developer's real AWS settings leak into a test.
os.environ["AWS_ACCESS_KEY_ID"] = "local"
os.environ["AWS_SECRET_ACCESS_KEY"] = "local"
os.environ.pop("AWS_PROFILE", None)
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")

from cognito_bench.emulator import LocalCognito, LocalTarget

atexit.register(shutil.rmtree, os.environ["COGNITO_BENCH_HOME"], True)


@pytest.fixture(scope="session")
def local() -> Iterator[LocalTarget]:
    """The embedded local Cognito, started once and seeded with the demo resources."""
    emulator = LocalCognito()
    target = emulator.start()
    yield target
    emulator.stop()
