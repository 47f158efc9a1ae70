"""App client secrets (rotation with two at a time) and GetClientToken.

AddUserPoolClientSecret gives a confidential client a second secret (given, or made in
Cognito's shape); while both exist, SECRET_HASH, ClientSecret and the token endpoint take
either (``policy.secret_matches``, ``policy.check_secret``). ListUserPoolClientSecrets never
shows a value; DeleteUserPoolClientSecret refuses to delete the last one. GetClientToken
issues a machine-to-machine access token to a client with a secret whose only flow is
ALLOW_CLIENT_TOKEN_AUTH. Cognito's messages for these refusals are not published; the
wording here is the emulator's.
"""

from __future__ import annotations

import secrets
from typing import Any

from cognito_bench.emulator.errors import CognitoError
from cognito_bench.emulator.ids import CLIENT_SECRET_LENGTH, new_secret
from cognito_bench.emulator.motostate import find_client
from cognito_bench.emulator.state import EmulatorState
from cognito_bench.emulator.userpool.issuer import TokenIssuer
from cognito_bench.emulator.userpool.params import text
from cognito_bench.emulator.userpool.policy import client_flows, client_secrets, secret_matches

__all__ = ["ClientSecrets"]

_MAX_SECRETS = 2


class ClientSecrets:
    """Client secret rotation and client tokens.

    Args:
        state: the emulator's state (its clock).
        issuer: issues machine tokens.
    """

    def __init__(self, state: EmulatorState, issuer: TokenIssuer) -> None:
        self._s = state
        self._issuer = issuer

    def _confidential(self, params: dict[str, Any]) -> Any:
        _, _, client = find_client(text(params, "ClientId"), text(params, "UserPoolId"))
        if not client.generate_secret:
            raise CognitoError(
                "InvalidParameterException", f"Client {client.id} does not have a client secret."
            )
        return client

    def add_user_pool_client_secret(self, params: dict[str, Any]) -> dict[str, Any]:
        """AddUserPoolClientSecret: a second secret (the given one, or a new one)."""
        client = self._confidential(params)
        kept = client_secrets(client)
        if len(kept) >= _MAX_SECRETS:
            raise CognitoError(
                "LimitExceededException",
                f"Client {client.id} already has {_MAX_SECRETS} client secrets: delete one first.",
            )
        value = text(params, "ClientSecret", required=False) or new_secret(CLIENT_SECRET_LENGTH)
        descriptor = {
            "ClientSecretId": f"{client.id}--{secrets.token_hex(8)}",
            "ClientSecretValue": value,
            "ClientSecretCreateDate": self._s.clock(),
        }
        kept.append(descriptor)
        return {"ClientSecretDescriptor": dict(descriptor)}

    def list_user_pool_client_secrets(self, params: dict[str, Any]) -> dict[str, Any]:
        """ListUserPoolClientSecrets: ids and dates, never the values."""
        client = self._confidential(params)
        return {
            "ClientSecrets": [
                {k: v for k, v in s.items() if k != "ClientSecretValue"}
                for s in client_secrets(client)
            ]
        }

    def delete_user_pool_client_secret(self, params: dict[str, Any]) -> dict[str, Any]:
        """DeleteUserPoolClientSecret: any but the last; the other becomes the client's secret."""
        client = self._confidential(params)
        kept = client_secrets(client)
        secret_id = text(params, "ClientSecretId")
        doomed = next((s for s in kept if s["ClientSecretId"] == secret_id), None)
        if doomed is None:
            raise CognitoError("ResourceNotFoundException", f"Client secret {secret_id} not found.")
        if len(kept) == 1:
            raise CognitoError(
                "InvalidParameterException", "The last client secret of a client cannot be deleted."
            )
        kept.remove(doomed)
        client.secret = kept[0]["ClientSecretValue"]
        return {}

    def get_client_token(self, params: dict[str, Any]) -> dict[str, Any]:
        """GetClientToken: an access token for a machine client and its scopes."""
        _, pool, client = find_client(text(params, "ClientId"))
        if "ALLOW_CLIENT_TOKEN_AUTH" not in client_flows(client):
            raise CognitoError(
                "NotAuthorizedException",
                f"Client {client.id} is not allowed to use ALLOW_CLIENT_TOKEN_AUTH.",
            )
        if not client.generate_secret or not secret_matches(client, text(params, "Secret")):
            raise CognitoError(
                "NotAuthorizedException", f"Unable to verify secret for client {client.id}"
            )
        scopes = params.get("Scopes") or []
        if not isinstance(scopes, list) or not all(isinstance(s, str) for s in scopes):
            raise CognitoError("SerializationException", "Expected a list of scopes.")
        token, expires_in = self._issuer.client_token(pool, client, scopes)
        return {
            "ClientAuthenticationResult": {
                "AccessToken": token,
                "ExpiresIn": expires_in,
                "TokenType": "Bearer",
            }
        }
