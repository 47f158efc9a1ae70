"""Quotas: token buckets per category, and the local Cognito throttling like Cognito over HTTP."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest
from botocore.exceptions import ClientError

from cognito_bench.emulator import LocalCognito, LocalTarget
from cognito_bench.emulator.quotas import (
    DEFAULT_QUOTAS,
    QuotaError,
    Quotas,
    category_of,
    parse_quota,
    rates_from_options,
)
from cognito_bench.emulator.seed import local_client
from tests.processes import bench, local_process


class FakeClock:
    """Monotonic seconds that move only when told."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def admitted(quotas: Quotas, service: str, op: str, n: int) -> int:
    return sum(quotas.admit(service, op) for _ in range(n))


def test_a_bucket_allows_its_rate_per_second_then_refills() -> None:
    clock = FakeClock()
    quotas = Quotas({"UserCreation": 5}, clock=clock)
    assert admitted(quotas, "idp", "SignUp", 8) == 5
    clock.now += 0.2  # one request's worth
    assert admitted(quotas, "idp", "ConfirmSignUp", 3) == 1
    clock.now += 10  # refills to one second's burst, no more
    assert admitted(quotas, "idp", "AdminCreateUser", 8) == 5


def test_categories_are_separate_and_ungated_operations_pass() -> None:
    clock = FakeClock()
    quotas = Quotas({"UserCreation": 1, "UserRead": 2}, clock=clock)
    assert admitted(quotas, "idp", "SignUp", 3) == 1
    assert admitted(quotas, "idp", "GetUser", 3) == 2
    # a category without a quota, and operations in no applied category
    assert admitted(quotas, "idp", "InitiateAuth", 50) == 50
    assert admitted(quotas, "idp", "ListUsers", 50) == 50
    assert admitted(quotas, "identity", "GetId", 50) == 50


def test_challenge_answers_have_three_times_the_rate_then_count_as_sign_ins() -> None:
    clock = FakeClock()
    quotas = Quotas({"UserAuthentication": 2}, clock=clock)
    # their own bucket: 3 x 2 per second
    assert admitted(quotas, "idp", "RespondToAuthChallenge", 6) == 6
    # beyond it, each one takes from UserAuthentication (2), then they are throttled
    assert admitted(quotas, "idp", "AdminRespondToAuthChallenge", 5) == 2
    assert admitted(quotas, "idp", "InitiateAuth", 1) == 0
    clock.now += 1
    assert admitted(quotas, "idp", "InitiateAuth", 3) == 2


def test_a_rate_below_one_still_lets_one_request_through_now_and_then() -> None:
    clock = FakeClock()
    quotas = Quotas({"GetId": 0.5}, clock=clock)
    assert admitted(quotas, "identity", "GetId", 3) == 1
    clock.now += 1
    assert admitted(quotas, "identity", "GetId", 1) == 0
    clock.now += 1
    assert admitted(quotas, "identity", "GetId", 1) == 1


def test_the_table() -> None:
    assert category_of("idp", "InitiateAuth") == "UserAuthentication"
    assert category_of("idp", "AdminInitiateAuth") == "UserAuthentication"
    assert category_of("idp", "SignUp") == "UserCreation"
    assert category_of("idp", "ForgotPassword") == "UserAccountRecovery"
    assert category_of("idp", "GetUser") == "UserRead"
    assert category_of("idp", "RevokeToken") == "UserToken"
    assert category_of("identity", "GetCredentialsForIdentity") == "GetCredentialsForIdentity"
    assert category_of("idp", "DescribeUserPool") is None
    assert category_of("identity", "SignUp") is None
    assert Quotas.default().rates == dict(DEFAULT_QUOTAS)
    assert Quotas.default({"UserAuthentication": 20}).rates["UserAuthentication"] == 20


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("UserAuthentication=20", ("UserAuthentication", 20.0)),
        ("userauthentication=0.5", ("UserAuthentication", 0.5)),
        (" GetId = 3", ("GetId", 3.0)),
    ],
)
def test_parse_quota(text: str, expected: tuple[str, float]) -> None:
    assert parse_quota(text) == expected


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("UserAuthentication", "CATEGORY=RPS"),
        ("=3", "CATEGORY=RPS"),
        ("Logins=3", "unknown quota category"),
        ("GetId=fast", "not a number"),
        ("GetId=0", "positive"),
        ("GetId=-1", "positive"),
        ("GetId=nan", "positive"),
        ("GetId=inf", "positive"),
    ],
)
def test_parse_quota_refuses(text: str, says: str) -> None:
    with pytest.raises(QuotaError, match=says):
        parse_quota(text)


def test_rates_from_options() -> None:
    assert rates_from_options(None, None) is None
    assert rates_from_options(None, ["GetId=2"]) == {"GetId": 2.0}
    both = rates_from_options("default", ["UserAuthentication=20"])
    assert both is not None
    assert both["UserAuthentication"] == 20 and both["UserCreation"] == 50
    with pytest.raises(QuotaError):
        rates_from_options("generous", None)
    with pytest.raises(QuotaError):
        Quotas({"Nope": 1})


# over HTTP -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def throttled_local() -> Iterator[LocalTarget]:
    """A local Cognito of its own with low quotas (the session one throttles nothing)."""
    emulator = LocalCognito(
        quotas={"UserAuthentication": 2, "UserRead": 1000, "ClientAuthentication": 1}
    )
    target = emulator.start()
    yield target
    emulator.stop()


def _sign_in_codes(target: LocalTarget, times: int) -> list[str]:
    """``times`` password sign-ins of the demo user: "OK" or the error code of each."""
    idp = local_client("cognito-idp", target.endpoint_url)
    demo = target.demo_user
    codes: list[str] = []
    for _ in range(times):
        try:
            idp.initiate_auth(
                ClientId=target.client_id,
                AuthFlow="USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": demo["username"], "PASSWORD": demo["password"]},
            )
            codes.append("OK")
        except ClientError as exc:
            assert exc.response["Error"]["Message"] == "Rate exceeded"
            assert exc.response["ResponseMetadata"]["HTTPStatusCode"] == 400
            codes.append(exc.response["Error"]["Code"])
    return codes


def test_sign_ins_beyond_the_quota_get_rate_exceeded(throttled_local: LocalTarget) -> None:
    codes = _sign_in_codes(throttled_local, 6)
    assert codes.count("OK") in (2, 3)  # a burst of 2, and maybe one refilled meanwhile
    assert codes[-1] == "TooManyRequestsException"
    # other categories go on
    idp = local_client("cognito-idp", throttled_local.endpoint_url)
    assert idp.describe_user_pool(UserPoolId=throttled_local.user_pool_id)["UserPool"]


def test_quotas_change_on_a_running_local_cognito() -> None:
    # The window's Load pane sets them for a run against the window's own local Cognito.
    emulator = LocalCognito()
    target = emulator.start()
    try:
        assert emulator.quotas is None
        assert _sign_in_codes(target, 4) == ["OK"] * 4
        emulator.set_quotas({"UserAuthentication": 1})
        assert emulator.quotas is not None and emulator.quotas.rates == {"UserAuthentication": 1}
        assert _sign_in_codes(target, 4).count("TooManyRequestsException") >= 2
        emulator.set_quotas(None)
        assert _sign_in_codes(target, 4) == ["OK"] * 4
        with pytest.raises(QuotaError):
            emulator.set_quotas({"Logins": 1})
    finally:
        emulator.stop()


def test_the_token_endpoints_client_credentials_grant_is_throttled(
    throttled_local: LocalTarget,
) -> None:
    target = throttled_local.to_json()
    url = f"{target['hosted_ui_domain']}/oauth2/token"
    form = urllib.parse.urlencode(
        {
            "grant_type": "client_credentials",
            "client_id": target["machine_client_id"],
            "client_secret": target["machine_client_secret"],
        }
    ).encode()
    statuses: list[int] = []
    bodies: list[dict[str, str]] = []
    for _ in range(4):
        request = urllib.request.Request(url, data=form, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                statuses.append(answer.status)
        except urllib.error.HTTPError as exc:
            statuses.append(exc.code)
            bodies.append(json.loads(exc.read()))
    assert statuses[0] == 200
    assert statuses[-1] == 429
    assert bodies[-1] == {"error": "TooManyRequestsException", "error_description": "Rate exceeded"}


def test_cli_local_takes_quotas_and_refuses_a_bad_one() -> None:
    done = bench("local", "--quota", "Logins=3")
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "unknown quota category 'Logins'" in lines[0]
    with local_process("--quotas", "default", "--quota", "UserRead=1") as target:
        idp = local_client("cognito-idp", target["endpoint_url"])
        demo = target["demo_user"]
        tokens = idp.initiate_auth(
            ClientId=target["client_id"],
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": demo["username"], "PASSWORD": demo["password"]},
        )["AuthenticationResult"]
        idp.get_user(AccessToken=tokens["AccessToken"])
        with pytest.raises(ClientError, match="TooManyRequestsException"):
            for _ in range(3):
                idp.get_user(AccessToken=tokens["AccessToken"])
