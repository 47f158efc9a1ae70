"""Identity-pool operations (enhanced flow): GetId, then GetCredentialsForIdentity."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cognito_bench.aws._call import Caller
from cognito_bench.aws.record import CallRecord
from cognito_bench.aws.target import Target
from cognito_bench.aws.validate import check_size, check_target, check_token, first_problem

__all__ = ["AwsCredentials", "IdentityCalls", "credentials_of"]


@dataclass(frozen=True)
class AwsCredentials:
    """Temporary AWS credentials from an identity pool; ``repr`` hides the secret parts."""

    access_key_id: str
    secret_key: str = field(repr=False)
    session_token: str = field(repr=False)
    expiration: str = ""

    def as_boto(self) -> dict[str, str]:
        """The keyword arguments boto3 takes for these credentials."""
        return {
            "aws_access_key_id": self.access_key_id,
            "aws_secret_access_key": self.secret_key,
            "aws_session_token": self.session_token,
        }


def credentials_of(record: CallRecord) -> AwsCredentials | None:
    """The credentials a successful GetCredentialsForIdentity returned, else None."""
    if not record.ok:
        return None
    creds = record.response.get("Credentials")
    if not isinstance(creds, dict) or not creds.get("AccessKeyId"):
        return None
    return AwsCredentials(
        access_key_id=str(creds.get("AccessKeyId", "")),
        secret_key=str(creds.get("SecretKey", "")),
        session_token=str(creds.get("SessionToken", "")),
        expiration=str(creds.get("Expiration", "")),
    )


class IdentityCalls:
    """Identity-pool calls for one target; the Logins key is ``target.provider_name``.

    Both operations are public (unsigned): the ID token is the proof of identity.
    """

    def __init__(self, target: Target) -> None:
        self.target = target
        self._identity = Caller("cognito-identity", target, unsigned=True)

    def _logins(self, id_token: str) -> dict[str, str]:
        return {self.target.provider_name: id_token}

    def _problem(self, id_token: str) -> str:
        return first_problem(
            check_target(self.target, pool=True, identity_pool=True),
            check_token(id_token, "ID token"),
        )

    def get_id(self, id_token: str) -> CallRecord:
        """GetId: the identity id of the signed-in user in the identity pool."""
        params: dict[str, Any] = {
            "IdentityPoolId": self.target.identity_pool_id,
            "Logins": self._logins(id_token),
        }
        return self._identity.call(
            "GetId", params, label="Get identity id", problem=self._problem(id_token)
        )

    def get_credentials_for_identity(self, identity_id: str, id_token: str) -> CallRecord:
        """GetCredentialsForIdentity: temporary AWS credentials of the identity's role."""
        params: dict[str, Any] = {"IdentityId": identity_id, "Logins": self._logins(id_token)}
        problem = first_problem(
            self._problem(id_token),
            "identity id is required (run GetId first)" if not identity_id else "",
            check_size("identity id", identity_id, 55),
        )
        return self._identity.call(
            "GetCredentialsForIdentity", params, label="Get AWS credentials", problem=problem
        )
