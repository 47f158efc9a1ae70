"""`cognito-bench selftest`: the whole flow on the embedded local Cognito, plus the window.

Prints a table of steps with their time; exit 0 only when every step passed. The frozen
binary runs this to prove that nothing it needs was left out of the bundle, so every heavy
import happens inside a step, where a missing module is a failed step and not a crash.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cognito_bench.aws import AwsCredentials, CallRecord, Target, Tokens, UserPoolCalls
    from cognito_bench.emulator import LocalCognito, LocalTarget

__all__ = ["Step", "run", "run_steps"]

#: The self-test's PreTokenGeneration handler (V2_0): one claim in the ID token.
_TRIGGER_HANDLER = """
def handler(event, context):
    print("adding a claim for", event["userName"])
    event["response"]["claimsAndScopeOverrideDetails"] = {
        "idTokenGeneration": {"claimsToAddOrOverride": {"selftest": "from a trigger"}}
    }
    return event
"""


@dataclass
class Step:
    """One self-test step and how it went."""

    name: str
    ok: bool = False
    ms: float = 0.0
    detail: str = ""


class _Failed(Exception):
    """A step failed; the message says why in one line."""


def _check(record: CallRecord) -> CallRecord:
    if not record.ok:
        raise _Failed(record.one_line())
    return record


class _SelfTest:
    """The steps, sharing what earlier steps produced."""

    def __init__(self) -> None:
        self.username = f"selftest-{secrets.token_hex(4)}"
        self.password = f"Sf-{secrets.token_urlsafe(12)}1a!"
        self.emulator: LocalCognito | None = None
        self._local: LocalTarget | None = None
        self._calls: UserPoolCalls | None = None
        self._tokens: Tokens | None = None
        self._creds: AwsCredentials | None = None

    @property
    def local(self) -> LocalTarget:
        if self._local is None:
            raise _Failed("the local Cognito is not running")
        return self._local

    @property
    def calls(self) -> UserPoolCalls:
        if self._calls is None:
            raise _Failed("no user-pool client: sign-up did not run")
        return self._calls

    @property
    def tokens(self) -> Tokens:
        if self._tokens is None:
            raise _Failed("no tokens: sign-in did not run")
        return self._tokens

    def target(self) -> Target:
        return self.local.target()

    def start(self) -> str:
        from cognito_bench.emulator import LocalCognito

        self.emulator = LocalCognito()
        self._local = self.emulator.start()
        return self._local.endpoint_url

    def sign_up(self) -> str:
        from cognito_bench.aws import UserPoolCalls

        self._calls = UserPoolCalls(self.target())
        email = f"{self.username}@example.com"
        _check(self.calls.sign_up(self.username, self.password, {"email": email}))
        return f"user {self.username}"

    def confirm(self) -> str:
        assert self.emulator is not None
        codes = [m for m in self.emulator.outbox_since(0, self.username) if m.purpose == "SIGN_UP"]
        if not codes:
            raise _Failed("no sign-up code in the outbox")
        _check(self.calls.confirm_sign_up(self.username, codes[-1].code))
        return f"code from the outbox ({codes[-1].destination})"

    def sign_in(self) -> str:
        from cognito_bench.aws import tokens_of

        self._tokens = tokens_of(_check(self.calls.sign_in_srp(self.username, self.password)))
        if self._tokens is None:
            raise _Failed("no tokens in the SRP response")
        wrong = self.calls.sign_in_srp(self.username, self.password + "x")
        if wrong.error_code != "NotAuthorizedException":
            raise _Failed(f"a wrong password was not refused: {wrong.status}")
        return "USER_SRP_AUTH; a wrong password is refused"

    def verify_tokens(self) -> str:
        from cognito_bench.tokens import verify

        for use, token in (("id", self.tokens.id_token), ("access", self.tokens.access_token)):
            report = verify(
                token,
                jwks=self.local.jwks_url,
                issuer=self.local.issuer,
                client_id=self.local.client_id,
                token_use=use,
            )
            failed = [c for c in report.checks if not c.ok]
            if not report.valid:
                first = failed[0] if failed else None
                raise _Failed(f"{use} token: {first.name}: {first.detail}" if first else use)
        return "ID and access tokens valid against the JWKS"

    def passkey(self) -> str:
        """Register a passkey (the software authenticator: fido2's CBOR and COSE, an ES256 key
        by cryptography) and sign in with it through USER_AUTH's WEB_AUTHN challenge."""
        from cognito_bench.aws import tokens_of
        from cognito_bench.aws.passkeys import MemoryKeys, SoftwareAuthenticator, Tamper

        authenticator = SoftwareAuthenticator(MemoryKeys())
        _check(self.calls.register_passkey(self.tokens.access_token, authenticator))
        signed = _check(self.calls.sign_in_passkey(self.username, authenticator))
        if tokens_of(signed) is None:
            raise _Failed(
                f"no tokens from the passkey sign-in ({signed.response.get('ChallengeName')})"
            )
        replayed = self.calls.sign_in_passkey(self.username, authenticator, tamper=Tamper.REPLAY)
        if replayed.error_code != "NotAuthorizedException":
            raise _Failed(f"a replayed assertion was not refused: {replayed.status}")
        rp_id = signed.response.get("Passkey", {}).get("RelyingPartyId", "?")
        return f"registered and signed in (WEB_AUTHN, RP {rp_id}); a replay is refused"

    def trigger(self) -> str:
        """A Python PreTokenGeneration handler file run by the emulator: in the frozen binary
        that is the binary itself in its trigger-worker mode (there is no other Python)."""
        from cognito_bench.aws import UserPoolCalls, tokens_of
        from cognito_bench.emulator.triggers import TriggerConfig
        from cognito_bench.tokens import decode

        assert self.emulator is not None
        with tempfile.TemporaryDirectory(prefix="cognito-bench-selftest-") as tmp:
            handler = Path(tmp) / "claims.py"
            handler.write_text(_TRIGGER_HANDLER, encoding="utf-8")
            self.emulator.set_triggers(TriggerConfig.parse([f"PreTokenGeneration={handler}"]))
            try:
                record = UserPoolCalls(self.target()).sign_in_password(self.username, self.password)
            finally:
                self.emulator.set_triggers(TriggerConfig())
        tokens = tokens_of(_check(record))
        if tokens is None:
            raise _Failed("no tokens after the trigger ran")
        claim = (decode(tokens.id_token).payload or {}).get("selftest")
        if claim != "from a trigger" or not record.triggers:
            raise _Failed(f"the trigger's claim is missing (claim {claim!r})")
        ran = record.triggers[0]
        return f"{ran['triggerSource']} in {ran['ms']:.0f} ms; claim added to the ID token"

    def hosted_ui(self) -> str:
        """A sign-in through the local hosted UI: the form, the loopback redirect, the code
        exchanged with its PKCE verifier, the ID token verified (the OAuth side of the bundle:
        http.server, the hosted UI pages, the token endpoint)."""
        import socket

        from cognito_bench.aws import tokens_of
        from cognito_bench.aws.hostedform import sign_in
        from cognito_bench.aws.oauth import HostedUi, RedirectCatcher, new_pkce
        from cognito_bench.emulator import local_client
        from cognito_bench.tokens import verify

        with socket.socket() as probe:  # a callback URL on a free port: 8765 may be taken
            probe.bind(("127.0.0.1", 0))
            redirect = f"http://localhost:{probe.getsockname()[1]}/callback"
        idp = local_client("cognito-idp", self.local.endpoint_url)
        client_id = idp.create_user_pool_client(
            UserPoolId=self.local.user_pool_id,
            ClientName="selftest-hosted-ui",
            AllowedOAuthFlowsUserPoolClient=True,
            AllowedOAuthFlows=["code"],
            AllowedOAuthScopes=["openid", "email"],
            CallbackURLs=[redirect],
            SupportedIdentityProviders=["COGNITO"],
        )["UserPoolClient"]["ClientId"]
        target = self.target().replace(client_id=client_id)
        hosted = HostedUi(self.local.hosted_ui_domain, target, redirect, "openid email")
        pkce = new_pkce()
        catcher = RedirectCatcher(redirect)
        try:
            sign_in(hosted.authorize_url(pkce), self.username, self.password)
        finally:
            query = catcher.wait(10)
        failure = hosted.redirect_failure(query, pkce)
        if failure is not None or query is None:
            raise _Failed(failure.one_line() if failure else "no redirect")
        tokens = tokens_of(_check(hosted.exchange_code(query["code"], pkce)))
        if tokens is None:
            raise _Failed("no tokens from the token endpoint")
        report = verify(
            tokens.id_token,
            jwks=self.local.jwks_url,
            issuer=self.local.issuer,
            client_id=client_id,
            token_use="id",  # noqa: S106 (a token kind, not a password)
        )
        if not report.valid:
            first = report.failed[0]
            raise _Failed(f"hosted UI ID token: {first.name}: {first.detail}")
        return "code + PKCE through the local hosted UI; ID token valid"

    def identity(self) -> str:
        from cognito_bench.aws import IdentityCalls, credentials_of

        calls = IdentityCalls(self.target())
        id_token = self.tokens.id_token
        identity_id = str(_check(calls.get_id(id_token)).response["IdentityId"])
        self._creds = credentials_of(
            _check(calls.get_credentials_for_identity(identity_id, id_token))
        )
        if self._creds is None:
            raise _Failed("no credentials in the response")
        return identity_id

    def s3(self) -> str:
        from cognito_bench.aws import S3Calls

        if self._creds is None:
            raise _Failed("no AWS credentials: the identity step did not run")
        calls = S3Calls(self.target(), self._creds)
        key = f"selftest/{self.username}.txt"
        body = f"hello from {self.username}"
        _check(calls.put_object(key, body.encode()))
        if body not in str(_check(calls.get_object(key)).response):
            raise _Failed("the object read back differs from the one written")
        return f"s3://{self.local.bucket}/{key}"

    def flow(self) -> str:
        from junitparser import JUnitXml

        from cognito_bench.flows.flowfile import examples_folder, load_flow
        from cognito_bench.flows.junit import write_junit
        from cognito_bench.flows.runner import run_flow

        folder = examples_folder()
        if folder is None:
            raise _Failed("the example flows are not in the bundle")
        local = self.local.to_json()
        extras = {k: v for k, v in local.items() if isinstance(v, str)}
        run = run_flow(load_flow(folder / "sign-up-to-s3.yaml"), self.target(), extra_target=extras)
        if not run.passed:
            raise _Failed(run.report().splitlines()[-1].strip())
        with tempfile.TemporaryDirectory(prefix="cognito-bench-selftest-") as tmp:
            report = Path(tmp) / "junit.xml"
            write_junit([run], report)
            (suite,) = list(JUnitXml.fromfile(str(report)))
            if suite.tests != len(run.flow.steps) or suite.failures:
                raise _Failed(f"the JUnit report says {suite.tests} tests, {suite.failures} failed")
        return f"{run.flow.name}: {len(run.outcomes)} steps passed; JUnit written"

    def sign_out(self) -> str:
        access = self.tokens.access_token
        _check(self.calls.global_sign_out(access))
        after = self.calls.get_user(access)
        if after.ok:
            raise _Failed("the access token still works after GlobalSignOut")
        return f"the access token is refused afterwards ({after.error_code})"

    def render(self) -> str:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from cognito_bench.store.paths import HOME_ENV as _HOME_VAR
        from cognito_bench.ui.app import run_app

        with tempfile.TemporaryDirectory(prefix="cognito-bench-selftest-") as tmp:
            png = Path(tmp) / "window.png"
            # The self-test's calls and profiles are not the user's: keep them out of
            # the real store.
            saved = os.environ.get(_HOME_VAR)
            os.environ[_HOME_VAR] = str(Path(tmp) / "home")
            try:
                code = run_app(local=True, screenshot=str(png))
            finally:
                if saved is None:
                    os.environ.pop(_HOME_VAR, None)
                else:
                    os.environ[_HOME_VAR] = saved
            if code != 0 or not png.exists():
                raise _Failed(f"the window did not render (exit {code})")
            size = png.stat().st_size
        if size < 10_000:
            raise _Failed(f"the rendered window looks empty ({size} bytes)")
        return f"window after an SRP sign-in, {size // 1024} KiB PNG"

    def plan(self, window: bool) -> list[tuple[str, Callable[[], str]]]:
        steps = [
            ("start the embedded local Cognito", self.start),
            ("sign up", self.sign_up),
            ("confirm with the outbox code", self.confirm),
            ("sign in with SRP", self.sign_in),
            ("verify tokens against the JWKS", self.verify_tokens),
            ("passkey: register and sign in", self.passkey),
            ("a Lambda trigger (Python handler)", self.trigger),
            ("hosted UI sign-in (OAuth 2.0)", self.hosted_ui),
            ("identity-pool credentials", self.identity),
            ("S3 put and get", self.s3),
            ("replay a flow (YAML, JUnit)", self.flow),
            ("sign out", self.sign_out),
        ]
        if window:
            steps.append(("render the window offscreen", self.render))
        return steps


def _timed(name: str, fn: Callable[[], str]) -> Step:
    result = Step(name)
    started = time.perf_counter()
    try:
        result.detail = fn()
        result.ok = True
    except _Failed as exc:
        result.detail = str(exc)
    except Exception as exc:  # a self-test reports a broken bundle, it does not crash on it
        result.detail = f"{type(exc).__name__}: {exc}"
        if os.environ.get("COGNITO_BENCH_DEBUG"):
            traceback.print_exc()
    result.ms = (time.perf_counter() - started) * 1000
    return result


def run_steps(window: bool = True, log: Callable[[str], None] = print) -> list[Step]:
    """Run every step in order, stopping at the first failure; returns the planned steps.

    Steps after a failure are returned as not run (``ok`` False, detail ``not run``).
    """
    test = _SelfTest()
    plan = test.plan(window)
    steps: list[Step] = []
    try:
        for name, fn in plan:
            result = _timed(name, fn)
            steps.append(result)
            log(
                f"{'pass' if result.ok else 'FAIL'}  {name:<34} {result.ms:8.1f} ms  {result.detail}"
            )
            if not result.ok:
                break
    finally:
        if test.emulator is not None:
            test.emulator.stop()
    for name, _ in plan[len(steps) :]:
        steps.append(Step(name, detail="not run"))
        log(f"skip  {name}")
    return steps


def run(args: argparse.Namespace) -> int:
    """Run the self-test; exit 0 only when every step passed."""
    started = time.perf_counter()
    steps = run_steps(window=not args.no_window)
    total = (time.perf_counter() - started) * 1000
    passed = sum(s.ok for s in steps)
    ok = passed == len(steps)
    print(f"{'PASS' if ok else 'FAIL'}: {passed}/{len(steps)} steps in {total:.0f} ms")
    sys.stdout.flush()
    return 0 if ok else 1
