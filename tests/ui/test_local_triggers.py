"""Issue 14 in the window: Local Cognito → Triggers… on the local Cognito the window runs, a
custom challenge answered in the challenge box, what the triggers did in Response (masked in
screen-share mode), and the token diff showing what PreTokenGeneration changed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from cognito_bench.emulator import LocalCognito
from cognito_bench.emulator.seed import DEMO_PASSWORD, DEMO_USERNAME
from cognito_bench.store import BenchStore
from cognito_bench.ui.asyncglue import Runner
from cognito_bench.ui.localstart import TriggerOptions
from cognito_bench.ui.mainwindow import MainWindow
from cognito_bench.ui.triggers import TriggersDialog
from tests.ui.helpers import CLAIMS_HANDLER, TIMEOUT_MS, run, secrets_on_screen, type_into

CUSTOM_AUTH = Path(__file__).parents[2] / "resources" / "flows" / "custom-auth"


@pytest.fixture
def own_window(runner: Runner, qtbot: QtBot, store: BenchStore) -> Iterator[MainWindow]:
    """A window on a local Cognito of its own (its triggers change), as if it started it."""
    emulator = LocalCognito()
    emulator.start()
    window = MainWindow(runner)
    qtbot.addWidget(window)
    window.attach_store(store)
    window.use_local_target(window.local.use(emulator))
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()
    emulator.stop()


def _shown(qtbot: QtBot, window: MainWindow, record: Any) -> None:
    """Wait until Response shows ``record`` as it is asked now (no render left in flight)."""
    qtbot.waitUntil(
        lambda: window.response.shown_record is record and window.response.idle,
        timeout=TIMEOUT_MS,
    )


def _open_triggers(window: MainWindow) -> TriggersDialog:
    """Local Cognito → Triggers…, as the menu does it."""
    action = window.menu_actions["triggers"]
    assert action.isEnabled()
    menu = window.menus["&Local Cognito"]
    assert action in menu.actions()
    action.trigger()
    dialog = window.findChild(TriggersDialog)
    assert isinstance(dialog, TriggersDialog) and dialog.isVisible()
    return dialog


def _apply(qtbot: QtBot, dialog: TriggersDialog) -> str:
    with qtbot.waitSignal(dialog.applied, timeout=TIMEOUT_MS) as applied:
        dialog.apply.click()
    return str(applied.args[0])


def test_without_its_own_local_cognito_the_menu_entry_says_why(window: MainWindow) -> None:
    # The session's local Cognito is another process's to this window: not its own.
    action = window.menu_actions["triggers"]
    assert not action.isEnabled()
    assert "local Cognito this window runs" in action.toolTip()
    assert window.show_triggers() is None
    assert "local Cognito this window runs" in window.statusBar().currentMessage()


def test_triggers_from_the_menu_and_the_token_diff_shows_what_pre_token_generation_added(
    qtbot: QtBot, own_window: MainWindow, tmp_path: Path
) -> None:
    window = own_window
    before = run(qtbot, window, "signInSrpButton")
    assert before.ok and not before.triggers
    handler = tmp_path / "claims.py"
    handler.write_text(CLAIMS_HANDLER)
    dialog = _open_triggers(window)
    dialog.files["PreTokenGeneration"].setText(str(handler))
    assert _apply(qtbot, dialog) == "Triggers in force (V2_0): PreTokenGeneration."
    assert window.statusBar().currentMessage() == "Triggers in force (V2_0): PreTokenGeneration."
    dialog.close()

    after = run(qtbot, window, "signInSrpButton")
    assert after.ok
    [invocation] = after.triggers
    assert invocation["kind"] == "PreTokenGeneration"
    assert invocation["triggerSource"] == "TokenGeneration_Authentication"
    # Response: the outcome names the trigger; the tree and text show its event and answer.
    _shown(qtbot, window, after)
    assert "triggers ran: PreTokenGeneration" in window.response.outcome.text()
    shown = json.loads(window.response.text.toPlainText())
    answer = shown["triggers"][0]["answer"]["response"]["claimsAndScopeOverrideDetails"]
    assert answer["idTokenGeneration"]["claimsToAddOrOverride"] == {"team": "qa"}

    # Tokens → Diff: the two sign-ins' ID tokens; the claim the trigger added, marked.
    window.show_token_diff()
    panel = window.tokens.diff
    assert "now" in panel.after.currentText() and "ID token" in panel.after.currentText()
    assert "ID token (from Sign in (SRP)" in panel.before.currentText()
    panel.run.click()
    qtbot.waitUntil(lambda: panel.diff is not None, timeout=TIMEOUT_MS)
    assert panel.diff is not None
    [team] = [r for r in panel.diff.rows if r.name == "team"]
    assert (team.kind, team.before, team.after) == ("added", "—", '"qa"')
    row = next(r for r in range(panel.table.rowCount()) if panel.table.item(r, 1).text() == "team")
    assert panel.table.item(row, 4).text() == "added (set by PreTokenGeneration)"
    assert "PreTokenGeneration changed: team." in panel.summary.text()


def _find(data: Any, key: str) -> list[Any]:
    """Every value under ``key`` anywhere in ``data``."""
    found: list[Any] = []
    if isinstance(data, dict):
        for k, v in data.items():
            found += [v] if k == key else _find(v, key)
    elif isinstance(data, list):
        for item in data:
            found += _find(item, key)
    return found


def test_custom_auth_answered_in_the_challenge_box_and_its_triggers_masked_when_sharing(
    qtbot: QtBot, own_window: MainWindow
) -> None:
    window = own_window
    dialog = _open_triggers(window)
    dialog.load_config(str(CUSTOM_AUTH / "cognito-bench.toml"))
    assert "Loaded 3 trigger(s)" in dialog.status.text()
    line = _apply(qtbot, dialog)
    assert "DefineAuthChallenge" in line and "VerifyAuthChallengeResponse" in line
    dialog.close()

    # No password: CUSTOM_AUTH. The box shows the question the trigger made public.
    type_into(window, "userUsername", DEMO_USERNAME)
    type_into(window, "userPassword", "")
    asked = run(qtbot, window, "signInCustomButton")
    assert asked.ok and asked.request["AuthFlow"] == "CUSTOM_AUTH", asked.one_line()
    box = window.challenge
    assert box.isVisible() and box.challenge_name == "CUSTOM_CHALLENGE"
    heading = window.findChild(QLabel, "challengeName")
    assert isinstance(heading, QLabel)
    assert "question: <b>What is six times seven?</b>" in heading.text()
    type_into(window, "challengeAnswer", "41")
    wrong = run(qtbot, window, "answerChallengeButton")
    assert wrong.ok and wrong.response["ChallengeName"] == "CUSTOM_CHALLENGE"  # one more try
    assert box.isVisible()
    type_into(window, "challengeAnswer", "42")
    right = run(qtbot, window, "answerChallengeButton")
    assert right.ok and window.session.tokens is not None, right.one_line()
    assert not box.isVisible()
    verify = next(t for t in right.triggers if t["kind"] == "VerifyAuthChallengeResponse")
    assert "answer right" in verify["logs"]
    assert [t["kind"] for t in wrong.triggers] == [
        "VerifyAuthChallengeResponse",
        "DefineAuthChallenge",
        "CreateAuthChallenge",
    ]

    # Screen-share mode: the answers in the triggers' events (the expected one, the one
    # given) and in the request are masked in Response; the question is not.
    window.set_screen_share(True)
    window.response.show_record(wrong)
    _shown(qtbot, window, wrong)
    shown = json.loads(window.response.text.toPlainText())
    for key in ("privateChallengeParameters", "challengeAnswer", "ANSWER"):
        values = _find(shown, key)
        assert values, key
        text = json.dumps(values)
        assert "42" not in text and "41" not in text, (key, values)
    assert "What is six times seven?" in json.dumps(_find(shown, "publicChallengeParameters"))
    window.set_screen_share(False)

    # With the password filled: CUSTOM_WITH_SRP (the password first, then the question).
    window.sessions.current().form.password.setText(DEMO_PASSWORD)
    srp = run(qtbot, window, "signInCustomButton")
    assert srp.ok and srp.response.get("ChallengeName") == "CUSTOM_CHALLENGE", srp.one_line()
    assert srp.steps[0].request["AuthParameters"]["CHALLENGE_NAME"] == "SRP_A"
    type_into(window, "challengeAnswer", "42")
    assert run(qtbot, window, "answerChallengeButton").ok
    assert window.session.tokens is not None
    assert not secrets_on_screen(window, {DEMO_PASSWORD})


def _start_in(
    qtbot: QtBot,
    window: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
    folder: Path,
    project: str,
    wiring: TriggerOptions,
) -> str:
    """Start the window's local Cognito in ``folder`` (its ``cognito-bench.toml`` holding
    ``project``) with ``wiring``; the line it says about its triggers."""
    (folder / "cognito-bench.toml").write_text(project)
    monkeypatch.chdir(folder)
    window.local.wiring = wiring
    with qtbot.waitSignal(window.local.note, timeout=60_000) as note:
        window.start_local()
    qtbot.waitUntil(lambda: window.local_target is not None, timeout=TIMEOUT_MS)
    return str(note.args[0])


def test_gui_takes_the_trigger_options_of_local() -> None:
    from cognito_bench.cli import build_parser
    from cognito_bench.commands.gui import trigger_options

    args = build_parser().parse_args(
        [
            *("gui", "--local", "--trigger", "PreSignUp=a.py"),
            *("--trigger", "PreTokenGeneration=b.js", "--pre-token-version", "V3_0"),
            *("--config", "team.toml"),
        ]
    )
    assert trigger_options(args) == TriggerOptions(
        "team.toml", ("PreSignUp=a.py", "PreTokenGeneration=b.js"), "V3_0"
    )
    assert trigger_options(build_parser().parse_args(["gui"])) == TriggerOptions()


def test_the_window_s_local_cognito_runs_the_project_file_s_triggers(
    qtbot: QtBot,
    starting_window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = starting_window
    (tmp_path / "claims.py").write_text(CLAIMS_HANDLER)
    project = '[triggers]\nPreTokenGeneration = "claims.py"\npre_token_version = "V1_0"\n'
    # What `cognito-bench gui` passes with no options: the project file alone.
    line = _start_in(qtbot, window, monkeypatch, tmp_path, project, TriggerOptions())
    assert line == "Triggers in force (V1_0): PreTokenGeneration."
    assert window.statusBar().currentMessage() == line
    qtbot.waitUntil(lambda: window.panes_ready)
    signed_in = run(qtbot, window, "signInSrpButton")
    assert signed_in.ok and [t["kind"] for t in signed_in.triggers] == ["PreTokenGeneration"]

    # Local Cognito → Triggers… shows the wiring in force.
    dialog = _open_triggers(window)
    assert dialog.files["PreTokenGeneration"].text() == str(tmp_path / "claims.py")
    assert dialog.files["PreSignUp"].text() == ""
    assert dialog.version.currentText() == "V1_0"
    dialog.close()


def test_a_bad_project_file_is_one_line_and_the_local_cognito_runs_without_triggers(
    qtbot: QtBot,
    starting_window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = starting_window
    project = '[triggers]\nPreSignUp = "gone.py"\n'
    wiring = TriggerOptions(triggers=("PreTokenGeneration=claims.py",))
    line = _start_in(qtbot, window, monkeypatch, tmp_path, project, wiring)
    assert line.startswith("Local Cognito runs without triggers: PreSignUp:"), line
    assert "gone.py" in line and "\n" not in line
    assert window.statusBar().currentMessage() == line
    assert window.emulator is not None and not window.emulator.triggers.specs
    qtbot.waitUntil(lambda: window.panes_ready)
    assert run(qtbot, window, "signInSrpButton").ok
