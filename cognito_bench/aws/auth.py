"""What a sign-in produced: the tokens, the challenge to answer next, a device to remember."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cognito_bench.aws.record import CallRecord

__all__ = [
    "Challenge",
    "NewDevice",
    "RememberedDevice",
    "Tokens",
    "challenge_of",
    "new_device_of",
    "remembered_device_of",
    "tokens_of",
]


def _hint(value: str) -> str:
    return f"<{len(value)} chars>" if value else "<none>"


@dataclass(frozen=True)
class Tokens:
    """The tokens of a successful sign-in or refresh; ``repr`` shows lengths, never values.

    ``refresh_token`` is empty after a refresh (Cognito does not send a new one unless
    refresh-token rotation is on).
    """

    id_token: str = field(repr=False)
    access_token: str = field(repr=False)
    refresh_token: str = field(repr=False)
    expires_in: int
    token_type: str

    def __repr__(self) -> str:
        return (
            f"Tokens(id_token={_hint(self.id_token)}, access_token={_hint(self.access_token)}, "
            f"refresh_token={_hint(self.refresh_token)}, expires_in={self.expires_in}, "
            f"token_type={self.token_type!r})"
        )

    def to_json(self) -> dict[str, Any]:
        """The tokens as Cognito names them (for ``cognito-bench token``)."""
        data: dict[str, Any] = {
            "IdToken": self.id_token,
            "AccessToken": self.access_token,
            "ExpiresIn": self.expires_in,
            "TokenType": self.token_type,
        }
        if self.refresh_token:
            data["RefreshToken"] = self.refresh_token
        return data


@dataclass(frozen=True)
class Challenge:
    """A challenge Cognito asked for instead of tokens.

    Attributes:
        name: ``NEW_PASSWORD_REQUIRED``, ``SMS_MFA``, ``SOFTWARE_TOKEN_MFA``, ``MFA_SETUP``...
        session: the opaque session to send back with the answer (kept out of ``repr``).
        parameters: ChallengeParameters as Cognito sent them.
        username: the name to answer with: ``USER_ID_FOR_SRP`` when Cognito gave one (its
            SECRET_HASH must use it), else the challenge's ``USERNAME``, else the typed name.
    """

    name: str
    session: str = field(repr=False)
    parameters: dict[str, str]
    username: str
    #: SELECT_CHALLENGE's AvailableChallenges (choice-based sign-in), else empty.
    available: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The challenge as JSON (for ``cognito-bench token``)."""
        out: dict[str, Any] = {
            "ChallengeName": self.name,
            "Session": self.session,
            "ChallengeParameters": dict(self.parameters),
            "Username": self.username,
        }
        if self.available:
            out["AvailableChallenges"] = list(self.available)
        return out


def _final(record: CallRecord) -> dict[str, Any]:
    return record.response if isinstance(record.response, dict) else {}


def tokens_of(record: CallRecord) -> Tokens | None:
    """The tokens a successful sign-in, challenge answer, refresh or machine token call
    (GetClientToken, the client credentials grant) returned, else None."""
    if not record.ok:
        return None
    response = _final(record)
    if response.get("access_token"):  # the hosted UI's token endpoint (OAuth 2.0 names)
        return Tokens(
            id_token=str(response.get("id_token", "")),
            access_token=str(response["access_token"]),
            refresh_token=str(response.get("refresh_token", "")),
            expires_in=int(response.get("expires_in", 0) or 0),
            token_type=str(response.get("token_type", "")),
        )
    result = response.get("AuthenticationResult") or response.get("ClientAuthenticationResult")
    if not isinstance(result, dict) or not result.get("AccessToken"):
        return None
    return Tokens(
        id_token=str(result.get("IdToken", "")),
        access_token=str(result.get("AccessToken", "")),
        refresh_token=str(result.get("RefreshToken", "")),
        expires_in=int(result.get("ExpiresIn", 0) or 0),
        token_type=str(result.get("TokenType", "")),
    )


def _typed_username(record: CallRecord) -> str:
    for key in ("AuthParameters", "ChallengeResponses"):
        value = record.request.get(key)
        if isinstance(value, dict) and isinstance(value.get("USERNAME"), str):
            return str(value["USERNAME"])
    return str(record.request.get("Username", ""))


def _srp_user_id(record: CallRecord) -> str:
    """USER_ID_FOR_SRP from an earlier step (SRP's PASSWORD_VERIFIER challenge)."""
    for step in reversed(record.steps):
        raw = step.response.get("ChallengeParameters")
        if isinstance(raw, dict) and raw.get("USER_ID_FOR_SRP"):
            return str(raw["USER_ID_FOR_SRP"])
    return ""


def challenge_of(record: CallRecord) -> Challenge | None:
    """The challenge a sign-in or challenge answer returned, else None."""
    if not record.ok:
        return None
    response = _final(record)
    name = response.get("ChallengeName")
    if not name or response.get("AuthenticationResult"):
        return None
    raw = response.get("ChallengeParameters") or {}
    parameters = {str(k): str(v) for k, v in raw.items()} if isinstance(raw, dict) else {}
    username = (
        parameters.get("USER_ID_FOR_SRP")
        or parameters.get("USERNAME")
        or _srp_user_id(record)
        or _typed_username(record)
    )
    available = response.get("AvailableChallenges") or []
    return Challenge(
        name=str(name),
        session=str(response.get("Session", "")),
        parameters=parameters,
        username=username,
        available=tuple(str(a) for a in available) if isinstance(available, list) else (),
    )


@dataclass(frozen=True)
class NewDevice:
    """NewDeviceMetadata of a sign-in in a pool that tracks devices (to confirm next)."""

    key: str
    group_key: str


@dataclass(frozen=True)
class RememberedDevice:
    """A device confirmed with ConfirmDevice: what a later sign-in needs to use it.

    ``password`` is the device's random SRP password, a secret the caller keeps with its
    session (``repr`` leaves it out; records hold it under ``DevicePassword``, masked).
    """

    key: str
    group_key: str
    password: str = field(repr=False)

    def to_json(self) -> dict[str, str]:
        """The device as a record's response carries it (``DevicePassword`` is masked there)."""
        return {
            "DeviceKey": self.key,
            "DeviceGroupKey": self.group_key,
            "DevicePassword": self.password,
        }


def new_device_of(record: CallRecord) -> NewDevice | None:
    """The NewDeviceMetadata a successful sign-in returned, else None."""
    if not record.ok:
        return None
    result = _final(record).get("AuthenticationResult")
    metadata = result.get("NewDeviceMetadata") if isinstance(result, dict) else None
    if not isinstance(metadata, dict) or not metadata.get("DeviceKey"):
        return None
    return NewDevice(str(metadata["DeviceKey"]), str(metadata.get("DeviceGroupKey", "")))


def remembered_device_of(record: CallRecord) -> RememberedDevice | None:
    """The device a successful ``remember_device`` step confirmed, else None."""
    if not record.ok:
        return None
    device = _final(record).get("RememberedDevice")
    if not isinstance(device, dict) or not device.get("DeviceKey"):
        return None
    return RememberedDevice(
        str(device["DeviceKey"]),
        str(device.get("DeviceGroupKey", "")),
        str(device.get("DevicePassword", "")),
    )
