"""Remembered devices: confirm one after a sign-in, use it in the next, and manage the list.

After a sign-in in a pool that tracks devices, :meth:`DeviceCalls.remember_device` makes the
device's SRP verifier (pycognito's ``generate_hash_device``), sends ConfirmDevice and, when the
pool asks the user first, UpdateDeviceStatus ``remembered``. Its record carries the device
under ``RememberedDevice`` (key, group key and the device password: a secret, masked wherever
the record is stored), so a session can keep it and pass it to the next SRP sign-in
(``UserPoolCalls.sign_in_srp(..., device=...)``), which then answers DEVICE_SRP_AUTH and
DEVICE_PASSWORD_VERIFIER; on a remembered device Cognito skips MFA.
"""

from __future__ import annotations

from typing import Any

from cognito_bench.aws._call import error_record, failure_of
from cognito_bench.aws._poolclient import PoolClient, combined
from cognito_bench.aws.auth import NewDevice, RememberedDevice, challenge_of
from cognito_bench.aws.record import CallRecord
from cognito_bench.aws.srp import FastSRP, device_verifier
from cognito_bench.aws.validate import (
    check_required,
    check_size,
    check_token,
    first_problem,
)

__all__ = ["DeviceCalls", "check_device_key"]

_MAX_DEVICE_KEY = 55
_MAX_DEVICE_NAME = 1024


def check_device_key(device_key: str) -> str:
    """A problem with a device key (``<region>_<uuid>``), or ""."""
    return first_problem(
        check_required("device key", device_key),
        check_size("device key", device_key, _MAX_DEVICE_KEY),
    )


def _status(remembered: bool) -> str:
    return "remembered" if remembered else "not_remembered"


class DeviceCalls(PoolClient):
    """The signed-in user's devices."""

    def remember_device(
        self,
        access_token: str,
        device: NewDevice,
        device_name: str = "Cognito Bench",
        *,
        remember: bool = True,
    ) -> CallRecord:
        """ConfirmDevice with a fresh SRP verifier, then (if the pool waits for the user's
        word and ``remember``) UpdateDeviceStatus remembered.

        Args:
            access_token: the access token of the sign-in that returned ``device``.
            device: the sign-in's NewDeviceMetadata (``new_device_of(record)``).
            device_name: how the device is listed.
            remember: answer the pool's "remember this device?" prompt with yes.

        Returns:
            One record; its response's ``RememberedDevice`` is what the next sign-in needs.
        """
        label = "Remember device"
        problem = first_problem(
            self._token_problem(),
            check_token(access_token, "access token"),
            check_device_key(device.key),
            check_required("device group key", device.group_key),
            check_size("device name", device_name, _MAX_DEVICE_NAME),
        )
        request: dict[str, Any] = {"AccessToken": access_token, "DeviceKey": device.key}
        if problem:
            return self._idp.invalid("ConfirmDevice", problem, request, label)
        try:
            password, verifier = device_verifier(device.group_key, device.key)
        except Exception as exc:  # the SRP math refused the input: report, never raise
            code, message, _ = failure_of(exc)
            return error_record("ConfirmDevice", code, message, self.target, request=request)
        params = {**request, "DeviceSecretVerifierConfig": verifier}
        if device_name:
            params["DeviceName"] = device_name
        confirm = self._idp.call("ConfirmDevice", params, label=label)
        steps = [confirm]
        if confirm.ok and remember and confirm.response.get("UserConfirmationNecessary"):
            steps.append(self.update_device_status(access_token, device.key, True))
        remembered = RememberedDevice(device.key, device.group_key, password)
        extra = {"RememberedDevice": remembered.to_json()} if steps[-1].ok else {}
        return combined(steps, label, confirm.started_at, **extra)

    def update_device_status(
        self, access_token: str, device_key: str, remembered: bool
    ) -> CallRecord:
        """UpdateDeviceStatus: remembered or not_remembered."""
        params = {
            "AccessToken": access_token,
            "DeviceKey": device_key,
            "DeviceRememberedStatus": _status(remembered),
        }
        problem = first_problem(
            self._token_problem(),
            check_token(access_token, "access token"),
            check_device_key(device_key),
        )
        return self._idp.call(
            "UpdateDeviceStatus",
            params,
            label="Remember device" if remembered else "Do not remember device",
            problem=problem,
        )

    def get_device(self, access_token: str, device_key: str) -> CallRecord:
        """GetDevice."""
        return self._device_call("GetDevice", access_token, device_key, "Get device")

    def forget_device(self, access_token: str, device_key: str) -> CallRecord:
        """ForgetDevice: the device signs in as a new one next time."""
        return self._device_call("ForgetDevice", access_token, device_key, "Forget device")

    def list_devices(self, access_token: str, limit: int = 60) -> CallRecord:
        """ListDevices (the first page, up to ``limit`` devices)."""
        problem = first_problem(
            self._token_problem(),
            check_token(access_token, "access token"),
            "" if 0 <= limit <= 60 else "limit must be 0 to 60",
        )
        return self._idp.call(
            "ListDevices",
            {"AccessToken": access_token, "Limit": limit},
            label="List devices",
            problem=problem,
        )

    def _device_call(
        self, operation: str, access_token: str, device_key: str, label: str
    ) -> CallRecord:
        problem = first_problem(
            self._token_problem(),
            check_token(access_token, "access token"),
            check_device_key(device_key),
        )
        params = {"AccessToken": access_token, "DeviceKey": device_key}
        return self._idp.call(operation, params, label=label, problem=problem)

    # the sign-in that uses a remembered device -------------------------------------------------

    def _device_steps(self, previous: CallRecord, srp: FastSRP, label: str) -> list[CallRecord]:
        """DEVICE_SRP_AUTH then DEVICE_PASSWORD_VERIFIER, when ``previous`` asked for them."""
        challenge = challenge_of(previous)
        if challenge is None or challenge.name != "DEVICE_SRP_AUTH":
            return []
        username = challenge.parameters.get("USERNAME") or challenge.username
        params: dict[str, Any] = {
            "ClientId": self.target.client_id,
            "ChallengeName": "DEVICE_SRP_AUTH",
            "ChallengeResponses": srp.device_srp_responses(username),
            "Session": challenge.session,
        }
        first = self._idp.call("RespondToAuthChallenge", params, label=f"{label}: DEVICE_SRP_AUTH")
        verifier = challenge_of(first)
        if verifier is None or verifier.name != "DEVICE_PASSWORD_VERIFIER":
            return [first]
        try:
            responses = srp.device_verifier_responses(verifier.parameters)
        except Exception as exc:  # a malformed challenge from the server
            code, message, _ = failure_of(exc)
            return [
                first,
                error_record(
                    "RespondToAuthChallenge",
                    code,
                    f"cannot answer DEVICE_PASSWORD_VERIFIER: {message}",
                    self.target,
                ),
            ]
        second = self._idp.call(
            "RespondToAuthChallenge",
            {
                "ClientId": self.target.client_id,
                "ChallengeName": "DEVICE_PASSWORD_VERIFIER",
                "ChallengeResponses": responses,
                "Session": verifier.session,
            },
            label=f"{label}: DEVICE_PASSWORD_VERIFIER",
        )
        return [first, second]
