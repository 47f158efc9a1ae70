"""The outbox: every code the emulator would have e-mailed or texted, newest last."""

from __future__ import annotations

import datetime as _dt
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["PURPOSES", "Outbox", "OutboxMessage", "mask_destination"]

_log = logging.getLogger(__name__)

#: Why a message was sent. ``INVITATION`` is AdminCreateUser's welcome message (MessageAction
#: unset or ``RESEND``): its ``code`` is the user's temporary password, as Cognito's invitation
#: template fills ``{####}``; it goes to each of DesiredDeliveryMediums the user has an
#: address for. ``SIGN_IN`` is a one-time password that is the first factor of a USER_AUTH
#: (choice-based) sign-in; ``MFA`` a code asked for after the password.
PURPOSES = (
    "SIGN_UP",
    "RESEND",
    "FORGOT_PASSWORD",
    "MFA",
    "SIGN_IN",
    "VERIFY_ATTRIBUTE",
    "INVITATION",
)


@dataclass(frozen=True)
class OutboxMessage:
    """One code the emulator "sent".

    Attributes:
        id: increasing number, unique within one emulator.
        time: when it was sent, ISO 8601 UTC.
        pool_id: the user pool.
        username: the user's (internal) username.
        destination: the full e-mail address or phone number it went to.
        medium: ``EMAIL`` or ``SMS``.
        attribute: the attribute the destination came from (``email``, ``phone_number``).
        purpose: one of :data:`PURPOSES`.
        code: the code itself (for ``INVITATION``, the temporary password).
        subject: the e-mail's subject ("" for SMS).
        message: the text the user would receive, code filled in (a CustomMessage trigger's
            when one answered, else Cognito's default).
    """

    id: int
    time: str
    pool_id: str
    username: str
    destination: str
    medium: str
    attribute: str
    purpose: str
    code: str
    subject: str = ""
    message: str = ""

    def to_json(self) -> dict[str, Any]:
        """The message as a JSON-ready dict."""
        return asdict(self)


class Outbox:
    """A thread-safe list of :class:`OutboxMessage`, with subscribers.

    Subscribers are called in order on the outbox's own notifier thread (never while the
    emulator holds its lock, so a subscriber may call the emulator); a UI must hand the
    message over to its own thread.
    """

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._messages: list[OutboxMessage] = []
        self._subscribers: list[Callable[[OutboxMessage], None]] = []
        self._pending: queue.SimpleQueue[OutboxMessage] = queue.SimpleQueue()
        self._notifier: threading.Thread | None = None

    def send(
        self,
        *,
        pool_id: str,
        username: str,
        destination: str,
        medium: str,
        attribute: str,
        purpose: str,
        code: str,
        subject: str = "",
        message: str = "",
    ) -> OutboxMessage:
        """Keep a message and tell the subscribers."""
        when = _dt.datetime.fromtimestamp(self._clock(), tz=_dt.UTC)
        with self._lock:
            sent = OutboxMessage(
                id=len(self._messages) + 1,
                time=when.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
                pool_id=pool_id,
                username=username,
                destination=destination,
                medium=medium,
                attribute=attribute,
                purpose=purpose,
                code=code,
                subject=subject,
                message=message,
            )
            self._messages.append(sent)
            if self._subscribers:
                self._pending.put(sent)
        return sent

    def _notify(self) -> None:
        while True:
            message = self._pending.get()
            with self._lock:
                subscribers = list(self._subscribers)
            for callback in subscribers:
                try:
                    callback(message)
                except Exception:
                    _log.exception("outbox subscriber failed")

    def messages(self, username: str | None = None, after_id: int = 0) -> list[OutboxMessage]:
        """The messages, newest last, newer than ``after_id``, optionally for one user.

        ``username`` matches the user's username or the destination (a pool that signs users
        in by e-mail keeps a generated username; the e-mail address finds their codes).
        """
        with self._lock:
            return [
                m
                for m in self._messages
                if m.id > after_id and (username is None or username in (m.username, m.destination))
            ]

    def latest(self, username: str, purpose: str | None = None) -> OutboxMessage | None:
        """The newest message for ``username`` (and ``purpose``), if any."""
        for message in reversed(self.messages(username)):
            if purpose is None or message.purpose == purpose:
                return message
        return None

    def subscribe(self, callback: Callable[[OutboxMessage], None]) -> Callable[[], None]:
        """Call ``callback`` for every new message; returns a function that unsubscribes."""
        with self._lock:
            self._subscribers.append(callback)
            if self._notifier is None:
                self._notifier = threading.Thread(
                    target=self._notify, name="local-cognito-outbox", daemon=True
                )
                self._notifier.start()

        def unsubscribe() -> None:
            with self._lock:
                if callback in self._subscribers:
                    self._subscribers.remove(callback)

        return unsubscribe


def mask_destination(destination: str, medium: str) -> str:
    """The destination as Cognito shows it in CodeDeliveryDetails: ``d***@e***``, ``+*******1234``."""
    if medium == "SMS":
        return "+" + "*" * max(len(destination) - 5, 0) + destination[-4:]
    local, _, domain = destination.partition("@")
    return f"{local[:1]}***@{domain[:1]}***"
