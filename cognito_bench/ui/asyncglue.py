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
    from concurrent.futures import ThreadPoolExecutor

__all__ = ["Runner", "next_emission", "spawn"]

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


class Runner:
    """Runs blocking callables on a thread pool and tracks the tasks that await them.

    One per window. Several calls may be in flight at once; :meth:`close` cancels what is
    still running and shuts the pool down without waiting for calls stuck on the network.

    Args:
        loop: the (qasync) event loop.
        max_workers: threads for blocking calls; enough for ten sign-ins at once.
    """

    def __init__(
        self, loop: asyncio.AbstractEventLoop | None = None, max_workers: int = 16
    ) -> None:
        self._loop = loop
        self._max_workers = max_workers
        self._executor: ThreadPoolExecutor | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._closed = False

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        """Use ``loop`` (the window can be built and shown before the loop exists)."""
        self._loop = loop

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        """The event loop tasks run on."""
        if self._loop is None:
            raise RuntimeError("the runner has no event loop yet")
        return self._loop

    def _pool(self) -> ThreadPoolExecutor:
        if self._executor is None:
            from concurrent.futures import ThreadPoolExecutor

            self._executor = ThreadPoolExecutor(
                max_workers=self._max_workers, thread_name_prefix="bench"
            )
        return self._executor

    @property
    def in_flight(self) -> int:
        """How many tasks are still running."""
        return len(self._tasks)

    @property
    def closed(self) -> bool:
        """True once :meth:`close` ran."""
        return self._closed

    async def call(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Run ``fn(*args, **kwargs)`` on the pool and await its result."""
        if self._closed:
            import asyncio

            raise asyncio.CancelledError("runner closed")
        return await self.loop.run_in_executor(self._pool(), functools.partial(fn, *args, **kwargs))

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
        self._closed = True
        for task in list(self._tasks):
            task.cancel()
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)

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
