"""The token diff: claims added, removed and changed, times as differences, bad tokens."""

from __future__ import annotations

from cognito_bench.tokens.diff import (
    ABSENT,
    diff_claims,
    diff_tokens,
    time_difference,
    trigger_claims,
)
from tests.tokens.factory import b64json


def _token(payload: dict[str, object], header: dict[str, object] | None = None) -> str:
    return f"{b64json(header or {'alg': 'RS256', 'kid': 'k1'})}.{b64json(payload)}.c2ln"


def test_a_refresh_changes_times_and_ids_and_nothing_else() -> None:
    before = _token({"sub": "u1", "iat": 1_700_000_000, "exp": 1_700_003_600, "jti": "a"})
    after = _token({"sub": "u1", "iat": 1_700_001_800, "exp": 1_700_005_400, "jti": "b"})
    diff = diff_tokens(before, after)
    rows = {(r.part, r.name): r for r in diff.rows}
    assert rows[("header", "alg")].kind == "same"
    assert rows[("payload", "sub")].kind == "same"
    assert rows[("payload", "exp")].kind == "changed"
    assert rows[("payload", "exp")].difference == "+30 min"
    assert rows[("payload", "iat")].difference == "+30 min"
    assert rows[("payload", "jti")] == ("payload", "jti", "changed", '"a"', '"b"', "")
    assert diff.summary() == "3 changed; 3 the same."
    assert [r.name for r in diff.changes] == ["iat", "exp", "jti"]


def test_added_and_removed_claims_keep_the_first_tokens_order() -> None:
    rows = diff_claims({"a": 1, "b": [1, 2], "c": True}, {"c": True, "d": {"x": 1}, "a": 3})
    assert [(r.name, r.kind) for r in rows] == [
        ("a", "changed"),
        ("b", "removed"),
        ("c", "same"),
        ("d", "added"),
    ]
    assert rows[0].difference == "+2"
    assert rows[1].after == ABSENT and rows[1].before == "[1,2]"
    assert rows[3].before == ABSENT and rows[3].after == '{"x":1}'


def test_times_going_back_and_odd_values() -> None:
    assert time_difference(-3600) == "-1 h"
    assert time_difference(0) == "±0 s"
    assert time_difference(float("inf")) == "+forever"
    rows = diff_claims(
        {"exp": 100, "auth_time": "x", "n": True}, {"exp": 40, "auth_time": 5, "n": 1}
    )
    by = {r.name: r for r in rows}
    assert by["exp"].difference == "-1 min"
    assert by["auth_time"].kind == "changed" and by["auth_time"].difference == ""
    assert by["n"].kind == "changed" and by["n"].difference == ""  # true is no number


def test_a_token_that_does_not_decode_says_why() -> None:
    good = _token({"sub": "u1"})
    diff = diff_tokens("not a token", good)
    assert diff.before_error and not diff.after_error
    assert [(r.name, r.kind) for r in diff.rows if r.part == "payload"] == [("sub", "added")]
    same = diff_tokens(good, good)
    assert same.summary().startswith("Same claims") and not same.changes


def test_what_a_pre_token_generation_answer_set_per_token() -> None:
    v2 = {
        "kind": "PreTokenGeneration",
        "answer": {
            "response": {
                "claimsAndScopeOverrideDetails": {
                    "idTokenGeneration": {
                        "claimsToAddOrOverride": {"team": "qa"},
                        "claimsToSuppress": ["email"],
                    },
                    "accessTokenGeneration": {"scopesToAdd": ["demo/read"]},
                    "groupOverrideDetails": {"groupsToOverride": ["admins"]},
                }
            }
        },
    }
    assert trigger_claims([v2], "id") == {
        "team": "set by PreTokenGeneration",
        "email": "suppressed by PreTokenGeneration",
        "cognito:groups": "set by PreTokenGeneration",
    }
    assert trigger_claims([v2], "access") == {
        "scope": "changed by PreTokenGeneration",
        "cognito:groups": "set by PreTokenGeneration",
    }
    v1 = {
        "kind": "PreTokenGeneration",
        "answer": {"response": {"claimsOverrideDetails": {"claimsToAddOrOverride": {"a": "1"}}}},
    }
    assert trigger_claims([v1], "id") == {"a": "set by PreTokenGeneration"}
    assert trigger_claims([v1], "access") == {}
    failed = {**v2, "error": "PreTokenGeneration failed"}
    odd = {"kind": "PreTokenGeneration", "answer": ["not", "an", "event"]}
    other = {"kind": "PreSignUp", "answer": v2["answer"]}
    assert trigger_claims([failed, odd, other], "id") == {}
