"""RespondToAuthChallenge and AdminRespondToAuthChallenge: one handler per challenge name.

:attr:`Challenges.answers` maps each :class:`~sessions.Challenge` the emulator issues to the
handler that checks its answer; a test holds the table and the enum equal. PASSWORD_VERIFIER
answers the SRP exchange ``auth`` started (no session: its SECRET_BLOCK names it); every other
challenge is answered in the session it was asked in, which is checked first, in Cognito's
order: the session exists for this pool and client, has not expired, was asked for this
challenge and this user, and the secret hash fits. A session ends when its answer is right.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeAlias

from cognito_bench.emulator.errors import CognitoError
from cognito_bench.emulator.motostate import find_client, find_user
from cognito_bench.emulator.srp import password_claim_ok
from cognito_bench.emulator.state import AuthSession, EmulatorState
from cognito_bench.emulator.totp import verify_totp
from cognito_bench.emulator.userpool.auth import AuthFlows
from cognito_bench.emulator.userpool.devices import Devices
from cognito_bench.emulator.userpool.issuer import TokenIssuer
from cognito_bench.emulator.userpool.mfa import Mfa
from cognito_bench.emulator.userpool.params import (
    missing,
    string_map,
    text,
    user_attr,
    user_status,
)
from cognito_bench.emulator.userpool.passkeys import Passkeys
from cognito_bench.emulator.userpool.policy import (
    INCORRECT,
    check_password_policy,
    check_secret,
    check_secret_any,
    mfa_factors,
)
from cognito_bench.emulator.userpool.sessions import SESSION_EXPIRED, Challenge, ask

__all__ = ["Answer", "ChallengeRequest", "Challenges"]

_INVALID_SESSION = "Invalid session for the user."
_CODE_MISMATCH = "Invalid code received for user"


def _invalid_name(name: str) -> CognitoError:
    """Cognito's error for a challenge name the session was not asked for."""
    return CognitoError("InvalidParameterException", f"Invalid challenge name {name}.")


@dataclass(frozen=True)
class ChallengeRequest:
    """One RespondToAuthChallenge call: the client, the challenge name and the responses."""

    backend: Any
    pool: Any
    client: Any
    name: str
    responses: dict[str, str]
    params: dict[str, Any]

    @property
    def username(self) -> str:
        """The USERNAME the responses name (checked present before any handler runs)."""
        return self.responses["USERNAME"]


@dataclass(frozen=True)
class _Turn:
    """An answer given in a live session, after the session checks."""

    request: ChallengeRequest
    token: str
    session: AuthSession
    user: Any


#: A challenge's handler: the call in, tokens or the next challenge out.
Answer: TypeAlias = Callable[[ChallengeRequest], dict[str, Any]]


class Challenges:
    """The answers to every challenge the emulator issues.

    Args:
        state: the emulator's state (SRP and challenge sessions, TOTP secrets, lockouts).
        issuer: issues the tokens once the last challenge is answered.
        flows: the first factors and what follows a password.
        mfa: the MFA step and factor challenges.
        devices: remembered devices (their SRP proof, NewDeviceMetadata on the tokens).
        passkeys: checks a passkey's assertion.
    """

    def __init__(
        self,
        state: EmulatorState,
        issuer: TokenIssuer,
        flows: AuthFlows,
        mfa: Mfa,
        devices: Devices,
        passkeys: Passkeys,
    ) -> None:
        self._s = state
        self._issuer = issuer
        self._flows = flows
        self._mfa = mfa
        self._devices = devices
        self._passkeys = passkeys
        session = self._in_session
        #: challenge name -> the handler of its answer
        self.answers: dict[str, Answer] = {
            Challenge.PASSWORD_VERIFIER: self._password_verifier,
            Challenge.SELECT_CHALLENGE: session(self._select_challenge),
            Challenge.SELECT_MFA_TYPE: session(self._select_mfa_type),
            Challenge.NEW_PASSWORD_REQUIRED: session(self._new_password),
            Challenge.MFA_SETUP: session(self._mfa_setup),
            Challenge.SOFTWARE_TOKEN_MFA: session(self._software_token),
            Challenge.SMS_MFA: session(self._code),
            Challenge.EMAIL_OTP: session(self._code),
            Challenge.SMS_OTP: session(self._code),
            Challenge.WEB_AUTHN: session(self._web_authn),
            Challenge.DEVICE_SRP_AUTH: session(self._device_srp),
            Challenge.DEVICE_PASSWORD_VERIFIER: session(self._device_verifier),
            Challenge.CUSTOM_CHALLENGE: session(self._custom_challenge),
        }
        self._unknown = session(self._unknown_name)

    def respond_to_auth_challenge(self, params: dict[str, Any]) -> dict[str, Any]:
        """(Admin)RespondToAuthChallenge: the handler of ChallengeName checks the answer."""
        pool_id = params.get("UserPoolId") if isinstance(params.get("UserPoolId"), str) else None
        backend, pool, client = find_client(text(params, "ClientId"), pool_id or None)
        name = text(params, "ChallengeName")
        responses = string_map(params, "ChallengeResponses")
        if not responses.get("USERNAME", ""):
            raise missing("USERNAME")
        request = ChallengeRequest(backend, pool, client, name, responses, params)
        return self.answers.get(name, self._unknown)(request)

    # the session every challenge but PASSWORD_VERIFIER is answered in ---------------------------

    def _in_session(self, step: Callable[[_Turn], dict[str, Any]]) -> Answer:
        """``step`` behind the session checks every session-bound challenge shares."""

        def answer(request: ChallengeRequest) -> dict[str, Any]:
            return step(self._turn(request))

        return answer

    def _turn(self, request: ChallengeRequest) -> _Turn:
        """The live session ``request`` answers in, and its user (Cognito's checks, in order)."""
        pool, client, name = request.pool, request.client, request.name
        token = text(request.params, "Session")
        session = self._s.sessions.get(token)
        if session is None or session.client_id != client.id or session.pool_id != pool.id:
            raise CognitoError("NotAuthorizedException", _INVALID_SESSION)
        if self._s.clock() >= session.expires:
            del self._s.sessions[token]
            raise CognitoError("NotAuthorizedException", SESSION_EXPIRED)
        if session.challenge != name:
            raise _invalid_name(name)
        user = find_user(pool, session.username)
        if user is None:
            raise CognitoError("UserNotFoundException", "User does not exist.")
        names = (user.username, user.id, user_attr(user, "email"), user_attr(user, "phone_number"))
        if request.username not in names:
            raise CognitoError("NotAuthorizedException", _INVALID_SESSION)
        check_secret_any(
            client, [request.username, user.username], request.responses.get("SECRET_HASH")
        )
        return _Turn(request, token, session, user)

    def _finish(self, turn: _Turn) -> dict[str, Any]:
        """The last challenge is answered: end its session and issue the tokens (with
        NewDeviceMetadata unless the sign-in proved a remembered device)."""
        del self._s.sessions[turn.token]
        request = turn.request
        return self._devices.issue(
            request.backend, request.pool, request.client, turn.user, turn.session.device_key
        )

    # the handlers ----------------------------------------------------------------------------------

    def _password_verifier(self, request: ChallengeRequest) -> dict[str, Any]:
        """PASSWORD_VERIFIER: the SRP proof of the password, then what a password leads to."""
        pool, client, responses = request.pool, request.client, request.responses
        check_secret(client, request.username, responses.get("SECRET_HASH"))
        block = responses.get("PASSWORD_CLAIM_SECRET_BLOCK", "")
        signature = responses.get("PASSWORD_CLAIM_SIGNATURE", "")
        timestamp = responses.get("TIMESTAMP", "")
        for key, value in (
            ("PASSWORD_CLAIM_SECRET_BLOCK", block),
            ("PASSWORD_CLAIM_SIGNATURE", signature),
            ("TIMESTAMP", timestamp),
        ):
            if not value:
                raise missing(key)
        srp = self._s.srp.pop(block, None)
        if srp is None or srp.pool_id != pool.id or srp.client_id != client.id:
            raise CognitoError("NotAuthorizedException", INCORRECT)
        if self._s.clock() >= srp.expires:
            raise CognitoError("NotAuthorizedException", SESSION_EXPIRED)
        user = find_user(pool, srp.username)
        if user is None:
            raise CognitoError("UserNotFoundException", "User does not exist.")
        pool_name = pool.id.split("_", 1)[1]
        self._s.check_lockout(pool.id, user.username)
        if not password_claim_ok(srp.challenge, pool_name, srp.username, timestamp, signature):
            self._s.password_failed(pool.id, user.username)
            raise CognitoError("NotAuthorizedException", INCORRECT)
        self._s.password_ok(pool.id, user.username)
        if not user.enabled:
            raise CognitoError("NotAuthorizedException", "User is disabled.")
        if srp.custom is not None:  # CUSTOM_WITH_SRP: the define trigger says what follows
            srp.custom.history.append(
                {"challengeName": "PASSWORD_VERIFIER", "challengeResult": True}
            )
            return self._flows.custom.step(request.backend, pool, client, user, srp.custom)
        device_key = responses.get("DEVICE_KEY", "") or srp.device_key
        return self._flows.after_password(request.backend, pool, client, user, device_key)

    def _select_challenge(self, turn: _Turn) -> dict[str, Any]:
        """SELECT_CHALLENGE: the first factor the user chose from AvailableChallenges."""
        request, user = turn.request, turn.user
        answer = request.responses.get("ANSWER", "")
        if answer not in self._flows.first_factors(request.pool, user):
            raise CognitoError("InvalidParameterException", f"Invalid challenge answer {answer}.")
        del self._s.sessions[turn.token]
        return self._flows.first_factor(
            request.backend, request.pool, request.client, user, answer, request.responses
        )

    def _select_mfa_type(self, turn: _Turn) -> dict[str, Any]:
        """SELECT_MFA_TYPE: the MFA factor the user chose from MFAS_CAN_CHOOSE."""
        request, user = turn.request, turn.user
        answer = request.responses.get("ANSWER", "")
        if answer not in mfa_factors(self._s, request.pool, user):
            raise CognitoError("InvalidParameterException", f"Invalid MFA type {answer}.")
        del self._s.sessions[turn.token]
        return self._mfa.factor_challenge(
            request.pool, request.client, user, answer, turn.session.device_key
        )

    def _new_password(self, turn: _Turn) -> dict[str, Any]:
        """NEW_PASSWORD_REQUIRED: a password to the pool's policy and any attributes asked for."""
        request, user = turn.request, turn.user
        password = request.responses.get("NEW_PASSWORD", "")
        if not password:
            raise missing("NEW_PASSWORD")
        check_password_policy(request.pool, password)
        updates = [
            {"Name": k.removeprefix("userAttributes."), "Value": v}
            for k, v in request.responses.items()
            if k.startswith("userAttributes.")
        ]
        if updates:
            user.update_attributes(updates)
        user.password = password
        user.status = user_status("CONFIRMED")
        del self._s.sessions[turn.token]
        return self._mfa.step(
            request.backend,
            request.pool,
            request.client,
            user,
            turn.session.device_key,
            source="TokenGeneration_NewPasswordChallenge",
        )

    def _mfa_setup(self, turn: _Turn) -> dict[str, Any]:
        """MFA_SETUP: done once VerifySoftwareToken succeeded in this session."""
        if not turn.session.mfa_setup_done:
            raise CognitoError(
                "InvalidParameterException",
                "Software token MFA has not been set up for the user.",
            )
        return self._finish(turn)

    def _software_token(self, turn: _Turn) -> dict[str, Any]:
        """SOFTWARE_TOKEN_MFA: a TOTP code of the user's own secret."""
        code = turn.request.responses.get("SOFTWARE_TOKEN_MFA_CODE", "")
        secret = self._s.totp.get((turn.request.pool.id, turn.user.username), "")
        if not secret or not verify_totp(secret, code, self._s.clock()):
            raise CognitoError("CodeMismatchException", _CODE_MISMATCH)
        return self._finish(turn)

    def _code(self, turn: _Turn) -> dict[str, Any]:
        """SMS_MFA, EMAIL_OTP, SMS_OTP: the code sent; the address it went to is now verified."""
        request, user = turn.request, turn.user
        code = request.responses.get(f"{request.name}_CODE", "")
        if not code or not secrets.compare_digest(code.encode(), turn.session.code.encode()):
            raise CognitoError("CodeMismatchException", _CODE_MISMATCH)
        self._s.use_code(request.pool.id, user.username, "MFA")
        attribute = "email" if request.name == Challenge.EMAIL_OTP else "phone_number"
        user.update_attributes([{"Name": f"{attribute}_verified", "Value": "true"}])
        return self._finish(turn)

    def _web_authn(self, turn: _Turn) -> dict[str, Any]:
        """WEB_AUTHN: a passkey's assertion (CREDENTIAL) for this session's challenge.

        The session ends with the first answer, right or wrong: a challenge is single use.
        """
        request, user = turn.request, turn.user
        answer = request.responses.get("CREDENTIAL", "")
        if not answer:
            raise missing("CREDENTIAL")
        del self._s.sessions[turn.token]
        as_mfa = request.pool.mfa_config == "ON" or bool(mfa_factors(self._s, request.pool, user))
        self._passkeys.verify(
            request.pool, user, turn.session.extra.get("challenge", ""), answer, as_mfa=as_mfa
        )
        return self._devices.issue(request.backend, request.pool, request.client, user)

    def _device_srp(self, turn: _Turn) -> dict[str, Any]:
        """DEVICE_SRP_AUTH: the presented device's SRP_A; DEVICE_PASSWORD_VERIFIER follows."""
        request, session, user = turn.request, turn.session, turn.user
        if request.responses.get("DEVICE_KEY", "") != session.device_key:
            raise CognitoError("NotAuthorizedException", _INVALID_SESSION)
        srp_a = request.responses.get("SRP_A", "")
        if not srp_a:
            raise missing("SRP_A")
        device = self._devices.presented(request.pool, user, session.device_key)
        srp = self._devices.srp_start(device, srp_a)
        del self._s.sessions[turn.token]
        parameters = {
            "SRP_B": srp.srp_b_hex,
            "SALT": srp.salt_hex,
            "SECRET_BLOCK": srp.secret_block,
            "USERNAME": user.username,
            "DEVICE_KEY": device.key,
        }
        return ask(
            self._s,
            request.pool,
            request.client,
            user,
            Challenge.DEVICE_PASSWORD_VERIFIER,
            parameters,
            device_key=device.key,
            srp=srp,
        )

    def _device_verifier(self, turn: _Turn) -> dict[str, Any]:
        """DEVICE_PASSWORD_VERIFIER: the device's SRP proof; a remembered device skips MFA."""
        request, session, user = turn.request, turn.session, turn.user
        responses = request.responses
        for key in ("PASSWORD_CLAIM_SECRET_BLOCK", "PASSWORD_CLAIM_SIGNATURE", "TIMESTAMP"):
            if not responses.get(key):
                raise missing(key)
        device = self._devices.presented(request.pool, user, session.device_key)
        srp = session.srp
        del self._s.sessions[turn.token]
        if (
            srp is None
            or responses.get("DEVICE_KEY", session.device_key) != device.key
            or responses["PASSWORD_CLAIM_SECRET_BLOCK"] != srp.secret_block
            or not self._devices.proof_ok(
                device, srp, responses["TIMESTAMP"], responses["PASSWORD_CLAIM_SIGNATURE"]
            )
        ):
            raise CognitoError("NotAuthorizedException", INCORRECT)
        if self._devices.skips_mfa(request.pool, device):
            return self._devices.issue(
                request.backend, request.pool, request.client, user, device.key
            )
        return self._mfa.step(request.backend, request.pool, request.client, user, device.key)

    def _custom_challenge(self, turn: _Turn) -> dict[str, Any]:
        """CUSTOM_CHALLENGE: the VerifyAuthChallengeResponse trigger judges the ANSWER."""
        request = turn.request
        del self._s.sessions[turn.token]  # single use, right or wrong
        return self._flows.custom.answer(
            request.backend,
            request.pool,
            request.client,
            turn.user,
            turn.session,
            request.responses.get("ANSWER", ""),
        )

    def _unknown_name(self, turn: _Turn) -> dict[str, Any]:
        """A name no handler answers (no session is issued for one: :meth:`_turn` refuses it)."""
        raise _invalid_name(turn.request.name)
