"""The Python trigger worker: a process that imports handler files and calls them.

Run by path (``python pyworker.py``) or, in the frozen binary, by the binary itself in its
hidden worker mode; it uses only the standard library so that starting it imports nothing
of the bench. It reads one JSON request per line on stdin
(``{"id", "file", "function", "event", "context"}``) and writes one JSON reply per line
(``{"id", "ok", "result" | "errorType"/"errorMessage", "logs"}``) on the stdout it had at
start. What a handler prints (``print``, ``logging``, ``sys.stderr``) is captured per call
and sent back as ``logs``. A handler file is imported again when its modification time or
size changed (hot reload); its folder is on ``sys.path`` as Lambda's task root is.

The parent enforces the time limit by killing this process; nothing here needs to.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import logging
import os
import sys
import time
import traceback
from types import ModuleType
from typing import Any, TextIO

__all__ = ["main"]

_modules: dict[str, tuple[tuple[int, int], ModuleType]] = {}
_MAX_LOGS = 64 * 1024


class _Context:
    """The parts of Lambda's context object a trigger handler uses."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.function_name = str(data.get("function_name", ""))
        self.function_version = "$LATEST"
        self.invoked_function_arn = str(data.get("invoked_function_arn", ""))
        self.memory_limit_in_mb = 128
        self.aws_request_id = str(data.get("aws_request_id", ""))
        self.log_group_name = f"/aws/lambda/{self.function_name}"
        self.log_stream_name = "local"
        self._deadline = time.monotonic() + float(data.get("timeout_ms", 5000)) / 1000

    def get_remaining_time_in_millis(self) -> int:
        """Milliseconds until the emulator gives up on this call."""
        return max(0, int((self._deadline - time.monotonic()) * 1000))


class _Failure(Exception):
    def __init__(self, error_type: str, message: str, stage: str = "handler") -> None:
        super().__init__(message)
        self.error_type = error_type
        self.message = message
        self.stage = stage


def _load(path: str) -> ModuleType:
    """The handler module of ``path``, imported again when the file changed."""
    try:
        st = os.stat(path)
    except OSError as exc:
        raise _Failure("ResourceNotFoundException", f"{path}: {exc.strerror}", "missing") from exc
    stamp = (st.st_mtime_ns, st.st_size)
    cached = _modules.get(path)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    folder = os.path.dirname(path)
    if folder not in sys.path:
        sys.path.insert(0, folder)
    name = os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location(f"{name}", path)
    if spec is None or spec.loader is None:
        raise _Failure("Runtime.ImportModuleError", f"Unable to import module '{name}'", "import")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except SyntaxError as exc:
        raise _Failure(
            "Runtime.UserCodeSyntaxError",
            f"Syntax error in module '{name}': {exc.msg} ({os.path.basename(path)}, line {exc.lineno})",
            "import",
        ) from exc
    except Exception as exc:
        raise _Failure(
            "Runtime.ImportModuleError", f"Unable to import module '{name}': {exc}", "import"
        ) from exc
    _modules[path] = (stamp, module)
    return module


def _call(request: dict[str, Any]) -> Any:
    path = str(request["file"])
    function = str(request.get("function") or "handler")
    module = _load(path)
    if request.get("load_only"):  # warming up: import the file, call nothing
        return None
    handler = getattr(module, function, None)
    if not callable(handler):
        name = os.path.splitext(os.path.basename(path))[0]
        raise _Failure(
            "Runtime.HandlerNotFound", f"Handler '{function}' missing on module '{name}'", "import"
        )
    return handler(request.get("event"), _Context(request.get("context") or {}))


def _handler_traceback(exc: BaseException) -> str:
    """The traceback from the handler's frame on (this worker's own frames left out)."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename == __file__:
        tb = tb.tb_next
    return "".join(traceback.format_exception(type(exc), exc, tb))


def _serve_one(request: dict[str, Any], out: TextIO) -> None:
    logs = io.StringIO()
    handler = logging.StreamHandler(logs)
    root = logging.getLogger()
    root.addHandler(handler)
    reply: dict[str, Any] = {"id": request.get("id")}
    try:
        with contextlib.redirect_stdout(logs), contextlib.redirect_stderr(logs):
            result = _call(request)
    except _Failure as exc:
        reply.update(ok=False, errorType=exc.error_type, errorMessage=exc.message, stage=exc.stage)
    except BaseException as exc:  # the handler's own error, reported as Lambda reports it
        reply.update(ok=False, errorType=type(exc).__name__, errorMessage=str(exc))
        logs.write(_handler_traceback(exc))
    else:
        try:
            reply.update(ok=True, result=json.loads(json.dumps(result)))
        except (TypeError, ValueError) as exc:
            reply.update(
                ok=False,
                errorType="Runtime.MarshalError",
                errorMessage=f"Unable to marshal response: {exc}",
                stage="output",
            )
    finally:
        root.removeHandler(handler)
    text = logs.getvalue()
    reply["logs"] = text if len(text) <= _MAX_LOGS else text[:_MAX_LOGS] + "\n[truncated]"
    out.write(json.dumps(reply) + "\n")
    out.flush()


def main() -> int:
    """Serve requests until stdin closes."""
    # Replies go to the stdout this process started with; anything else that writes to
    # file descriptor 1 (a C extension, a subprocess) goes to stderr instead of the protocol.
    out = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    if sys.path and os.path.abspath(sys.path[0]) == os.path.dirname(os.path.abspath(__file__)):
        del sys.path[0]  # run by path: our own folder must not shadow a handler's imports
    logging.getLogger().setLevel(logging.INFO)
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            request = json.loads(line)
        except ValueError:
            continue
        _serve_one(request, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
