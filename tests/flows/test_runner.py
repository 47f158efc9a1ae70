"""The runner against the real local Cognito: examples pass, false expectations fail with
expected and got, JUnit reports hold no secret, data rows, --bail, bad templates."""

from __future__ import annotations

from pathlib import Path

import pytest
from junitparser import Error, Failure, JUnitXml, Skipped

from cognito_bench.emulator import LocalTarget
from cognito_bench.flows.flowfile import FlowError, load_flow, parse_flow
from cognito_bench.flows.junit import BrokenRun, write_junit
from cognito_bench.flows.runner import FlowRun, flow_env, run_flow
from tests.flows.test_flowfile import EXAMPLE

EXAMPLES = sorted((Path(__file__).parents[2] / "resources" / "flows").glob("*.yaml"))


def _run(local: LocalTarget, text: str, **kwargs: object) -> FlowRun:
    return run_flow(
        parse_flow(text, "t.yaml"), local.target(), extra_target=local.to_json(), **kwargs
    )


def _report(tmp_path: Path, *runs: FlowRun | BrokenRun) -> tuple[str, JUnitXml]:
    path = tmp_path / "out.xml"
    write_junit(list(runs), path)
    return path.read_text(encoding="utf-8"), JUnitXml.fromfile(str(path))


def test_the_issue_example_passes(local: LocalTarget) -> None:
    run = _run(local, EXAMPLE)
    assert run.passed, [o.failures for o in run.outcomes]
    assert [o.operation for o in run.outcomes] == [
        "SignUp",
        "ConfirmSignUp",
        "InitiateAuth",
        "InitiateAuth",
    ]
    assert run.outcomes[2].view["tokens"]["id"]["claims"]["email"].startswith("qa-")
    # Tokens are verified only for a flow that reads checks or valid (the example does not).
    assert run.outcomes[2].view["valid"] is None and run.outcomes[2].view["checks"] == []
    checked = _run(local, EXAMPLE.replace("max_ms: 3000", "max_ms: 3000, valid: true"))
    assert checked.passed and checked.outcomes[2].view["valid"] is True
    names = {c["name"] for c in checked.outcomes[2].view["checks"]}
    assert {"signature", "exp", "iss"} <= names
    assert run.session.username == run.variables["username"]
    # Every record carries the target it was made against.
    assert all(r.target is not None for o in run.outcomes for r in o.records)


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_shipped_example_passes(local: LocalTarget, path: Path) -> None:
    run = run_flow(load_flow(path), local.target(), extra_target=local.to_json())
    assert run.passed, [(o.step.title, o.failures) for o in run.failed]


def test_shipped_examples_cover_the_issue_list() -> None:
    assert {p.stem for p in EXAMPLES} >= {
        "sign-up-to-s3",
        "forgot-password",
        "totp-mfa",
        "choice-email-code",
        "hosted-client-credentials",
        "client-with-secret",
    }


FALSE = """\
name: false expectations
vars:
  username: "qa-false-{{ run.id }}"
  password: "Secret-Passw0rd!9"
steps:
  - sign_up: {username: "{{ username }}", password: "{{ password }}", email: "{{ username }}@example.com"}
    expect: {"response.UserConfirmed": true, "request.Username": "{{ password }}"}
  - confirm_sign_up: {username: "{{ username }}", code: "{{ outbox.last_code(username) }}"}
  - sign_in_password: {username: "{{ username }}", password: "{{ password }}"}
    expect: {"response.AuthenticationResult.AccessToken": "not this", max_ms: 0}
  - sign_in_password: {username: "{{ username }}", password: "{{ password }}"}
    expect: {error: NotAuthorizedException}
"""


def test_a_false_expectation_fails_with_expected_and_got(
    local: LocalTarget, tmp_path: Path
) -> None:
    run = _run(local, FALSE)
    assert not run.passed
    first, _confirm, tokens, wrong = run.outcomes
    assert first.failures[0] == "response.UserConfirmed: expected true, got false"
    username = run.variables["username"]
    # a value equal to a secret of the run (the password) is masked in the line itself
    assert first.failures[1] == f'request.Username: expected <secret, 17 chars>, got "{username}"'
    assert tokens.failures[0].startswith("took ")
    assert tokens.failures[1].startswith("response.AuthenticationResult.AccessToken: expected")
    assert "<a token," in tokens.failures[1]
    assert wrong.failures == ["expected error NotAuthorizedException, got OK"]

    text, xml = _report(tmp_path, run)
    assert "Secret-Passw0rd!9" not in text, "a password reached the JUnit report"
    assert "eyJ" not in text, "a token reached the JUnit report"
    assert local.client_secret not in text
    (suite,) = list(xml)
    assert suite.name == "false expectations"
    assert (suite.tests, suite.failures) == (4, 3)
    cases = {case.name: case for case in suite}
    failure = cases["1 sign_up"].result[0]
    assert isinstance(failure, Failure)
    assert failure.message == "response.UserConfirmed: expected true, got false"
    assert (
        "expected error NotAuthorizedException, got OK"
        in cases["4 sign_in_password"].result[0].message
    )
    assert cases["2 confirm_sign_up"].is_passed


def test_bail_stops_and_the_rest_is_reported_skipped(local: LocalTarget, tmp_path: Path) -> None:
    run = _run(local, FALSE, bail=True)
    assert len(run.outcomes) == 1 and not run.passed
    _text, xml = _report(tmp_path, run)
    (suite,) = list(xml)
    skipped = [c for c in suite if c.result and isinstance(c.result[0], Skipped)]
    assert [c.name for c in skipped] == [
        "2 confirm_sign_up",
        "3 sign_in_password",
        "4 sign_in_password",
    ]


def test_variables_from_data_rows_and_vars(local: LocalTarget) -> None:
    flow = parse_flow(
        "name: vars\nvars:\n  who: flow-default\n  greeting: 'hi-{{ who }}'\nsteps:\n"
        "  - sign_in_password: {username: '{{ greeting }}', password: '{{ pw }}'}\n"
        "    expect: {\"request.AuthParameters.USERNAME\": 'hi-row-user'}\n"
    )
    run = run_flow(flow, local.target(), variables={"who": "row-user", "pw": "Any-Passw0rd!1"})
    # The given value wins over the flow's; later variables see it.
    assert run.variables == {"who": "row-user", "greeting": "hi-row-user", "pw": "Any-Passw0rd!1"}
    assert run.outcomes[0].view["error"] in {"NotAuthorizedException", "UserNotFoundException"}
    assert run.outcomes[0].failures == [
        f"expected OK, got {run.outcomes[0].view['error']}: {run.outcomes[0].view['message']}"
    ]


def test_earlier_results_as_steps_and_last(local: LocalTarget) -> None:
    run = _run(
        local,
        "name: steps\nvars: {u: 'qa-steps-{{ run.id }}'}\nsteps:\n"
        "  - sign_up: {username: '{{ u }}', password: Qa-Passw0rd!1, email: '{{ u }}@example.com'}\n"
        "  - confirm_sign_up: {username: '{{ u }}', code: '{{ outbox.last_code(u) }}'}\n"
        "    expect: {ok: true}\n"
        "  - sign_in_password: {username: '{{ u }}', password: Qa-Passw0rd!1}\n"
        "    expect: {'tokens.id.claims.sub': '{{ steps[0].response.UserSub }}',"
        " 'calls[0].status': '{{ last.status }}'}\n",
    )
    assert run.passed, [o.failures for o in run.outcomes]


def test_a_template_error_at_run_time_names_file_and_line(local: LocalTarget) -> None:
    with pytest.raises(FlowError) as caught:
        _run(
            local,
            "name: x\nsteps:\n  - get_user:\n  - sign_in_srp:\n      username: '{{ steps[5].ok }}'\n      password: p\n",
        )
    assert str(caught.value).startswith("t.yaml:5: sign_in_srp.username:")


def test_env_leaves_out_other_tools_secrets() -> None:
    env = flow_env(
        {
            "HOME": "/home/qa",
            "QA_PASSWORD": "p",
            "QA_API_TOKEN": "t",
            "AWS_SECRET_ACCESS_KEY": "s",
            "AWS_ACCESS_KEY_ID": "a",
            "AWS_SESSION_TOKEN": "x",
            "GITHUB_TOKEN": "g",
            "DB_PASSWORD": "d",
            "SSH_KEY": "k",
            "MONKEY": "m",
            "API_KEYS": "ks",
        }
    )
    # AWS_ACCESS_KEY_ID goes too: half of a key pair, and no flow needs it.
    assert env == {"HOME": "/home/qa", "QA_PASSWORD": "p", "QA_API_TOKEN": "t", "MONKEY": "m"}


def test_the_outbox_needs_the_local_cognito(local: LocalTarget) -> None:
    flow = parse_flow(
        "name: x\nsteps:\n  - confirm_sign_up: {username: a, code: '{{ outbox.last_code(\"a\") }}'}\n"
    )
    run = run_flow(flow, local.target().replace(endpoint_url=""))
    (outcome,) = run.outcomes
    assert outcome.view["error"] == "FlowInputError"
    assert "needs the local Cognito" in outcome.view["message"]


def test_a_broken_run_is_a_junit_error(tmp_path: Path) -> None:
    _text, xml = _report(tmp_path, BrokenRun("bad", "bad.yaml", "bad.yaml:3: unknown step 'x'"))
    (suite,) = list(xml)
    (case,) = list(suite)
    assert isinstance(case.result[0], Error)
    assert case.result[0].message == "bad.yaml:3: unknown step 'x'"


SECRETS_SHOWN = """\
name: secrets in failure lines
vars:
  username: "qa-shown-{{ run.id }}"
steps:
  - sign_up: {username: "{{ username }}", password: Qa-Passw0rd!1, email: "{{ username }}@example.com"}
  - confirm_sign_up: {username: "{{ username }}", code: "{{ outbox.last_code(username) }}"}
  - sign_in_srp: {username: "{{ username }}", password: Qa-Passw0rd!1}
  - totp_setup:
    expect: {"response.SecretCode": "nope", "response": "nope"}
  - get_credentials:
    expect: {"response.Credentials.SecretKey": 1, "response.Credentials": 1}
  - totp_verify: {code: "{{ totp.code() }}"}
  - mfa_preference: {mfa: TOTP}
  - sign_in_srp: {username: "{{ username }}", password: Qa-Passw0rd!1}
    expect: {"response.Session": "nope", "challenge": 1}
"""


def test_failure_lines_never_show_a_secret_the_step_returned(
    local: LocalTarget, tmp_path: Path
) -> None:
    run = _run(local, SECRETS_SHOWN)
    by_title = {o.step.title: o for o in run.outcomes}
    secret_code = by_title["4 totp_setup"].view["response"]["SecretCode"]
    credentials = by_title["5 get_credentials"].view["response"]["Credentials"]
    session = by_title["8 sign_in_srp"].view["response"]["Session"]
    assert secret_code and credentials["SecretKey"] and session
    text, _xml = _report(tmp_path, run)
    shown = text + run.report()
    for secret in (secret_code, credentials["SecretKey"], credentials["SessionToken"], session):
        assert secret not in shown
        # nor its head, which a cut-off line would keep
        assert secret[:24] not in shown
    lines = "\n".join(f for o in run.outcomes for f in o.failures)
    assert "response.SecretCode: expected <secret, 4 chars>, got <secret, 32 chars>" in lines
    assert "response.Credentials.SecretKey: expected <secret>, got <secret, " in lines
    assert "response.Session: expected <secret, 4 chars>, got <secret, " in lines
