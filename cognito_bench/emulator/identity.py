"""Identity-pool operations: the login token is checked the way Cognito checks it."""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from cognito_bench.emulator import signing
from cognito_bench.emulator.errors import CognitoError
from cognito_bench.emulator.motostate import find_identity_pool
from cognito_bench.emulator.state import EmulatorState
from cognito_bench.emulator.userpool.params import Forward, Handler, param_error

__all__ = ["IdentityHandlers"]

_UNSUPPORTED = "Token is not from a supported provider of this identity pool."
_LOGINS_MISMATCH = (
    "Logins don't match. Please include at least one valid login for this identity or "
    "identity pool."
)


class IdentityHandlers:
    """Handlers for ``AWSCognitoIdentityService.<Op>``, keyed by operation name."""

    def __init__(self, state: EmulatorState) -> None:
        self._s = state
        self.handlers: dict[str, Handler] = {
            "GetId": self.get_id,
            "GetCredentialsForIdentity": self.get_credentials_for_identity,
            "GetOpenIdToken": self.get_open_id_token,
            "DescribeIdentityPool": self.pool_must_exist,
            "UpdateIdentityPool": self.pool_must_exist,
            "DeleteIdentityPool": self.pool_must_exist,
            "ListIdentities": self.pool_must_exist,
        }

    @staticmethod
    def _pool_id(params: dict[str, Any]) -> str:
        value = params.get("IdentityPoolId")
        if not value or not isinstance(value, str):
            raise param_error("IdentityPoolId")
        return value

    def pool_must_exist(self, params: dict[str, Any]) -> Forward:
        find_identity_pool(self._pool_id(params))
        return Forward()

    def _logins(self, pool: Any, params: dict[str, Any]) -> dict[str, str]:
        """provider -> sub for each valid login; raises Cognito's NotAuthorizedException."""
        logins = params.get("Logins") or {}
        if not isinstance(logins, dict):
            raise CognitoError("SerializationException", "Expected a map for Logins.")
        subs: dict[str, str] = {}
        for provider, token in logins.items():
            clients = [
                p.get("ClientId")
                for p in pool.cognito_identity_providers or []
                if p.get("ProviderName") == provider
            ]
            if not clients:
                raise CognitoError("NotAuthorizedException", _UNSUPPORTED)
            if not isinstance(token, str):
                raise CognitoError("SerializationException", "Expected a string login token.")
            try:
                claims = signing.verify(token)
            except signing.TokenError as exc:
                raise CognitoError(
                    "NotAuthorizedException", "Invalid login token. Couldn't verify signed token."
                ) from exc
            issuer = str(claims.get("iss", ""))
            if issuer.split("://", 1)[-1] != provider:
                raise CognitoError(
                    "NotAuthorizedException",
                    "Invalid login token. Issuer doesn't match providerName",
                )
            now = int(self._s.clock())
            expires = int(claims.get("exp", 0))
            if now >= expires:
                raise CognitoError(
                    "NotAuthorizedException",
                    f"Invalid login token. Token expired: {now} >= {expires}",
                )
            if claims.get("token_use") != "id" or claims.get("aud") not in clients:
                raise CognitoError("NotAuthorizedException", _UNSUPPORTED)
            subs[provider] = str(claims.get("sub", ""))
        if not subs and not pool.allow_unauthenticated_identities:
            raise CognitoError(
                "NotAuthorizedException",
                "Unauthenticated access is not supported for this identity pool.",
            )
        return subs

    def get_id(self, params: dict[str, Any]) -> dict[str, Any]:
        pool_id = self._pool_id(params)
        backend, pool = find_identity_pool(pool_id)
        subs = self._logins(pool, params)
        for provider, sub in subs.items():
            known = self._s.identity_by_login.get((pool_id, provider, sub))
            if known is not None:
                return {"IdentityId": known}
        identity_id = f"{pool_id.split(':', 1)[0]}:{uuid.uuid4()}"
        for provider, sub in subs.items():
            self._s.identity_by_login[(pool_id, provider, sub)] = identity_id
        self._s.identities[identity_id] = (pool_id, subs)
        backend.pools_identities.setdefault(pool_id, {"IdentityPoolId": pool_id, "Identities": []})
        backend.pools_identities[pool_id]["Identities"].append(
            {"IdentityId": identity_id, "Logins": sorted(subs)}
        )
        return {"IdentityId": identity_id}

    def _identity(self, params: dict[str, Any]) -> tuple[str, dict[str, str]]:
        identity_id = params.get("IdentityId")
        if not identity_id or not isinstance(identity_id, str):
            raise param_error("IdentityId")
        record = self._s.identities.get(identity_id)
        if record is None:
            raise CognitoError("ResourceNotFoundException", f"Identity '{identity_id}' not found.")
        pool_id, linked = record
        _, pool = find_identity_pool(pool_id)
        subs = self._logins(pool, params)
        if linked and not any(linked.get(p) == s for p, s in subs.items()):
            raise CognitoError("NotAuthorizedException", _LOGINS_MISMATCH)
        return identity_id, subs

    def get_credentials_for_identity(self, params: dict[str, Any]) -> dict[str, Any]:
        identity_id, _ = self._identity(params)
        return {
            "IdentityId": identity_id,
            "Credentials": {
                "AccessKeyId": "ASIA" + secrets.token_hex(8).upper(),
                "SecretKey": secrets.token_urlsafe(30),
                "SessionToken": secrets.token_urlsafe(90),
                "Expiration": int(self._s.clock()) + 3600,
            },
        }

    def get_open_id_token(self, params: dict[str, Any]) -> Forward:
        self._identity(params)
        return Forward()
