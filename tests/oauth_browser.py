"""Hosted UI test helpers: the scripted browser (cognito_bench.aws.hostedform), a free
loopback port, and app clients with OAuth settings on the demo pool."""

from __future__ import annotations

from cognito_bench.aws.hostedform import Form, sign_in, sign_in_page, submit, visit
from cognito_bench.emulator import LocalTarget, local_client

__all__ = ["Form", "free_port", "oauth_client", "sign_in", "sign_in_page", "submit", "visit"]


def free_port() -> int:
    """A loopback port nothing listens on now."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def oauth_client(local: LocalTarget, scopes: list[str], **extra: object) -> tuple[str, str, str]:
    """An app client of the demo pool whose callback URL is on a free loopback port.

    Returns:
        (client id, client secret or "", redirect URI).
    """
    port = free_port()
    redirect = f"http://localhost:{port}/callback"
    client = local_client("cognito-idp", local.endpoint_url).create_user_pool_client(
        UserPoolId=local.user_pool_id,
        ClientName=f"hosted-{port}",
        ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthFlows=["code"],
        AllowedOAuthScopes=scopes,
        CallbackURLs=[redirect],
        LogoutURLs=[f"http://localhost:{port}/signed-out"],
        SupportedIdentityProviders=["COGNITO"],
        **extra,
    )["UserPoolClient"]
    return str(client["ClientId"]), str(client.get("ClientSecret", "")), redirect
