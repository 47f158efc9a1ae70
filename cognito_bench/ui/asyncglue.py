"""Async glue: run blocking core calls off the GUI thread and keep every task referenced.

The qasync loop holds tasks weakly (as every asyncio loop does), so a task nobody references
can be garbage-collected mid-flight. :func:`spawn` keeps a strong reference until the task is
done and gives it a name, so a leftover task in a log says what it was.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    # asyncio and concurrent.futures load after the window shows (~50 ms of start-up).
    import asyncio
    from concurrent.futures import Future

__all__ = ["DaemonPool", "Latest", "Runner", "is_loopback", "next_emission", "spawn"]

T = TypeVar("T")

_log = logging.getLogger(__name__)
_TASKS: set[asyncio.Task[Any]] = set()


def _done(task: asyncio.Task[Any]) -> None:
    _TASKS.discard(task)
    if task.cancelled():
        return
    exc = task.exception()
    if exc is not None:
        # A task's own code reports its errors to the user; this catches what slipped through.
        _log.error("task %s failed", task.get_name(), exc_info=exc)


def spawn(
    coro: Coroutine[Any, Any, T],
    name: str,
    *,
    loop: asyncio.AbstractEventLoop | None = None,
    keep: set[asyncio.Task[Any]] | None = None,
) -> asyncio.Task[T]:
    """Schedule ``coro`` as a named task and keep a reference to it until it is done.

    Args:
        coro: the coroutine to run.
        name: a short name saying what the task does (``call:Sign in (SRP)``).
        loop: the loop to run on; default the running loop.
        keep: an extra set that holds the task while it runs (a :class:`Runner`'s own).
    """
    if loop is None:
        import asyncio

        loop = asyncio.get_running_loop()
    task = loop.create_task(coro, name=name)
    _TASKS.add(task)
    task.add_done_callback(_done)
    if keep is not None:
        keep.add(task)
        task.add_done_callback(keep.discard)
    return task


class DaemonPool:
    """A thread pool of daemon threads: a call stuck on the network never delays exit.

    ``concurrent.futures.ThreadPoolExecutor`` joins its (non-daemon) threads at interpreter
    exit, so closing the window during a hung call would wait for the socket timeout. The
    results of calls still running at exit are dropped anyway.

    Args:
        max_workers: threads at most (started on demand).
        name: thread name prefix.
    """

    def __init__(self, max_workers: int, name: str) -> None:
        import queue
        import threading

        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._lock = threading.Lock()
        # Held while a result is handed over (set_result calls into Qt through qasync's
        # call_soon_threadsafe) and by shutdown: once shutdown returns, no pool thread is in
        # Qt code or will enter it. A daemon thread caught in Qt code by interpreter exit is
        # unwound through C++ frames that swallow the unwind: "FATAL: exception not rethrown".
        self._deliver = threading.Lock()
        self._max = max_workers
        self._name = name
        self._threads = 0
        self._idle = 0
        self._running = 0  # calls running now (wait_idle)
        self._settled = threading.Condition(self._lock)
        self._shutdown = False

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        """Run ``fn`` in a pool thread; a ``concurrent.futures.Future`` of its result."""
        from concurrent.futures import Future

        future: Future[T] = Future()
        with self._lock:
            if self._shutdown:
                raise RuntimeError("pool shut down")
            self._queue.put((future, fn, args, kwargs))
            if self._idle == 0 and self._threads < self._max:
                self._start_thread()
            else:
                self._idle -= 1  # a waiting thread will take this job
        return future

    def _start_thread(self) -> None:
        import threading

        self._threads += 1
        threading.Thread(
            target=self._work, name=f"{self._name}-{self._threads}", daemon=True
        ).start()

    def _work(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            future, fn, args, kwargs = job
            if future.set_running_or_notify_cancel():
                with self._lock:
                    self._running += 1
                try:
                    outcome = functools.partial(future.set_result, fn(*args, **kwargs))
                except BaseException as exc:
                    outcome = functools.partial(future.set_exception, exc)
                    del exc
                with self._deliver:
                    if not self._shutdown:  # after shutdown the result is dropped
                        outcome()
                del outcome
                with self._lock:
                    self._running -= 1
                    self._settled.notify_all()
            del job, future, fn, args, kwargs
            with self._lock:
                self._idle += 1

    def wait_idle(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds until no call is running; True when none is."""
        with self._lock:
            return self._settled.wait_for(lambda: self._running == 0, timeout)

    def shutdown(self, wait: bool = False, *, cancel_futures: bool = True) -> None:
        """Stop taking jobs, cancel queued ones, drop the results of running ones, let the
        threads end (waits only for a result being handed over, never for a running call)."""
        import queue

        with self._deliver, self._lock:
            self._shutdown = True
            threads = self._threads
        while cancel_futures:
            try:
                job = self._queue.get_nowait()
            except queue.Empty:
                break
            if job is not None:
                job[0].cancel()
        for _ in range(threads):
            self._queue.put(None)


def is_loopback(endpoint_url: str) -> bool:
    """True for an endpoint on this machine (an emulator): its calls are CPU work.

    Never raises: an endpoint urlsplit cannot parse (``http://[::1``) is not loopback, and
    the call it was about to start refuses it with an ``InvalidInput`` record.
    """
    from urllib.parse import urlsplit

    try:
        host = urlsplit(endpoint_url).hostname or ""
    except ValueError:
        return False
    return host in ("localhost", "::1") or host.startswith("127.")


class Runner:
    """Runs blocking callables on thread pools and tracks the tasks that await them.

    One per window. Several calls may be in flight at once; :meth:`close` cancels what is
    still running and shuts the pools down without waiting for calls stuck on the network.

    Two pools: :meth:`call` for calls that mostly wait on the network (real AWS), and
    :meth:`call_cpu` for work that mostly runs Python (JSON rendering, token checks, calls to
    the local emulator, which answers at once). Python threads share one GIL, and the GUI
    thread waits for it behind every runnable worker: two CPU workers keep its waits short
    (bench_gui: the GUI-thread gap during ten sign-ins) while network calls still overlap.

    Args:
        loop: the (qasync) event loop; :meth:`attach` it later if the window comes first.
        max_workers: threads for network-bound calls.
        cpu_workers: threads for CPU-bound work.
    """

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop | None = None,
        max_workers: int = 10,
        cpu_workers: int = 2,
    ) -> None:
        self._loop = loop
        self._sizes = {"io": max_workers, "cpu": cpu_workers}
        self._executors: dict[str, DaemonPool] = {}
        self._tasks: set[asyncio.Task[Any]] = set()
        self._closed = False
        import threading

        self._posting = threading.Lock()  # see post_threadsafe

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        """Use ``loop`` (the window can be built and shown before the loop exists)."""
        self._loop = loop

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        """The event loop tasks run on."""
        if self._loop is None:
            raise RuntimeError("the runner has no event loop yet")
        return self._loop

    def _pool(self, kind: str) -> DaemonPool:
        executor = self._executors.get(kind)
        if executor is None:
            executor = self._executors[kind] = DaemonPool(self._sizes[kind], f"bench-{kind}")
        return executor

    @property
    def in_flight(self) -> int:
        """How many tasks are still running."""
        return len(self._tasks)

    @property
    def closed(self) -> bool:
        """True once :meth:`close` ran."""
        return self._closed

    def post_threadsafe(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` on the loop's thread soon; callable from any thread.

        Dropped once the runner is closed. :meth:`close` waits for a post in progress, so no
        other thread is inside Qt (qasync posts through a Qt signal) once it returns.
        """
        with self._posting:
            if self._closed or self._loop is None or self._loop.is_closed():
                return
            self._loop.call_soon_threadsafe(callback)

    async def call(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Run ``fn(*args, **kwargs)`` on the network pool and await its result."""
        return await self._run("io", functools.partial(fn, *args, **kwargs))

    async def call_cpu(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Run ``fn(*args, **kwargs)`` on the small CPU pool and await its result."""
        return await self._run("cpu", functools.partial(fn, *args, **kwargs))

    async def call_at(
        self, endpoint_url: str, fn: Callable[..., T], /, *args: Any, **kwargs: Any
    ) -> T:
        """Run a call to ``endpoint_url`` on the pool that suits it and await its result.

        A call to an emulator on this machine is CPU work (it answers at once; both ends are
        Python in this process or the next), one to AWS mostly waits on the network.
        """
        run = self.call_cpu if is_loopback(endpoint_url) else self.call
        return await run(fn, *args, **kwargs)

    async def _run(self, kind: str, job: Callable[[], T]) -> T:
        if self._closed:
            import asyncio

            raise asyncio.CancelledError("runner closed")
        # DaemonPool has Executor's submit/shutdown; not a subclass, to keep concurrent.futures
        # out of start-up.
        pool: Any = self._pool(kind)
        return await self.loop.run_in_executor(pool, job)

    def spawn(self, coro: Coroutine[Any, Any, T], name: str) -> asyncio.Task[T]:
        """Schedule ``coro`` as a named task owned by this runner."""
        if self._closed:
            coro.close()
            raise RuntimeError("runner closed")
        return spawn(coro, name, loop=self.loop, keep=self._tasks)

    def close(self) -> None:
        """Cancel every task and shut the pool down without waiting for running calls.

        Calls already running in a thread finish in the background (a blocking socket read
        cannot be interrupted); their results are dropped. Queued calls never start.
        """
        if self._closed:
            return
        with self._posting:
            self._closed = True
        for task in list(self._tasks):
            task.cancel()
        for executor in self._executors.values():
            executor.shutdown(wait=False, cancel_futures=True)

    def wait_idle(self, timeout: float) -> bool:
        """Wait (blocking) up to ``timeout`` seconds for the calls still running in the pools.

        Call it after :meth:`close` and before the interpreter exits. Python ends a daemon
        thread at exit by unwinding its stack, and a thread inside an extension that catches
        that unwind (an import of cryptography's Rust module, for one) aborts the whole
        process: "FATAL: exception not rethrown", exit status 134. Returns True when every
        call ended in time; a call stuck on the network is left behind after ``timeout``.
        """
        import time

        deadline = time.monotonic() + timeout
        return all(
            pool.wait_idle(max(deadline - time.monotonic(), 0.0))
            for pool in list(self._executors.values())
        )

    async def aclose(self, timeout: float = 2.0) -> None:
        """:meth:`close`, then wait up to ``timeout`` seconds for the cancelled tasks to end."""
        import asyncio

        tasks = list(self._tasks)
        self.close()
        if tasks:
            await asyncio.wait(tasks, timeout=timeout)


async def next_emission(signal: Any, timeout: float | None = None) -> tuple[Any, ...]:
    """Wait for the next emission of a Qt signal; returns its arguments.

    Raises:
        TimeoutError: nothing was emitted within ``timeout`` seconds.
    """
    import asyncio

    loop = asyncio.get_running_loop()
    future: asyncio.Future[tuple[Any, ...]] = loop.create_future()

    def handler(*args: Any) -> None:
        if not future.done():
            future.set_result(args)

    signal.connect(handler)
    try:
        return await asyncio.wait_for(future, timeout)
    finally:
        signal.disconnect(handler)


class Latest:
    """Run ``work(item)`` off the GUI thread for the newest item only, then ``apply`` it.

    When items come faster than the work (ten sign-ins landing together), the ones that a
    newer item overtook are never worked on or applied: the pane shows the last one, and the
    worker threads are not busy with results nobody will see.

    Args:
        runner: where the work runs.
        work: the slow part, called in a worker thread.
        apply: called on the GUI thread with the item and the work's result.
        name: names the task.
    """

    def __init__(
        self,
        runner: Runner,
        work: Callable[[Any], Any],
        apply: Callable[[Any, Any], None],
        name: str,
    ) -> None:
        self._runner = runner
        self._work = work
        self._apply = apply
        self._name = name
        self._pending: tuple[Any] | None = None
        self._busy = False

    @property
    def idle(self) -> bool:
        """True when nothing is pending or being worked on."""
        return not self._busy and self._pending is None

    def submit(self, item: Any) -> None:
        """Work on ``item`` next (replacing any item still waiting)."""
        self._pending = (item,)
        if self._busy or self._runner.closed:
            return
        self._busy = True
        task = self._runner.spawn(self._loop(), self._name)
        task.add_done_callback(self._done)

    def _done(self, _task: Any) -> None:
        self._busy = False

    async def _loop(self) -> None:
        try:
            while self._pending is not None:
                (item,) = self._pending
                self._pending = None
                try:
                    result = await self._runner.call_cpu(self._work, item)
                except Exception:
                    _log.exception("%s failed", self._name)
                    continue
                if self._pending is None:
                    self._apply(item, result)
        finally:
            self._busy = False
