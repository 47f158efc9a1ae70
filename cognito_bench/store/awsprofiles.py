"""The AWS CLI profiles on this computer: names and default regions, nothing secret.

Reads the standard files the way the AWS CLI and boto3 do, without importing boto3:
``~/.aws/config`` (``[default]``, ``[profile NAME]``) and ``~/.aws/credentials``
(``[NAME]``), or the files named by ``AWS_CONFIG_FILE`` and ``AWS_SHARED_CREDENTIALS_FILE``.
A setting in the credentials file wins over the same profile's setting in the config file
(as in botocore). Only names and regions are returned: credentials are never read into
the result.
"""

from __future__ import annotations

import configparser
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

__all__ = ["AwsProfile", "AwsProfiles", "aws_file_paths", "list_aws_profiles"]

_DEFAULT = "default"


@dataclass(frozen=True)
class AwsProfile:
    """One AWS CLI profile.

    Attributes:
        name: the profile name (``default``, ``staging-admin``).
        region: its default region, or "" when it sets none.
        sources: which files define it: ``config``, ``credentials`` or both.
    """

    name: str
    region: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class AwsProfiles:
    """What :func:`list_aws_profiles` found.

    Attributes:
        profiles: every profile, ``default`` first, then by name.
        default: the profile the AWS SDKs use with no choice made (``AWS_PROFILE``,
            else ``default`` when it exists, else "").
        warnings: one line per file that exists but could not be parsed.
    """

    profiles: tuple[AwsProfile, ...]
    default: str
    warnings: tuple[str, ...] = ()

    def names(self) -> list[str]:
        """The profile names, in display order."""
        return [p.name for p in self.profiles]

    def region_of(self, name: str) -> str:
        """The default region of profile ``name``, or ""."""
        return next((p.region for p in self.profiles if p.name == name), "")


def aws_file_paths(environ: Mapping[str, str] | None = None) -> tuple[Path, Path]:
    """(config file, credentials file), honouring ``AWS_CONFIG_FILE`` and
    ``AWS_SHARED_CREDENTIALS_FILE``."""
    env = os.environ if environ is None else environ
    home = Path(env.get("HOME") or Path.home())
    config = env.get("AWS_CONFIG_FILE") or str(home / ".aws" / "config")
    credentials = env.get("AWS_SHARED_CREDENTIALS_FILE") or str(home / ".aws" / "credentials")
    return Path(config).expanduser(), Path(credentials).expanduser()


def _read(path: Path, warnings: list[str]) -> configparser.RawConfigParser | None:
    parser = configparser.RawConfigParser(default_section="__no_defaults__", strict=False)
    try:
        with path.open(encoding="utf-8") as handle:
            parser.read_file(handle)
    except FileNotFoundError:
        return None
    except configparser.ParsingError as exc:
        # The sections before and after the bad lines are still read; say which file.
        warnings.append(f"{path} has lines that could not be read ({type(exc).__name__}).")
        return parser
    except (OSError, UnicodeDecodeError, configparser.Error) as exc:
        # Never echo the file's content: it may hold keys.
        warnings.append(f"{path} could not be read ({type(exc).__name__}).")
        return None
    return parser


def _config_profile_name(section: str) -> str | None:
    section = section.strip()
    if section == _DEFAULT:
        return _DEFAULT
    kind, _, rest = section.partition(" ")
    if kind == "profile" and rest.strip():
        return rest.strip()
    # sso-session, services and other sections are not profiles.
    return None


def list_aws_profiles(environ: Mapping[str, str] | None = None) -> AwsProfiles:
    """The AWS CLI profiles from the standard files (missing files mean no profiles)."""
    env = os.environ if environ is None else environ
    config_path, credentials_path = aws_file_paths(env)
    warnings: list[str] = []
    regions: dict[str, str] = {}
    sources: dict[str, list[str]] = {}
    config = _read(config_path, warnings)
    if config is not None:
        for section in config.sections():
            name = _config_profile_name(section)
            if name is None:
                continue
            sources.setdefault(name, []).append("config")
            regions[name] = config.get(section, "region", fallback="").strip()
    credentials = _read(credentials_path, warnings)
    if credentials is not None:
        for section in credentials.sections():
            name = section.strip()
            if not name:
                continue
            if "credentials" not in sources.setdefault(name, []):
                sources[name].append("credentials")
            region = credentials.get(section, "region", fallback="").strip()
            if region or name not in regions:
                regions[name] = region or regions.get(name, "")
    ordered = sorted(sources, key=lambda n: (n != _DEFAULT, n.casefold()))
    profiles = tuple(AwsProfile(n, regions.get(n, ""), tuple(sources[n])) for n in ordered)
    chosen = (env.get("AWS_PROFILE") or env.get("AWS_DEFAULT_PROFILE") or "").strip()
    if not chosen and _DEFAULT in sources:
        chosen = _DEFAULT
    return AwsProfiles(profiles=profiles, default=chosen, warnings=tuple(warnings))
