"""The user's tracked sessions (list, revoke another one) and auth factors."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cognito_bench.ui.groups import ActionGroup, Button, Field

if TYPE_CHECKING:
    from cognito_bench.aws.record import CallRecord

__all__ = ["GROUP", "session_items"]


def session_items(record: CallRecord) -> list[tuple[str, str]]:
    """(text, session id) of each session a ListUserSessions record lists (this one marked)."""
    items = []
    for session in record.response.get("Sessions", []) or []:
        if not isinstance(session, dict) or not session.get("SessionId"):
            continue
        session_id = str(session["SessionId"])
        when = str(session.get("CreationDate") or session.get("LastAuthenticatedDate") or "")
        mark = " (this one)" if session.get("IsCurrentSession") else ""
        text = f"{session_id[:12]}… {when[:16]}{mark}".strip()
        items.append((text, session_id))
    return items


class SessionsGroup(ActionGroup):
    """ListUserSessions, RevokeUserSession, GetUserAuthFactors."""

    TITLE = "Sessions"
    NAME = "sessionsGroup"
    TABS = "factorTabs"
    MAIN = "listSessions"
    FIELDS = (
        Field(
            "sessionId",
            "Session to revoke (session id)",
            "Session",
            "session_id",
            "List sessions fills this",
            kind="listed",
        ),
    )
    BUTTONS = (
        Button("listSessions", "List sessions", "Sessions: List"),
        Button("revokeSession", "Revoke session", "Sessions: Revoke"),
        Button("authFactors", "Auth factors", "Sessions: Auth factors"),
    )

    def show_record(self, record: CallRecord) -> None:
        """A session list fills the Session choice."""
        if record.operation == "ListUserSessions" and record.ok:
            self.fill_list("session_id", session_items(record))


GROUP = SessionsGroup
