"""Remembered devices through UserPoolCalls against the local Cognito (the demo pool tracks
devices, remembered on the user's word, and skips MFA on a remembered device)."""

from __future__ import annotations

from cognito_bench.aws import AdminCalls, Tokens, UserPoolCalls, tokens_of
from cognito_bench.aws.auth import RememberedDevice, new_device_of, remembered_device_of
from tests.aws.factories import PASSWORD, UserFactory, totp


def _with_totp(calls: UserPoolCalls, token: str) -> None:
    secret = calls.associate_software_token(access_token=token).response["SecretCode"]
    assert calls.verify_software_token(totp(secret), access_token=token).ok
    assert calls.set_user_mfa_preference(token, totp=True, preferred="totp").ok


def _remembered(calls: UserPoolCalls, username: str) -> tuple[Tokens, RememberedDevice]:
    first = calls.sign_in_srp(username, PASSWORD)
    tokens = tokens_of(first)
    device = new_device_of(first)
    assert tokens is not None and device is not None, first.one_line()
    record = calls.remember_device(tokens.access_token, device, "bench test")
    assert record.ok, record.one_line()
    # the demo pool waits for the user's word: ConfirmDevice, then UpdateDeviceStatus
    assert [s.operation for s in record.steps] == ["ConfirmDevice", "UpdateDeviceStatus"]
    remembered = remembered_device_of(record)
    assert remembered is not None and remembered.key == device.key
    assert "DevicePassword" not in str(record.request)
    return tokens, remembered


def test_a_remembered_device_signs_in_without_mfa(
    calls: UserPoolCalls, make_user: UserFactory
) -> None:
    username = make_user()
    tokens, device = _remembered(calls, username)
    _with_totp(calls, tokens.access_token)
    plain = calls.sign_in_srp(username, PASSWORD)
    assert plain.response.get("ChallengeName") == "SOFTWARE_TOKEN_MFA"
    record = calls.sign_in_srp(username, PASSWORD, device=device)
    assert record.ok, record.one_line()
    assert [s.response.get("ChallengeName") for s in record.steps[:3]] == [
        "PASSWORD_VERIFIER",
        "DEVICE_SRP_AUTH",
        "DEVICE_PASSWORD_VERIFIER",
    ]
    signed = tokens_of(record)
    assert signed is not None
    assert new_device_of(record) is None  # a known device gets no new metadata


def test_refresh_sends_the_remembered_devices_key(
    calls: UserPoolCalls, make_user: UserFactory
) -> None:
    username = make_user()
    tokens, device = _remembered(calls, username)
    record = calls.refresh(username, tokens.refresh_token, device.key)
    assert record.ok, record.one_line()
    assert record.request["AuthParameters"]["DEVICE_KEY"] == device.key
    rotating = calls.refresh_rotating(tokens.refresh_token, device.key)
    assert rotating.ok and rotating.request["DeviceKey"] == device.key
    refused = calls.refresh(username, tokens.refresh_token, "x" * 100)
    assert refused.error_code == "InvalidInput" and "device key" in refused.error_message


def test_a_wrong_device_password_is_refused(calls: UserPoolCalls, make_user: UserFactory) -> None:
    username = make_user()
    _, device = _remembered(calls, username)
    forged = RememberedDevice(device.key, device.group_key, "not-the-device-password")
    record = calls.sign_in_srp(username, PASSWORD, device=forged)
    assert record.error_code == "NotAuthorizedException"
    assert record.error_message == "Incorrect username or password."


def test_list_get_forget(calls: UserPoolCalls, make_user: UserFactory) -> None:
    username = make_user()
    tokens, device = _remembered(calls, username)
    listed = calls.list_devices(tokens.access_token)
    assert [d["DeviceKey"] for d in listed.response["Devices"]] == [device.key]
    got = calls.get_device(tokens.access_token, device.key)
    attributes = {a["Name"]: a["Value"] for a in got.response["Device"]["DeviceAttributes"]}
    assert attributes["dev:device_remembered_status"] == "remembered"
    assert attributes["device_name"] == "bench test"
    assert calls.update_device_status(tokens.access_token, device.key, False).ok
    assert calls.forget_device(tokens.access_token, device.key).ok
    gone = calls.get_device(tokens.access_token, device.key)
    assert (gone.error_code, gone.error_message) == (
        "ResourceNotFoundException",
        "Device does not exist.",
    )
    forgotten = calls.sign_in_srp(username, PASSWORD, device=device)
    assert forgotten.error_code == "ResourceNotFoundException"


def test_admin_forms(calls: UserPoolCalls, admin: AdminCalls, make_user: UserFactory) -> None:
    username = make_user()
    _, device = _remembered(calls, username)
    assert [d["DeviceKey"] for d in admin.admin_list_devices(username).response["Devices"]] == [
        device.key
    ]
    assert admin.admin_get_device(username, device.key).ok
    assert admin.admin_update_device_status(username, device.key, False).ok
    assert admin.admin_forget_device(username, device.key).ok
    assert admin.admin_list_devices(username).response["Devices"] == []


def test_bad_device_input_is_refused_before_sending(calls: UserPoolCalls) -> None:
    assert calls.get_device("token.x.y", "").error_code == "InvalidInput"
    blank = RememberedDevice("us-east-1_x", "-g", "")
    assert calls.sign_in_srp("someone", PASSWORD, device=blank).error_code == "InvalidInput"
