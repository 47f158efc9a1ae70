"""Start the bench: the Qt application, the qasync loop, the window, the local Cognito.

The window shows first; boto3, moto and python-jose load afterwards, in a worker thread,
while the embedded local Cognito starts.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from cognito_bench.ui import flows
from cognito_bench.ui.asyncglue import Runner, next_emission, spawn
from cognito_bench.ui.mainwindow import MainWindow

__all__ = ["make_app", "resources_dir", "run_app", "screenshot_flow"]

#: Modules worth loading in the background right after the window shows.
_WARM = ("cognito_bench.aws", "cognito_bench.tokens", "cognito_bench.emulator", "segno")


def resources_dir() -> Path:
    """Where the icon and style sheet live (the source tree, or the frozen bundle)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def make_app(argv: Sequence[str] = ()) -> QApplication:
    """The QApplication (made once), with the bench's name, icon and style sheet."""
    existing = QApplication.instance()
    app = (
        existing
        if isinstance(existing, QApplication)
        else QApplication(list(argv) or ["cognito-bench"])
    )
    app.setApplicationName("Cognito Bench")
    app.setOrganizationName("cognito-bench")
    res = resources_dir()
    icon = res / "icon.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    style = res / "style.qss"
    if style.exists():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    return app


def _warm_imports() -> None:
    flows.ensure_imported(*_WARM)


async def screenshot_flow(window: MainWindow, path: str, timeout: float = 60.0) -> int:
    """Wait for the local Cognito, sign the demo user in with SRP, save the window as PNG.

    Returns:
        0 when the PNG was written, 1 when the flow failed (the reason goes to stderr).
    """
    if window.local_target is None:
        ready = spawn(next_emission(window.local_ready, timeout), "wait:local-ready")
        failed = spawn(next_emission(window.local_failed, timeout), "wait:local-failed")
        done, pending = await asyncio.wait({ready, failed}, return_when=asyncio.FIRST_COMPLETED)
        for task in pending:
            task.cancel()
        if failed in done:
            print(f"cognito-bench gui: error: {failed.result()[0]}", file=sys.stderr)
            return 1
    inspected: set[str] = set()
    window.tokens.inspected.connect(inspected.add)
    window.run_action("signInSrp")
    (record,) = await next_emission(window.call_finished, timeout)
    if record.ok:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not {"id", "access"} <= inspected and loop.time() < deadline:
            await asyncio.sleep(0.05)
        window.tabs.setCurrentWidget(window.tokens)
    else:
        print(f"cognito-bench gui: sign-in failed: {record.one_line()}", file=sys.stderr)
    await asyncio.sleep(0.2)  # let the last layout and paint settle
    image = window.grab()
    if not image.save(path, "PNG"):
        print(f"cognito-bench gui: error: cannot write {path}", file=sys.stderr)
        return 1
    return 0 if record.ok else 1


async def _serve(
    window: MainWindow,
    runner: Runner,
    *,
    local: bool,
    screenshot: str,
    on_shown: Callable[[MainWindow], None] | None,
) -> int:
    window.show()
    if on_shown is not None:
        on_shown(window)
    await asyncio.sleep(0)  # one turn of the loop: the window paints before anything heavy
    runner.spawn(runner.call(_warm_imports), "warm-imports")
    if local:
        window.start_local()
    if screenshot:
        code = await screenshot_flow(window, screenshot)
        window.close()
        return code
    await next_emission(window.closed)
    return 0


def run_app(
    *,
    local: bool = True,
    screenshot: str = "",
    argv: Sequence[str] = (),
    on_shown: Callable[[MainWindow], None] | None = None,
) -> int:
    """Open the window and run until it is closed; returns the exit code.

    Args:
        local: start the embedded local Cognito and fill the fields with its demo target.
        screenshot: render offscreen once ready, save this PNG, exit.
        argv: Qt's command line.
        on_shown: called right after the window is shown (the start-up benchmark uses it).
    """
    if screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # A shorter GIL switch interval keeps the GUI thread responsive while worker threads
    # run Python code (botocore, SRP): the GUI thread waits at most this long for the GIL.
    sys.setswitchinterval(0.001)
    app = make_app(argv)
    app.setQuitOnLastWindowClosed(False)
    import qasync

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    runner = Runner(loop)
    window = MainWindow(runner)
    try:
        code = loop.run_until_complete(
            _serve(window, runner, local=local, screenshot=screenshot, on_shown=on_shown)
        )
        loop.run_until_complete(runner.aclose(timeout=2.0))
    finally:
        if window.emulator is not None:
            window.emulator.stop()
        loop.close()
        asyncio.set_event_loop(None)
    return code
