"""Passkeys (WebAuthn): the pool's relying party, registration, the credentials, and assertions.

A pool's WebAuthnConfiguration (RelyingPartyId, UserVerification, FactorConfiguration) is set
with SetUserPoolMfaConfig and kept here (moto does not know it); without a RelyingPartyId the
pool's domain is the relying party, and without either, passkeys are refused
(WebAuthnConfigurationMissingException). WEB_AUTHN must be one of the pool's
AllowedFirstAuthFactors (else WebAuthnNotEnabledException).

Registration: StartWebAuthnRegistration hands out creation options with a challenge that is
single use, bound to the user and app client, and expires after five minutes;
CompleteWebAuthnRegistration checks the credential (fido2 parses the CBOR attestation object
and COSE key): the challenge, the client, the origin (https on the relying party or a
subdomain of it; http only on localhost), the RP id hash, attestation ``none``, ES256 or
RS256, user presence and, when the pool requires it, user verification.

Sign-in: ``request_options`` makes USER_AUTH's CREDENTIAL_REQUEST_OPTIONS; ``verify`` checks
an assertion (AuthenticationResponseJSON): the challenge of that session, the origin, the RP id
hash, the flags, the signature over authenticatorData and the client data hash with the
registered key, and a sign count that must grow (a counter that does not is a cloned key).

Cognito's messages for these refusals are not published; the wording here is the emulator's.
"""

from __future__ import annotations

import json
import secrets
from typing import Any
from urllib.parse import urlsplit

from cognito_bench.emulator.errors import CognitoError
from cognito_bench.emulator.motostate import find_pool
from cognito_bench.emulator.state import EmulatorState, Passkey, PasskeyRegistration
from cognito_bench.emulator.userpool.issuer import TokenIssuer
from cognito_bench.emulator.userpool.params import (
    Forward,
    page_offset,
    param_error,
    text,
    user_attr,
)
from cognito_bench.emulator.userpool.policy import sign_in_factors

__all__ = ["REGISTRATION_TTL", "PasskeyConfig", "Passkeys"]

#: How long a registration or sign-in challenge lives (seconds); also the options' timeout.
REGISTRATION_TTL = 300
_ES256 = -7
_RS256 = -257
_SUPPORTED_ALGORITHMS = (_ES256, _RS256)
_MAX_PER_USER = 20
_REFUSED = "NotAuthorizedException"


def _b64url(data: bytes) -> str:
    from fido2.utils import websafe_encode

    return websafe_encode(data)


class PasskeyConfig:
    """A pool's passkey settings, with Cognito's defaults filled in.

    Attributes:
        relying_party_id: RelyingPartyId, else the pool's domain.
        user_verification: ``required`` or ``preferred`` (default).
        factor: ``SINGLE_FACTOR`` (default) or ``MULTI_FACTOR_WITH_USER_VERIFICATION``.
    """

    def __init__(self, relying_party_id: str, user_verification: str, factor: str) -> None:
        self.relying_party_id = relying_party_id
        self.user_verification = user_verification
        self.factor = factor

    @property
    def verification_required(self) -> bool:
        """True when every passkey must verify the user (UV flag)."""
        return self.user_verification == "required"

    def origin_allowed(self, origin: str) -> bool:
        """An https origin on the relying party or a subdomain; http only for localhost."""
        try:
            parts = urlsplit(origin)
        except ValueError:
            return False
        host = (parts.hostname or "").lower()
        rp_id = self.relying_party_id.lower()
        on_rp = host == rp_id or host.endswith("." + rp_id)
        if parts.scheme == "https":
            return on_rp
        return parts.scheme == "http" and on_rp and host in ("localhost", "127.0.0.1")


class Passkeys:
    """The WebAuthn operations and the passkey factor of USER_AUTH.

    Args:
        state: the emulator's state (configurations, credentials, open challenges).
        issuer: checks the access token of the registration operations.
    """

    def __init__(self, state: EmulatorState, issuer: TokenIssuer) -> None:
        self._s = state
        self._issuer = issuer

    # the pool's configuration ---------------------------------------------------------------

    def set_user_pool_mfa_config(self, params: dict[str, Any]) -> dict[str, Any] | Forward:
        """SetUserPoolMfaConfig: moto keeps the MFA settings, the emulator WebAuthnConfiguration.

        Without MfaConfiguration (only a WebAuthnConfiguration to set) moto is not asked: it
        would refuse a request Cognito takes.
        """
        _, pool = find_pool(text(params, "UserPoolId"))
        given = params.get("WebAuthnConfiguration")
        if given is not None:
            if not isinstance(given, dict):
                raise CognitoError("SerializationException", "Expected a WebAuthnConfiguration.")
            self._s.webauthn_config[pool.id] = {
                k: str(v) for k, v in given.items() if isinstance(v, str) and v
            }
        if "MfaConfiguration" not in params:
            current = {
                "SmsMfaConfiguration": pool.sms_mfa_config,
                "SoftwareTokenMfaConfiguration": pool.token_mfa_config,
                "MfaConfiguration": pool.mfa_config,
            }
            return self._with_config(pool, current)
        return Forward(lambda response: self._with_config(pool, response))

    def get_user_pool_mfa_config(self, params: dict[str, Any]) -> Forward:
        """GetUserPoolMfaConfig: moto's answer plus the pool's WebAuthnConfiguration."""
        _, pool = find_pool(text(params, "UserPoolId"))
        return Forward(lambda response: self._with_config(pool, response))

    def _with_config(self, pool: Any, response: dict[str, Any]) -> dict[str, Any]:
        kept = self._s.webauthn_config.get(pool.id, {})
        response = {k: v for k, v in response.items() if v is not None}
        response["WebAuthnConfiguration"] = {
            "UserVerification": kept.get("UserVerification", "preferred"),
            **({"RelyingPartyId": kept["RelyingPartyId"]} if kept.get("RelyingPartyId") else {}),
            **(
                {"FactorConfiguration": kept["FactorConfiguration"]}
                if kept.get("FactorConfiguration")
                else {}
            ),
        }
        return response

    def config(self, pool: Any) -> PasskeyConfig:
        """The pool's passkey settings.

        Raises:
            CognitoError: WebAuthnNotEnabledException when WEB_AUTHN is not an allowed first
                factor, WebAuthnConfigurationMissingException without a relying party.
        """
        if "WEB_AUTHN" not in sign_in_factors(pool):
            raise CognitoError(
                "WebAuthnNotEnabledException", "Passkeys are not enabled for this user pool."
            )
        kept = self._s.webauthn_config.get(pool.id, {})
        rp_id = kept.get("RelyingPartyId") or _pool_domain(pool)
        if not rp_id:
            raise CognitoError(
                "WebAuthnConfigurationMissingException",
                "The user pool has no relying party id and no domain for passkeys.",
            )
        return PasskeyConfig(
            rp_id,
            kept.get("UserVerification", "preferred"),
            kept.get("FactorConfiguration", "SINGLE_FACTOR"),
        )

    # registration ----------------------------------------------------------------------------

    def start_web_authn_registration(self, params: dict[str, Any]) -> dict[str, Any]:
        """StartWebAuthnRegistration: creation options for the signed-in user."""
        _, pool, user, claims = self._issuer.access(text(params, "AccessToken"))
        config = self.config(pool)
        challenge = secrets.token_bytes(32)
        encoded = _b64url(challenge)
        self._purge()
        self._s.passkey_registrations[encoded] = PasskeyRegistration(
            pool.id,
            str(claims.get("client_id", "")),
            user.username,
            config.relying_party_id,
            self._s.clock() + REGISTRATION_TTL,
        )
        sub = user_attr(user, "sub") or user.id
        existing = self._s.passkeys.get((pool.id, user.username), [])
        options = {
            "challenge": encoded,
            "rp": {"id": config.relying_party_id, "name": config.relying_party_id},
            "user": {
                "id": _b64url(str(sub).encode()),
                "name": user.username,
                "displayName": user_attr(user, "email") or user.username,
            },
            "pubKeyCredParams": [
                {"type": "public-key", "alg": _ES256},
                {"type": "public-key", "alg": _RS256},
            ],
            "timeout": REGISTRATION_TTL * 1000,
            "excludeCredentials": [
                {"type": "public-key", "id": p.credential_id, "transports": p.transports}
                for p in existing
            ],
            "authenticatorSelection": {
                "requireResidentKey": True,
                "residentKey": "required",
                "userVerification": config.user_verification,
            },
            "attestation": "none",
        }
        return {"CredentialCreationOptions": options}

    def complete_web_authn_registration(self, params: dict[str, Any]) -> dict[str, Any]:
        """CompleteWebAuthnRegistration: check the credential, then keep it for the user."""
        from fido2.webauthn import RegistrationResponse

        _, pool, user, claims = self._issuer.access(text(params, "AccessToken"))
        config = self.config(pool)
        credential = params.get("Credential")
        if not isinstance(credential, dict):
            raise param_error("Credential")
        try:
            parsed = RegistrationResponse.from_dict(credential)
            client_data = parsed.response.client_data
            attestation = parsed.response.attestation_object
        except Exception as exc:  # fido2 raises KeyError, ValueError, TypeError, CBOR errors
            raise CognitoError(
                "InvalidParameterException", "The passkey credential could not be read."
            ) from exc
        if client_data.type != "webauthn.create":
            raise CognitoError(
                "InvalidParameterException",
                "The credential is not a registration (webauthn.create).",
            )
        registration = self._s.passkey_registrations.pop(_b64url(client_data.challenge), None)
        if (
            registration is None
            or registration.pool_id != pool.id
            or registration.username != user.username
            or self._s.clock() >= registration.expires
        ):
            raise CognitoError(
                "WebAuthnChallengeNotFoundException",
                "The registration challenge was not found or has expired.",
            )
        if registration.client_id != str(claims.get("client_id", "")):
            raise CognitoError(
                "WebAuthnClientMismatchException",
                "The access token is for a different app client than the one that started "
                "the registration.",
            )
        _check_origin(config, client_data.origin, "WebAuthnOriginNotAllowedException")
        auth_data = attestation.auth_data
        if auth_data.rp_id_hash != _rp_hash(config.relying_party_id):
            raise CognitoError(
                "WebAuthnRelyingPartyMismatchException",
                f"The credential was made for another relying party than "
                f"{config.relying_party_id}.",
            )
        not_supported = _registration_problem(config, attestation)
        if not_supported:
            raise CognitoError("WebAuthnCredentialNotSupportedException", not_supported)
        data = auth_data.credential_data
        assert data is not None  # _registration_problem refuses a credential without it
        key = (pool.id, user.username)
        existing = self._s.passkeys.setdefault(key, [])
        credential_id = _b64url(data.credential_id)
        if any(p.credential_id == credential_id for p in existing):
            raise CognitoError(
                "InvalidParameterException", "This passkey is already registered for the user."
            )
        if len(existing) >= _MAX_PER_USER:
            raise CognitoError(
                "LimitExceededException",
                f"A user can have at most {_MAX_PER_USER} passkeys.",
            )
        from fido2 import cbor

        transports = credential.get("response", {}).get("transports") or []
        existing.append(
            Passkey(
                credential_id=credential_id,
                public_key=cbor.encode(dict(data.public_key)),
                sign_count=auth_data.counter,
                relying_party_id=config.relying_party_id,
                created=self._s.clock(),
                name=f"Passkey {len(existing) + 1}",
                transports=[str(t) for t in transports if isinstance(t, str)],
                attachment=str(credential.get("authenticatorAttachment") or ""),
            )
        )
        return {}

    def list_web_authn_credentials(self, params: dict[str, Any]) -> dict[str, Any]:
        """ListWebAuthnCredentials: the signed-in user's passkeys (MaxResults, NextToken)."""
        _, pool, user, _ = self._issuer.access(text(params, "AccessToken"))
        passkeys = self._s.passkeys.get((pool.id, user.username), [])
        limit = params.get("MaxResults") or _MAX_PER_USER
        start = page_offset(params, "NextToken")
        page = passkeys[start : start + int(limit)]
        result: dict[str, Any] = {
            "Credentials": [
                {
                    "CredentialId": p.credential_id,
                    "FriendlyCredentialName": p.name,
                    "RelyingPartyId": p.relying_party_id,
                    "AuthenticatorTransports": p.transports,
                    "CreatedAt": p.created,
                    **({"AuthenticatorAttachment": p.attachment} if p.attachment else {}),
                }
                for p in page
            ]
        }
        if start + len(page) < len(passkeys):
            result["NextToken"] = str(start + len(page))
        return result

    def delete_web_authn_credential(self, params: dict[str, Any]) -> dict[str, Any]:
        """DeleteWebAuthnCredential: forget one of the signed-in user's passkeys."""
        _, pool, user, _ = self._issuer.access(text(params, "AccessToken"))
        credential_id = text(params, "CredentialId")
        passkeys = self._s.passkeys.get((pool.id, user.username), [])
        for passkey in passkeys:
            if passkey.credential_id == credential_id:
                passkeys.remove(passkey)
                return {}
        raise CognitoError("ResourceNotFoundException", "The passkey credential was not found.")

    def _purge(self) -> None:
        now = self._s.clock()
        pending = self._s.passkey_registrations
        if len(pending) > 1000:
            for challenge in [c for c, r in pending.items() if r.expires <= now]:
                del pending[challenge]

    # sign-in ----------------------------------------------------------------------------------

    def has_passkeys(self, pool: Any, user: Any) -> bool:
        """True when ``user`` has registered a passkey in ``pool``."""
        return bool(self._s.passkeys.get((pool.id, user.username)))

    def satisfies_mfa(self, pool: Any) -> bool:
        """True when a passkey that verifies the user counts as MFA in ``pool``."""
        kept = self._s.webauthn_config.get(pool.id, {})
        return kept.get("FactorConfiguration") == "MULTI_FACTOR_WITH_USER_VERIFICATION"

    def request_options(self, pool: Any, user: Any) -> tuple[dict[str, Any], str]:
        """(CREDENTIAL_REQUEST_OPTIONS, its challenge) for a passkey sign-in of ``user``."""
        config = self.config(pool)
        challenge = _b64url(secrets.token_bytes(32))
        options = {
            "challenge": challenge,
            "timeout": REGISTRATION_TTL * 1000,
            "rpId": config.relying_party_id,
            "allowCredentials": [
                {"type": "public-key", "id": p.credential_id, "transports": p.transports}
                for p in self._s.passkeys.get((pool.id, user.username), [])
            ],
            "userVerification": config.user_verification,
        }
        return options, challenge

    def verify(
        self, pool: Any, user: Any, challenge: str, answer: str, *, as_mfa: bool = False
    ) -> Passkey:
        """The passkey that signed ``answer`` (CREDENTIAL) for the session's ``challenge``.

        ``as_mfa``: the passkey stands in for MFA, so it must have verified the user.

        Raises:
            CognitoError: NotAuthorizedException naming the check that failed,
                InvalidParameterException for a credential that cannot be read.
        """
        from fido2 import cbor
        from fido2.cose import CoseKey
        from fido2.webauthn import AuthenticationResponse

        config = self.config(pool)
        try:
            parsed = AuthenticationResponse.from_dict(json.loads(answer))
            response = parsed.response
            client_data = response.client_data
            auth_data = response.authenticator_data
        except Exception as exc:  # not JSON, missing members, bad base64url or CBOR
            raise CognitoError(
                "InvalidParameterException", "The passkey credential could not be read."
            ) from exc
        credential_id = _b64url(parsed.raw_id)
        passkey = next(
            (
                p
                for p in self._s.passkeys.get((pool.id, user.username), [])
                if p.credential_id == credential_id
            ),
            None,
        )
        if passkey is None:
            raise CognitoError(_REFUSED, "The passkey is not registered for this user.")
        if client_data.type != "webauthn.get":
            raise CognitoError(_REFUSED, "The credential is not an assertion (webauthn.get).")
        if not secrets.compare_digest(_b64url(client_data.challenge), challenge):
            raise CognitoError(_REFUSED, "The credential answers another challenge.")
        _check_origin(config, client_data.origin, _REFUSED)
        if auth_data.rp_id_hash != _rp_hash(config.relying_party_id):
            raise CognitoError(
                _REFUSED,
                f"The credential was made for another relying party than "
                f"{config.relying_party_id}.",
            )
        if not auth_data.is_user_present():
            raise CognitoError(_REFUSED, "The authenticator did not confirm user presence.")
        if (config.verification_required or as_mfa) and not auth_data.is_user_verified():
            raise CognitoError(_REFUSED, "The pool requires user verification.")
        stored = cbor.decode(passkey.public_key)
        assert isinstance(stored, dict)  # written by complete_web_authn_registration
        key = CoseKey.parse(stored)
        try:
            key.verify(bytes(auth_data) + client_data.hash, response.signature)
        except Exception as exc:  # cryptography's InvalidSignature, or a malformed signature
            raise CognitoError(_REFUSED, "The passkey signature is not valid.") from exc
        if (auth_data.counter or passkey.sign_count) and auth_data.counter <= passkey.sign_count:
            raise CognitoError(
                _REFUSED, "The passkey's sign count did not increase (a cloned authenticator?)."
            )
        passkey.sign_count = auth_data.counter
        return passkey


def _pool_domain(pool: Any) -> str:
    """The pool's domain as a relying party id: the custom domain, else the prefix domain."""
    domain = getattr(pool, "domain", None)
    if domain is None:
        return ""
    if "." in str(domain.domain):
        return str(domain.domain)
    region = pool.id.split("_", 1)[0]
    return f"{domain.domain}.auth.{region}.amazoncognito.com"


def _rp_hash(rp_id: str) -> bytes:
    from fido2.utils import sha256

    return sha256(rp_id.encode())


def _check_origin(config: PasskeyConfig, origin: str, code: str) -> None:
    if not config.origin_allowed(origin):
        raise CognitoError(
            code,
            f"The origin {origin[:100]} is not allowed for the relying party "
            f"{config.relying_party_id}.",
        )


def _registration_problem(config: PasskeyConfig, attestation: Any) -> str:
    """Why Cognito would not take this attestation ("" when it would)."""
    auth_data = attestation.auth_data
    if attestation.fmt != "none" or attestation.att_stmt:
        return f"Attestation format {str(attestation.fmt)[:20]} is not supported (only none)."
    if auth_data.credential_data is None:
        return "The attestation carries no credential."
    if auth_data.credential_data.public_key.ALGORITHM not in _SUPPORTED_ALGORITHMS:
        return "The passkey's key algorithm is not supported (ES256 or RS256 only)."
    if not auth_data.is_user_present():
        return "The authenticator did not confirm user presence."
    if config.verification_required and not auth_data.is_user_verified():
        return "The user pool requires passkeys that verify the user."
    return ""
