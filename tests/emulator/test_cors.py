"""Behaviour 11: browsers are welcome: CORS preflights and headers on every answer."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from cognito_bench.emulator import LocalTarget

ORIGIN = "http://localhost:8080"


def test_preflight_allows_the_sdk_headers(local: LocalTarget) -> None:
    request = urllib.request.Request(
        local.endpoint_url + "/",
        method="OPTIONS",
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type,x-amz-target,x-amz-user-agent",
        },
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200
        allowed = response.headers["Access-Control-Allow-Headers"].lower()
        assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
        assert "POST" in response.headers["Access-Control-Allow-Methods"]
    for header in ("x-amz-target", "x-amz-user-agent", "content-type", "authorization"):
        assert header in allowed


def test_answers_and_errors_carry_the_cors_headers(local: LocalTarget) -> None:
    request = urllib.request.Request(
        local.endpoint_url + "/",
        data=json.dumps({"ClientId": local.client_id, "Username": "nobody-here"}).encode(),
        headers={
            "Origin": ORIGIN,
            "X-Amz-Target": "AWSCognitoIdentityProviderService.ForgotPassword",
            "Content-Type": "application/x-amz-json-1.1",
        },
    )
    try:
        urllib.request.urlopen(request, timeout=10)
    except urllib.error.HTTPError as error:
        error.close()
        assert error.code == 400
        assert error.headers["Access-Control-Allow-Origin"] == ORIGIN
        assert "x-amzn-ErrorType" in error.headers["Access-Control-Expose-Headers"]
    else:
        raise AssertionError("ForgotPassword for an unknown user succeeded")
