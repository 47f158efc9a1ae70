"""Secret scan: a whole session on the embedded emulator, then grep every file written.

Sign up, confirm, sign in (password, both clients; SRP through aws/), a refused sign-in,
refresh, identity id and AWS credentials, admin list users; every call goes to the history
as the raw call (the worst case: nothing masked before the store), profiles are saved with
their client secret in the keyring, and profiles, JSON and HAR are exported. Then no file
under the temporary HOME may contain any password, secret, token or AWS credential.
"""

from __future__ import annotations

import base64
import json
import logging
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from cognito_bench.aws import Target, UserPoolCalls, secret_hash
from cognito_bench.aws.record import CallRecord, json_safe
from cognito_bench.emulator import LocalTarget
from cognito_bench.emulator.seed import local_client
from cognito_bench.store import (
    AppClient,
    AppPaths,
    BenchStore,
    HistoryStore,
    Profile,
    configure_logging,
)
from cognito_bench.store.logfile import LOGGER_NAME
from tests.store.conftest import MemoryKeyring


class Session:
    """Runs boto3 calls and keeps each as a raw (unmasked) call JSON, plus every secret seen."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.secrets: set[str] = set()

    def call(self, client: Any, operation: str, label: str, **params: Any) -> dict[str, Any]:
        method = getattr(
            client, "".join("_" + c.lower() if c.isupper() else c for c in operation).lstrip("_")
        )
        started = time.time()
        clock = time.perf_counter()
        try:
            response = method(**params)
            error = ("", "", None)
        except ClientError as exc:
            response = {}
            err = exc.response.get("Error", {})
            status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
            error = (str(err.get("Code", "")), str(err.get("Message", "")), status)
        elapsed = (time.perf_counter() - clock) * 1000
        record = CallRecord(
            operation=operation,
            label=label,
            request=params,
            response=response,
            error_code=error[0],
            error_message=error[1],
            elapsed_ms=elapsed,
            started_at=started,
            http_status=error[2] if error[0] else response["ResponseMetadata"]["HTTPStatusCode"],
        )
        self.calls.append(record.to_json())
        return response

    def add_record(self, record: CallRecord) -> None:
        self.calls.append(record.to_json())

    def keep(self, *values: str) -> None:
        self.secrets.update(v for v in values if v)


def _token_parts(token: str) -> list[str]:
    """A JWT's signature part and its payload decoded (neither may appear either)."""
    parts = token.split(".")
    if len(parts) != 3:
        return []
    return [parts[2]] if len(parts[2]) >= 16 else []


@pytest.fixture
def scan_home(bench_home: Path, memory_keyring: MemoryKeyring) -> Iterator[Path]:
    logger = logging.getLogger(LOGGER_NAME)
    handlers, level = list(logger.handlers), logger.level
    yield bench_home
    for handler in logger.handlers:
        if handler not in handlers:
            handler.close()
    logger.handlers[:] = handlers
    logger.setLevel(level)


def test_no_secret_reaches_any_file(local: LocalTarget, scan_home: Path) -> None:
    paths = AppPaths.default().ensure()
    assert scan_home in paths.config_dir.parents
    session = Session()
    idp = local_client("cognito-idp", local.endpoint_url, local.region)
    identity = local_client("cognito-identity", local.endpoint_url, local.region)
    username = f"scan-{uuid.uuid4().hex[:10]}"
    password = f"Scan-{uuid.uuid4().hex[:12]}!A1"
    session.keep(password, local.client_secret, local.demo_user["password"])
    hashed = secret_hash(username, local.client_id_with_secret, local.client_secret)
    session.keep(hashed)

    session.call(
        idp,
        "SignUp",
        "Sign up",
        ClientId=local.client_id_with_secret,
        SecretHash=hashed,
        Username=username,
        Password=password,
        UserAttributes=[{"Name": "email", "Value": f"{username}@example.com"}],
    )
    session.call(
        idp,
        "AdminConfirmSignUp",
        "Admin: confirm",
        UserPoolId=local.user_pool_id,
        Username=username,
    )
    refused = session.call(
        idp,
        "InitiateAuth",
        "Sign in (wrong password)",
        ClientId=local.client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": username, "PASSWORD": password + "-wrong"},
    )
    assert refused == {}
    session.keep(password + "-wrong")
    signed_in = session.call(
        idp,
        "InitiateAuth",
        "Sign in (password, secret client)",
        ClientId=local.client_id_with_secret,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": username, "PASSWORD": password, "SECRET_HASH": hashed},
    )
    result = signed_in["AuthenticationResult"]
    session.keep(result["AccessToken"], result["IdToken"], result["RefreshToken"])
    refreshed = session.call(
        idp,
        "InitiateAuth",
        "Refresh",
        ClientId=local.client_id_with_secret,
        AuthFlow="REFRESH_TOKEN_AUTH",
        AuthParameters={"REFRESH_TOKEN": result["RefreshToken"], "SECRET_HASH": hashed},
    )
    fresh = refreshed["AuthenticationResult"]
    session.keep(fresh["AccessToken"], fresh["IdToken"], fresh.get("RefreshToken", ""))
    public = session.call(
        idp,
        "InitiateAuth",
        "Sign in (password)",
        ClientId=local.client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": username, "PASSWORD": password},
    )["AuthenticationResult"]
    session.keep(public["AccessToken"], public["IdToken"], public["RefreshToken"])
    logins = {local.issuer.split("://", 1)[1]: public["IdToken"]}
    identity_id = session.call(
        identity, "GetId", "Get identity id", IdentityPoolId=local.identity_pool_id, Logins=logins
    )["IdentityId"]
    credentials = session.call(
        identity,
        "GetCredentialsForIdentity",
        "Get AWS credentials",
        IdentityId=identity_id,
        Logins=logins,
    )["Credentials"]
    session.keep(credentials["SecretKey"], credentials["SessionToken"])
    session.call(idp, "ListUsers", "Admin: list users", UserPoolId=local.user_pool_id)
    # The SRP sign-in as the window makes it (a record with steps), through aws/.
    target = Target(
        region=local.region,
        user_pool_id=local.user_pool_id,
        client_id=local.client_id_with_secret,
        client_secret=local.client_secret,
        endpoint_url=local.endpoint_url,
    )
    srp = UserPoolCalls(target).sign_in_srp(username, password)
    assert srp.ok, srp.one_line()
    srp_result = srp.response["AuthenticationResult"]
    session.keep(srp_result["AccessToken"], srp_result["IdToken"], srp_result["RefreshToken"])
    session.add_record(srp)
    assert len(session.secrets) >= 15
    for secret in list(session.secrets):
        for part in _token_parts(secret):
            session.keep(part)

    # What the window does: profile saved with its secret in the keyring, a remembered
    # password, every call (raw) into the history, log lines, then exports.
    bench = BenchStore(paths)
    assert bench.warnings == []
    configure_logging(paths, logging.DEBUG)
    log = logging.getLogger("cognito_bench.ui.scan")
    outcome = bench.save_profile(
        Profile(
            name="Local scan",
            region=local.region,
            user_pool_id=local.user_pool_id,
            clients=(
                AppClient(local.client_id, "web"),
                AppClient(local.client_id_with_secret, "backend"),
            ),
            identity_pool_id=local.identity_pool_id,
            endpoint_url=local.endpoint_url,
        ),
        {local.client_id_with_secret: local.client_secret},
    )
    assert outcome.kept == [local.client_id_with_secret]
    bench.choose("Local scan")
    assert bench.remember_password("Local scan", username, password, remember=True)
    ids = []
    for call in session.calls:
        ids.append(bench.record_call("Local scan", call, url=local.endpoint_url).id)
        # A careless log line with the whole raw call: the log file must still be clean.
        log.debug("finished %s: %s", call["operation"], json.dumps(call))
    log.info("target %r", bench.target_fields("Local scan", local.client_id_with_secret))
    history = bench.history
    assert history.count() == len(session.calls) == 10
    exports = scan_home / "Desktop"
    exports.mkdir()
    history.export_json(ids, exports / "calls.json")
    history.export_har(ids, exports / "calls.har")
    bench.profiles.export_file(exports / "profiles.json")
    for handler in logging.getLogger("cognito_bench").handlers:
        handler.flush()

    # What a developer would see is still useful: the calls are there, named and searchable.
    assert history.query(text=username, status="NotAuthorizedException")[0].label == (
        "Sign in (wrong password)"
    )
    har = json.loads((exports / "calls.har").read_text())
    assert len(har["log"]["entries"]) == 11, "ten calls, the SRP one as two HTTP entries"

    def scan(expected: set[str]) -> list[str]:
        files = [p for p in scan_home.rglob("*") if p.is_file()]
        names = {p.name for p in files}
        assert expected <= names
        assert {"calls.json", "calls.har", "cognito-bench.log"} <= names
        leaks = []
        for path in files:
            data = path.read_bytes()
            for secret in session.secrets:
                for form in _forms(secret):
                    if form in data:
                        leaks.append(f"{path.relative_to(scan_home)}: {secret[:6]}…")
        return leaks

    assert scan({"history.sqlite3", "history.sqlite3-wal", "profiles.json"}) == [], (
        "secrets found while the history is open (WAL present)"
    )
    bench.close()
    assert scan({"history.sqlite3", "profiles.json"}) == [], (
        "secrets found after the history was checkpointed and closed"
    )


def _forms(secret: str) -> list[bytes]:
    """How a value could sit in a file: UTF-8, JSON-escaped, UTF-16 (SQLite's other text)."""
    forms = {secret.encode(), json.dumps(secret)[1:-1].encode(), secret.encode("utf-16-le")}
    if len(secret) >= 12:
        forms.add(base64.b64encode(secret.encode()))
    return list(forms)


def test_kept_tokens_still_stay_out_of_exports(local: LocalTarget, scan_home: Path) -> None:
    """A profile that keeps tokens: the database has them (and says so), exports do not."""
    paths = AppPaths.default().ensure()
    idp = local_client("cognito-idp", local.endpoint_url, local.region)
    session = Session()
    response = session.call(
        idp,
        "InitiateAuth",
        "Sign in (password)",
        ClientId=local.client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={
            "USERNAME": local.demo_user["username"],
            "PASSWORD": local.demo_user["password"],
        },
    )
    tokens = response["AuthenticationResult"]
    with HistoryStore(paths) as history:
        (row_id,) = history.record_many([("dev", session.calls[0])], keep_tokens=True)
        entry = history.get(row_id)
        assert entry is not None and entry.row.tokens_kept
        kept = json_safe(entry.record["response"]["AuthenticationResult"])
        assert kept["IdToken"] == tokens["IdToken"]
        assert entry.record["request"]["AuthParameters"]["PASSWORD"] == "***"
        exported = history.export_json([row_id]) + history.export_har([row_id])
    for value in (tokens["IdToken"], tokens["AccessToken"], tokens["RefreshToken"]):
        assert value not in exported
    assert local.demo_user["password"].encode() not in paths.history_db.read_bytes()
