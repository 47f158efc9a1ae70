"""Flow files: YAML read with line numbers, checked against the steps and the JSON Schema.

A flow file (``docs/flows.md`` describes it; ``flow.schema.json`` beside this module is its
schema)::

    name: sign up to S3
    vars:
      username: "qa-{{ run.id }}"
    steps:
      - sign_up: {username: "{{ username }}", password: "{{ env.QA_PASSWORD }}"}
      - sign_in_srp: {username: "{{ username }}", password: "{{ env.QA_PASSWORD }}"}
        expect: {ok: true, "tokens.id.claims.email": "{{ username }}@example.com"}

Reading never runs anything and never raises anything but :class:`FlowError`, whose text
is one line: ``FILE:LINE: cause``. YAML anchors and aliases are refused (a flow has no use
for them, and a few nested aliases can expand into gigabytes), and so are tags other than
YAML's plain types, files over :data:`MAX_FILE_BYTES` and nesting deeper than 64 levels.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jmespath
import jmespath.exceptions
import yaml

from cognito_bench.flows.steps import STEPS, Step
from cognito_bench.flows.template import TemplateProblem, Templates, is_template

__all__ = [
    "EXPECT_KEYS",
    "MAX_FILE_BYTES",
    "STEP_KEYS",
    "TARGET_KEYS",
    "TOP_KEYS",
    "Flow",
    "FlowError",
    "FlowStep",
    "examples_folder",
    "load_data",
    "load_flow",
    "parse_flow",
    "schema",
]

#: The largest flow or data file read (bytes).
MAX_FILE_BYTES = 1_000_000
_MAX_DEPTH = 64
#: The keys of a flow.
TOP_KEYS = ("name", "description", "vars", "target", "steps")
#: The keys of a step besides its step name.
STEP_KEYS = ("expect", "title")
#: The expectations that are not JMESPath expressions.
EXPECT_KEYS = ("ok", "error", "max_ms")
#: What a flow's ``target`` may set. Where the calls go (endpoint, region, AWS profile,
#: hosted UI domain) is the runner's choice (``--local``, ``--profile``, ``--target``): a flow
#: from someone else must not send this run's passwords or client secret elsewhere.
TARGET_KEYS = (
    "user_pool_id",
    "client_id",
    "client_secret",
    "identity_pool_id",
    "bucket",
)
#: Target fields a flow may not set, and why (for the error line).
WHERE_KEYS = ("region", "endpoint_url", "aws_profile", "hosted_ui_domain")

Path_ = tuple[str | int, ...]


class FlowError(Exception):
    """A flow or data file that cannot be used: ``FILE:LINE: cause`` in one line.

    Attributes:
        path: the file.
        line: the line (1-based; 0 when the problem is the whole file).
        cause: the plain-English cause.
    """

    def __init__(self, path: str, line: int, cause: str) -> None:
        super().__init__(f"{path}:{line}: {cause}" if line else f"{path}: {cause}")
        self.path = path
        self.line = line
        self.cause = cause


@dataclass(frozen=True)
class FlowStep:
    """One step of a flow, as written (templates not rendered yet).

    Attributes:
        index: its place in the flow, from 0 (``steps[index]`` in templates).
        step: the bench's step it runs.
        inputs: the step's inputs, as written.
        expect: the expectations, as written (None: the step must succeed).
        title: a human name for reports (default: ``N name``).
        line: where it starts in the file.
        lines: the line of each input and expectation (by key).
    """

    index: int
    step: Step
    inputs: dict[str, Any]
    expect: dict[str, Any] | None
    title: str
    line: int
    lines: dict[str, int] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The step's name (``sign_in_srp``)."""
        return self.step.name


@dataclass(frozen=True)
class Flow:
    """A checked flow file.

    Attributes:
        name: the flow's name (a JUnit test suite is named after it).
        path: the file it came from (``<text>`` for one parsed from a string).
        vars: the flow's variables, in file order (templates not rendered yet).
        target: target fields the flow sets (templates allowed).
        steps: the steps, in order.
        description: free text.
        lines: the line of each variable and target field (by name).
    """

    name: str
    path: str
    vars: dict[str, Any]
    target: dict[str, Any]
    steps: list[FlowStep]
    description: str = ""
    lines: dict[str, int] = field(default_factory=dict)


# ---- YAML with line numbers -----------------------------------------------------------------


class _Reader:
    """Turns a composed YAML node tree into plain data and notes each value's line."""

    def __init__(self, path: str, loader: yaml.SafeLoader) -> None:
        self.path = path
        self.loader = loader
        self.lines: dict[Path_, int] = {}
        self._seen: set[int] = set()

    def fail(self, node: yaml.Node | None, cause: str) -> FlowError:
        return FlowError(self.path, node.start_mark.line + 1 if node is not None else 0, cause)

    def read(self, node: yaml.Node, where: Path_ = (), depth: int = 0) -> Any:
        if depth > _MAX_DEPTH:
            raise self.fail(node, f"nested deeper than {_MAX_DEPTH} levels")
        if id(node) in self._seen:
            raise self.fail(node, "YAML anchors and aliases are not supported in flows")
        self._seen.add(id(node))
        self.lines.setdefault(where, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise self.fail(key_node, "a key must be plain text")
                key = str(key_node.value)
                if key in out:
                    raise self.fail(key_node, f"{key!r} is given twice")
                self.lines[(*where, key)] = key_node.start_mark.line + 1
                out[key] = self.read(value_node, (*where, key), depth + 1)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.read(item, (*where, i), depth + 1) for i, item in enumerate(node.value)]
        return self.scalar(node)

    def scalar(self, node: yaml.Node) -> Any:
        plain = {
            "tag:yaml.org,2002:str",
            "tag:yaml.org,2002:int",
            "tag:yaml.org,2002:float",
            "tag:yaml.org,2002:bool",
            "tag:yaml.org,2002:null",
        }
        if node.tag not in plain:
            if node.tag in {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:binary"}:
                return str(node.value)  # keep the text as written
            raise self.fail(node, f"YAML tag {node.tag!r} is not supported in flows")
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            raise self.fail(node, f"not a value: {_yaml_cause(exc)}") from None


def _yaml_cause(exc: yaml.YAMLError) -> str:
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    text = f"{context} {problem}" if context else str(problem)
    return " ".join(text.split())


class _TooDeep(Exception):
    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


class _Loader(yaml.SafeLoader):  # type: ignore[misc]
    """PyYAML's composer recurses once per level: 600 ``[`` exhaust Python's stack before
    :class:`_Reader` could count them, so the composer counts and stops first."""

    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        self._depth += 1
        try:
            if self._depth > _MAX_DEPTH + 1:
                raise _TooDeep(self.peek_event().start_mark.line + 1)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _compose(path: str, text: str) -> tuple[Any, dict[Path_, int]]:
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except _TooDeep as exc:
            raise FlowError(path, exc.line, f"nested deeper than {_MAX_DEPTH} levels") from None
        except RecursionError:
            raise FlowError(path, 0, f"nested deeper than {_MAX_DEPTH} levels") from None
        except yaml.composer.ComposerError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark else 0
            if "expected a single document" in str(exc):
                raise FlowError(
                    path, line, "one flow per file (found a second YAML document)"
                ) from None
            raise FlowError(path, line, f"YAML: {_yaml_cause(exc)}") from None
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark else 0
            raise FlowError(path, line, f"YAML: {_yaml_cause(exc)}") from None
        except yaml.YAMLError as exc:
            raise FlowError(path, 0, f"YAML: {_yaml_cause(exc)}") from None
        if node is None:
            raise FlowError(path, 0, "the file is empty: a flow has a name and steps")
        reader = _Reader(path, loader)
        try:
            return reader.read(node), reader.lines
        except RecursionError:
            raise FlowError(path, 0, f"nested deeper than {_MAX_DEPTH} levels") from None
    finally:
        loader.dispose()


# ---- checking ---------------------------------------------------------------------------------


@cache
def schema() -> dict[str, Any]:
    """The flow JSON Schema shipped with the package (``flow.schema.json``)."""
    text = resources.files("cognito_bench.flows").joinpath("flow.schema.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def _validator() -> Any:
    import jsonschema

    return jsonschema.Draft202012Validator(schema())


def _suggest(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


class _Checker:
    def __init__(self, path: str, lines: dict[Path_, int]) -> None:
        self.path = path
        self.lines = lines
        self.templates = Templates()

    def line(self, *where: str | int) -> int:
        for n in range(len(where), -1, -1):
            found = self.lines.get(tuple(where[:n]))
            if found:
                return found
        return 0

    def fail(self, where: Path_, cause: str) -> FlowError:
        return FlowError(self.path, self.line(*where), cause)

    def templates_in(self, value: Any, where: Path_) -> None:
        if isinstance(value, str) and is_template(value):
            try:
                self.templates.check(value)
            except TemplateProblem as exc:
                raise self.fail(where, str(exc)) from None
        elif isinstance(value, Mapping):
            for key, item in value.items():
                self.templates_in(item, (*where, key))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                self.templates_in(item, (*where, i))

    def mapping(self, value: Any, where: Path_, what: str) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.fail(where, f"{what} must be a mapping (key: value)")
        return value

    def step(self, index: int, raw: Any) -> FlowStep:
        where: Path_ = ("steps", index)
        if not isinstance(raw, dict) or not raw:
            raise self.fail(where, "a step is a mapping: '- step_name: {inputs}'")
        names = [k for k in raw if k not in STEP_KEYS]
        if len(names) != 1:
            found = ", ".join(repr(n) for n in names) or "none"
            raise self.fail(where, f"a step names exactly one step (found {found})")
        name = names[0]
        step = STEPS.get(name)
        if step is None:
            hint = _suggest(name, list(STEPS))
            raise self.fail(
                (*where, name),
                f"unknown step {name!r}{hint}; 'cognito-bench run --list-steps' lists them",
            )
        inputs = self.mapping(raw[name], (*where, name), f"the inputs of {name}")
        known = [i.name for i in step.inputs]
        for key in inputs:
            if key not in known:
                listed = ", ".join(known) or "none"
                raise self.fail(
                    (*where, name, key),
                    f"{name} has no input {key!r}{_suggest(key, known)} (its inputs: {listed})",
                )
        for spec in step.inputs:
            if spec.required and spec.name not in inputs:
                raise self.fail((*where, name), f"{name} needs {spec.name!r} ({spec.help})")
        expect = raw.get("expect")
        if expect is not None:
            expect = self.mapping(expect, (*where, "expect"), "expect")
            self.expectations(expect, (*where, "expect"))
        title = raw.get("title", "")
        if not isinstance(title, str):
            raise self.fail((*where, "title"), "title must be text")
        self.templates_in(inputs, (*where, name))
        self.templates_in(expect, (*where, "expect"))
        lines = {key: self.line(*where, name, key) for key in inputs}
        lines.update({key: self.line(*where, "expect", key) for key in expect or {}})
        return FlowStep(
            index=index,
            step=step,
            inputs=dict(inputs),
            expect=dict(expect) if expect is not None else None,
            title=title or f"{index + 1} {name}",
            line=self.line(*where),
            lines=lines,
        )

    def expectations(self, expect: dict[str, Any], where: Path_) -> None:
        if "ok" in expect and not isinstance(expect["ok"], bool):
            raise self.fail((*where, "ok"), "ok must be true or false")
        if "error" in expect and not isinstance(expect["error"], str):
            raise self.fail((*where, "error"), "error must be a Cognito error code")
        if "max_ms" in expect and (
            isinstance(expect["max_ms"], bool) or not isinstance(expect["max_ms"], int | float)
        ):
            raise self.fail((*where, "max_ms"), "max_ms must be a number of milliseconds")
        if expect.get("ok") is True and "error" in expect:
            raise self.fail((*where, "error"), "a step cannot expect ok: true and an error")
        for key in expect:
            if key in EXPECT_KEYS:
                continue
            try:
                jmespath.compile(key)
            except jmespath.exceptions.JMESPathError as exc:
                cause = " ".join(str(exc).split())
                raise self.fail((*where, key), f"not a JMESPath expression: {cause}") from None

    def flow(self, data: Any) -> Flow:
        if not isinstance(data, dict):
            raise FlowError(self.path, 1, "a flow is a mapping with a name and steps")
        for key in data:
            if key not in TOP_KEYS:
                raise self.fail(
                    (key,),
                    f"unknown key {key!r}{_suggest(key, list(TOP_KEYS))} "
                    f"(a flow has {', '.join(TOP_KEYS)})",
                )
        name = data.get("name")
        if not isinstance(name, str) or not name.strip():
            raise self.fail(("name",), "a flow needs a name (text)")
        variables = self.mapping(data.get("vars"), ("vars",), "vars")
        for key, value in variables.items():
            if not key.isidentifier():
                raise self.fail(("vars", key), f"variable {key!r} is not a name (letters, _)")
            if isinstance(value, dict | list):
                raise self.fail(("vars", key), f"variable {key!r} must be text, a number or bool")
        target = self.mapping(data.get("target"), ("target",), "target")
        for key, value in target.items():
            if key in WHERE_KEYS:
                raise self.fail(
                    ("target", key),
                    f"a flow cannot set {key}: where calls go is the run's choice "
                    "(--local, --profile, --target)",
                )
            if key not in TARGET_KEYS:
                raise self.fail(
                    ("target", key),
                    f"the target has no field {key!r}{_suggest(key, list(TARGET_KEYS))}",
                )
            if not isinstance(value, str):
                raise self.fail(("target", key), f"target field {key!r} must be text")
        raw_steps = data.get("steps")
        if not isinstance(raw_steps, list) or not raw_steps:
            raise self.fail(("steps",), "a flow needs a list of steps")
        description = data.get("description", "")
        if not isinstance(description, str):
            raise self.fail(("description",), "description must be text")
        steps = [self.step(i, raw) for i, raw in enumerate(raw_steps)]
        self.templates_in(variables, ("vars",))
        self.templates_in(target, ("target",))
        self.against_schema(data)
        lines = {key: self.line("vars", key) for key in variables}
        lines.update({f"target.{key}": self.line("target", key) for key in target})
        return Flow(
            name=name.strip(),
            path=self.path,
            vars=dict(variables),
            target=dict(target),
            steps=steps,
            description=description,
            lines=lines,
        )

    def against_schema(self, data: dict[str, Any]) -> None:
        """The JSON Schema, as the contract behind the checks above."""
        import jsonschema.exceptions

        error = jsonschema.exceptions.best_match(_validator().iter_errors(data))
        if error is not None:
            where = tuple(error.absolute_path)
            raise self.fail(where, f"schema: {' '.join(error.message.split())[:200]}")


def examples_folder() -> Path | None:
    """The shipped example flows: ``resources/flows`` of a source checkout, or the copy in
    the binary (PyInstaller's bundle); None when neither is there (a wheel install)."""
    import sys

    bundle = getattr(sys, "_MEIPASS", None)
    candidates = [Path(bundle) / "resources" / "flows"] if bundle else []
    candidates.append(Path(__file__).resolve().parents[2] / "resources" / "flows")
    return next((p for p in candidates if p.is_dir()), None)


def parse_flow(text: str, path: str = "<text>") -> Flow:
    """A flow from YAML text (see the module docstring).

    Raises:
        FlowError: the text is not a valid flow (file, line, one-line cause).
    """
    if len(text) > MAX_FILE_BYTES:
        raise FlowError(path, 0, f"the file is larger than {MAX_FILE_BYTES:,} bytes")
    data, lines = _compose(path, text)
    return _Checker(path, lines).flow(data)


def _read_text(path: Path | str) -> str:
    name = str(path)
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise FlowError(name, 0, f"cannot read the file: {exc.strerror or exc}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise FlowError(name, 0, f"the file is larger than {MAX_FILE_BYTES:,} bytes")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FlowError(name, line, "not UTF-8 text") from None


def load_flow(path: Path | str) -> Flow:
    """Read and check one flow file.

    Raises:
        FlowError: the file cannot be read or is not a valid flow.
    """
    return parse_flow(_read_text(path), str(path))


def load_data(path: Path | str) -> list[dict[str, str]]:
    """The rows of a CSV data file (``--data``): the header names the variables.

    Raises:
        FlowError: the file cannot be read, has no header, a bad column name or a row with
            too many cells.
    """
    name = str(path)
    text = _read_text(path)
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader, None)
        if not header or not any(h.strip() for h in header):
            raise FlowError(name, 1, "a data file starts with a header row naming the variables")
        columns = [h.strip() for h in header]
        for column in columns:
            if not column.isidentifier():
                raise FlowError(name, 1, f"column {column!r} is not a variable name")
        rows: list[dict[str, str]] = []
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(columns):
                raise FlowError(
                    name, reader.line_num, f"{len(row)} cells for {len(columns)} columns"
                )
            rows.append(dict(zip(columns, [*row, *[""] * (len(columns) - len(row))], strict=True)))
    except csv.Error as exc:
        raise FlowError(name, reader.line_num, f"CSV: {exc}") from None
    if not rows:
        raise FlowError(name, 0, "the data file has a header but no rows")
    return rows
