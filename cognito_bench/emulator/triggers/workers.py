"""Warm worker processes that run handler files: one pool per language, a hard time limit.

A handler runs in a worker process (``pyworker.py`` for Python, ``runner.js`` under ``node``
for JavaScript), never in the emulator's own process: a runaway handler is killed at the
limit without taking the emulator with it, and a worker imports each handler file once and
again only when the file changed, so a call costs a pipe round trip (about a millisecond),
not an interpreter start. Workers are pooled: a call takes an idle worker of its language or
starts one, so a handler that calls the emulator back (a PostConfirmation that adds the user
to a group) gets a second worker when it needs a trigger itself.

The emulator holds its state lock while an operation runs; :meth:`WorkerPool.call` waits on
a condition of that lock, which releases it fully while the handler runs, so other requests
(a handler's own calls back to the emulator included) are served meanwhile.

In the frozen binary there is no separate Python: the binary starts itself with
:data:`WORKER_ARG`, and ``cognito_bench.cli`` runs ``pyworker.py`` from the bundle.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import logging
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cognito_bench.emulator.gate import RequestGate

__all__ = ["TIMEOUT_SECONDS", "WORKER_ARG", "Reply", "WorkerPool", "worker_command"]

_log = logging.getLogger(__name__)

#: Cognito waits 5 seconds for a trigger ("Socket timeout while invoking Lambda function").
TIMEOUT_SECONDS = 5.0
#: The first argument that makes the frozen binary a Python trigger worker.
WORKER_ARG = "__trigger-worker__"
_HERE = Path(__file__).resolve().parent
PYWORKER = _HERE / "pyworker.py"
RUNNER_JS = _HERE / "runner.js"


@dataclass
class Reply:
    """What a worker answered for one call.

    Attributes:
        ok: the handler returned (``result`` is its JSON answer).
        result: the answer, as JSON data.
        error_type: Lambda's error type (``Runtime.HandlerNotFound``, the exception's class).
        error_message: the error's message.
        stage: ``handler`` (the handler raised), ``import``, ``missing`` (no such file),
            ``output`` (an answer that is not JSON), ``runtime`` (no interpreter),
            ``timeout`` or ``crash``.
        logs: what the handler printed.
        ms: wall time of the call.
    """

    ok: bool
    result: Any = None
    error_type: str = ""
    error_message: str = ""
    stage: str = ""
    logs: str = ""
    ms: float = 0.0


def worker_command(language: str) -> list[str]:
    """The command that starts a worker of ``language`` (``python`` or ``node``)."""
    if language == "node":
        return ["node", str(RUNNER_JS)]
    if getattr(sys, "frozen", False):
        return [sys.executable, WORKER_ARG]
    return [sys.executable, "-u", str(PYWORKER)]


class _Worker:
    """One worker process and the thread that reads its replies."""

    def __init__(self, language: str, cond: threading.Condition, env: dict[str, str]) -> None:
        self.language = language
        self._cond = cond
        self.replies: dict[int, dict[str, Any]] = {}
        self.dead = False
        # S603: the command is our own worker (sys.executable or node), never user input
        self.proc = subprocess.Popen(  # noqa: S603
            worker_command(language),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
            bufsize=1,
            env=env,
        )
        self._reader = threading.Thread(
            target=self._read, name=f"trigger-worker-{language}", daemon=True
        )
        self._reader.start()

    def _read(self) -> None:
        stdout: IO[str] | None = self.proc.stdout
        assert stdout is not None
        try:
            for line in stdout:
                try:
                    reply = json.loads(line)
                except ValueError:
                    continue
                if isinstance(reply, dict) and isinstance(reply.get("id"), int):
                    with self._cond:
                        self.replies[reply["id"]] = reply
                        self._cond.notify_all()
        except (OSError, ValueError):
            pass
        with self._cond:
            self.dead = True
            self._cond.notify_all()

    def send(self, request: dict[str, Any]) -> None:
        """Write one request line (raises OSError when the process is gone)."""
        stdin = self.proc.stdin
        assert stdin is not None
        stdin.write(json.dumps(request) + "\n")
        stdin.flush()

    def kill(self) -> None:
        """End the process (a runaway handler) and let its reader finish."""
        self.dead = True
        with contextlib.suppress(OSError):
            self.proc.kill()
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                if stream is not None:
                    stream.close()
            except (OSError, ValueError):
                pass
        try:
            self.proc.wait(2.0)
        except subprocess.TimeoutExpired:
            _log.warning("trigger worker %s did not exit", self.proc.pid)


class WorkerPool:
    """Worker processes by language, reused between calls, each call limited in time.

    Args:
        lock: the lock the caller may hold while calling (the emulator's state lock); it is
            released while a handler runs. None: a lock of the pool's own.
        timeout: seconds a call may take before its worker is killed.
        env: the workers' environment (default: this process's).
        gate: the server's request gate, let go while a handler runs (its handler may call
            the emulator back: that request must get in).
    """

    def __init__(
        self,
        lock: Any = None,
        timeout: float = TIMEOUT_SECONDS,
        env: dict[str, str] | None = None,
        gate: RequestGate | None = None,
    ) -> None:
        self._cond = threading.Condition(lock if lock is not None else threading.RLock())
        self._gate = gate
        self.timeout = timeout
        self.env = dict(env if env is not None else os.environ)
        self._idle: dict[str, list[_Worker]] = {}
        self._workers: set[_Worker] = set()
        self._ids = itertools.count(1)
        self._closed = False

    def _take(self, language: str) -> _Worker:
        idle = self._idle.setdefault(language, [])
        while idle:
            worker = idle.pop()
            if not worker.dead and worker.proc.poll() is None:
                return worker
            self._workers.discard(worker)
        return self._start(language)

    def _start(self, language: str) -> _Worker:
        worker = _Worker(language, self._cond, self.env)
        self._workers.add(worker)
        return worker

    def warm(self, language: str, file: Path) -> None:
        """Start a worker of ``language`` and have it import ``file`` now (no waiting)."""
        with self._cond:
            try:
                worker = self._take(language)
                worker.send({"id": next(self._ids), "file": str(file), "load_only": True})
            except OSError as exc:
                _log.info("cannot warm a %s worker: %s", language, exc)
                return
            self._idle[language].append(worker)

    def call(
        self, language: str, file: Path, function: str, event: Any, context: dict[str, Any]
    ) -> Reply:
        """Run ``function`` of ``file`` with ``event``; never raises for the handler's sake."""
        started = time.perf_counter()
        with self._cond:
            if self._closed:
                return Reply(False, stage="runtime", error_message="the emulator has stopped")
            try:
                worker = self._take(language)
            except OSError as exc:
                return self._no_runtime(language, exc, started)
            call_id = next(self._ids)
            request = {
                "id": call_id,
                "file": str(file),
                "function": function,
                "event": event,
                "context": {**context, "timeout_ms": int(self.timeout * 1000)},
            }
            try:
                worker.send(request)
            except OSError:
                # a worker that died while idle (killed from outside): one fresh try
                self._drop(worker)
                try:
                    worker = self._start(language)
                    worker.send(request)
                except OSError as exc:
                    return self._no_runtime(language, exc, started)
            if self._gate is not None:
                self._gate.let_go()
            answered = self._cond.wait_for(
                lambda: call_id in worker.replies or worker.dead, self.timeout
            )
            ms = (time.perf_counter() - started) * 1000
            if not answered:
                self._drop(worker)
                return Reply(False, stage="timeout", error_message="timed out", ms=ms)
            data = worker.replies.pop(call_id, None)
            if data is None:
                self._drop(worker)
                return Reply(
                    False,
                    stage="crash",
                    error_type="Runtime.ExitError",
                    error_message=f"the {language} worker exited",
                    ms=ms,
                )
            self._idle.setdefault(language, []).append(worker)
        return Reply(
            ok=bool(data.get("ok")),
            result=data.get("result"),
            error_type=str(data.get("errorType") or ""),
            error_message=str(data.get("errorMessage") or ""),
            stage=str(data.get("stage") or ("" if data.get("ok") else "handler")),
            logs=str(data.get("logs") or ""),
            ms=ms,
        )

    def _drop(self, worker: _Worker) -> None:
        self._workers.discard(worker)
        worker.kill()

    @staticmethod
    def _no_runtime(language: str, exc: OSError, started: float) -> Reply:
        program = "node" if language == "node" else "the Python worker"
        return Reply(
            False,
            stage="runtime",
            error_type="RuntimeNotFound",
            error_message=f"cannot start {program}: {exc.strerror or exc}",
            ms=(time.perf_counter() - started) * 1000,
        )

    def close(self) -> None:
        """Stop every worker (the emulator stops)."""
        with self._cond:
            self._closed = True
            workers = list(self._workers)
            self._workers.clear()
            self._idle.clear()
        for worker in workers:
            worker.kill()
