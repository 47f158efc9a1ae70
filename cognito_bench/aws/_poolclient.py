"""What every user-pool call of the bench shares: the target, its client, SECRET_HASH, checks.

:class:`PoolClient` is the base of ``UserPoolCalls`` and its mixins (passkeys, devices,
sessions): one target, one unsigned cognito-idp :class:`~cognito_bench.aws._call.Caller`, the
input checks every call starts with, and :func:`combined`, which makes one record of a step
that took several calls (SRP, a passkey registration, a device sign-in).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cognito_bench.aws._call import Caller
from cognito_bench.aws.record import CallRecord
from cognito_bench.aws.secret_hash import secret_hash
from cognito_bench.aws.target import Target
from cognito_bench.aws.validate import check_target

__all__ = ["PoolClient", "combined"]


class PoolClient:
    """One target's app client: the base of the user-pool call classes.

    The public operations are sent unsigned against AWS: they need no AWS credentials.
    """

    def __init__(self, target: Target) -> None:
        self.target = target
        self._idp = Caller("cognito-idp", target, unsigned=True)

    def _secret_hash(self, username: str) -> str:
        return secret_hash(username, self.target.client_id, self.target.client_secret)

    def _with_secret(self, params: dict[str, Any], username: str) -> dict[str, Any]:
        """``params`` plus the top-level ``SecretHash`` when the client has a secret."""
        if self.target.client_secret:
            params["SecretHash"] = self._secret_hash(username)
        return params

    def _client_problem(self) -> str:
        return check_target(self.target, pool=True, client=True)

    def _token_problem(self) -> str:
        # Access-token operations name no pool or client: the token carries them.
        return check_target(self.target)

    def _initiate(
        self,
        flow: str,
        auth: dict[str, str],
        username: str,
        label: str,
        problem: str,
        metadata: Mapping[str, str] | None = None,
    ) -> CallRecord:
        """InitiateAuth ``flow`` with ``auth`` (SECRET_HASH added for a client with a secret)
        and ``metadata`` as ClientMetadata for the pool's triggers."""
        if self.target.client_secret and not problem:
            auth["SECRET_HASH"] = self._secret_hash(username)
        params: dict[str, Any] = {
            "AuthFlow": flow,
            "ClientId": self.target.client_id,
            "AuthParameters": auth,
        }
        if metadata:
            params["ClientMetadata"] = dict(metadata)
        return self._idp.call("InitiateAuth", params, label=label, problem=problem)

    def _challenge_params(
        self, name: str, session: str, responses: dict[str, str], username: str
    ) -> dict[str, Any]:
        """RespondToAuthChallenge's parameters (SECRET_HASH over ``username`` when needed)."""
        if self.target.client_secret and username:
            responses["SECRET_HASH"] = self._secret_hash(username)
        params: dict[str, Any] = {
            "ClientId": self.target.client_id,
            "ChallengeName": name,
            "ChallengeResponses": responses,
        }
        if session:
            params["Session"] = session
        return params

    def _respond(
        self, name: str, session: str, responses: dict[str, str], username: str, label: str
    ) -> CallRecord:
        """RespondToAuthChallenge ``name`` in ``session``."""
        params = self._challenge_params(name, session, responses, username)
        return self._idp.call("RespondToAuthChallenge", params, label=label)


def combined(
    steps: list[CallRecord], label: str, started: float | None = None, **extra: Any
) -> CallRecord:
    """One record of a step made of several calls: the first call's request and target, the
    last one's response and error, the time of all of them, the Lambda triggers each call ran;
    ``steps`` keeps each call.

    ``extra`` is added to the response (what the bench did between calls: a passkey's
    checks, the device it remembered); secrets never go in it.
    """
    first, final = steps[0], steps[-1]
    response = dict(final.response)
    if extra:
        response.update(extra)
    return CallRecord(
        operation=first.operation,
        request=first.request,
        response=response,
        error_code=final.error_code,
        error_message=final.error_message,
        explanation=final.explanation,
        elapsed_ms=sum(step.elapsed_ms for step in steps),
        started_at=started if started is not None else first.started_at,
        http_status=final.http_status,
        label=label,
        steps=steps,
        target=first.target,
        triggers=[t for step in steps for t in step.triggers],
    )
