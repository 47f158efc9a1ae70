"""Which handler file answers which trigger: ``KIND=FILE[:FUNCTION]``, and the project file.

A wiring is a :class:`TriggerConfig`: one :class:`TriggerSpec` per ``LambdaConfig`` key
(``PreSignUp``, ``PreTokenGeneration``, ...) and the pre-token-generation event version.
It comes from the command line (``--trigger``, ``--pre-token-version``), from Python
(``TriggerConfig.parse([...])``) or from a project file, ``cognito-bench.toml``::

    [triggers]
    PreSignUp = "triggers/pre_signup.py"
    PreTokenGeneration = "triggers/tokens.mjs:addClaims"
    pre_token_version = "V2_0"

Relative paths in the file are relative to the file's folder, so a team keeps the wiring
next to its handlers in its repository. Every problem is a :class:`TriggerConfigError` with
a one-line message (the command line prints it and exits 2).
"""

from __future__ import annotations

import shutil
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

__all__ = [
    "CONFIG_NAME",
    "KINDS",
    "PRE_TOKEN_VERSIONS",
    "TriggerConfig",
    "TriggerConfigError",
    "TriggerSpec",
    "find_config",
    "from_options",
    "load_config",
    "parse_trigger",
]

#: The ``LambdaConfig`` keys the emulator runs (Cognito's names, in flow order).
KINDS = (
    "PreSignUp",
    "PostConfirmation",
    "PreAuthentication",
    "PostAuthentication",
    "PreTokenGeneration",
    "CustomMessage",
    "DefineAuthChallenge",
    "CreateAuthChallenge",
    "VerifyAuthChallengeResponse",
    "UserMigration",
)
#: ``PreTokenGenerationConfig.LambdaVersion`` values; V2_0 customizes the access token too.
PRE_TOKEN_VERSIONS = ("V1_0", "V2_0", "V3_0")
DEFAULT_VERSION = PRE_TOKEN_VERSIONS[1]
#: The project file looked for in the current folder.
CONFIG_NAME = "cognito-bench.toml"
#: Handler files by language.
PYTHON_SUFFIXES = (".py",)
NODE_SUFFIXES = (".js", ".mjs", ".cjs")


class TriggerConfigError(ValueError):
    """A wiring that cannot work; the message is one line naming the culprit."""


@dataclass(frozen=True)
class TriggerSpec:
    """One trigger: the handler ``function`` in ``path`` answers ``kind``.

    Attributes:
        kind: a ``LambdaConfig`` key (:data:`KINDS`).
        path: the handler file (absolute).
        function: the exported function's name (Lambda's ``file.function``).
    """

    kind: str
    path: Path
    function: str = "handler"

    @property
    def language(self) -> str:
        """``python`` or ``node``."""
        return "python" if self.path.suffix in PYTHON_SUFFIXES else "node"

    def describe(self) -> str:
        """``KIND=FILE:FUNCTION`` as it was wired."""
        return f"{self.kind}={self.path}:{self.function}"

    def to_json(self) -> dict[str, str]:
        """The spec as a JSON-ready dict."""
        return {"kind": self.kind, "file": str(self.path), "function": self.function}


def _kind(text: str) -> str:
    for kind in KINDS:
        if kind.lower() == text.strip().lower():
            return kind
    raise TriggerConfigError(
        f"unknown trigger kind {text.strip()!r}: use one of {', '.join(KINDS)}"
    )


def _spec(kind: str, value: str, base: Path) -> TriggerSpec:
    """A spec from ``FILE[:FUNCTION]`` (a Windows drive letter is not a function)."""
    path_text, function = value, "handler"
    head, sep, tail = value.rpartition(":")
    if sep and tail.isidentifier() and len(head) > 1:
        path_text, function = head, tail
    if not path_text.strip():
        raise TriggerConfigError(f"{kind}: no handler file given")
    if not function.isidentifier():
        raise TriggerConfigError(f"{kind}: {function!r} is not a function name")
    path = Path(path_text).expanduser()
    if not path.is_absolute():
        path = base / path
    path = path.resolve()
    if path.suffix not in PYTHON_SUFFIXES + NODE_SUFFIXES:
        raise TriggerConfigError(
            f"{kind}: {path.name} is neither Python (.py) nor JavaScript (.js, .mjs, .cjs)"
        )
    if not path.is_file():
        raise TriggerConfigError(f"{kind}: handler file {path} does not exist")
    return TriggerSpec(kind, path, function)


def parse_trigger(text: str, base: Path | None = None) -> TriggerSpec:
    """``KIND=FILE[:FUNCTION]`` (the ``--trigger`` syntax) as a :class:`TriggerSpec`.

    Args:
        text: e.g. ``PreSignUp=triggers/pre.py`` or ``PreTokenGeneration=t.mjs:claims``.
        base: the folder relative paths start from (default: the current folder).

    Raises:
        TriggerConfigError: an unknown kind, a missing file, an unknown language.
    """
    kind_text, sep, value = text.partition("=")
    if not sep:
        raise TriggerConfigError(f"trigger {text!r} is not KIND=FILE[:FUNCTION]")
    return _spec(_kind(kind_text), value.strip(), base or Path.cwd())


def _version(text: str) -> str:
    version = text.strip().upper()
    if version not in PRE_TOKEN_VERSIONS:
        raise TriggerConfigError(
            f"pre-token-generation version {text!r} is not one of {', '.join(PRE_TOKEN_VERSIONS)}"
        )
    return version


@dataclass(frozen=True)
class TriggerConfig:
    """The triggers an emulator runs: at most one handler per kind, and the V1/V2/V3 choice.

    Attributes:
        specs: kind -> its handler.
        pre_token_version: the PreTokenGeneration event version (``V2_0`` by default).
    """

    specs: Mapping[str, TriggerSpec] = field(default_factory=dict)
    pre_token_version: str = DEFAULT_VERSION

    @classmethod
    def parse(
        cls,
        triggers: Iterable[str] = (),
        pre_token_version: str = DEFAULT_VERSION,
        base: Path | None = None,
    ) -> TriggerConfig:
        """A config from ``KIND=FILE[:FUNCTION]`` strings (later ones replace earlier ones).

        Raises:
            TriggerConfigError: the first problem, in one line.
        """
        specs = {spec.kind: spec for spec in (parse_trigger(t, base) for t in triggers)}
        config = cls(specs, _version(pre_token_version))
        config.check_runtimes()
        return config

    def merged(self, other: TriggerConfig, version_given: bool = True) -> TriggerConfig:
        """``other``'s triggers over these (the command line over the project file)."""
        version = other.pre_token_version if version_given else self.pre_token_version
        return replace(self, specs={**self.specs, **other.specs}, pre_token_version=version)

    def check_runtimes(self) -> None:
        """Refuse a JavaScript handler when ``node`` is not on PATH.

        Raises:
            TriggerConfigError: naming the first trigger that needs node.
        """
        for spec in self.specs.values():
            if spec.language == "node" and shutil.which("node") is None:
                raise TriggerConfigError(
                    f"{spec.kind}: {spec.path.name} needs Node.js, and node is not on PATH"
                )

    def to_json(self) -> dict[str, Any]:
        """The wiring as a JSON-ready dict (what ``cognito-bench local`` prints)."""
        return {
            "pre_token_version": self.pre_token_version,
            "triggers": {kind: spec.to_json() for kind, spec in self.specs.items()},
        }


def find_config(folder: Path | None = None) -> Path | None:
    """The project file ``cognito-bench.toml`` in ``folder`` (default: the current folder)."""
    candidate = (folder or Path.cwd()) / CONFIG_NAME
    return candidate if candidate.is_file() else None


def from_options(
    config: str = "",
    triggers: Iterable[str] = (),
    pre_token_version: str | None = None,
) -> TriggerConfig:
    """The wiring the command line asks for: the project file, then ``triggers`` over it.

    Args:
        config: the project file (``--config``); "" for ``cognito-bench.toml`` in the
            current folder when there is one.
        triggers: ``KIND=FILE[:FUNCTION]`` strings (``--trigger``).
        pre_token_version: ``--pre-token-version`` (None: the file's, else V2_0).

    Raises:
        TriggerConfigError: the first problem, in one line.
    """
    path = Path(config) if config else find_config()
    if path is not None and not path.is_file():
        raise TriggerConfigError(f"config file {config} does not exist")
    base = load_config(path) if path is not None else TriggerConfig()
    given = TriggerConfig.parse(triggers, pre_token_version or DEFAULT_VERSION)
    return base.merged(given, version_given=pre_token_version is not None)


def _file_spec(kind: str, value: Any, base: Path) -> TriggerSpec:
    if isinstance(value, str):
        return _spec(kind, value, base)
    if isinstance(value, Mapping) and isinstance(value.get("file"), str):
        function = value.get("function", "handler")
        if not isinstance(function, str):
            raise TriggerConfigError(f"{kind}: function must be a string")
        spec = _spec(kind, value["file"], base)
        return replace(spec, function=function) if function != spec.function else spec
    raise TriggerConfigError(
        f'{kind}: expected "FILE[:FUNCTION]" or {{ file = "...", function = "..." }}'
    )


def load_config(path: Path) -> TriggerConfig:
    """The ``[triggers]`` section of a project file (an empty config when it has none).

    Raises:
        TriggerConfigError: an unreadable file, bad TOML, or a bad entry, in one line.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise TriggerConfigError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise TriggerConfigError(f"{path}: not valid TOML: {exc}") from exc
    section = data.get("triggers", {})
    if not isinstance(section, Mapping):
        raise TriggerConfigError(f"{path}: [triggers] must be a table")
    base = path.resolve().parent
    version = section.get("pre_token_version", DEFAULT_VERSION)
    if not isinstance(version, str):
        raise TriggerConfigError(f"{path}: pre_token_version must be a string")
    specs: dict[str, TriggerSpec] = {}
    for key, value in section.items():
        if key == "pre_token_version":
            continue
        kind = _kind(key)
        specs[kind] = _file_spec(kind, value, base)
    config = TriggerConfig(specs, _version(version))
    config.check_runtimes()
    return config
