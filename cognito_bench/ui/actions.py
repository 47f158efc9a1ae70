"""`ActionRunner`: the one place a button's step runs, for the window, the Admin pane and the
Hosted UI group.

A click snapshots the inputs (a :class:`~cognito_bench.flows.steps.Form`) and the session on
the GUI thread; the step runs on the runner's pool that suits its endpoint
(:meth:`~cognito_bench.ui.asyncglue.Runner.call_at`); each record comes back on the GUI
thread through :attr:`ActionRunner.recorded` with the :class:`Origin` of the click, so the
window can give it to the session tab the click came from. The button shows it is busy
until the call ends, however it ends (a done callback, not a ``finally``: a task cancelled
before its first step never runs its body).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import QObject, Signal

from cognito_bench.flows.session import Session

if TYPE_CHECKING:
    import asyncio

    from cognito_bench.aws.record import CallRecord
    from cognito_bench.flows.steps import Form
    from cognito_bench.ui.asyncglue import Runner
    from cognito_bench.ui.widgets import BusyButton

__all__ = ["ADMIN", "SESSION", "ActionRunner", "Origin"]

#: Origin kinds: a session tab's call, or an admin call (no session).
SESSION, ADMIN = "session", "admin"


class Origin(NamedTuple):
    """Where a call came from.

    Attributes:
        kind: :data:`SESSION` (a flow button, the Hosted UI group) or :data:`ADMIN`.
        slot: the session tab it was made for (a ``SessionSlot``; None for admin calls).
        username: the user name typed for it (a sign-in's record may not carry it).
    """

    kind: str
    slot: Any = None
    username: str = ""


class ActionRunner(QObject):
    """Runs steps off the GUI thread and hands their records back with their origin.

    Args:
        runner: the window's runner (thread pools and tasks).

    Signals:
        recorded(object, object): a call finished: its ``CallRecord`` and its :class:`Origin`.
    """

    recorded = Signal(object, object)

    def __init__(self, runner: Runner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner

    def run(
        self,
        name: str,
        form: Form,
        origin: Origin,
        session: Session | None = None,
        *,
        button: BusyButton | None = None,
        then: Callable[[list[CallRecord]], object] | None = None,
    ) -> asyncio.Task[Any] | None:
        """Run the step of action ``name`` (its button busy meanwhile); None once closed.

        Args:
            name: the action (``signInSrp``).
            form: the inputs, snapshotted now.
            origin: who the records are for.
            session: the session as it is now (a fresh one for admin calls).
            button: shows the call is running.
            then: called on the GUI thread with the records, after they were handed out.
        """
        from cognito_bench.flows.steps import ACTIONS

        step = ACTIONS[name]
        return self.run_job(
            button, self._perform(step, form, session or Session(), origin, then), f"call:{name}"
        )

    async def _perform(
        self,
        step: Any,
        form: Form,
        session: Session,
        origin: Origin,
        then: Callable[[list[CallRecord]], object] | None,
    ) -> None:
        from cognito_bench.flows.steps import perform

        records = await self.runner.call_at(form.target.endpoint_url, perform, step, form, session)
        for record in records:
            self.recorded.emit(record, origin)
        if then is not None:
            then(records)

    def run_job(
        self, button: BusyButton | None, job: Coroutine[Any, Any, Any], name: str
    ) -> asyncio.Task[Any] | None:
        """Run ``job`` as a named task with ``button`` busy until it ends; None once closed."""
        if self.runner.closed:
            job.close()
            return None
        if button is not None:
            button.begin()
        task = self.runner.spawn(job, name)
        if button is not None:
            task.add_done_callback(lambda _task: button.end())
        return task

    def hand_out(self, record: CallRecord, origin: Origin) -> None:
        """Hand out a record made without a step (a refusal, a browser round trip's)."""
        self.recorded.emit(record, origin)
