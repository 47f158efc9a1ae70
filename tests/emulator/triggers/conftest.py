"""Fixtures for the trigger tests: one emulator whose triggers each test wires, in both languages.

``handlers/every.py`` and ``handlers/every.mjs`` answer every trigger kind alike; a test wires
the kinds it needs with :meth:`Wired.use` and reads what ran from ``/_bench/triggers``.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from cognito_bench.emulator import LocalCognito, LocalTarget, local_client
from cognito_bench.emulator.triggers import KINDS, TriggerConfig
from tests.emulator.conftest import get_json

HANDLERS = Path(__file__).with_name("handlers")
#: Each kind's function in the handler files (Lambda's ``file.function``).
FUNCTIONS = {kind: kind[:1].lower() + kind[1:] for kind in KINDS}
LANGUAGES = ["py", "mjs"]


@dataclass
class Wired:
    """The triggers emulator, its target and a boto3 client."""

    emulator: LocalCognito
    target: LocalTarget
    idp: Any
    lang: str = "py"

    def use(self, *kinds: str, version: str = "V2_0", lang: str | None = None) -> TriggerConfig:
        """Wire ``kinds`` to the handler file of ``lang`` (this test's language by default)."""
        handler = HANDLERS / f"every.{lang or self.lang}"
        config = TriggerConfig.parse(
            [f"{kind}={handler}:{FUNCTIONS[kind]}" for kind in kinds], pre_token_version=version
        )
        self.emulator.set_triggers(config)
        return config

    def invocations(self, response: dict[str, Any]) -> list[dict[str, Any]]:
        """What the triggers did for the call that answered ``response`` (or raised it)."""
        request_id = response["ResponseMetadata"]["RequestId"]
        data: list[dict[str, Any]] = get_json(
            f"{self.target.endpoint_url}/_bench/triggers?request_id={request_id}"
        )
        return data


@pytest.fixture(scope="module")
def wired_emulator() -> Iterator[tuple[LocalCognito, LocalTarget, Any]]:
    emulator = LocalCognito()
    target = emulator.start()
    try:
        yield emulator, target, local_client("cognito-idp", target.endpoint_url)
    finally:
        emulator.stop()


@pytest.fixture(params=LANGUAGES)
def wired(request: pytest.FixtureRequest, wired_emulator: tuple[Any, Any, Any]) -> Iterator[Wired]:
    """The emulator, once with the Python handlers and once with the Node.js ones."""
    if request.param != "py" and shutil.which("node") is None:
        pytest.skip("node is not installed")
    emulator, target, idp = wired_emulator
    yield Wired(emulator, target, idp, request.param)
    emulator.set_triggers(TriggerConfig())
