"""Explanations: cause and fix for the errors users meet, matched on the message where needed."""

from __future__ import annotations

import pytest

from cognito_bench.aws import Target, explain

T = Target(
    region="us-east-1",
    user_pool_id="us-east-1_AbCdEf123",
    client_id="62js8mr29t9kuf432lih20ffld",
    identity_pool_id="us-east-1:1e84880a-c121-4ae8-b9a0-329fc521616f",
)


@pytest.mark.parametrize(
    ("code", "message", "cause", "fix"),
    [
        # The two messages of the seed guide.
        (
            "NotAuthorizedException",
            "Client 4p0o86nuq106dgkmpl11aej8vi is configured for secret but secret was not received",
            "client secret",
            "SECRET_HASH",
        ),
        (
            "NotAuthorizedException",
            "Token is not from a supported provider of this identity pool.",
            "does not trust",
            "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123",
        ),
        (
            "NotAuthorizedException",
            "Unable to verify secret hash for client 62js",
            "SECRET_HASH",
            "secret",
        ),
        ("UserNotConfirmedException", "User is not confirmed.", "not confirmed", "Resend"),
        (
            "NotAuthorizedException",
            "Incorrect username or password.",
            "password is wrong",
            "Forgot password",
        ),
        (
            "NotAuthorizedException",
            "USER_PASSWORD_AUTH flow not enabled for this client",
            "does not allow",
            "ALLOW_USER_PASSWORD_AUTH",
        ),
        (
            "NotAuthorizedException",
            "Auth flow not enabled for this client",
            "does not allow",
            "ALLOW_USER_SRP_AUTH",
        ),
        (
            "CodeMismatchException",
            "Invalid verification code provided, please try again.",
            "does not match",
            "new one",
        ),
        (
            "ExpiredCodeException",
            "Invalid code provided, please request a code again.",
            "expired",
            "request a new code",
        ),
        (
            "InvalidPasswordException",
            "Password did not conform with policy: Password must have uppercase characters",
            "uppercase",
            "choose a password",
        ),
        (
            "InvalidPasswordException",
            "Password did not conform with policy: Password not long enough",
            "more characters",
            "choose a password",
        ),
        (
            "InvalidPasswordException",
            "Password did not conform with policy: Password must have symbol characters",
            "symbol",
            "choose a password",
        ),
        ("UsernameExistsException", "User already exists", "already exists", "sign in instead"),
        (
            "LimitExceededException",
            "Attempt limit exceeded, please try after some time.",
            "limit",
            "wait",
        ),
        ("TooManyRequestsException", "Too many requests", "quota", "retry"),
        (
            "ResourceNotFoundException",
            "User pool us-east-1_AbCdEf123 does not exist.",
            "No user pool",
            "region",
        ),
        (
            "ResourceNotFoundException",
            "User pool client 62js8mr29t9kuf432lih20ffld does not exist.",
            "app client id is not a client",
            "App integration",
        ),
        (
            "ResourceNotFoundException",
            "IdentityPool 'us-east-1:x' not found.",
            "identity pool",
            "copy",
        ),
        (
            "EndpointConnectionError",
            'Could not connect to the endpoint URL: "https://cognito-idp.us-east-1.amazonaws.com/"',
            "could not be reached",
            "network",
        ),
        ("ConnectTimeoutError", "Connect timeout on endpoint URL", "timed out", "retry"),
        ("ReadTimeoutError", "Read timeout on endpoint URL", "did not answer in time", "retry"),
        ("InvalidInput", "username is required", "refused the input", "correct the field"),
        (
            "ProfileNotFound",
            "The config profile (x) could not be found",
            "profile does not exist",
            "aws configure",
        ),
        ("NoCredentialsError", "Unable to locate credentials", "No AWS credentials", "profile"),
        ("HTTP500", "HTTP 500: 500 Internal Server Error", "server failed", "retry"),
        ("WebAuthnNotEnabledException", "", "does not allow passkeys", "WEB_AUTHN"),
        ("WebAuthnConfigurationMissingException", "", "no relying party", "RelyingPartyId"),
        ("WebAuthnRelyingPartyMismatchException", "", "another relying party", "rp.id"),
        ("WebAuthnOriginNotAllowedException", "", "origin", "https://"),
        ("WebAuthnChallengeNotFoundException", "", "a replay", "once"),
        ("WebAuthnClientMismatchException", "", "another app client", "same app client"),
        ("WebAuthnCredentialNotSupportedException", "", "attestation", "user verification"),
        ("RefreshTokenReuseException", "", "rotated out", "sign in again"),
        (
            "InvalidParameterException",
            "Refresh token rotation is enabled for this app client",
            "rotates refresh tokens",
            "GetTokensFromRefreshToken",
        ),
        (
            "ResourceNotFoundException",
            "Device does not exist.",
            "not a confirmed device",
            "sign in without",
        ),
        ("DeviceKeyExistsException", "", "confirmed already", "forget it"),
    ],
)
def test_explanations_give_cause_and_fix(code: str, message: str, cause: str, fix: str) -> None:
    text = explain(code, message, T)
    assert cause.lower() in text.lower()
    assert "Fix:" in text
    assert fix.lower() in text.lower()


def test_region_not_matching_the_pool_id() -> None:
    text = explain(
        "ResourceNotFoundException",
        "User pool eu-west-1_AbCdEf123 does not exist.",
        T.replace(user_pool_id="eu-west-1_AbCdEf123"),
    )
    assert "says region eu-west-1 but the calls go to us-east-1" in text


def test_connection_refused_on_a_local_endpoint() -> None:
    text = explain(
        "EndpointConnectionError",
        'Could not connect to the endpoint URL: "http://127.0.0.1:4566/" (connection refused)',
        T.replace(endpoint_url="http://127.0.0.1:4566"),
    )
    assert "http://127.0.0.1:4566" in text and "cognito-bench local" in text


def test_same_code_different_causes() -> None:
    wrong = explain("NotAuthorizedException", "Incorrect username or password.", T)
    flow = explain("NotAuthorizedException", "USER_SRP_AUTH flow not enabled for this client", T)
    secret = explain(
        "NotAuthorizedException", "Client x is configured for secret but secret was not received", T
    )
    assert len({wrong, flow, secret}) == 3


def test_unknown_errors_and_success() -> None:
    assert explain("", "") == ""
    assert explain("SomeNewException", "something else") == ""


def test_timeouts_and_refusals_become_codes() -> None:
    from botocore.exceptions import ConnectTimeoutError, EndpointConnectionError, ReadTimeoutError

    from cognito_bench.aws._call import failure_of

    url = "https://cognito-idp.us-east-1.amazonaws.com/"
    assert failure_of(ConnectTimeoutError(endpoint_url=url))[0] == "ConnectTimeoutError"
    assert failure_of(ReadTimeoutError(endpoint_url=url))[0] == "ReadTimeoutError"
    code, message, _ = failure_of(
        EndpointConnectionError(endpoint_url=url, error=ConnectionRefusedError(111, "refused"))
    )
    assert code == "EndpointConnectionError"
    assert message.endswith("(connection refused)")
    assert failure_of(ValueError("odd"))[1] == "ValueError: odd"
