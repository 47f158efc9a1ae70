"""`cognito-bench run` in a subprocess: exit codes, progress lines, JUnit, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from junitparser import JUnitXml

from cognito_bench.emulator import LocalTarget
from cognito_bench.flows.steps import STEPS
from tests.flows.test_flowfile import EXAMPLE
from tests.processes import one_line

EXAMPLES = Path(__file__).parents[1] / "resources" / "flows"


def _run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cognito_bench", "run", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_issue_example_passes_with_a_junit_report(tmp_path: Path) -> None:
    flow = tmp_path / "example.yaml"
    flow.write_text(EXAMPLE)
    report = tmp_path / "out.xml"
    done = _run(str(flow), "--local", "--junit", str(report))
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("sign up to S3 (")
    assert [ln.split()[0] for ln in lines[1:5]] == ["PASS"] * 4
    assert lines[-1].startswith("4 passed, 0 failed")
    (suite,) = list(JUnitXml.fromfile(str(report)))
    assert suite.tests == 4 and suite.failures == 0


def test_shipped_examples_and_a_target_file(local: LocalTarget, tmp_path: Path) -> None:
    target = tmp_path / "target.json"
    target.write_text(json.dumps(local.to_json()) + "\n")
    flows = sorted(str(p) for p in EXAMPLES.glob("*.yaml"))
    done = _run(*flows, "--target", str(target))
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"0 failed ({len(flows)} flow run(s)" in done.stdout


def test_a_false_expectation_exits_1_and_junit_names_the_step(tmp_path: Path) -> None:
    flow = tmp_path / "false.yaml"
    flow.write_text(EXAMPLE.replace("{error: NotAuthorizedException}", "{ok: true}"))
    report = tmp_path / "out.xml"
    done = _run(str(flow), "--junit", str(report))
    assert done.returncode == 1, done.stdout + done.stderr
    fail = next(ln for ln in done.stdout.splitlines() if ln.strip().startswith("FAIL"))
    assert "4 sign_in_password" in fail and "expected OK, got NotAuthorizedException" in fail
    (suite,) = list(JUnitXml.fromfile(str(report)))
    failed = [c for c in suite if not c.is_passed]
    assert [c.name for c in failed] == ["4 sign_in_password"]
    assert failed[0].result[0].message.startswith("expected OK, got NotAuthorizedException")
    assert "Qa-Passw0rd!1" not in report.read_text()


def test_data_rows_run_the_flow_once_each(tmp_path: Path) -> None:
    flow = tmp_path / "rows.yaml"
    flow.write_text(
        "name: rows\nsteps:\n  - sign_up: {username: 'qa-{{ who }}-{{ run.id }}', "
        "password: Qa-Passw0rd!1, email: '{{ who }}@example.com'}\n"
    )
    data = tmp_path / "users.csv"
    data.write_text("who\nann\nben\n")
    done = _run(str(flow), "--data", str(data), "--var", "unused=1")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "rows (" in done.stdout and "· row 1 ·" in done.stdout and "· row 2 ·" in done.stdout
    assert "2 passed, 0 failed (2 flow run(s)" in done.stdout


@pytest.mark.parametrize(
    ("args", "text", "cause"),
    [
        ((), "name: x\nsteps:\n  - sign_in_srpp: {}\n", "x.yaml:3: unknown step 'sign_in_srpp'"),
        ((), "name: x\nsteps: [\n", "x.yaml:3: YAML:"),
        ((), "name: [\n", "x.yaml:"),
        (("--var", "no-equals"), "name: x\nsteps:\n  - get_user:\n", "--var takes NAME=VALUE"),
        (("--data", "/nonexistent.csv"), "name: x\nsteps:\n  - get_user:\n", "cannot read"),
        (("--target", "/nonexistent.json"), "name: x\nsteps:\n  - get_user:\n", "cannot read"),
        (("--profile", "nobody"), "name: x\nsteps:\n  - get_user:\n", "no saved profile"),
    ],
)
def test_bad_input_exits_2_in_one_line(
    tmp_path: Path, args: tuple[str, ...], text: str, cause: str
) -> None:
    flow = tmp_path / "x.yaml"
    flow.write_text(text)
    done = _run(str(flow), *args)
    assert done.returncode == 2, done.stdout + done.stderr
    line = one_line(done.stderr)
    assert line.startswith("cognito-bench run: error: ")
    assert cause in line


def test_a_malformed_flow_among_good_ones_runs_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nsteps:\n  - nope: {}\n")
    done = _run(str(EXAMPLES / "forgot-password.yaml"), str(bad))
    assert done.returncode == 2
    assert done.stdout == ""


def test_list_steps_names_every_step_and_its_inputs() -> None:
    done = _run("--list-steps")
    assert done.returncode == 0
    for name, step in STEPS.items():
        assert f"\n{name}  (" in "\n" + done.stdout
        for spec in step.inputs:
            assert f"    {spec.name}: " in done.stdout
    assert "password: the user's password [required; secret]" in done.stdout
    without = done.stdout.split("Window buttons without a step:\n")[1]
    assert "tamperButton  Tokens: Tamper and verify" in without
    # the hosted UI's browser buttons have steps (the form posted without a browser)
    assert "hostedSignIn" not in without and "hostedLogout" not in without
    assert "\nhosted_sign_in  (Hosted UI: Sign in (browser))" in done.stdout
    assert "\nhosted_logout  (Hosted UI: Log out (browser))" in done.stdout


def test_no_flow_is_a_usage_error() -> None:
    done = _run()
    assert done.returncode == 2
    assert "give at least one FLOW.yaml" in one_line(done.stderr)


def test_the_custom_auth_example_runs_with_its_triggers() -> None:
    folder = EXAMPLES / "custom-auth"
    done = _run(str(folder / "custom-auth.yaml"), "--config", str(folder / "cognito-bench.toml"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "6 passed, 0 failed" in done.stdout


def test_triggers_apply_to_the_local_cognito_only(tmp_path: Path) -> None:
    flow = tmp_path / "x.yaml"
    flow.write_text("name: x\nsteps:\n  - get_user:\n")
    target = tmp_path / "target.json"
    target.write_text('{"user_pool_id": "us-east-1_AbCdEfGhI", "region": "us-east-1"}')
    done = _run(str(flow), "--target", str(target), "--trigger", f"PreSignUp={flow}")
    assert done.returncode == 2
    assert "--trigger and --config apply to the local Cognito" in one_line(done.stderr)


def _target_file(local: LocalTarget, tmp_path: Path) -> str:
    target = tmp_path / "target.json"
    target.write_text(json.dumps(local.to_json()) + "\n")
    return str(target)


@pytest.mark.parametrize(
    ("text", "cause"),
    [
        ("name: x\nvars:\n  v: '{{ 1/0 }}'\nsteps:\n  - get_user:\n", "x.yaml:3: vars.v: "),
        ("name: x\nvars:\n  v: \"{{ 'a' + 1 }}\"\nsteps:\n  - get_user:\n", "x.yaml:3: vars.v: "),
        (
            "name: x\nsteps:\n  - sign_up: {username: '{{ 1/0 }}', password: p}\n",
            "x.yaml:3: sign_up.username: ",
        ),
        (
            "name: x\nsteps:\n  - get_user: {}\n    expect: {response.x: '{{ 1/0 }}'}\n",
            "x.yaml:3: ",
        ),
        ("name: x\nvars:\n  v: " + "[" * 600 + "\nsteps: []\n", "x.yaml:3: nested deeper than"),
    ],
    ids=["vars-zero-division", "vars-type-error", "input-zero-division", "expect", "nested"],
)
def test_a_template_error_at_run_time_exits_2_in_one_line(
    local: LocalTarget, tmp_path: Path, text: str, cause: str
) -> None:
    flow = tmp_path / "x.yaml"
    flow.write_text(text)
    done = _run(str(flow), "--target", _target_file(local, tmp_path))
    assert done.returncode == 2, done.stdout + done.stderr
    line = one_line(done.stderr)
    assert line.startswith("cognito-bench run: error: ") and cause in line, line
    assert "Traceback" not in done.stderr


def test_a_helper_without_a_value_in_vars_fails_the_run_in_one_line(
    local: LocalTarget, tmp_path: Path
) -> None:
    flow = tmp_path / "x.yaml"
    flow.write_text(
        "name: x\nvars:\n  code: \"{{ outbox.last_code('nobody') }}\"\nsteps:\n  - get_user:\n"
    )
    report = tmp_path / "out.xml"
    done = _run(str(flow), "--target", _target_file(local, tmp_path), "--junit", str(report))
    assert done.returncode == 1, done.stdout + done.stderr
    line = one_line(done.stderr)
    assert "x.yaml:3: vars.code: the outbox has no code for 'nobody'" in line, line
    (suite,) = list(JUnitXml.fromfile(str(report)))
    assert suite.failures == 1 and suite.tests == 2


def test_a_reader_that_goes_away_ends_the_listing_quietly() -> None:
    # `cognito-bench run --list-steps | head` printed a BrokenPipeError traceback.
    child = subprocess.Popen(
        [sys.executable, "-m", "cognito_bench", "run", "--list-steps"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # before it writes: its first write finds no reader
    with child.stderr:
        err = child.stderr.read()
    assert child.wait(timeout=60) == 141, err
    assert "Traceback" not in err and err == ""
