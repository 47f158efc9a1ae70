"""Tokens → Diff: two tokens' claims side by side, what was added, removed or changed.

The comparison is the core's (:func:`cognito_bench.tokens.diff.diff_tokens`, off the GUI
thread); this panel picks the two tokens and colours the rows. The choices are the session
tabs' tokens, now and before (a refresh keeps the set it replaced), the pasted token, and a
token typed here. When the local Cognito's PreTokenGeneration trigger ran for the second
token's sign-in, the claims its answer set or suppressed say so
(:func:`~cognito_bench.tokens.diff.trigger_claims`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cognito_bench.ui.screenshare import echo_for_sharing
from cognito_bench.ui.widgets import FlowGroup, named, readonly_table

if TYPE_CHECKING:
    from cognito_bench.tokens.diff import TokenDiff
    from cognito_bench.ui.asyncglue import Runner

__all__ = ["TYPED", "TokenDiffPanel"]

#: The choice that reads the token typed into the panel's own field.
TYPED = "Typed or pasted below"
#: Row colours: added, removed, changed (light, so the text stays readable).
_BACKGROUNDS = {"added": "#dafbe1", "removed": "#ffebe9", "changed": "#fff8c5"}


class TokenDiffPanel(FlowGroup):
    """Choose two tokens, compare them claim by claim.

    Args:
        runner: runs the comparison off the GUI thread.
        sources: the tokens to choose from, as (label, raw token), newest first.
        triggers: the Lambda triggers the call that brought a raw token ran ([] unknown).
    """

    COLUMNS = ("Part", "Claim", "Before", "After", "Change")

    def __init__(
        self,
        runner: Runner,
        sources: Callable[[], list[tuple[str, str]]],
        triggers: Callable[[str], list[dict[str, Any]]] = lambda _raw: [],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Token diff", "diffGroup", parent)
        self._runner = runner
        self._sources = sources
        self.triggers = triggers
        #: What a trigger did to each claim of the second token (claim → words).
        self.by_trigger: dict[str, str] = {}
        self._tokens: dict[str, str] = {}
        #: The last comparison (None before the first).
        self.diff: TokenDiff | None = None
        self.before = named(QComboBox(), "tokensDiffBefore", "Token before (left)")
        self.after = named(QComboBox(), "tokensDiffAfter", "Token after (right)")
        for combo in (self.before, self.after):
            combo.setMinimumContentsLength(24)
            combo.currentIndexChanged.connect(self._show_typed)
        self.typed = named(QLineEdit(), "tokensDiffTyped", "Token to compare (typed or pasted)")
        self.typed.setPlaceholderText("a token to compare: choose “Typed or pasted below”")
        self.run = named(QPushButton("Compare"), "tokensDiffRun", "Compare the two tokens")
        self.run.clicked.connect(self.compare)
        self.main_button = self.run
        self.summary = named(
            QLabel("Choose two tokens: a refresh keeps the tokens it replaced."),
            "tokensDiffSummary",
            "Token diff summary",
        )
        self.summary.setWordWrap(True)
        self.table = readonly_table(
            self.COLUMNS, "tokensDiffTable", "Token claims compared", stretch=3
        )
        self.table.setWordWrap(False)
        grid = QGridLayout()
        grid.addWidget(QLabel("Before"), 0, 0)
        grid.addWidget(self.before, 0, 1)
        grid.addWidget(QLabel("After"), 1, 0)
        grid.addWidget(self.after, 1, 1)
        grid.addWidget(self.run, 0, 2, 2, 1)
        grid.addWidget(self.typed, 2, 1, 1, 2)
        grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

    def refresh_sources(self) -> None:
        """List the tokens to choose from again (keeping the choices when they still exist).

        By default the newest token is "after" and the one before it "before": after a
        refresh, that is the refresh's effect.
        """
        sources = self._sources()
        self._tokens = dict(sources)
        labels = [label for label, _raw in sources] + [TYPED]
        for combo, default in ((self.after, 0), (self.before, 1)):
            current = combo.currentText()
            combo.blockSignals(True)
            combo.clear()
            combo.addItems(labels)
            index = combo.findText(current) if current else -1
            combo.setCurrentIndex(index if index >= 0 else min(default, len(labels) - 1))
            combo.blockSignals(False)
        self._show_typed()

    def _show_typed(self, _index: int = 0) -> None:
        wanted = TYPED in (self.before.currentText(), self.after.currentText())
        self.typed.setEnabled(wanted)
        echo_for_sharing(self.typed)

    def apply_screen_share(self) -> None:
        """The typed token hides (except while edited) in screen-share mode."""
        echo_for_sharing(self.typed)

    def choose(self, before: str, after: str) -> None:
        """Choose the tokens by their labels (tests, the window's shortcuts)."""
        self.before.setCurrentText(before)
        self.after.setCurrentText(after)

    def _raw(self, combo: QComboBox) -> str:
        label = combo.currentText()
        return self.typed.text().strip() if label == TYPED else self._tokens.get(label, "")

    def compare(self) -> None:
        """Compare the two chosen tokens (off the GUI thread), then show the rows."""
        before, after = self._raw(self.before), self._raw(self.after)
        if not before or not after:
            self.summary.setText("Choose two tokens (sign in first, or paste one below).")
            return
        if self._runner.closed:
            return
        self.run.setEnabled(False)
        task = self._runner.spawn(self._compare(before, after), "token-diff")
        task.add_done_callback(lambda _task: self.run.setEnabled(True))

    async def _compare(self, before: str, after: str) -> None:
        triggers = self.triggers(after)

        def work() -> tuple[TokenDiff, dict[str, str]]:
            from cognito_bench.tokens.diff import diff_tokens, trigger_claims

            diff = diff_tokens(before, after)
            use = next((r.after for r in diff.rows if r.name == "token_use"), "")
            return diff, trigger_claims(triggers, use.strip('"'))

        diff, by_trigger = await self._runner.call_cpu(work)
        self.show_diff(diff, by_trigger)

    def show_diff(self, diff: TokenDiff, by_trigger: dict[str, str] | None = None) -> None:
        """Show a comparison: one row per claim, coloured by what happened to it; a claim a
        trigger set or suppressed for the second token says so (``by_trigger``)."""
        from PySide6.QtGui import QBrush, QColor

        self.diff = diff
        self.by_trigger = dict(by_trigger or {})
        self.table.setRowCount(len(diff.rows))
        for r, row in enumerate(diff.rows):
            change = {"same": "", "added": "added", "removed": "removed"}.get(row.kind, "")
            if row.kind == "changed":
                change = f"changed {row.difference}".strip()
            if row.part == "payload" and row.name in self.by_trigger:
                change = f"{change} ({self.by_trigger[row.name]})".lstrip()
            cells = (row.part, row.name, row.before, row.after, change)
            brush: Any = (
                QBrush(QColor(_BACKGROUNDS[row.kind])) if row.kind in _BACKGROUNDS else None
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if brush is not None:
                    item.setBackground(brush)
                self.table.setItem(r, c, item)
        problems = [
            f"{which} token: {error}"
            for which, error in (("The first", diff.before_error), ("The second", diff.after_error))
            if error
        ]
        changed = [name for name in self.by_trigger if any(r.name == name for r in diff.changes)]
        trigger = f"PreTokenGeneration changed: {', '.join(changed)}." if changed else ""
        self.summary.setText(" ".join(filter(None, [diff.summary(), trigger, *problems])))
