"""Start the bench: the Qt application, the qasync loop, the window, the store, the local Cognito.

The window shows first; the store (profiles, history, keyring), boto3, moto and python-jose
load afterwards, in worker threads, while the embedded local Cognito starts (when the profile
to open is the local one).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Coroutine, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QApplication

from cognito_bench.ui.asyncglue import Runner, next_emission, spawn
from cognito_bench.ui.mainwindow import MainWindow

if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtGui import QIcon

    from cognito_bench.store import BenchStore
    from cognito_bench.ui.localstart import TriggerOptions

__all__ = ["make_app", "open_store", "resources_dir", "run_app", "screenshot_flow"]

#: Modules worth loading in the background right after the window shows.
_WARM = ("cognito_bench.aws", "cognito_bench.tokens", "cognito_bench.emulator", "segno")


def resources_dir() -> Path:
    """Where the icon lives (the source tree, or the frozen bundle)."""
    from pathlib import Path

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
    # No application-wide style sheet: it makes every widget's polish ~5x slower and the
    # window's first paint 100+ ms later. The few styled widgets style themselves (widgets.py).
    return app


def _quiet_offscreen_notes() -> None:
    """Drop the offscreen platform's note about size hints (it says nothing about the bench)."""
    from PySide6.QtCore import qInstallMessageHandler

    previous: Any = None

    def handler(mode: Any, context: Any, message: str) -> None:
        if "propagateSizeHints" in message:
            return
        if previous is not None:
            previous(mode, context, message)
        else:
            sys.stderr.write(message + "\n")

    previous = qInstallMessageHandler(handler)


def _icon() -> QIcon:
    """The bench's icon (an SVG: loading it loads Qt's image plugins, so after the first paint)."""
    from PySide6.QtGui import QIcon

    return QIcon(str(resources_dir() / "icon.svg"))


def _warm_imports() -> None:
    from cognito_bench.flows import steps

    steps.ensure_imported(*_WARM)


def open_store() -> BenchStore:
    """The bench's store, and its log file set up (never raises; slow: call off the GUI thread)."""
    import contextlib

    from cognito_bench.flows import steps

    steps.ensure_imported("cognito_bench.store")
    from cognito_bench.store import BenchStore, configure_logging

    store = BenchStore()
    with contextlib.suppress(OSError):  # a log folder that cannot be written: no log file
        configure_logging(store.paths)
    return store


async def screenshot_flow(window: MainWindow, path: str, timeout: float = 60.0) -> int:
    """Wait for the local Cognito, sign the demo user in with SRP, save the window as PNG.

    Returns:
        0 when the PNG was written, 1 when the flow failed (the reason goes to stderr).
    """
    try:
        return await _screenshot(window, path, timeout)
    except TimeoutError:
        print(
            f"cognito-bench gui: error: the window was not ready within {timeout:.0f} s",
            file=sys.stderr,
        )
        return 1


async def _screenshot(window: MainWindow, path: str, timeout: float) -> int:
    import asyncio

    from cognito_bench.ui.profiles import LOCAL_PROFILE

    if window.profile_name != LOCAL_PROFILE:
        # A saved profile: no demo user to sign in; show the window with its history.
        window.show_pane(window.history)
        await asyncio.sleep(0.3)
        return 0 if window.grab().save(path, "PNG") else 1
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
        window.show_pane(window.tokens)
        window.new_session()  # a second session tab beside the signed-in one
        window.sessions.setCurrentIndex(0)
    else:
        print(f"cognito-bench gui: sign-in failed: {record.one_line()}", file=sys.stderr)
    await asyncio.sleep(0.2)  # let the last layout and paint settle
    image = window.grab()
    if not image.save(path, "PNG"):
        print(f"cognito-bench gui: error: cannot write {path}", file=sys.stderr)
        return 1
    return 0 if record.ok else 1


async def _warm_then_pace(window: MainWindow, runner: Runner) -> None:
    """Import what the first clicks need, then pace full garbage collections (gcpacer)."""
    from cognito_bench.ui.gcpacer import GcPacer

    await runner.call(_warm_imports)
    if runner.closed:
        return

    def busy() -> bool:
        # This task is still in flight while it runs; afterwards only real work counts.
        return runner.in_flight > 0 or not window.response.idle or window.history.busy

    pacer = GcPacer(busy, parent=window)  # found with window.findChild(GcPacer)
    window.call_finished.connect(lambda _record: pacer.touch())
    pacer.watch(window)
    pacer.start()


async def _serve(
    window: MainWindow,
    runner: Runner,
    *,
    local: bool,
    profile: str,
    screenshot: str,
    script: Callable[[MainWindow], Coroutine[Any, Any, int]] | None,
) -> int:
    make_app().setWindowIcon(_icon())
    await window.build_panes_async()
    if runner.closed:  # closed before it was ready
        return 0
    if local:
        window.start_local()  # no need to wait for the store to know
    store = await runner.call(open_store)
    if window.runner.closed:  # closed while the store opened
        store.close()
        return 0
    window.attach_store(store)
    if not local:
        # --profile, else the one used last, else the first saved, else the local Cognito.
        window.choose_profile(store.start_profile(profile))
    runner.spawn(_warm_then_pace(window, runner), "warm-imports")
    if screenshot:
        code = await screenshot_flow(window, screenshot)
        window.close()
        return code
    if script is not None:
        code = await script(window)
        window.close()
        return code
    if not runner.closed:
        await next_emission(window.closed)
    return 0


#: Seconds to wait at exit for calls still running in worker threads (a call stuck on the
#: network is left behind after this).
EXIT_WAIT = 5.0

#: Set to any value: print the epoch time once the window is shown, then exit at once. The
#: frozen binary's start-up budget (`make dist`) is measured with it, as the source's is.
EXIT_WHEN_SHOWN = "COGNITO_BENCH_EXIT_WHEN_SHOWN"


def _fit_to_screen(window: MainWindow) -> None:
    """Shrink the window to the screen's free area (a 1366×768 laptop) when it is smaller."""
    free = window.screen().availableGeometry()
    frame = 40  # the title bar and borders the window manager adds
    width = min(window.width(), free.width())
    height = min(window.height(), free.height() - frame)
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)


def _print_time_and_exit(window: MainWindow) -> None:
    import time

    QApplication.processEvents()
    print(time.time(), flush=True)
    os._exit(0)


def run_app(
    *,
    local: bool = True,
    profile: str = "",
    screenshot: str = "",
    argv: Sequence[str] = (),
    on_shown: Callable[[MainWindow], None] | None = None,
    script: Callable[[MainWindow], Coroutine[Any, Any, int]] | None = None,
    size: tuple[int, int] = (0, 0),
    triggers: TriggerOptions | None = None,
) -> int:
    """Open the window and run until it is closed; returns the exit code.

    The window is built and shown before asyncio, qasync and the core packages load.

    Args:
        local: start the embedded local Cognito and fill the fields with its demo target;
            False opens ``profile``, or the profile used last (the local one when none).
        profile: the saved profile to open when ``local`` is False ("" for the last used).
        screenshot: render offscreen once ready, save this PNG, exit.
        argv: Qt's command line.
        on_shown: called right after the window is shown, before the event loop exists
            (the start-up benchmark uses it).
        script: a coroutine to run once the panes are built (and the local Cognito is
            starting); its result is the exit code and the window closes after it.
        size: the window's (width, height); (0, 0) for the default, which a smaller
            screen shrinks.
        triggers: the Lambda trigger wiring of the window's local Cognito, read when it
            starts (``cognito-bench gui``'s options and ``./cognito-bench.toml``); None:
            no triggers.
    """
    if screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        _quiet_offscreen_notes()
    # A shorter GIL switch interval keeps the GUI thread responsive while worker threads
    # run Python code (botocore, SRP): the GUI thread waits at most this long for the GIL.
    sys.setswitchinterval(0.0005)
    app = make_app(argv)
    app.setQuitOnLastWindowClosed(False)
    runner = Runner()
    window = MainWindow(runner, lazy_panes=True)
    window.local.wiring = triggers
    if size != (0, 0):
        window.resize(*size)
    elif os.environ.get("QT_QPA_PLATFORM") != "offscreen":
        _fit_to_screen(window)
    window.show()
    if on_shown is None and os.environ.get(EXIT_WHEN_SHOWN):
        on_shown = _print_time_and_exit
    if on_shown is not None:
        on_shown(window)

    import asyncio

    import qasync

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    runner.attach(loop)
    try:
        code: int = loop.run_until_complete(
            _serve(
                window, runner, local=local, profile=profile, screenshot=screenshot, script=script
            )
        )
        loop.run_until_complete(runner.aclose(timeout=2.0))
    finally:
        runner.close()
        # The window is gone; a background import or token check still running would abort
        # the process if the interpreter ended it mid-way (Runner.wait_idle).
        runner.wait_idle(EXIT_WAIT)
        if window.emulator is not None:
            window.emulator.stop()
        if window.store is not None:
            window.store.close()
        loop.close()
        asyncio.set_event_loop(None)
    return code
