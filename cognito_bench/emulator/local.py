"""`LocalCognito`: start, seed and stop the embedded local Cognito in one object."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from types import TracebackType

from cognito_bench.emulator import signing
from cognito_bench.emulator.fidelity import FidelityApp
from cognito_bench.emulator.outbox import OutboxMessage
from cognito_bench.emulator.quotas import Quotas
from cognito_bench.emulator.seed import DEMO_RELYING_PARTY, LOCAL_REGION, LocalTarget, seed
from cognito_bench.emulator.server import LocalServer, WSGIApp, moto_app
from cognito_bench.emulator.state import EmulatorState
from cognito_bench.emulator.triggers.config import TriggerConfig

__all__ = ["LocalCognito"]


def _warm_up(signer: signing.Signer) -> None:
    from cognito_bench.emulator.validation import warm_up

    _ = signer.key
    _ = signer.encryption_key
    warm_up()


def _quotas(quotas: Quotas | Mapping[str, float] | None) -> Quotas | None:
    return quotas if isinstance(quotas, Quotas | None) else Quotas(quotas)


class LocalCognito:
    """The embedded local Cognito (moto plus the fidelity layer), seeded with demo resources.

    Use as a context manager, or call ``start`` and ``stop``.

    Args:
        host: the address to bind (loopback by default).
        port: 0 picks a free port.
        region: the region of the demo resources.
        clock: epoch seconds for codes, sessions and token times (tests pass their own).
        triggers: the Lambda triggers to run (:mod:`cognito_bench.emulator.triggers`); they
            apply to every user pool of this emulator. :meth:`set_triggers` changes them
            while it runs.
        quotas: request rates per category (``{"UserAuthentication": 20}``, or
            ``Quotas.default()``); beyond them operations answer TooManyRequestsException.
            None (the default) throttles nothing.
        gate: run one request's Python at a time (``emulator/gate.py``): for a process
            whose other threads must get the GIL promptly (the window's GUI thread), at
            the cost of some of the server's throughput under load (a third fewer password
            sign-ins a second here), so off by default.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        region: str = LOCAL_REGION,
        clock: Callable[[], float] = time.time,
        triggers: TriggerConfig | None = None,
        quotas: Quotas | Mapping[str, float] | None = None,
        gate: bool = False,
    ) -> None:
        self._state = EmulatorState(clock)
        self._state.triggers.region = region
        if triggers is not None:
            self._state.triggers.configure(triggers, warm=False)  # warmed at start
        self._quotas = _quotas(quotas)
        self._app_instance: FidelityApp | None = None
        self._server = LocalServer(
            app_factory=self._app, host=host, port=port, gate=self._state.gate if gate else None
        )
        self._region = region
        self.target: LocalTarget | None = None
        self._warm: threading.Thread | None = None

    def _app(self) -> WSGIApp:
        signing.install()
        self._app_instance = FidelityApp(moto_app(), self._state, self._quotas)
        return self._app_instance

    def start(self) -> LocalTarget:
        """Serve, seed, and return the target (blocks under a second: call off the GUI thread)."""
        endpoint = self._server.start()
        signer = self._state.bind(endpoint)
        # A handler's own AWS SDK calls to Cognito come back here (boto3 and the JavaScript
        # SDK v3 read AWS_ENDPOINT_URL_<SERVICE>); dummy credentials unless it has its own.
        env = self._state.triggers.pool.env
        env["AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER"] = endpoint
        env["COGNITO_BENCH_ENDPOINT"] = endpoint
        env.setdefault("AWS_REGION", self._region)
        env.setdefault("AWS_DEFAULT_REGION", self._region)
        if "AWS_ACCESS_KEY_ID" not in env and "AWS_PROFILE" not in env:
            env["AWS_ACCESS_KEY_ID"] = "local"
            env["AWS_SECRET_ACCESS_KEY"] = "local"  # noqa: S105 (a placeholder)
        self._state.triggers.warm()
        # The RSA key and the API models are made on first use; make them now, off this
        # thread, so the first sign-in does not wait for them.
        self._warm = threading.Thread(
            target=_warm_up, args=(signer,), name="local-cognito-warm", daemon=True
        )
        self._warm.start()
        self.target = seed(
            endpoint, self._region, on_pool=lambda pool_id: signing.register_pool(pool_id, signer)
        )
        with self._state.lock:
            self._state.webauthn_config[self.target.user_pool_id] = {
                "RelyingPartyId": DEMO_RELYING_PARTY,
                "UserVerification": "preferred",
            }
        return self.target

    def stop(self) -> None:
        """Stop serving, and let the warm-up end (up to 5 s).

        The warm-up runs in cryptography's Rust code: a daemon thread the interpreter ends
        there at exit aborts the process ("FATAL: exception not rethrown").
        """
        self._server.stop()
        self._state.triggers.close()
        if self._warm is not None:
            self._warm.join(5.0)

    @property
    def triggers(self) -> TriggerConfig:
        """The Lambda triggers in force."""
        return self._state.triggers.config

    def set_triggers(self, config: TriggerConfig) -> None:
        """Run ``config``'s triggers from the next call on (handler files are warmed up now)."""
        self._state.triggers.configure(config)

    @property
    def quotas(self) -> Quotas | None:
        """The request-rate quotas in force (None: nothing is throttled)."""
        return self._quotas

    def set_quotas(self, quotas: Quotas | Mapping[str, float] | None) -> None:
        """Throttle with ``quotas`` from the next request on (None: throttle nothing).

        For every caller alike: the window's Load pane sets them for a run against the
        window's own local Cognito and puts the previous ones back when it ends.

        Raises:
            QuotaError: an unknown category or a rate that is not positive.
        """
        self._quotas = _quotas(quotas)
        if self._app_instance is not None:
            self._app_instance.quotas = self._quotas

    @property
    def state(self) -> EmulatorState:
        """The fidelity layer's state (codes, sessions, outbox); tests use it to expire codes."""
        return self._state

    @property
    def outbox(self) -> list[OutboxMessage]:
        """Every code sent so far, newest last."""
        return self._state.outbox.messages()

    def outbox_since(self, after_id: int = 0, username: str | None = None) -> list[OutboxMessage]:
        """Codes sent after message ``after_id`` (poll with the last id seen)."""
        return self._state.outbox.messages(username=username, after_id=after_id)

    def subscribe(self, callback: Callable[[OutboxMessage], None]) -> Callable[[], None]:
        """Call ``callback`` (on the server thread) for each new code; returns an unsubscriber."""
        return self._state.outbox.subscribe(callback)

    def __enter__(self) -> LocalTarget:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
