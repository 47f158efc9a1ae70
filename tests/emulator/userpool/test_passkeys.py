"""Passkeys in the local Cognito over boto3: the pool's configuration and every refusal."""

from __future__ import annotations

import json
from typing import Any

from fido2 import cbor
from fido2.utils import websafe_decode, websafe_encode

from cognito_bench.aws.passkeys import SoftwareAuthenticator
from cognito_bench.emulator import LocalTarget
from tests.emulator.conftest import (
    Clocked,
    error_of,
    make_user,
    password_sign_in,
    unique,
)


def _token(target: LocalTarget, idp: Any) -> str:
    user = make_user(target, idp)
    token: str = password_sign_in(target, idp, user)["AuthenticationResult"]["AccessToken"]
    return token


def _pool(idp: Any, factors: list[str], **webauthn: str) -> tuple[str, str, str]:
    """(pool, client, access token) of a new pool with a signed-in user."""
    pool = idp.create_user_pool(
        PoolName=unique("pk"), Policies={"SignInPolicy": {"AllowedFirstAuthFactors": factors}}
    )["UserPool"]["Id"]
    if webauthn:
        idp.set_user_pool_mfa_config(UserPoolId=pool, WebAuthnConfiguration=webauthn)
    client = idp.create_user_pool_client(
        UserPoolId=pool, ClientName="web", ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH"]
    )["UserPoolClient"]["ClientId"]
    name = unique()
    idp.admin_create_user(UserPoolId=pool, Username=name, MessageAction="SUPPRESS")
    idp.admin_set_user_password(
        UserPoolId=pool, Username=name, Password="Pw-12345!", Permanent=True
    )
    token = idp.initiate_auth(
        ClientId=client,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": name, "PASSWORD": "Pw-12345!"},
    )["AuthenticationResult"]["AccessToken"]
    return pool, client, token


def test_configuration_is_kept_with_the_mfa_settings(local: LocalTarget, idp: Any) -> None:
    described = idp.get_user_pool_mfa_config(UserPoolId=local.user_pool_id)
    assert described["WebAuthnConfiguration"] == {
        "RelyingPartyId": "localhost",
        "UserVerification": "preferred",
    }
    pool, _, _ = _pool(idp, ["PASSWORD", "WEB_AUTHN"], RelyingPartyId="app.example.com")
    idp.set_user_pool_mfa_config(
        UserPoolId=pool,
        SoftwareTokenMfaConfiguration={"Enabled": True},
        MfaConfiguration="OPTIONAL",
        WebAuthnConfiguration={"RelyingPartyId": "app.example.com", "UserVerification": "required"},
    )
    config = idp.get_user_pool_mfa_config(UserPoolId=pool)
    assert config["MfaConfiguration"] == "OPTIONAL"
    assert config["WebAuthnConfiguration"]["UserVerification"] == "required"


def test_not_enabled_and_missing_configuration(idp: Any) -> None:
    _, _, token = _pool(idp, ["PASSWORD"])
    code, _ = error_of(lambda: idp.start_web_authn_registration(AccessToken=token))
    assert code == "WebAuthnNotEnabledException"
    _, _, token = _pool(idp, ["PASSWORD", "WEB_AUTHN"])
    code, _ = error_of(lambda: idp.start_web_authn_registration(AccessToken=token))
    assert code == "WebAuthnConfigurationMissingException"


def test_the_pool_domain_is_the_default_relying_party(idp: Any) -> None:
    pool, _, token = _pool(idp, ["PASSWORD", "WEB_AUTHN"])
    prefix = unique("dom")
    idp.create_user_pool_domain(UserPoolId=pool, Domain=prefix)
    options = idp.start_web_authn_registration(AccessToken=token)["CredentialCreationOptions"]
    assert options["rp"]["id"] == f"{prefix}.auth.us-east-1.amazoncognito.com"


def test_a_challenge_belongs_to_its_client_and_expires(clocked: Clocked) -> None:
    target, idp = clocked.target, clocked.idp
    token = _token(target, idp)
    options = idp.start_web_authn_registration(AccessToken=token)["CredentialCreationOptions"]
    credential, _ = SoftwareAuthenticator().make_credential(options)
    user = make_user(target, idp)
    other = idp.initiate_auth(
        ClientId=target.client_id_rotating,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": user.username, "PASSWORD": user.password},
    )["AuthenticationResult"]["AccessToken"]
    code, _ = error_of(
        lambda: idp.complete_web_authn_registration(AccessToken=other, Credential=credential)
    )
    assert code == "WebAuthnChallengeNotFoundException"  # another user's challenge
    late = idp.start_web_authn_registration(AccessToken=token)["CredentialCreationOptions"]
    clocked.clock.advance(301)
    code, message = error_of(
        lambda: idp.complete_web_authn_registration(
            AccessToken=token,
            Credential=SoftwareAuthenticator().make_credential(late)[0],
        )
    )
    assert code == "WebAuthnChallengeNotFoundException"
    assert message == "The registration challenge was not found or has expired."


def test_another_client_completes_no_registration(local: LocalTarget, idp: Any) -> None:
    user = make_user(local, idp)

    def token(client: str) -> str:
        value: str = idp.initiate_auth(
            ClientId=client,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": user.username, "PASSWORD": user.password},
        )["AuthenticationResult"]["AccessToken"]
        return value

    options = idp.start_web_authn_registration(AccessToken=token(local.client_id))
    credential, _ = SoftwareAuthenticator().make_credential(options["CredentialCreationOptions"])
    code, _ = error_of(
        lambda: idp.complete_web_authn_registration(
            AccessToken=token(local.client_id_rotating), Credential=credential
        )
    )
    assert code == "WebAuthnClientMismatchException"


def test_only_attestation_none_and_http_only_on_localhost(local: LocalTarget, idp: Any) -> None:
    token = _token(local, idp)

    def complete(credential: dict[str, Any]) -> tuple[str, str]:
        return error_of(
            lambda: idp.complete_web_authn_registration(AccessToken=token, Credential=credential)
        )

    options = idp.start_web_authn_registration(AccessToken=token)["CredentialCreationOptions"]
    credential, _ = SoftwareAuthenticator().make_credential(options)
    decoded = cbor.decode(websafe_decode(credential["response"]["attestationObject"]))
    decoded["fmt"] = "packed"
    credential["response"]["attestationObject"] = websafe_encode(cbor.encode(decoded))
    assert complete(credential)[0] == "WebAuthnCredentialNotSupportedException"
    options = idp.start_web_authn_registration(AccessToken=token)["CredentialCreationOptions"]
    credential, _ = SoftwareAuthenticator().make_credential(options, "http://localhost:3000")
    idp.complete_web_authn_registration(AccessToken=token, Credential=credential)
    options = idp.start_web_authn_registration(AccessToken=token)["CredentialCreationOptions"]
    credential, _ = SoftwareAuthenticator().make_credential(options, "http://sub.localhost.evil")
    assert complete(credential)[0] == "WebAuthnOriginNotAllowedException"
    assert complete({"id": "x"})[0] == "InvalidParameterException"
    listed = idp.list_web_authn_credentials(AccessToken=token)["Credentials"]
    assert len(listed) == 1


def test_a_signature_made_with_another_key_is_refused(local: LocalTarget, idp: Any) -> None:
    user = make_user(local, idp)
    token = password_sign_in(local, idp, user)["AuthenticationResult"]["AccessToken"]
    mine = SoftwareAuthenticator()
    options = idp.start_web_authn_registration(AccessToken=token)["CredentialCreationOptions"]
    credential, key = mine.make_credential(options)
    idp.complete_web_authn_registration(AccessToken=token, Credential=credential)
    mine.keep(key)
    challenge = idp.initiate_auth(
        ClientId=local.client_id,
        AuthFlow="USER_AUTH",
        AuthParameters={"USERNAME": user.username, "PREFERRED_CHALLENGE": "WEB_AUTHN"},
    )
    request = json.loads(challenge["ChallengeParameters"]["CREDENTIAL_REQUEST_OPTIONS"])
    assert request["allowCredentials"][0]["id"] == key.credential_id
    assertion = mine.get_assertion(request)
    signature = bytearray(websafe_decode(assertion["response"]["signature"]))
    signature[-1] ^= 1
    assertion["response"]["signature"] = websafe_encode(bytes(signature))

    def answer() -> Any:
        return idp.respond_to_auth_challenge(
            ClientId=local.client_id,
            ChallengeName="WEB_AUTHN",
            Session=challenge["Session"],
            ChallengeResponses={"USERNAME": user.username, "CREDENTIAL": json.dumps(assertion)},
        )

    assert error_of(answer) == ("NotAuthorizedException", "The passkey signature is not valid.")
    # the session ended with that answer: a challenge is single use
    assert error_of(answer) == ("NotAuthorizedException", "Invalid session for the user.")
