"""The Hosted UI's browser buttons as steps (``hosted_sign_in``, ``hosted_logout``), run by the
runner against the real local Cognito: the sign-in form posted without a browser, the tokens
in the flow's session, the logout's redirect, a wrong password's one-line record, and no
secret in the report."""

from __future__ import annotations

from pathlib import Path

from junitparser import JUnitXml

from cognito_bench.emulator import LocalTarget
from cognito_bench.flows.flowfile import parse_flow
from cognito_bench.flows.junit import write_junit
from cognito_bench.flows.runner import FlowRun, run_flow
from cognito_bench.flows.session import Session
from cognito_bench.flows.steps import STEPS, Form, perform

FLOW = """
name: hosted UI without a browser
vars:
  username: "qa-hosted-{{ run.id }}"
  password: "Qa-Passw0rd!1"
steps:
  - sign_up: {username: "{{ username }}", password: "{{ password }}", email: "{{ username }}@example.com"}
  - confirm_sign_up: {username: "{{ username }}", code: "{{ outbox.last_code(username) }}"}
  - hosted_sign_in: {username: "{{ username }}", password: "{{ password }}", scopes: "openid email aws.cognito.signin.user.admin"}
    expect:
      "tokens.access.claims.username": "{{ username }}"
      "tokens.id.claims.email": "{{ username }}@example.com"
  - get_user: {}
    expect: {"response.Username": "{{ username }}"}
  - hosted_logout: {}
    expect: {"response.signed_out": true}
  - hosted_sign_in: {username: "{{ username }}", password: "Not-The-Passw0rd!"}
    expect: {error: SignInRefused}
"""


def _run(local: LocalTarget, text: str) -> FlowRun:
    return run_flow(parse_flow(text, "t.yaml"), local.target(), extra_target=local.to_json())


def test_a_flow_signs_in_and_out_through_the_hosted_ui(local: LocalTarget, tmp_path: Path) -> None:
    run = _run(local, FLOW)
    assert run.passed, [(o.step.title, o.failures) for o in run.failed]
    by_title = {o.step.title: o for o in run.outcomes}
    signed_in = by_title["3 hosted_sign_in"]
    # the window's hosted sign-in record: the token endpoint's, absorbed as a sign-in
    assert [r.operation for r in signed_in.records] == ["OAuth2Token(authorization_code)"]
    assert signed_in.records[0].label == "Hosted UI: code → tokens"
    assert run.session.username == run.variables["username"]
    logout = by_title["5 hosted_logout"].records[0]
    assert (logout.operation, logout.http_status) == ("OAuth2Logout", 302)
    assert logout.response["returned_to"] == "http://localhost:8765/signed-out"
    wrong = by_title["6 hosted_sign_in"].records[0]
    assert (wrong.operation, wrong.error_code) == ("OAuth2Authorize", "SignInRefused")
    assert wrong.error_message == "Incorrect username or password."

    path = tmp_path / "out.xml"
    write_junit([run], path)
    shown = path.read_text(encoding="utf-8") + run.report()
    tokens = signed_in.records[0].response
    for secret in ("Qa-Passw0rd!1", "Not-The-Passw0rd!", tokens["access_token"]):
        assert secret not in shown and secret[:24] not in shown
    assert len(JUnitXml.fromfile(str(path))) == 1


def test_the_code_and_verifier_never_show_in_the_record(local: LocalTarget) -> None:
    demo = local.demo_user
    form = Form(target=local.target(), username=demo["username"], password=demo["password"])
    (record,) = perform(STEPS["hosted_sign_in"], form, Session())
    assert record.ok, record.one_line()
    code, verifier = record.request["code"], record.request["code_verifier"]
    assert "…" in code or code == "***"
    assert "…" in verifier or verifier == "***"
    assert record.step is not None
    assert str(record.step["inputs"]["password"]).startswith("secret:")
    session, _change = Session().absorb(record, demo["username"])
    assert session.access_token and session.refresh_token and session.id_token


def test_the_steps_refuse_what_cannot_work(local: LocalTarget) -> None:
    target = local.target()
    (no_domain,) = perform(
        STEPS["hosted_sign_in"],
        Form(target=target.replace(hosted_ui_domain=""), username="demo", password="x"),
        Session(),
    )
    assert no_domain.error_code == "InvalidInput"
    assert no_domain.error_message.startswith("hosted UI domain is required")
    no_password_form = Form(target=target, username="demo")
    (no_password,) = perform(STEPS["hosted_sign_in"], no_password_form, Session())
    assert (no_password.error_code, no_password.error_message) == (
        "InvalidInput",
        "password is required",
    )
    (elsewhere,) = perform(
        STEPS["hosted_logout"],
        Form(target=target, logout_uri="http://localhost:8765/not-a-sign-out-url"),
        Session(),
    )
    assert (elsewhere.operation, elsewhere.ok) == ("OAuth2Logout", False)
    assert elsewhere.error_code == "redirect_mismatch"
    assert "\n" not in elsewhere.error_message


def test_a_scope_the_client_may_not_ask_for_comes_back_as_the_redirect_s_error(
    local: LocalTarget,
) -> None:
    demo = local.demo_user
    form = Form(
        target=local.target(),
        username=demo["username"],
        password=demo["password"],
        scopes="openid bench-api/delete",
    )
    (record,) = perform(STEPS["hosted_sign_in"], form, Session())
    assert (record.operation, record.error_code) == ("OAuth2Authorize", "invalid_scope")
