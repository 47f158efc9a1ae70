"""Interoperability: the seed's vanilla-JS flow with amazon-cognito-identity-js under node.

A client nobody here wrote signs up, confirms with the outbox code, signs in with SRP and is
refused with a wrong password. The npm package is installed once into ``.cache/npm``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from cognito_bench.emulator import LocalTarget, totp_now
from tests.emulator.conftest import PASSWORD, make_user, unique

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache" / "npm"
PACKAGE = "amazon-cognito-identity-js@6"
SCRIPT = Path(__file__).with_name("interop_flow.js")
DEVICES = Path(__file__).with_name("interop_devices.js")


@pytest.fixture(scope="module")
def js_modules() -> Path:
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.skip("node and npm are not installed: the JavaScript interop test needs them")
    modules = CACHE / "node_modules"
    if not (modules / "amazon-cognito-identity-js" / "package.json").exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                npm,
                "install",
                "--prefix",
                str(CACHE),
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                PACKAGE,
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
    return modules


def run_script(script: Path, js_modules: Path, *args: str, ok: bool = True) -> Any:
    """Run a node script with the npm package on its path; its one JSON line, parsed.

    ``ok``: whether the script is expected to exit 0 (a refused sign-in exits 1).
    """
    run = subprocess.run(
        ["node", str(script), *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "COGNITO_JS_MODULES": str(js_modules)},
    )
    assert (run.returncode == 0) is ok, run.stdout + run.stderr
    return json.loads(run.stdout)


def test_vanilla_js_flow(local: LocalTarget, js_modules: Path) -> None:
    username = unique("js")
    out = run_script(SCRIPT, js_modules, json.dumps(local.to_json()), username, PASSWORD)
    assert out["signUp"] == {
        "username": username,
        "confirmed": False,
        "delivery": {
            "Destination": f"{username[0]}***@e***",
            "DeliveryMedium": "EMAIL",
            "AttributeName": "email",
        },
    }
    assert out["confirm"] == "SUCCESS"
    assert out["signIn"] == {"valid": True, "idTokenUser": username, "issuer": local.issuer}
    assert out["credentials"] == {"identity": local.region, "accessKey": "ASIA"}
    assert out["wrongPassword"] == {
        "code": "NotAuthorizedException",
        "message": "Incorrect username or password.",
    }


def test_remembered_device_flow_js(
    local: LocalTarget, idp: Any, js_modules: Path, tmp_path: Path
) -> None:
    """setDeviceStatusRemembered, then a sign-in with the cached device skips TOTP MFA."""
    user = make_user(local, idp)
    storage = str(tmp_path / "storage.json")
    args = (json.dumps(local.to_json()), user.username, user.password, storage)
    first = run_script(DEVICES, js_modules, *args, "first")
    assert first["valid"] and first["userConfirmationNecessary"] is True
    assert first["remembered"] == "SUCCESS"
    devices = idp.admin_list_devices(UserPoolId=local.user_pool_id, Username=user.username)
    [device] = devices["Devices"]
    assert device["DeviceKey"] == first["deviceKey"]
    status = {a["Name"]: a["Value"] for a in device["DeviceAttributes"]}
    assert status["dev:device_remembered_status"] == "remembered"
    # TOTP becomes the user's MFA; only the remembered device may skip it
    token = first["accessToken"]
    secret = idp.associate_software_token(AccessToken=token)["SecretCode"]
    idp.verify_software_token(AccessToken=token, UserCode=totp_now(secret))
    idp.set_user_mfa_preference(
        AccessToken=token, SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True}
    )
    again = run_script(DEVICES, js_modules, *args, "again")
    assert again == {"valid": True, "deviceKey": first["deviceKey"]}
    fresh = run_script(
        DEVICES, js_modules, *args[:3], str(tmp_path / "other.json"), "again", ok=False
    )
    assert fresh["failed"]["code"] == "MFA"


def test_custom_auth_with_send_custom_challenge_answer(js_modules: Path) -> None:
    from cognito_bench.emulator import LocalCognito, local_client
    from cognito_bench.emulator.triggers import TriggerConfig
    from tests.emulator.triggers.conftest import FUNCTIONS, HANDLERS

    handler = HANDLERS / "every.mjs"
    kinds = ("DefineAuthChallenge", "CreateAuthChallenge", "VerifyAuthChallengeResponse")
    config = TriggerConfig.parse([f"{kind}={handler}:{FUNCTIONS[kind]}" for kind in kinds])
    with LocalCognito(triggers=config) as target:
        user = make_user(target, local_client("cognito-idp", target.endpoint_url))
        out = run_script(
            SCRIPT.with_name("interop_custom.js"),
            js_modules,
            json.dumps(target.to_json()),
            user.username,
        )
    assert out["first"] == {"question": "0 + 4", "USERNAME": user.username}
    assert out["afterWrong"] == {"question": "1 + 4", "USERNAME": user.username}
    assert out["signedIn"] == {"valid": True, "idTokenUser": user.username}
