"""Remembered devices: NewDeviceMetadata, ConfirmDevice, device SRP, and the device operations.

A pool with a DeviceConfiguration tracks devices. Every API sign-in that did not prove a
device ends with NewDeviceMetadata (a device key and the user's device group key); the app
confirms it with ConfirmDevice and the SRP verifier of a random device password it keeps
(amazon-cognito-identity-js ``generateHashDevice``, pycognito ``generate_hash_device``). With
DeviceOnlyRememberedOnUserPrompt the device stays "not remembered" until UpdateDeviceStatus;
otherwise it is remembered at once.

A later SRP sign-in that sends the DEVICE_KEY is asked DEVICE_SRP_AUTH after its password:
the device proves its password against the stored verifier (DEVICE_PASSWORD_VERIFIER, the
same SRP-6a with the group key as pool name and the device key as user). A remembered device
in a pool with ChallengeRequiredOnNewDevice then skips MFA, as Cognito's does; any other
device goes on to the MFA step. Get/List/Forget/UpdateDeviceStatus and their Admin forms
work on the confirmed devices.
"""

from __future__ import annotations

import base64
import binascii
import secrets
import uuid
from typing import Any

from cognito_bench.emulator.errors import CognitoError
from cognito_bench.emulator.srp import SrpChallenge, password_claim_ok, start_with_verifier
from cognito_bench.emulator.state import Device, EmulatorState
from cognito_bench.emulator.userpool.issuer import TokenIssuer
from cognito_bench.emulator.userpool.params import page_offset, text
from cognito_bench.emulator.userpool.policy import admin_user

__all__ = ["Devices", "device_tracking"]

_NOT_FOUND = "Device does not exist."
_SIGN_IN = "TokenGeneration_Authentication"
#: Devices handed out but never confirmed, kept per user (the oldest go first): a script
#: signing in in a loop would otherwise grow the emulator's memory without end.
_MAX_UNCONFIRMED = 20
_STATUSES = {"remembered": True, "not_remembered": False}
_MAX_LIMIT = 60


def device_tracking(pool: Any) -> dict[str, Any] | None:
    """The pool's DeviceConfiguration, or None when it does not track devices."""
    config = pool.extended_config.get("DeviceConfiguration")
    return config if isinstance(config, dict) else None


def _describe(device: Device) -> dict[str, Any]:
    """A DeviceType as Cognito describes one."""
    return {
        "DeviceKey": device.key,
        "DeviceAttributes": [
            {"Name": "device_status", "Value": "valid"},
            {"Name": "device_name", "Value": device.name},
            {
                "Name": "dev:device_remembered_status",
                "Value": "remembered" if device.remembered else "not_remembered",
            },
        ],
        "DeviceCreateDate": device.created,
        "DeviceLastModifiedDate": device.modified or device.created,
        "DeviceLastAuthenticatedDate": device.last_authenticated or device.created,
    }


class Devices:
    """Device tracking for one emulator.

    Args:
        state: the emulator's state (the devices of each user).
        issuer: issues the tokens a sign-in ends with, and checks access tokens.
    """

    def __init__(self, state: EmulatorState, issuer: TokenIssuer) -> None:
        self._s = state
        self._issuer = issuer

    # sign-in ----------------------------------------------------------------------------------

    def issue(
        self,
        backend: Any,
        pool: Any,
        client: Any,
        user: Any,
        device_key: str = "",
        source: str | None = None,
    ) -> dict[str, Any]:
        """The tokens of an API sign-in; NewDeviceMetadata unless ``device_key`` was proved.

        ``source``: the PreTokenGeneration triggerSource (:meth:`TokenIssuer.issue`); by
        default ``TokenGeneration_AuthenticateDevice`` when the sign-in proved a remembered
        device (DEVICE_PASSWORD_VERIFIER, the developer guide's "end of the authentication of
        a user device"), ``TokenGeneration_Authentication`` otherwise.
        """
        if source is None:
            source = "TokenGeneration_AuthenticateDevice" if device_key else _SIGN_IN
        result = self._issuer.issue(backend, pool, client, user, source=source)
        if device_key:
            device = self._devices(pool, user).get(device_key)
            if device is not None:
                device.last_authenticated = self._s.clock()
            return result
        if device_tracking(pool) is None:
            return result
        devices = self._devices(pool, user)
        group = next(iter(devices.values())).group_key if devices else _group_key()
        region = pool.id.split("_", 1)[0]
        device = Device(f"{region}_{uuid.uuid4()}", group, self._s.clock())
        devices[device.key] = device
        unconfirmed = [d.key for d in devices.values() if not d.confirmed]
        for stale in unconfirmed[: max(0, len(unconfirmed) - _MAX_UNCONFIRMED)]:
            del devices[stale]
        result.setdefault("AuthenticationResult", {})["NewDeviceMetadata"] = {
            "DeviceKey": device.key,
            "DeviceGroupKey": device.group_key,
        }
        return result

    def presented(self, pool: Any, user: Any, device_key: str) -> Device:
        """The confirmed device a sign-in names in DEVICE_KEY.

        Raises:
            CognitoError: ResourceNotFoundException "Device does not exist." for a key that
                is not a confirmed device of this user (a forgotten one, another user's).
        """
        device = self._devices(pool, user).get(device_key)
        if device is None or not device.confirmed:
            raise CognitoError("ResourceNotFoundException", _NOT_FOUND)
        return device

    def srp_start(self, device: Device, srp_a: str) -> SrpChallenge:
        """DEVICE_SRP_AUTH: the server's side of the device's SRP exchange."""
        try:
            return start_with_verifier(device.verifier, device.salt_hex, srp_a)
        except ValueError as exc:
            raise CognitoError("InvalidParameterException", "Invalid SRP_A value.") from exc

    def proof_ok(
        self, device: Device, challenge: SrpChallenge, timestamp: str, signature: str
    ) -> bool:
        """DEVICE_PASSWORD_VERIFIER: True when the signature proves the device's password."""
        return password_claim_ok(challenge, device.group_key, device.key, timestamp, signature)

    def skips_mfa(self, pool: Any, device: Device) -> bool:
        """A remembered device skips MFA where the pool says so (ChallengeRequiredOnNewDevice)."""
        config = device_tracking(pool) or {}
        return bool(config.get("ChallengeRequiredOnNewDevice")) and device.remembered

    # the signed-in user's devices ---------------------------------------------------------------

    def confirm_device(self, params: dict[str, Any]) -> dict[str, Any]:
        """ConfirmDevice: the device's SRP verifier and name; remembered unless on prompt."""
        _, pool, user, _ = self._issuer.access(text(params, "AccessToken"))
        config = self._tracking(pool)
        device = self._devices(pool, user).get(text(params, "DeviceKey"))
        if device is None:
            raise CognitoError("ResourceNotFoundException", _NOT_FOUND)
        if device.confirmed:
            raise CognitoError("DeviceKeyExistsException", "Device key already exists.")
        verifier_config = params.get("DeviceSecretVerifierConfig") or {}
        if not isinstance(verifier_config, dict):
            raise CognitoError("SerializationException", "Expected DeviceSecretVerifierConfig.")
        try:
            verifier = int(base64.b64decode(verifier_config.get("PasswordVerifier", "")).hex(), 16)
            salt = base64.b64decode(verifier_config.get("Salt", ""), validate=True).hex()
        except (binascii.Error, ValueError) as exc:
            raise CognitoError(
                "InvalidParameterException", "Invalid device secret verifier config."
            ) from exc
        if not verifier or not salt:
            raise CognitoError(
                "InvalidParameterException", "Invalid device secret verifier config."
            )
        on_prompt = bool(config.get("DeviceOnlyRememberedOnUserPrompt"))
        device.verifier, device.salt_hex = verifier, salt
        device.name = text(params, "DeviceName", required=False)
        device.confirmed = True
        device.remembered = not on_prompt
        device.modified = device.last_authenticated = self._s.clock()
        return {"UserConfirmationNecessary": on_prompt}

    def update_device_status(self, params: dict[str, Any]) -> dict[str, Any]:
        """UpdateDeviceStatus: remembered or not_remembered."""
        _, pool, user, _ = self._issuer.access(text(params, "AccessToken"))
        return self._set_status(pool, user, params)

    def get_device(self, params: dict[str, Any]) -> dict[str, Any]:
        """GetDevice."""
        _, pool, user, _ = self._issuer.access(text(params, "AccessToken"))
        return {"Device": _describe(self._confirmed(pool, user, text(params, "DeviceKey")))}

    def list_devices(self, params: dict[str, Any]) -> dict[str, Any]:
        """ListDevices: the user's confirmed devices (Limit, PaginationToken)."""
        _, pool, user, _ = self._issuer.access(text(params, "AccessToken"))
        return self._list(pool, user, params)

    def forget_device(self, params: dict[str, Any]) -> dict[str, Any]:
        """ForgetDevice: the device is no longer tracked (its next sign-in is a new device)."""
        _, pool, user, _ = self._issuer.access(text(params, "AccessToken"))
        return self._forget(pool, user, text(params, "DeviceKey"))

    # any user's devices ------------------------------------------------------------------------

    def admin_get_device(self, params: dict[str, Any]) -> dict[str, Any]:
        """AdminGetDevice."""
        _, pool, user = admin_user(params)
        return {"Device": _describe(self._confirmed(pool, user, text(params, "DeviceKey")))}

    def admin_list_devices(self, params: dict[str, Any]) -> dict[str, Any]:
        """AdminListDevices."""
        _, pool, user = admin_user(params)
        return self._list(pool, user, params)

    def admin_forget_device(self, params: dict[str, Any]) -> dict[str, Any]:
        """AdminForgetDevice."""
        _, pool, user = admin_user(params)
        return self._forget(pool, user, text(params, "DeviceKey"))

    def admin_update_device_status(self, params: dict[str, Any]) -> dict[str, Any]:
        """AdminUpdateDeviceStatus."""
        _, pool, user = admin_user(params)
        return self._set_status(pool, user, params)

    # shared ----------------------------------------------------------------------------------------

    def _devices(self, pool: Any, user: Any) -> dict[str, Device]:
        return self._s.devices.setdefault((pool.id, user.username), {})

    @staticmethod
    def _tracking(pool: Any) -> dict[str, Any]:
        config = device_tracking(pool)
        if config is None:
            raise CognitoError(
                "InvalidUserPoolConfigurationException",
                "Device tracking is not enabled for this user pool.",
            )
        return config

    def _confirmed(self, pool: Any, user: Any, device_key: str) -> Device:
        self._tracking(pool)
        device = self._devices(pool, user).get(device_key)
        if device is None or not device.confirmed:
            raise CognitoError("ResourceNotFoundException", _NOT_FOUND)
        return device

    def _set_status(self, pool: Any, user: Any, params: dict[str, Any]) -> dict[str, Any]:
        device = self._confirmed(pool, user, text(params, "DeviceKey"))
        status = text(params, "DeviceRememberedStatus", required=False) or "not_remembered"
        if status not in _STATUSES:
            raise CognitoError(
                "InvalidParameterException",
                f"1 validation error detected: Value '{status[:40]}' at 'deviceRememberedStatus' "
                "failed to satisfy constraint: Member must satisfy enum value set: "
                "[remembered, not_remembered]",
            )
        device.remembered = _STATUSES[status]
        device.modified = self._s.clock()
        return {}

    def _list(self, pool: Any, user: Any, params: dict[str, Any]) -> dict[str, Any]:
        self._tracking(pool)
        confirmed = [d for d in self._devices(pool, user).values() if d.confirmed]
        limit = int(params.get("Limit") or _MAX_LIMIT)
        start = page_offset(params, "PaginationToken")
        page = confirmed[start : start + limit]
        result: dict[str, Any] = {"Devices": [_describe(d) for d in page]}
        if start + len(page) < len(confirmed):
            result["PaginationToken"] = str(start + len(page))
        return result

    def _forget(self, pool: Any, user: Any, device_key: str) -> dict[str, Any]:
        self._confirmed(pool, user, device_key)
        del self._devices(pool, user)[device_key]
        return {}


def _group_key() -> str:
    """A device group key in Cognito's shape (a dash and nine characters)."""
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    return "-" + "".join(secrets.choice(alphabet) for _ in range(9))
