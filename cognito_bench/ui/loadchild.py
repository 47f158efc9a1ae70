"""`LoadChild`: the Locust child of a Load pane run, as a QProcess the GUI thread reads.

The child is ``python -m cognito_bench.load`` with :attr:`LoadSpec.live
<cognito_bench.load.spec.LoadSpec.live>` set (see :mod:`cognito_bench.load.live`): this
side writes the spec as one line to its standard input and keeps the pipe open; the child
answers with one JSON line of statistics a second on its standard output and ends the run
when that pipe closes. So:

- Reading costs the GUI thread a line a second (Qt tells when one is there: no thread, no
  polling); Locust and gevent never come into the window's process.
- :meth:`LoadChild.stop` closes the pipe: the child stops its users and writes its reports,
  as after Ctrl-C. If it has not ended after :data:`STOP_GRACE_MS`, it is terminated, then
  killed.
- A window that dies, however it dies, closes the pipe too: the child stops by itself.
  :meth:`LoadChild.shutdown` (the window closing) stops it and waits, then kills what is
  left, so no process outlives the window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QProcess, QTimer, Signal

if TYPE_CHECKING:
    from cognito_bench.load.spec import LoadSpec

__all__ = ["KILL_GRACE_MS", "STOP_GRACE_MS", "LoadChild"]

#: After the pipe closes, how long the child has to stop its users and write its reports.
STOP_GRACE_MS = 20_000
#: After a terminate, how long before a kill.
KILL_GRACE_MS = 3_000
#: Lines of the child's standard error kept (its last error line is what a user reads).
_ERR_LINES = 50
_ERROR_MARK = "cognito-bench load: error: "


class LoadChild(QObject):
    """Runs one Locust child at a time and says what it reports.

    Signals:
        line(object): a line of statistics (a :class:`~cognito_bench.load.live.Snapshot`):
            a tick each second, then the end.
        finished(int, str): the child is gone: its exit code (-1 when it crashed, was
            killed or did not start) and its last error line ("" when it wrote none).
    """

    line = Signal(object)
    finished = Signal(int, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._process: QProcess | None = None
        self._errors: list[str] = []
        self._partial = b""
        self._problem = ""
        self._escalate = QTimer(self)
        self._escalate.setSingleShot(True)
        self._escalate.timeout.connect(self._force)

    @property
    def running(self) -> bool:
        """True from :meth:`start` until the child is gone."""
        return self._process is not None

    @property
    def pid(self) -> int:
        """The child's process id (0 when none runs)."""
        return int(self._process.processId()) if self._process is not None else 0

    def stderr_tail(self) -> list[str]:
        """The last lines the child wrote to its standard error."""
        return list(self._errors)

    def start(self, spec: LoadSpec) -> None:
        """Start the child on ``spec`` (which should have ``live`` set)."""
        from cognito_bench.load.spec import child_command

        if self._process is not None:
            raise RuntimeError("a load run is already going")
        self._errors.clear()
        self._partial = b""
        self._problem = ""
        process = QProcess(self)
        command = child_command()
        process.setProgram(command[0])
        process.setArguments(command[1:])
        if hasattr(process, "setUnixProcessParameters"):  # Unix
            # fork() would copy the window's page tables first (its heap holds the local
            # Cognito: 9 ms of the GUI thread here); vfork() does not.
            process.setUnixProcessParameters(QProcess.UnixProcessFlag.UseVFork)
        process.readyReadStandardOutput.connect(self._read_lines)
        process.readyReadStandardError.connect(self._read_errors)
        process.finished.connect(self._finished)
        process.errorOccurred.connect(self._error)
        self._process = process
        process.start()
        process.write((spec.to_json() + "\n").encode("utf-8"))

    def stop(self) -> None:
        """Ask the child to end the run (its reports are still written); force it later."""
        process = self._process
        if process is None:
            return
        process.closeWriteChannel()
        if not self._escalate.isActive():
            self._escalate.start(STOP_GRACE_MS)

    def shutdown(self, timeout_ms: int = 5_000) -> None:
        """Stop the child and wait for it (blocking, up to ``timeout_ms``), then kill it.

        For the window closing: afterwards no child is left.
        """
        process = self._process
        if process is None:
            return
        process.closeWriteChannel()
        if not process.waitForFinished(timeout_ms):
            process.kill()
            process.waitForFinished(KILL_GRACE_MS)
        if self._process is not None:  # finished was not delivered while waiting
            self._finished(process.exitCode(), process.exitStatus())

    def _force(self) -> None:
        """The child did not end in time: terminate it, and kill it if that is not enough."""
        process = self._process
        if process is None:
            return
        if not self._problem:
            self._problem = "terminate"
            process.terminate()
            self._escalate.start(KILL_GRACE_MS)
        else:
            process.kill()

    def _read_lines(self) -> None:
        from cognito_bench.load.live import parse_line

        process = self._process
        if process is None:
            return
        data = self._partial + bytes(process.readAllStandardOutput().data())
        *lines, self._partial = data.split(b"\n")
        for raw in lines:
            snapshot = parse_line(raw)
            if snapshot is not None:
                self.line.emit(snapshot)

    def _read_errors(self) -> None:
        process = self._process
        if process is None:
            return
        text = bytes(process.readAllStandardError().data()).decode("utf-8", "replace")
        self._errors.extend(ln for ln in text.splitlines() if ln.strip())
        del self._errors[:-_ERR_LINES]

    def _error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart and self._process is not None:
            program = self._process.program()
            self._errors.append(f"{_ERROR_MARK}cannot start {program}")
            self._finished(-1, QProcess.ExitStatus.CrashExit)

    def _finished(self, code: int, status: QProcess.ExitStatus) -> None:
        process = self._process
        if process is None:
            return
        self._read_lines()
        self._read_errors()
        if self._partial:
            self._partial += b"\n"
            self._read_lines()
        self._escalate.stop()
        self._process = None
        process.deleteLater()
        crashed = status != QProcess.ExitStatus.NormalExit
        errors = [ln for ln in self._errors if ln.startswith(_ERROR_MARK)]
        last = errors[-1].removeprefix(_ERROR_MARK) if errors else ""
        self.finished.emit(-1 if crashed else int(code), last)
