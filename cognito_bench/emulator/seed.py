"""Seed the embedded local Cognito with a demo pool, clients, identity pool, bucket and user."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import boto3
from botocore.config import Config

__all__ = ["DEMO_PASSWORD", "DEMO_USERNAME", "LOCAL_REGION", "LocalTarget", "local_client", "seed"]

LOCAL_REGION = "us-east-1"
DEMO_USERNAME = "demo"
# Not a secret: the published password of the offline demo user.
DEMO_PASSWORD = "Demo-Passw0rd!"  # noqa: S105
_AUTH_FLOWS = [
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_USER_PASSWORD_AUTH",
    "ALLOW_REFRESH_TOKEN_AUTH",
]


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

    def to_json(self) -> dict[str, Any]:
        """The target as a JSON-ready dict."""
        return asdict(self)


def local_client(service: str, endpoint_url: str, region: str = LOCAL_REGION) -> Any:
    """A boto3 client for the emulator: dummy credentials, no retries, short timeouts."""
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


def seed(endpoint_url: str, region: str = LOCAL_REGION) -> LocalTarget:
    """Create the demo resources on a running emulator and return the target."""
    idp = local_client("cognito-idp", endpoint_url, region)
    pool = idp.create_user_pool(
        PoolName="bench-demo",
        Policies={
            "PasswordPolicy": {
                "MinimumLength": 8,
                "RequireUppercase": True,
                "RequireLowercase": True,
                "RequireNumbers": True,
                "RequireSymbols": True,
            }
        },
        AutoVerifiedAttributes=["email"],
        UsernameAttributes=[],
        Schema=[
            {"Name": "email", "AttributeDataType": "String", "Mutable": True},
            {"Name": "phone_number", "AttributeDataType": "String", "Mutable": True},
        ],
        MfaConfiguration="OPTIONAL",
    )["UserPool"]
    pool_id = pool["Id"]
    # TOTP is available to users who set it up (OPTIONAL: no factor, no challenge).
    idp.set_user_pool_mfa_config(
        UserPoolId=pool_id,
        SoftwareTokenMfaConfiguration={"Enabled": True},
        MfaConfiguration="OPTIONAL",
    )
    public = idp.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="bench-web",
        GenerateSecret=False,
        ExplicitAuthFlows=_AUTH_FLOWS,
    )["UserPoolClient"]
    private = idp.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="bench-backend",
        GenerateSecret=True,
        ExplicitAuthFlows=[*_AUTH_FLOWS, "ALLOW_ADMIN_USER_PASSWORD_AUTH"],
    )["UserPoolClient"]
    idp.admin_create_user(
        UserPoolId=pool_id,
        Username=DEMO_USERNAME,
        UserAttributes=[
            {"Name": "email", "Value": "demo@example.com"},
            {"Name": "email_verified", "Value": "true"},
        ],
        MessageAction="SUPPRESS",
    )
    idp.admin_set_user_password(
        UserPoolId=pool_id, Username=DEMO_USERNAME, Password=DEMO_PASSWORD, Permanent=True
    )
    issuer = f"{endpoint_url}/{pool_id}"
    identity = local_client("cognito-identity", endpoint_url, region)
    identity_pool = identity.create_identity_pool(
        IdentityPoolName="bench_demo_identities",
        AllowUnauthenticatedIdentities=False,
        CognitoIdentityProviders=[
            {
                "ProviderName": issuer.split("://", 1)[1],
                "ClientId": public["ClientId"],
                "ServerSideTokenCheck": False,
            }
        ],
    )
    bucket = "bench-demo-bucket"
    local_client("s3", endpoint_url, region).create_bucket(Bucket=bucket)
    return LocalTarget(
        endpoint_url=endpoint_url,
        region=region,
        user_pool_id=pool_id,
        client_id=public["ClientId"],
        client_id_with_secret=private["ClientId"],
        client_secret=private["ClientSecret"],
        identity_pool_id=identity_pool["IdentityPoolId"],
        bucket=bucket,
        issuer=issuer,
        jwks_url=f"{issuer}/.well-known/jwks.json",
        outbox_url=f"{endpoint_url}/_bench/outbox",
        demo_user={"username": DEMO_USERNAME, "password": DEMO_PASSWORD},
    )
