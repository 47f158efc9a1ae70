"""Session.absorb, table-driven and without Qt: what each kind of call changes."""

from __future__ import annotations

from typing import Any

import pytest

from cognito_bench.aws.auth import Challenge, NewDevice, RememberedDevice, Tokens
from cognito_bench.aws.identity import AwsCredentials
from cognito_bench.aws.record import CallRecord
from cognito_bench.flows import Change, Session
from tests.store.calls import fake_jwt

TOKENS = Tokens(fake_jwt("alice", "id"), fake_jwt("alice", "access"), "refresh-1", 3600, "Bearer")
CHALLENGE = Challenge("SOFTWARE_TOKEN_MFA", "session-1", {"USER_ID_FOR_SRP": "alice"}, "alice")
CREDS = AwsCredentials("ASIAEXAMPLE", "secret", "token")


def _auth(access: str = "a2", refresh: str = "") -> dict[str, Any]:
    result = {"IdToken": fake_jwt("alice", "id"), "AccessToken": fake_jwt(access, "access")}
    if refresh:
        result["RefreshToken"] = refresh
    return {"AuthenticationResult": {**result, "ExpiresIn": 3600, "TokenType": "Bearer"}}


SIGNED_IN = Session(tokens=TOKENS, username="alice")
CHALLENGED = Session(challenge=CHALLENGE, username="alice")
WITH_CREDS = SIGNED_IN._replace(credentials=CREDS, identity_id="us-east-1:id")

CASES = [
    # (before, record, typed username, change, what must hold after)
    (
        "failed call",
        SIGNED_IN,
        CallRecord("InitiateAuth", error_code="NotAuthorizedException"),
        "",
        Change.NONE,
        lambda s: s is SIGNED_IN,
    ),
    (
        "sign-in",
        Session(),
        CallRecord("InitiateAuth", response=_auth(refresh="r")),
        "bob",
        Change.TOKENS,
        lambda s: s.username == "bob" and s.refresh_token == "r",
    ),
    (
        "refresh keeps refresh token",
        SIGNED_IN,
        CallRecord("InitiateAuth", response=_auth()),
        "",
        Change.TOKENS,
        lambda s: s.refresh_token == "refresh-1" and s.username == "alice",
    ),
    (
        "answer clears challenge",
        CHALLENGED,
        CallRecord("RespondToAuthChallenge", response=_auth(refresh="r")),
        "",
        Change.TOKENS | Change.CHALLENGE,
        lambda s: s.challenge is None and s.tokens is not None,
    ),
    (
        "challenge",
        Session(),
        CallRecord(
            "InitiateAuth",
            response={
                "ChallengeName": "SMS_MFA",
                "Session": "s",
                "ChallengeParameters": {"USERNAME": "carol"},
            },
        ),
        "typed",
        Change.CHALLENGE,
        lambda s: s.challenge.name == "SMS_MFA" and s.username == "carol",
    ),
    (
        "totp secret",
        SIGNED_IN,
        CallRecord("AssociateSoftwareToken", response={"SecretCode": "ABC"}),
        "",
        Change.TOTP,
        lambda s: s.totp_secret == "ABC" and s.challenge is None,
    ),
    (
        "totp in MFA_SETUP moves the session",
        CHALLENGED,
        CallRecord("AssociateSoftwareToken", response={"SecretCode": "ABC", "Session": "s2"}),
        "",
        Change.TOTP,
        lambda s: s.challenge.session == "s2" and s.challenge.name == CHALLENGE.name,
    ),
    (
        "verify moves the session",
        CHALLENGED,
        CallRecord("VerifySoftwareToken", response={"Status": "SUCCESS", "Session": "s3"}),
        "",
        Change.CHALLENGE,
        lambda s: s.challenge.session == "s3",
    ),
    (
        "identity id",
        SIGNED_IN,
        CallRecord("GetId", response={"IdentityId": "us-east-1:x"}),
        "",
        Change.IDENTITY,
        lambda s: s.identity_id == "us-east-1:x",
    ),
    (
        "credentials",
        SIGNED_IN,
        CallRecord(
            "GetCredentialsForIdentity",
            response={
                "IdentityId": "us-east-1:x",
                "Credentials": {"AccessKeyId": "ASIA1", "SecretKey": "k", "SessionToken": "t"},
            },
        ),
        "",
        Change.CREDENTIALS,
        lambda s: s.credentials.access_key_id == "ASIA1",
    ),
    (
        "global sign-out",
        WITH_CREDS,
        CallRecord("GlobalSignOut", response={}),
        "",
        Change.SIGNED_OUT,
        lambda s: s.signed_out and s.credentials is None and s.tokens == TOKENS,
    ),
    (
        "revoke",
        SIGNED_IN,
        CallRecord("RevokeToken", response={}),
        "",
        Change.SIGNED_OUT,
        lambda s: s.signed_out,
    ),
    (
        "delete user",
        SIGNED_IN,
        CallRecord("DeleteUser", response={}),
        "",
        Change.SIGNED_OUT,
        lambda s: s.signed_out,
    ),
    (
        "a new sign-in after sign-out",
        SIGNED_IN._replace(signed_out=True),
        CallRecord("InitiateAuth", response=_auth(refresh="r")),
        "alice",
        Change.TOKENS,
        lambda s: not s.signed_out,
    ),
    (
        "machine token",
        SIGNED_IN,
        CallRecord(
            "OAuth2Token(client_credentials)",
            response={
                "access_token": fake_jwt("client", "access"),
                "expires_in": 3600,
                "token_type": "Bearer",
            },
        ),
        "",
        Change.TOKENS,
        lambda s: s.machine and s.username == "" and s.refresh_token == "",
    ),
    (
        "a new device",
        SIGNED_IN,
        CallRecord(
            "InitiateAuth",
            response={
                "AuthenticationResult": {
                    **_auth()["AuthenticationResult"],
                    "NewDeviceMetadata": {"DeviceKey": "us-east-1_dev", "DeviceGroupKey": "grp"},
                }
            },
        ),
        "alice",
        Change.TOKENS | Change.DEVICE,
        lambda s: s.new_device.key == "us-east-1_dev",
    ),
    (
        "a remembered device",
        SIGNED_IN._replace(new_device=NewDevice("us-east-1_dev", "grp")),
        CallRecord(
            "ConfirmDevice",
            response={
                "RememberedDevice": {
                    "DeviceKey": "us-east-1_dev",
                    "DeviceGroupKey": "grp",
                    "DevicePassword": "pw",
                }
            },
        ),
        "",
        Change.DEVICE,
        lambda s: s.device.password == "pw" and s.device_user == "alice" and not s.new_device,
    ),
    (
        "the remembered device forgotten",
        SIGNED_IN._replace(device=RememberedDevice("us-east-1_dev", "grp", "pw"), device_user="a"),
        CallRecord("ForgetDevice", request={"DeviceKey": "us-east-1_dev"}, response={}),
        "",
        Change.DEVICE,
        lambda s: s.device is None and s.device_user == "",
    ),
    (
        "another device forgotten",
        SIGNED_IN._replace(device=RememberedDevice("us-east-1_dev", "grp", "pw"), device_user="a"),
        CallRecord("ForgetDevice", request={"DeviceKey": "us-east-1_other"}, response={}),
        "",
        Change.NONE,
        lambda s: s.device is not None,
    ),
    (
        "an unrelated call",
        SIGNED_IN,
        CallRecord("GetUser", response={"Username": "alice"}),
        "",
        Change.NONE,
        lambda s: s == SIGNED_IN,
    ),
]


@pytest.mark.parametrize(
    ("before", "record", "username", "change", "holds"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_absorb(
    before: Session, record: CallRecord, username: str, change: Change, holds: Any
) -> None:
    after, changed = before.absorb(record, username)
    assert changed == change
    assert holds(after)


def test_absorb_never_changes_the_session_it_was_called_on() -> None:
    before = Session()
    before.absorb(CallRecord("InitiateAuth", response=_auth(refresh="r")), "bob")
    assert before == Session()


@pytest.mark.parametrize(
    ("session", "line"),
    [
        (Session(), "Signed out"),
        (SIGNED_IN, "Signed in: alice"),
        (WITH_CREDS, "Signed in: alice · AWS credentials"),
        (CHALLENGED, "Challenge SOFTWARE_TOKEN_MFA for alice"),
        (SIGNED_IN._replace(signed_out=True), "Signed out: alice (tokens revoked)"),
        (Session(tokens=TOKENS, machine=True), "Machine token (client credentials)"),
    ],
)
def test_state_line(session: Session, line: str) -> None:
    assert session.state == line
