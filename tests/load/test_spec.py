"""The load spec the parent hands the Locust child, and the binary's one line without Locust."""

from __future__ import annotations

import sys

import pytest

from cognito_bench.aws.target import Target
from cognito_bench.load.spec import NO_LOCUST, LoadSpec, SpecError, locust_missing, parse_timespan


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("60", 60), ("60s", 60), ("1m30s", 90), ("2h", 7200), ("1h1m1s", 3661), ("0.5s", 0.5)],
)
def test_timespans(text: str, seconds: float) -> None:
    assert parse_timespan(text) == seconds


@pytest.mark.parametrize("text", ["", "0", "-5", "soon", "5x", "1m2h", "inf", "nan", "s"])
def test_bad_timespans(text: str) -> None:
    with pytest.raises(SpecError, match="--run-time"):
        parse_timespan(text)


def test_a_spec_goes_through_json_with_the_whole_target() -> None:
    target = Target(region="us-east-1", user_pool_id="us-east-1_X", client_secret="s3cr3t")
    spec = LoadSpec(
        flow_path="f.yaml",
        users=3,
        run_time=2.0,
        rows=[{"a": "1"}],
        target=LoadSpec.target_fields(target),
    )
    again = LoadSpec.from_json(spec.to_json())
    assert again == spec
    assert again.the_target() == target  # the secret included: the child signs with it
    assert LoadSpec(flow_path="f.yaml").the_target() is None


@pytest.mark.parametrize("text", ["[]", "nope", '{"users": 1}', '{"flow_path": "f", "x": 1}'])
def test_a_bad_spec_is_refused(text: str) -> None:
    with pytest.raises(SpecError):
        LoadSpec.from_json(text)


def test_the_binary_says_in_one_line_why_load_is_not_there(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from cognito_bench.cli import main

    assert locust_missing() == ""  # the test extra installs Locust
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert locust_missing() == NO_LOCUST
    assert main(["load", "flow.yaml", "--users", "2"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "70 MB" in err and "pip install 'cognito-bench[load]'" in err
