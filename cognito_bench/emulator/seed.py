"""Seed the embedded local Cognito with a demo pool, clients, identity pool, bucket and user.

The emulator runs moto in-process, so the demo resources are made directly in moto's state
(no HTTP round trips, no boto3 clients): that keeps the window's start well under a second.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from cognito_bench.defaults import DEFAULT_REDIRECT_URI
from cognito_bench.emulator.ids import rename_pool, renew_secret

if TYPE_CHECKING:
    from cognito_bench.aws.target import Target

__all__ = [
    "DEMO_CALLBACK_URL",
    "DEMO_PASSWORD",
    "DEMO_RELYING_PARTY",
    "DEMO_ROTATION_GRACE",
    "DEMO_SIGN_OUT_URL",
    "DEMO_USERNAME",
    "HOSTED_UI_PATH",
    "LOCAL_REGION",
    "LocalTarget",
    "hosted_ui_domain",
    "local_client",
    "seed",
]

LOCAL_REGION = "us-east-1"
DEMO_USERNAME = "demo"
# Not a secret: the published password of the offline demo user.
DEMO_PASSWORD = "Demo-Passw0rd!"  # noqa: S105
DEMO_BUCKET = "bench-demo-bucket"
#: The demo resource server's identifier (custom scopes ``bench-api/read`` and ``/write``).
DEMO_API = "bench-api"
#: Where each pool's hosted UI lives (Cognito's is a domain of its own per pool).
HOSTED_UI_PATH = "/_bench/hosted"
#: The demo pool's passkey relying party: a passkey made for ``http://localhost`` (any port)
#: or ``https://localhost`` signs in.
DEMO_RELYING_PARTY = "localhost"
#: How long a rotated-out refresh token of the rotating demo client still works (seconds).
DEMO_ROTATION_GRACE = 10
#: The demo clients' callback and sign-out URLs (a local app on port 8765).
#: The demo clients' callback URL: the bench's default redirect URI.
DEMO_CALLBACK_URL = DEFAULT_REDIRECT_URI
DEMO_SIGN_OUT_URL = "http://localhost:8765/signed-out"
_OAUTH: dict[str, Any] = {
    "AllowedOAuthFlowsUserPoolClient": True,
    "AllowedOAuthFlows": ["code"],
    "AllowedOAuthScopes": ["openid", "email", "profile", "aws.cognito.signin.user.admin"],
    "CallbackURLs": [DEMO_CALLBACK_URL],
    "LogoutURLs": [DEMO_SIGN_OUT_URL],
    "SupportedIdentityProviders": ["COGNITO"],
}
_AUTH_FLOWS = [
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_USER_PASSWORD_AUTH",
    "ALLOW_REFRESH_TOKEN_AUTH",
    "ALLOW_USER_AUTH",
    "ALLOW_CUSTOM_AUTH",
]
_POOL_CONFIG: dict[str, Any] = {
    "Policies": {
        "PasswordPolicy": {
            "MinimumLength": 8,
            "RequireUppercase": True,
            "RequireLowercase": True,
            "RequireNumbers": True,
            "RequireSymbols": True,
        },
        # choice-based sign-in (USER_AUTH): password, a one-time code by e-mail or SMS, or a
        # passkey (relying party DEMO_RELYING_PARTY)
        "SignInPolicy": {
            "AllowedFirstAuthFactors": ["PASSWORD", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN"]
        },
    },
    # remembered devices: tracked, remembered when the user says so, and then MFA is skipped
    "DeviceConfiguration": {
        "ChallengeRequiredOnNewDevice": True,
        "DeviceOnlyRememberedOnUserPrompt": True,
    },
    "AutoVerifiedAttributes": ["email"],
    "UsernameAttributes": [],
    "Schema": [
        {"Name": "email", "AttributeDataType": "String", "Mutable": True},
        {"Name": "phone_number", "AttributeDataType": "String", "Mutable": True},
    ],
    "MfaConfiguration": "OPTIONAL",
}


def _oauth() -> dict[str, Any]:
    """The demo clients' OAuth settings (a copy each: moto keeps the dict it is given)."""
    return {k: list(v) if isinstance(v, list) else v for k, v in _OAUTH.items()}


@dataclass(frozen=True)
class LocalTarget:
    """What `cognito-bench local` prints: everything a client needs to use the emulator."""

    endpoint_url: str
    region: str
    user_pool_id: str
    client_id: str
    client_id_with_secret: str
    client_secret: str
    identity_pool_id: str
    bucket: str
    issuer: str
    jwks_url: str
    outbox_url: str
    demo_user: dict[str, str]
    emulator: bool = True
    #: The pool's hosted UI base URL: ``/oauth2/authorize``, ``/oauth2/token``, ... below it.
    hosted_ui_domain: str = ""
    #: A callback URL both demo app clients allow.
    oauth_redirect_uri: str = DEMO_CALLBACK_URL
    #: An app client for the client credentials grant (scopes ``bench-api/read``, ``/write``).
    machine_client_id: str = ""
    machine_client_secret: str = field(default="", repr=False)
    #: A public app client with refresh token rotation on (grace DEMO_ROTATION_GRACE s).
    client_id_rotating: str = ""
    #: An app client for GetClientToken: a secret, ALLOW_CLIENT_TOKEN_AUTH its only flow
    #: (Cognito allows no user flow beside it), scopes ``bench-api/read`` and ``/write``.
    client_token_client_id: str = ""
    client_token_client_secret: str = field(default="", repr=False)
    #: The demo pool's passkey relying party id (its WebAuthnConfiguration).
    passkey_relying_party: str = DEMO_RELYING_PARTY

    def to_json(self) -> dict[str, Any]:
        """The target as a JSON-ready dict."""
        return asdict(self)

    def target(self, *, secret: bool = False) -> Target:
        """The demo pool as an :class:`~cognito_bench.aws.Target`, with the secret-less
        app client or, with ``secret``, the one that has a client secret."""
        # Imported here: `cognito_bench.aws` loads boto3 (~140 ms), which the emulator's
        # own start does not need.
        from cognito_bench.aws.target import Target

        return Target(
            region=self.region,
            user_pool_id=self.user_pool_id,
            client_id=self.client_id_with_secret if secret else self.client_id,
            client_secret=self.client_secret if secret else "",
            identity_pool_id=self.identity_pool_id,
            endpoint_url=self.endpoint_url,
            bucket=self.bucket,
            hosted_ui_domain=self.hosted_ui_domain,
        )


def hosted_ui_domain(endpoint_url: str, pool_id: str) -> str:
    """The base URL the emulator serves ``pool_id``'s hosted UI and OAuth 2.0 endpoints under."""
    return f"{endpoint_url.rstrip('/')}{HOSTED_UI_PATH}/{pool_id}"


def local_client(service: str, endpoint_url: str, region: str = LOCAL_REGION) -> Any:
    """A boto3 client for the emulator: dummy credentials, no retries, short timeouts."""
    import boto3
    from botocore.config import Config

    return boto3.session.Session().client(
        service,  # type: ignore[call-overload]
        region_name=region,
        endpoint_url=endpoint_url,
        aws_access_key_id="local",
        aws_secret_access_key="local",  # noqa: S106
        config=Config(
            retries={"total_max_attempts": 1},
            connect_timeout=5,
            read_timeout=30,
            signature_version="v4",
        ),
    )


def seed(
    endpoint_url: str,
    region: str = LOCAL_REGION,
    on_pool: Callable[[str], None] | None = None,
) -> LocalTarget:
    """Create the demo resources in the emulator's moto state and return the target.

    Args:
        endpoint_url: where the emulator serves (issuer and URLs are built from it).
        region: region of the pool and identity pool.
        on_pool: called with the new pool id before any user exists (the emulator registers
            the pool with its signing key there).
    """
    from moto.cognitoidentity.models import cognitoidentity_backends
    from moto.cognitoidp.models import UserStatus, cognitoidp_backends
    from moto.core.models import DEFAULT_ACCOUNT_ID
    from moto.s3.models import s3_backends

    # moto's own signatures are narrower than what its response layer passes: untyped here
    idp: Any = cognitoidp_backends[DEFAULT_ACCOUNT_ID][region]
    pool = idp.create_user_pool("bench-demo", json.loads(json.dumps(_POOL_CONFIG)))
    rename_pool(idp, pool)
    if on_pool is not None:
        on_pool(pool.id)
    # TOTP is available to users who set it up (OPTIONAL: no factor, no challenge).
    idp.set_user_pool_mfa_config(pool.id, None, {"Enabled": True}, "OPTIONAL")
    public = idp.create_user_pool_client(
        pool.id,
        False,
        {"ClientName": "bench-web", "ExplicitAuthFlows": list(_AUTH_FLOWS), **_oauth()},
    )
    private = idp.create_user_pool_client(
        pool.id,
        True,
        {
            "ClientName": "bench-backend",
            "ExplicitAuthFlows": [*_AUTH_FLOWS, "ALLOW_ADMIN_USER_PASSWORD_AUTH"],
            **_oauth(),
        },
    )
    renew_secret(private)
    # Machine to machine: a resource server's scopes, a client that may only use the client
    # credentials grant (Cognito allows it on no client that also has the code grant).
    idp.create_resource_server(
        pool.id,
        DEMO_API,
        "Bench demo API",
        [
            {"ScopeName": "read", "ScopeDescription": "Read the demo API"},
            {"ScopeName": "write", "ScopeDescription": "Write the demo API"},
        ],
    )
    machine = idp.create_user_pool_client(
        pool.id,
        True,
        {
            "ClientName": "bench-machine",
            "AllowedOAuthFlowsUserPoolClient": True,
            "AllowedOAuthFlows": ["client_credentials"],
            "AllowedOAuthScopes": [f"{DEMO_API}/read", f"{DEMO_API}/write"],
            "SupportedIdentityProviders": ["COGNITO"],
        },
    )
    renew_secret(machine)
    client_token = idp.create_user_pool_client(
        pool.id,
        True,
        {
            "ClientName": "bench-client-token",
            "ExplicitAuthFlows": ["ALLOW_CLIENT_TOKEN_AUTH"],
            "AllowedOAuthScopes": [f"{DEMO_API}/read", f"{DEMO_API}/write"],
        },
    )
    renew_secret(client_token)
    rotating = idp.create_user_pool_client(
        pool.id,
        False,
        {
            "ClientName": "bench-web-rotating",
            "ExplicitAuthFlows": list(_AUTH_FLOWS),
            "RefreshTokenRotation": {
                "Feature": "ENABLED",
                "RetryGracePeriodSeconds": DEMO_ROTATION_GRACE,
            },
        },
    )
    idp.admin_create_user(
        pool.id,
        DEMO_USERNAME,
        "SUPPRESS",
        None,
        [
            {"Name": "email", "Value": "demo@example.com"},
            {"Name": "email_verified", "Value": "true"},
        ],
    )
    user = idp.admin_get_user(pool.id, DEMO_USERNAME)
    user.password = DEMO_PASSWORD
    user.status = UserStatus.CONFIRMED
    issuer = f"{endpoint_url}/{pool.id}"
    identity: Any = cognitoidentity_backends[DEFAULT_ACCOUNT_ID][region]
    identity_pool = json.loads(
        identity.create_identity_pool(
            identity_pool_name="bench_demo_identities",
            allow_unauthenticated_identities=False,
            supported_login_providers={},
            developer_provider_name="",
            open_id_connect_provider_arns=[],
            cognito_identity_providers=[
                {
                    "ProviderName": issuer.split("://", 1)[1],
                    "ClientId": public.id,
                    "ServerSideTokenCheck": False,
                }
            ],
            saml_provider_arns=[],
            tags={},
        )
    )
    s3 = s3_backends[DEFAULT_ACCOUNT_ID]["aws"]
    if DEMO_BUCKET not in s3_backends.bucket_accounts:
        s3.create_bucket(DEMO_BUCKET, region)
    return LocalTarget(
        endpoint_url=endpoint_url,
        region=region,
        user_pool_id=pool.id,
        client_id=public.id,
        client_id_with_secret=private.id,
        client_secret=private.secret,
        identity_pool_id=identity_pool["IdentityPoolId"],
        bucket=DEMO_BUCKET,
        issuer=issuer,
        jwks_url=f"{issuer}/.well-known/jwks.json",
        outbox_url=f"{endpoint_url}/_bench/outbox",
        demo_user={"username": DEMO_USERNAME, "password": DEMO_PASSWORD},
        hosted_ui_domain=hosted_ui_domain(endpoint_url, pool.id),
        machine_client_id=machine.id,
        machine_client_secret=machine.secret,
        client_id_rotating=rotating.id,
        client_token_client_id=client_token.id,
        client_token_client_secret=client_token.secret,
    )
