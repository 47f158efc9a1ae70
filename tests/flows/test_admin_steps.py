"""The Admin pane's steps for factors, devices, sessions and client secrets, run as a flow
runs them (``perform``) against the local Cognito, on a pool of the test's own."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from cognito_bench.aws import UserPoolCalls, tokens_of
from cognito_bench.aws.auth import new_device_of
from cognito_bench.aws.record import CallRecord
from cognito_bench.aws.target import Target
from cognito_bench.emulator import LocalTarget, local_client
from cognito_bench.flows.session import Session
from cognito_bench.flows.steps import STEPS, Form, perform

PASSWORD = "Bench-Passw0rd!"


def _unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def pool(local: LocalTarget) -> tuple[Target, Any]:
    """A pool that tracks devices (always remembered), a client with a secret, one user."""
    idp = local_client("cognito-idp", local.endpoint_url)
    pool_id = idp.create_user_pool(
        PoolName=_unique("pool"),
        Policies={"PasswordPolicy": {"MinimumLength": 8}},
        DeviceConfiguration={
            "ChallengeRequiredOnNewDevice": False,
            "DeviceOnlyRememberedOnUserPrompt": False,
        },
    )["UserPool"]["Id"]
    client = idp.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="web",
        GenerateSecret=True,
        ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]
    target = local.target().replace(
        user_pool_id=pool_id, client_id=client["ClientId"], client_secret=client["ClientSecret"]
    )
    return target, idp


def _run(name: str, form: Form) -> CallRecord:
    (record,) = perform(STEPS[name], form, Session())
    return record


def _user(idp: Any, target: Target) -> str:
    name = _unique("user")
    idp.admin_create_user(UserPoolId=target.user_pool_id, Username=name, MessageAction="SUPPRESS")
    idp.admin_set_user_password(
        UserPoolId=target.user_pool_id, Username=name, Password=PASSWORD, Permanent=True
    )
    return name


def test_devices_factors_and_the_software_token(pool: tuple[Target, Any]) -> None:
    target, idp = pool
    username = _user(idp, target)
    calls = UserPoolCalls(target)
    signed = calls.sign_in_srp(username, PASSWORD)
    tokens, device = tokens_of(signed), new_device_of(signed)
    assert tokens is not None and device is not None, signed.one_line()
    assert calls.remember_device(tokens.access_token, device).ok
    form = Form(target, username)
    listed = _run("admin_list_devices", form)
    assert [d["DeviceKey"] for d in listed.response["Devices"]] == [device.key]
    refused = _run("admin_forget_device", form)
    assert refused.error_code == "InvalidInput" and "device key" in refused.error_message
    assert _run("admin_forget_device", form._replace(device_key=device.key)).ok
    assert _run("admin_list_devices", form).response["Devices"] == []
    factors = _run("admin_auth_factors", form)
    assert factors.ok and factors.operation == "AdminGetUserAuthFactors"
    # no TOTP to delete: Cognito's own refusal, not the bench's
    deleted = _run("admin_delete_software_token", form)
    assert deleted.operation == "AdminDeleteSoftwareToken"
    assert deleted.error_code != "InvalidInput"
    assert _run("admin_list_devices", Form(target)).error_code == "InvalidInput"


def _status(record: CallRecord) -> str:
    attrs = record.response["Device"]["DeviceAttributes"]
    return next(a["Value"] for a in attrs if a["Name"] == "dev:device_remembered_status")


def test_get_device_and_the_admin_device_steps(pool: tuple[Target, Any]) -> None:
    target, idp = pool
    username = _user(idp, target)
    session, _ = Session().absorb(UserPoolCalls(target).sign_in_srp(username, PASSWORD), username)
    assert session.new_device is not None
    [remembered] = perform(STEPS["remember_device"], Form(target), session)
    session, _ = session.absorb(remembered)
    assert session.device is not None, remembered.one_line()
    key = session.device.key
    # GetDevice: the session's remembered device unless another key is given
    [got] = perform(STEPS["get_device"], Form(target), session)
    assert got.ok and got.request["DeviceKey"] == key, got.one_line()
    [missing] = perform(STEPS["get_device"], Form(target), Session())
    assert missing.error_code == "InvalidInput" and "Sign in first" in missing.error_message
    form = Form(target, username, device_key=key)
    assert _status(_run("admin_get_device", form)) == "remembered"
    updated = _run("admin_update_device_status", form._replace(device_remembered=False))
    assert updated.ok and updated.request["DeviceRememberedStatus"] == "not_remembered"
    assert _status(_run("admin_get_device", form)) == "not_remembered"
    assert _run("admin_update_device_status", form).request["DeviceRememberedStatus"] == (
        "remembered"
    )
    assert _status(_run("admin_get_device", form)) == "remembered"
    no_key = _run("admin_get_device", form._replace(device_key=""))
    assert no_key.error_code == "InvalidInput" and "device key" in no_key.error_message
    unknown = _run("admin_get_device", form._replace(device_key=f"{key[:-4]}0000"))
    assert unknown.error_code == "ResourceNotFoundException"


def test_session_tracking_sessions_and_client_secrets(pool: tuple[Target, Any]) -> None:
    target, idp = pool
    form = Form(target)
    assert _run("admin_get_session_config", form).response["UserSessionTracking"] == "DISABLED"
    bad = _run("admin_set_session_config", form._replace(max_sessions="lots"))
    assert bad.error_code == "InvalidInput" and "max sessions" in bad.error_message
    assert _run("admin_set_session_config", form._replace(max_sessions="3")).ok
    config = _run("admin_get_session_config", form).response
    assert config["UserSessionTracking"] == "ENABLED"
    assert config["TokenSession"]["MaxPerUser"] == 3
    username = _user(idp, target)
    assert tokens_of(UserPoolCalls(target).sign_in_srp(username, PASSWORD)) is not None
    [session] = _run("admin_list_sessions", Form(target, username)).response["Sessions"]
    revoke = Form(target, username, session_id=session["SessionId"])
    assert _run("admin_revoke_session", revoke).ok
    assert _run("admin_list_sessions", Form(target, username)).response["Sessions"] == []

    added = _run("admin_add_client_secret", form)
    assert added.ok, added.one_line()
    value = added.response["ClientSecretDescriptor"]["ClientSecretValue"]
    assert value not in str(added.to_json()["request"])
    secrets = _run("admin_list_client_secrets", form).response["ClientSecrets"]
    assert len(secrets) == 2
    missing = _run("admin_delete_client_secret", form)
    assert missing.error_code == "InvalidInput"
    newest = max(secrets, key=lambda s: str(s.get("ClientSecretCreateDate", "")))
    gone = form._replace(client_secret_id=str(newest["ClientSecretId"]))
    assert _run("admin_delete_client_secret", gone).ok
    assert len(_run("admin_list_client_secrets", form).response["ClientSecrets"]) == 1


def test_get_client_token_step_makes_a_machine_session(local: LocalTarget) -> None:
    target = local.target().replace(
        client_id=local.client_token_client_id, client_secret=local.client_token_client_secret
    )
    form = Form(target, scopes="openid bench-api/read")
    record = _run("get_client_token", form)
    assert record.ok, record.one_line()
    assert record.request["Scopes"] == ["bench-api/read"]  # custom scopes only
    session, _change = Session().absorb(record)
    assert session.machine and session.access_token and not session.refresh_token
    refused = _run("get_client_token", Form(local.target()))
    assert refused.error_code == "InvalidInput" and "client secret" in refused.error_message
