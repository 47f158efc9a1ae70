"""The wiring: ``KIND=FILE[:FUNCTION]``, the project file ``cognito-bench.toml``, node's check."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cognito_bench.emulator.triggers import (
    KINDS,
    TriggerConfig,
    TriggerConfigError,
    find_config,
    load_config,
    parse_trigger,
)


@pytest.fixture
def handler(tmp_path: Path) -> Path:
    path = tmp_path / "pre.py"
    path.write_text("def handler(event, context):\n    return event\n", encoding="utf-8")
    return path


def test_kinds_are_the_lambda_config_keys() -> None:
    import botocore.session

    model = botocore.session.get_session().get_service_model("cognito-idp")
    members = set(model.shape_for("LambdaConfigType").members)
    # every key but the custom senders (they need KMS), the legacy config and the key id
    assert set(KINDS) == members - {
        "CustomEmailSender",
        "CustomSMSSender",
        "KMSKeyID",
        "PreTokenGenerationConfig",
        "InboundFederation",
    }
    assert len(KINDS) == 10


def test_parse_a_trigger(handler: Path) -> None:
    spec = parse_trigger(f"presignup={handler}")
    assert (spec.kind, spec.path, spec.function, spec.language) == (
        "PreSignUp",
        handler,
        "handler",
        "python",
    )
    named = parse_trigger("PreSignUp=pre.py:main", base=handler.parent)
    assert (named.path, named.function) == (handler, "main")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("PreSignUp", "is not KIND=FILE[:FUNCTION]"),
        ("Nope=pre.py", "unknown trigger kind 'Nope'"),
        ("PreSignUp=missing.py", "does not exist"),
        ("PreSignUp=pre.txt", "neither Python (.py) nor JavaScript"),
        ("PreSignUp=", "no handler file given"),
    ],
)
def test_bad_triggers_are_one_line(handler: Path, text: str, problem: str) -> None:
    (handler.parent / "pre.txt").write_text("", encoding="utf-8")
    with pytest.raises(TriggerConfigError) as info:
        parse_trigger(text, base=handler.parent)
    assert problem in str(info.value)
    assert "\n" not in str(info.value)


def test_versions(handler: Path) -> None:
    assert TriggerConfig.parse([]).pre_token_version == "V2_0"
    assert TriggerConfig.parse([], "v1_0").pre_token_version == "V1_0"
    with pytest.raises(TriggerConfigError, match="not one of V1_0, V2_0, V3_0"):
        TriggerConfig.parse([], "V4_0")


def test_the_project_file(handler: Path) -> None:
    js = handler.with_name("tokens.mjs")
    js.write_text("export const claims = async (e) => e;\n", encoding="utf-8")
    (handler.parent / "cognito-bench.toml").write_text(
        "[triggers]\n"
        'PreSignUp = "pre.py"\n'
        'PreTokenGeneration = { file = "tokens.mjs", function = "claims" }\n'
        'pre_token_version = "V3_0"\n',
        encoding="utf-8",
    )
    path = find_config(handler.parent)
    assert path is not None
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    config = load_config(path)
    assert config.pre_token_version == "V3_0"
    assert config.specs["PreSignUp"].path == handler
    assert (
        config.specs["PreTokenGeneration"].path,
        config.specs["PreTokenGeneration"].function,
    ) == (
        js,
        "claims",
    )
    # the command line's triggers go over the file's
    over = config.merged(TriggerConfig.parse([f"PreSignUp={handler}:other"]), version_given=False)
    assert over.specs["PreSignUp"].function == "other"
    assert over.pre_token_version == "V3_0"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[triggers\n", "not valid TOML"),
        ("triggers = 3\n", "[triggers] must be a table"),
        ("[triggers]\nPreSignUp = 3\n", 'expected "FILE[:FUNCTION]"'),
        ('[triggers]\nNope = "pre.py"\n', "unknown trigger kind"),
    ],
)
def test_bad_project_files(handler: Path, text: str, problem: str) -> None:
    path = handler.with_name("cognito-bench.toml")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TriggerConfigError) as info:
        load_config(path)
    assert problem in str(info.value)


def test_a_javascript_handler_without_node(handler: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    js = handler.with_name("pre.js")
    js.write_text("exports.handler = async (e) => e;\n", encoding="utf-8")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(TriggerConfigError) as info:
        TriggerConfig.parse([f"PreSignUp={js}"])
    assert str(info.value) == "PreSignUp: pre.js needs Node.js, and node is not on PATH"
