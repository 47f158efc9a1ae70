"""Local Cognito → Triggers…: rows to wiring, a project file, Apply on a running emulator."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from cognito_bench.aws import UserPoolCalls, tokens_of
from cognito_bench.emulator import LocalCognito
from cognito_bench.emulator.seed import DEMO_PASSWORD, DEMO_USERNAME
from cognito_bench.emulator.triggers import KINDS as EMULATOR_KINDS
from cognito_bench.emulator.triggers import PRE_TOKEN_VERSIONS
from cognito_bench.tokens import decode
from cognito_bench.ui.asyncglue import Runner
from cognito_bench.ui.triggers import KINDS, VERSIONS, TriggersDialog
from tests.ui.helpers import CLAIMS_HANDLER, TIMEOUT_MS

HANDLER = CLAIMS_HANDLER


@pytest.fixture
def emulator() -> Iterator[LocalCognito]:
    local = LocalCognito()
    local.start()
    yield local
    local.stop()


def test_the_dialog_knows_the_emulators_kinds_and_versions() -> None:
    assert tuple(EMULATOR_KINDS) == KINDS
    assert tuple(PRE_TOKEN_VERSIONS) == VERSIONS


def test_apply_wires_a_handler_the_next_sign_in_runs(
    qtbot: QtBot, runner: Runner, emulator: LocalCognito, tmp_path: Path
) -> None:
    handler = tmp_path / "claims.py"
    handler.write_text(HANDLER)
    dialog = TriggersDialog(runner, lambda: emulator)
    qtbot.addWidget(dialog)
    dialog.files["PreTokenGeneration"].setText(str(handler))
    assert dialog.wiring() == [f"PreTokenGeneration={handler}"]
    with qtbot.waitSignal(dialog.applied, timeout=TIMEOUT_MS) as applied:
        dialog.apply_now()
    assert applied.args[0] == "Triggers in force (V2_0): PreTokenGeneration."
    assert emulator.triggers.specs["PreTokenGeneration"].path == handler
    target = emulator.target
    assert target is not None
    record = UserPoolCalls(target.target()).sign_in_password(DEMO_USERNAME, DEMO_PASSWORD)
    tokens = tokens_of(record)
    assert tokens is not None
    assert decode(tokens.id_token).payload["team"] == "qa"
    assert record.triggers and record.triggers[0]["kind"] == "PreTokenGeneration"
    # A new dialog shows what is in force.
    again = TriggersDialog(runner, lambda: emulator)
    qtbot.addWidget(again)
    assert again.files["PreTokenGeneration"].text() == str(handler)


def test_a_bad_row_is_one_line_and_changes_nothing(
    qtbot: QtBot, runner: Runner, emulator: LocalCognito, tmp_path: Path
) -> None:
    dialog = TriggersDialog(runner, lambda: emulator)
    qtbot.addWidget(dialog)
    dialog.files["PreSignUp"].setText(str(tmp_path / "missing.py"))
    dialog.apply_now()
    qtbot.waitUntil(lambda: bool(dialog.status.text()), timeout=TIMEOUT_MS)
    assert "missing.py" in dialog.status.text() and "\n" not in dialog.status.text()
    assert not emulator.triggers.specs


def test_a_project_file_fills_the_rows(
    qtbot: QtBot, runner: Runner, emulator: LocalCognito, tmp_path: Path
) -> None:
    (tmp_path / "claims.py").write_text(HANDLER)
    project = tmp_path / "cognito-bench.toml"
    project.write_text(
        '[triggers]\npre_token_version = "V1_0"\n'
        'PreTokenGeneration = { file = "claims.py", function = "handler" }\n'
    )
    dialog = TriggersDialog(runner, lambda: emulator)
    qtbot.addWidget(dialog)
    dialog.load_config(str(project))
    assert dialog.files["PreTokenGeneration"].text() == str((tmp_path / "claims.py").resolve())
    assert dialog.version.currentText() == "V1_0"
    assert "Loaded 1 trigger(s)" in dialog.status.text()
    project.write_text("[triggers\n")
    dialog.load_config(str(project))
    assert "not valid TOML" in dialog.status.text()


def test_without_a_local_cognito_apply_says_so(qtbot: QtBot, runner: Runner) -> None:
    dialog = TriggersDialog(runner, lambda: None)
    qtbot.addWidget(dialog)
    dialog.apply_now()
    assert "not running" in dialog.status.text()
