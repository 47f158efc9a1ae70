"""`cognito-bench local` prints one JSON line with the target, then serves."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.parse
import urllib.request

from cognito_bench.emulator.seed import local_client

REQUIRED = {
    "endpoint_url",
    "region",
    "user_pool_id",
    "client_id",
    "client_id_with_secret",
    "client_secret",
    "identity_pool_id",
    "bucket",
    "issuer",
    "jwks_url",
    "outbox_url",
    "demo_user",
    "emulator",
    "hosted_ui_domain",
    "oauth_redirect_uri",
}


def test_local_prints_target_and_serves() -> None:
    with subprocess.Popen(
        [sys.executable, "-m", "cognito_bench", "local", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as proc:
        try:
            assert proc.stdout is not None
            target = json.loads(proc.stdout.readline())
            assert target.keys() >= REQUIRED
            assert target["endpoint_url"].startswith("http://127.0.0.1:")
            idp = local_client("cognito-idp", target["endpoint_url"])
            pool = idp.describe_user_pool(UserPoolId=target["user_pool_id"])["UserPool"]
            assert pool["Id"] == target["user_pool_id"]
            url = target["endpoint_url"] + "/moto-api/data.json"
            with urllib.request.urlopen(url, timeout=5) as r:
                assert r.status == 200
            # it says it is an emulator, and its issuer, JWKS and outbox are served
            assert target["emulator"] is True
            assert target["issuer"] == f"{target['endpoint_url']}/{target['user_pool_id']}"
            assert target["jwks_url"] == f"{target['issuer']}/.well-known/jwks.json"
            with urllib.request.urlopen(target["jwks_url"], timeout=5) as r:
                assert len(json.loads(r.read())["keys"]) == 1
            with urllib.request.urlopen(target["outbox_url"], timeout=5) as r:
                assert json.loads(r.read()) == []
            # the demo pool's hosted UI shows its sign-in form for the demo callback URL
            assert target["hosted_ui_domain"] == (
                f"{target['endpoint_url']}/_bench/hosted/{target['user_pool_id']}"
            )
            query = urllib.parse.urlencode(
                {
                    "response_type": "code",
                    "client_id": target["client_id"],
                    "redirect_uri": target["oauth_redirect_uri"],
                }
            )
            authorize = f"{target['hosted_ui_domain']}/oauth2/authorize?{query}"
            with urllib.request.urlopen(authorize, timeout=5) as r:
                assert r.status == 200
                assert b'name="password"' in r.read()
        finally:
            proc.terminate()


def test_local_bad_port_is_one_line_exit_2() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "cognito_bench", "local", "--port", "70000"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 2
    assert len(out.stderr.strip().splitlines()) == 1
    assert "Traceback" not in out.stderr
