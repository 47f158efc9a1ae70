"""Custom authentication (CUSTOM_AUTH): the define → create → verify loop of Cognito.

InitiateAuth with ``AuthFlow=CUSTOM_AUTH`` asks the DefineAuthChallenge trigger what comes
next, with the challenges answered so far as its ``session``: issue the tokens, fail, or ask a
CUSTOM_CHALLENGE, whose parameters the CreateAuthChallenge trigger makes (the public ones go
to the client, the private ones stay in the emulator). RespondToAuthChallenge with
``CUSTOM_CHALLENGE`` and an ``ANSWER`` has the VerifyAuthChallengeResponse trigger judge the
answer, and DefineAuthChallenge is asked again. Each step hands out a new session: a session
works once and expires after the client's AuthSessionValidity.

With ``CHALLENGE_NAME=SRP_A`` and ``SRP_A`` (CUSTOM_WITH_SRP), the define trigger first sees
``SRP_A`` passed and may ask for PASSWORD_VERIFIER: the SRP proof of the password, after which
the loop goes on (``auth`` starts the SRP exchange, ``challenges`` checks the proof).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cognito_bench.emulator.errors import CognitoError
from cognito_bench.emulator.state import AuthSession, CustomAuthState, EmulatorState
from cognito_bench.emulator.triggers.invoke import unrecognizable
from cognito_bench.emulator.userpool.devices import Devices
from cognito_bench.emulator.userpool.issuer import TokenIssuer
from cognito_bench.emulator.userpool.params import missing
from cognito_bench.emulator.userpool.policy import INCORRECT
from cognito_bench.emulator.userpool.sessions import Challenge, ask

__all__ = ["CustomAuth", "SrpStart"]

#: Starts the SRP exchange of a CUSTOM_WITH_SRP sign-in (the PASSWORD_VERIFIER challenge).
SrpStart = Callable[[CustomAuthState], dict[str, Any]]


class CustomAuth:
    """The CUSTOM_AUTH loop.

    Args:
        state: the emulator's state (sessions).
        issuer: its ``lambdas`` run the three triggers.
        devices: issues the tokens when DefineAuthChallenge says so (with NewDeviceMetadata
            where the pool tracks devices).
    """

    def __init__(self, state: EmulatorState, issuer: TokenIssuer, devices: Devices) -> None:
        self._s = state
        self._devices = devices
        self._lambdas = issuer.lambdas

    def configured(self) -> bool:
        """True when a DefineAuthChallenge handler is wired (Cognito's precondition)."""
        return self._lambdas.wired("DefineAuthChallenge")

    def start(
        self, backend: Any, pool: Any, client: Any, user: Any, srp: SrpStart | None
    ) -> dict[str, Any]:
        """InitiateAuth CUSTOM_AUTH (``srp``: the client sent SRP_A for CUSTOM_WITH_SRP)."""
        custom = CustomAuthState()
        if srp is not None:
            custom.history.append({"challengeName": "SRP_A", "challengeResult": True})
        return self.step(backend, pool, client, user, custom, srp)

    def step(
        self,
        backend: Any,
        pool: Any,
        client: Any,
        user: Any,
        custom: CustomAuthState,
        srp: SrpStart | None = None,
    ) -> dict[str, Any]:
        """Ask DefineAuthChallenge, then do what it says."""
        answer = self._lambdas.define(pool, user, custom.history)
        if answer.fail:
            raise CognitoError("NotAuthorizedException", INCORRECT)
        if answer.issue_tokens:
            return self._devices.issue(backend, pool, client, user)
        if answer.challenge == Challenge.PASSWORD_VERIFIER and srp is not None:
            return srp(custom)
        if answer.challenge != Challenge.CUSTOM_CHALLENGE:
            # SMS_MFA, SOFTWARE_TOKEN_MFA... after custom challenges are not emulated
            raise unrecognizable()
        public, private, metadata = self._lambdas.create(
            pool, user, Challenge.CUSTOM_CHALLENGE, custom.history
        )
        custom.private, custom.metadata = private, metadata
        parameters = {**public, "USERNAME": user.username}
        return ask(
            self._s, pool, client, user, Challenge.CUSTOM_CHALLENGE, parameters, custom=custom
        )

    def answer(
        self, backend: Any, pool: Any, client: Any, user: Any, session: AuthSession, given: str
    ) -> dict[str, Any]:
        """RespondToAuthChallenge CUSTOM_CHALLENGE: verify ``given``, then define again."""
        if not given:
            raise missing("ANSWER")
        custom = session.custom or CustomAuthState()
        correct = self._lambdas.verify(pool, user, custom.private, given)
        custom.history.append(
            {
                "challengeName": Challenge.CUSTOM_CHALLENGE.value,
                "challengeResult": correct,
                "challengeMetadata": custom.metadata,
            }
        )
        custom.private, custom.metadata = {}, ""
        return self.step(backend, pool, client, user, custom)
