"""Passkeys through UserPoolCalls against the local Cognito: register, sign in, list, delete,
and the tamper lab's wrong origin, wrong RP id and replayed challenge."""

from __future__ import annotations

import json
from typing import Any

import pytest

from cognito_bench.aws import UserPoolCalls, tokens_of
from cognito_bench.aws.passkeys import (
    MemoryKeys,
    SoftwareAuthenticator,
    Tamper,
    credential_checks,
)
from cognito_bench.aws.record import CallRecord
from tests.aws.factories import PASSWORD, UserFactory


@pytest.fixture
def passkey_user(
    calls: UserPoolCalls, make_user: UserFactory
) -> tuple[str, str, SoftwareAuthenticator]:
    """(username, access token, authenticator) of a signed-in user with one passkey."""
    username = make_user()
    tokens = tokens_of(calls.sign_in_password(username, PASSWORD))
    assert tokens is not None
    authenticator = SoftwareAuthenticator()
    record = calls.register_passkey(tokens.access_token, authenticator)
    assert record.ok, record.one_line()
    return username, tokens.access_token, authenticator


def _signed_in(
    calls: UserPoolCalls, username: str, authenticator: SoftwareAuthenticator
) -> CallRecord:
    record = calls.sign_in_passkey(username, authenticator)
    assert record.ok, record.one_line()
    return record


def _request_options(record: CallRecord) -> dict[str, Any]:
    """The CREDENTIAL_REQUEST_OPTIONS a passkey sign-in's InitiateAuth returned."""
    text = record.steps[0].response["ChallengeParameters"]["CREDENTIAL_REQUEST_OPTIONS"]
    options: dict[str, Any] = json.loads(text)
    return options


def test_register_then_sign_in_with_the_passkey(
    calls: UserPoolCalls, passkey_user: tuple[str, str, SoftwareAuthenticator]
) -> None:
    username, _, authenticator = passkey_user
    first = _signed_in(calls, username, authenticator)
    assert tokens_of(first) is not None
    assert [s.operation for s in first.steps] == ["InitiateAuth", "RespondToAuthChallenge"]
    options = _request_options(first)
    assert options["rpId"] == "localhost"
    # the bench's own verification of what it sent, then Cognito's verdict
    assert first.response["Passkey"]["Checks"] == {
        "Challenge": True,
        "Origin": True,
        "RpIdHash": True,
        "UserPresent": True,
        "UserVerified": True,
        "SignCount": 1,
        "Signature": True,
        "Cognito": "accepted",
    }
    second = calls.sign_in_passkey(username, authenticator)
    assert second.ok and second.response["Passkey"]["Checks"]["SignCount"] == 2


def test_the_record_says_the_key_is_in_memory(
    passkey_user: tuple[str, str, SoftwareAuthenticator], calls: UserPoolCalls
) -> None:
    _, token, _ = passkey_user
    record = calls.register_passkey(token, SoftwareAuthenticator(MemoryKeys("No system keyring")))
    assert record.ok
    section = record.response["Passkey"]
    assert section["KeyStorage"] == "memory"
    assert section["KeyStorageNote"].startswith("No system keyring: passkeys are kept in memory")
    assert "PRIVATE KEY" not in record.dumps()
    options = record.steps[0].response["CredentialCreationOptions"]
    assert options["rp"]["id"] == "localhost" and options["attestation"] == "none"


def test_list_and_delete(
    calls: UserPoolCalls, passkey_user: tuple[str, str, SoftwareAuthenticator]
) -> None:
    username, token, authenticator = passkey_user
    listed = calls.list_passkeys(token)
    assert listed.ok
    [credential] = listed.response["Credentials"]
    assert credential["RelyingPartyId"] == "localhost"
    assert credential["AuthenticatorTransports"] == ["internal"]
    deleted = calls.delete_passkey(token, credential["CredentialId"], authenticator)
    assert deleted.ok, deleted.one_line()
    assert authenticator.keys.ids() == []
    assert calls.list_passkeys(token).response["Credentials"] == []
    again = calls.delete_passkey(token, credential["CredentialId"])
    assert again.error_code == "ResourceNotFoundException"
    # no passkey: Cognito does not offer WEB_AUTHN, it asks to choose
    offered = calls.sign_in_passkey(username, authenticator)
    assert offered.ok and offered.response["ChallengeName"] == "SELECT_CHALLENGE"
    assert "WEB_AUTHN" not in offered.response["AvailableChallenges"]


@pytest.mark.parametrize(
    ("tamper", "code"),
    [
        (Tamper.ORIGIN, "WebAuthnOriginNotAllowedException"),
        (Tamper.RP_ID, "WebAuthnRelyingPartyMismatchException"),
        (Tamper.REPLAY, "WebAuthnChallengeNotFoundException"),
    ],
)
def test_tampered_registrations_are_refused(
    calls: UserPoolCalls,
    passkey_user: tuple[str, str, SoftwareAuthenticator],
    tamper: Tamper,
    code: str,
) -> None:
    _, token, _ = passkey_user
    authenticator = SoftwareAuthenticator()
    record = calls.register_passkey(token, authenticator, tamper=tamper)
    assert record.error_code == code, record.one_line()
    assert record.response["Passkey"]["Tamper"] == tamper
    checks = record.response["Passkey"]["Checks"]
    assert checks["Cognito"] == f"refused: {code}"
    # the check the tamper breaks fails; a replay is a credential that was fine once
    failing = {"Origin", "RpIdHash"} & {k for k, v in checks.items() if v is False}
    assert failing == {Tamper.ORIGIN: {"Origin"}, Tamper.RP_ID: {"RpIdHash"}}.get(tamper, set())
    kept = 1 if tamper is Tamper.REPLAY else 0  # the first, honest, completion was accepted
    assert len(authenticator.keys.ids()) == kept


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        (Tamper.ORIGIN, "The origin https://evil.example is not allowed"),
        (Tamper.RP_ID, "The credential was made for another relying party"),
        (Tamper.REPLAY, "The credential answers another challenge."),
    ],
)
def test_tampered_sign_ins_are_refused(
    calls: UserPoolCalls,
    passkey_user: tuple[str, str, SoftwareAuthenticator],
    tamper: Tamper,
    message: str,
) -> None:
    username, _, authenticator = passkey_user
    record = calls.sign_in_passkey(username, authenticator, tamper=tamper)
    assert record.error_code == "NotAuthorizedException", record.one_line()
    assert record.error_message.startswith(message)


def test_no_key_for_the_options_is_a_one_line_refusal(
    calls: UserPoolCalls, passkey_user: tuple[str, str, SoftwareAuthenticator]
) -> None:
    username, _, _ = passkey_user
    record = calls.sign_in_passkey(username, SoftwareAuthenticator())
    assert record.error_code == "InvalidInput"
    assert "holds no passkey" in record.error_message
    assert [s.operation for s in record.steps] == ["InitiateAuth", "RespondToAuthChallenge"]


def test_bad_input_is_refused_before_sending(calls: UserPoolCalls) -> None:
    record = calls.sign_in_passkey("someone", SoftwareAuthenticator(), origin="localhost")
    assert record.error_code == "InvalidInput" and "origin" in record.error_message
    assert calls.register_passkey("", SoftwareAuthenticator()).error_code == "InvalidInput"


def test_credential_checks_catch_a_wrong_challenge_and_a_forged_signature(
    calls: UserPoolCalls, passkey_user: tuple[str, str, SoftwareAuthenticator]
) -> None:
    username, _, authenticator = passkey_user
    record = _signed_in(calls, username, authenticator)
    options = _request_options(record)
    sent = json.loads(record.steps[1].request["ChallengeResponses"]["CREDENTIAL"])
    [key_id] = authenticator.keys.ids()
    private = json.loads(authenticator.keys.get(key_id) or "{}")["private_key"]
    checks = credential_checks(options, sent, private_key=private)
    assert checks["Challenge"] and checks["Signature"] and checks["Origin"]
    other = {**options, "challenge": "AAAAAAAAAAAAAAAAAAAAAA"}
    assert credential_checks(other, sent, private_key=private)["Challenge"] is False
    signature = sent["response"]["signature"]
    forged = {**sent, "response": {**sent["response"], "signature": signature[:-4] + "AAAA"}}
    assert credential_checks(options, forged, private_key=private)["Signature"] is False
    assert credential_checks(options, {"response": {}})["Readable"] is False
