"""list_aws_profiles: names and regions from the AWS files, env overrides, no secrets."""

from __future__ import annotations

from pathlib import Path

from cognito_bench.store.awsprofiles import aws_file_paths, list_aws_profiles

CONFIG = """
[default]
region = us-east-1

[profile staging-admin]
region = eu-west-1
role_arn = arn:aws:iam::123456789012:role/Admin
source_profile = default

[profile no-region]
output = json

[sso-session corp]
sso_region = us-east-1

[services local]
cognito-idp =
  endpoint_url = http://localhost:4566
"""

CREDENTIALS = """
[default]
aws_access_key_id = AKIAEXAMPLE
aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY

[ci]
aws_access_key_id = AKIACI
aws_secret_access_key = ci-secret-value
region = ap-southeast-2

[no-region]
region = ca-central-1
"""


def _write(tmp_path: Path, config: str, credentials: str) -> dict[str, str]:
    (tmp_path / "cfg").write_text(config)
    (tmp_path / "creds").write_text(credentials)
    return {
        "HOME": str(tmp_path),
        "AWS_CONFIG_FILE": str(tmp_path / "cfg"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "creds"),
    }


def test_profiles_and_regions(tmp_path: Path) -> None:
    found = list_aws_profiles(_write(tmp_path, CONFIG, CREDENTIALS))
    assert found.names() == ["default", "ci", "no-region", "staging-admin"]
    assert found.region_of("default") == "us-east-1"
    assert found.region_of("staging-admin") == "eu-west-1"
    assert found.region_of("ci") == "ap-southeast-2"
    # The credentials file wins, as in botocore.
    assert found.region_of("no-region") == "ca-central-1"
    assert found.region_of("missing") == ""
    assert found.default == "default"
    assert found.warnings == ()
    by_name = {p.name: p for p in found.profiles}
    assert by_name["default"].sources == ("config", "credentials")
    assert by_name["ci"].sources == ("credentials",)
    assert "secret" not in repr(found).lower()
    assert "AKIA" not in repr(found)


def test_aws_profile_env_picks_the_default(tmp_path: Path) -> None:
    env = _write(tmp_path, CONFIG, CREDENTIALS)
    assert list_aws_profiles({**env, "AWS_PROFILE": "ci"}).default == "ci"


def test_standard_locations_under_home(tmp_path: Path) -> None:
    (tmp_path / ".aws").mkdir()
    (tmp_path / ".aws" / "config").write_text("[profile dev]\nregion = eu-north-1\n")
    env = {"HOME": str(tmp_path)}
    assert aws_file_paths(env) == (tmp_path / ".aws" / "config", tmp_path / ".aws" / "credentials")
    found = list_aws_profiles(env)
    assert found.names() == ["dev"]
    assert found.default == ""


def test_no_files_no_profiles(tmp_path: Path) -> None:
    found = list_aws_profiles({"HOME": str(tmp_path)})
    assert found.profiles == ()
    assert found.warnings == ()


def test_broken_file_warns_without_echoing_content(tmp_path: Path) -> None:
    broken = "[default]\nregion = us-west-2\nthis line is broken secret-xyz\n[profile ok]\nregion = eu-west-3\n"
    env = _write(tmp_path, broken, "aws_secret_access_key = no-section-secret\n")
    found = list_aws_profiles(env)
    assert found.region_of("ok") == "eu-west-3"
    assert found.region_of("default") == "us-west-2"
    assert len(found.warnings) == 2
    assert "secret-xyz" not in " ".join(found.warnings)
    assert "no-section-secret" not in " ".join(found.warnings)
