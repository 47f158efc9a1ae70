"""What a load run is, as data the parent hands the Locust child: :class:`LoadSpec`.

Plain and Locust-free: the command line builds a spec, :func:`start_child` starts
``python -m cognito_bench.load`` and writes the spec to its standard input (one JSON
document on one line, then end of file; the window's Load pane writes the line and keeps
the pipe open until it stops the run, see :mod:`cognito_bench.load.live`). The target's
client secret travels in it, so it never goes on a command line (which ``ps`` shows) or
into a file.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import re
import subprocess
import sys
from dataclasses import dataclass, field
from typing import IO, Any

from cognito_bench.aws.target import Target

__all__ = [
    "DEFAULT_MASTER_PORT",
    "DEFAULT_WEB_PORT",
    "NO_LOCUST",
    "LoadSpec",
    "SpecError",
    "child_command",
    "locust_missing",
    "parse_timespan",
    "start_child",
]

DEFAULT_MASTER_PORT = 5557
DEFAULT_WEB_PORT = 8089

#: Why ``load`` cannot run where Locust is not installed (the binary), in one line.
NO_LOCUST = (
    "Locust is not installed here, and load runs on it. The cognito-bench binary leaves it "
    "out (Locust with gevent and ZeroMQ would take the binary past its 70 MB size budget); "
    "run load from a Python install: pip install 'cognito-bench[load]', or make run in a clone"
)

_TIMESPAN = re.compile(r"^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s)?$")


class SpecError(ValueError):
    """A load input that cannot be used: one line for the user."""


def parse_timespan(text: str) -> float:
    """Seconds in ``60``, ``60s``, ``1m30s``, ``2h`` (Locust's ``--run-time`` forms).

    Raises:
        SpecError: not such a span, or not more than zero.
    """
    value = text.strip().lower()
    seconds: float | None = None
    try:
        seconds = float(value)
    except ValueError:
        match = _TIMESPAN.match(value)
        if match and any(match.groups()):
            hours, minutes, secs = (float(g) if g else 0.0 for g in match.groups())
            seconds = hours * 3600 + minutes * 60 + secs
    if seconds is None or not 0 < seconds < float("inf"):
        raise SpecError(f"--run-time takes a duration such as 60s, 1m30s or 2h (got {text!r})")
    return seconds


@dataclass
class LoadSpec:
    """One load run, as the child runs it.

    Attributes:
        flow_path: the flow file (the child reads and checks it again).
        mode: ``local`` (one process), ``master`` or ``worker`` (Locust's distributed mode).
        users: simulated users at full load (the master's, or this run's).
        spawn_rate: users started per second.
        run_time: seconds, or None to run until interrupted (or stopped in the web UI).
        pacing: seconds between the starts of a user's iterations (Locust's
            ``constant_pacing``); 0 runs them back to back.
        variables: ``--var`` values (they win over a data row and the flow's ``vars``).
        rows: ``--data`` rows; user N gets row N modulo their number.
        target: the target's fields, client secret included; None on a worker that takes
            its master's.
        extras: more names for ``target`` in templates (the local Cognito's JSON line).
        csv_prefix: write Locust's CSV files ``PREFIX_stats.csv`` ... ("" for none).
        html: write Locust's HTML report there ("" for none).
        web: serve Locust's web UI at ``web_host:web_port``.
        expect_workers: the master starts the run once this many workers are connected.
        master_host: where a worker finds its master.
        master_port: the master's port (both sides).
        master_bind_host: the interface the master listens on (``*``: all).
        where: a line saying what the target is, for the header.
        live: the window's Load pane runs it: statistics as one JSON line a second on
            standard output instead of Locust's console tables, and the end of standard
            input ends the run (:mod:`cognito_bench.load.live`).
    """

    flow_path: str
    mode: str = "local"
    users: int = 1
    spawn_rate: float = 1.0
    run_time: float | None = None
    pacing: float = 0.0
    variables: dict[str, str] = field(default_factory=dict)
    rows: list[dict[str, str]] = field(default_factory=list)
    target: dict[str, str] | None = None
    extras: dict[str, str] = field(default_factory=dict)
    csv_prefix: str = ""
    html: str = ""
    web: bool = False
    web_host: str = "127.0.0.1"
    web_port: int = DEFAULT_WEB_PORT
    expect_workers: int = 1
    master_host: str = "127.0.0.1"
    master_port: int = DEFAULT_MASTER_PORT
    master_bind_host: str = "*"
    where: str = ""
    live: bool = False

    @staticmethod
    def target_fields(target: Target) -> dict[str, str]:
        """Every field of ``target``, the client secret included (for the child only)."""
        return dataclasses.asdict(target)

    def the_target(self) -> Target | None:
        """The target, or None (a worker waiting for its master's)."""
        if self.target is None:
            return None
        names = {f.name for f in dataclasses.fields(Target)}
        return Target(**{k: str(v) for k, v in self.target.items() if k in names})

    def to_json(self) -> str:
        """The spec as one JSON document."""
        return json.dumps(dataclasses.asdict(self))

    @classmethod
    def from_json(cls, text: str) -> LoadSpec:
        """A spec from :meth:`to_json`.

        Raises:
            SpecError: not such a document.
        """
        try:
            data = json.loads(text)
        except ValueError:
            raise SpecError("the load spec is not JSON") from None
        if not isinstance(data, dict):
            raise SpecError("the load spec must be a JSON object")
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = set(data) - names
        if unknown or "flow_path" not in data:
            raise SpecError(f"the load spec has unknown or missing keys: {sorted(unknown)}")
        return cls(**data)


def locust_missing() -> str:
    """Why Locust cannot be used here ("" when it can)."""
    if getattr(sys, "frozen", False) or importlib.util.find_spec("locust") is None:
        return NO_LOCUST
    return ""


def child_command() -> list[str]:
    """The command that runs the Locust child with this interpreter."""
    return [sys.executable, "-m", "cognito_bench.load"]


def start_child(
    spec: LoadSpec,
    *,
    stdout: int | IO[Any] | None = None,
    stderr: int | IO[Any] | None = None,
) -> subprocess.Popen[str]:
    """Start ``python -m cognito_bench.load`` on ``spec`` (written to its standard input).

    Its output goes where this process's goes unless ``stdout``/``stderr`` say otherwise.
    """
    child = subprocess.Popen(  # noqa: S603 (our own interpreter and module)
        child_command(),
        stdin=subprocess.PIPE,
        stdout=stdout,
        stderr=stderr,
        text=True,
    )
    assert child.stdin is not None
    child.stdin.write(spec.to_json())
    child.stdin.close()
    return child
