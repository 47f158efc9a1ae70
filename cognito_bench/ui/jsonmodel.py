"""`JsonTreeModel`: a lazy Qt tree model adapting plain JSON data (dicts, lists, scalars).

Children are made on demand (``canFetchMore`` / ``fetchMore``) in batches, so a 5 MB
response shows at once: only the nodes a user expands ever exist as Qt rows.

In screen-share mode (:meth:`JsonTreeModel.set_mask`) a value under a secret key, and any
token inside a text, shows masked (:mod:`cognito_bench.masking`); the data is not changed,
and one node at a time can be shown (the view's click).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt

__all__ = ["JsonTreeModel"]

_Index = QModelIndex | QPersistentModelIndex

#: Children made per fetchMore: big enough to feel instant, small enough to stay under a frame.
BATCH = 200
_PREVIEW = 120


class _Node:
    __slots__ = ("children", "key", "parent", "row", "value")

    def __init__(self, key: str, value: Any, parent: _Node | None, row: int) -> None:
        self.key = key
        self.value = value
        self.parent = parent
        self.row = row
        self.children: list[_Node] = []

    @property
    def is_container(self) -> bool:
        return isinstance(self.value, dict | list) and len(self.value) > 0

    @property
    def total(self) -> int:
        return len(self.value) if isinstance(self.value, dict | list) else 0

    def make_children(self, count: int) -> list[_Node]:
        start = len(self.children)
        stop = min(self.total, start + count)
        if isinstance(self.value, dict):
            # dict views cannot be sliced; islice over keys stays O(n) once per batch only.
            import itertools

            items = itertools.islice(self.value.items(), start, stop)
            return [_Node(str(k), v, self, start + i) for i, (k, v) in enumerate(items)]
        return [_Node(f"[{i}]", self.value[i], self, i) for i in range(start, stop)]


def _preview(value: Any) -> str:
    if isinstance(value, dict):
        return f"{{…}} {len(value)} keys"
    if isinstance(value, list):
        return f"[…] {len(value)} items"
    if isinstance(value, str):
        text = value if len(value) <= _PREVIEW else value[:_PREVIEW] + f"… ({len(value)} chars)"
        return json.dumps(text, ensure_ascii=False)
    return json.dumps(value)


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    return {
        dict: "object",
        list: "array",
        str: "string",
        bool: "boolean",
        int: "number",
        float: "number",
    }.get(type(value), type(value).__name__)


class JsonTreeModel(QAbstractItemModel):
    """Three columns (key, value, type) over any JSON-like value, children made on demand."""

    HEADERS = ("Key", "Value", "Type")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._root = _Node("", {}, None, 0)
        self._mask = False
        self._revealed: Callable[[Any], bool] = lambda _node: False

    def set_mask(
        self, on: bool, revealed: Callable[[Any], bool] | None = None, *, refresh: bool = True
    ) -> None:
        """Mask secrets (screen-share mode); ``revealed(node)`` says which one is shown."""
        changed = on != self._mask
        self._mask = on
        if revealed is not None:
            self._revealed = revealed
        if refresh and changed:
            self.refresh()

    def refresh(self) -> None:
        """Repaint every row (the mask or the revealed node changed)."""
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, 2))
        self.layoutChanged.emit()

    def masked_node(self, index: _Index) -> Any:
        """The node under ``index`` when its value shows masked, else None."""
        if not self._mask or not index.isValid():
            return None
        node = self._node(index)
        return node if self._masked_preview(node) is not None else None

    def _masked_preview(self, node: _Node) -> str | None:
        """The node's masked preview, or None when it shows as it is."""
        from cognito_bench.masking import is_screen_secret_key, screen_text, screen_value

        value = node.value
        if not isinstance(value, str) or self._revealed(node):
            return None
        walk: _Node | None = node
        while walk is not None and walk is not self._root:
            if is_screen_secret_key(walk.key):
                return json.dumps(screen_value(value), ensure_ascii=False)
            walk = walk.parent
        masked = screen_text(value)
        return _preview(masked) if masked != value else None

    def set_data(self, value: Any) -> None:
        """Show ``value`` (usually a dict); the first level is made at once."""
        self.beginResetModel()
        self._root = _Node("", value, None, 0)
        self._root.children = self._root.make_children(BATCH)
        self.endResetModel()

    def root_value(self) -> Any:
        """The value shown."""
        return self._root.value

    def node_value(self, index: _Index) -> Any:
        """The JSON value under ``index``."""
        return self._node(index).value

    def _node(self, index: _Index) -> _Node:
        if index.isValid():
            node = index.internalPointer()
            assert isinstance(node, _Node)
            return node
        return self._root

    # Qt model interface ---------------------------------------------------------------

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        node = self._node(parent)
        if 0 <= row < len(node.children) and 0 <= column < 3:
            return self.createIndex(row, column, node.children[row])
        return QModelIndex()

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        node = self._node(index)
        parent = node.parent
        if parent is None or parent is self._root:
            return QModelIndex()
        return self.createIndex(parent.row, 0, parent)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._node(parent).children)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 3

    def hasChildren(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return False
        return self._node(parent).is_container

    def canFetchMore(self, parent: _Index) -> bool:
        if parent.isValid() and parent.column() != 0:
            return False
        node = self._node(parent)
        return len(node.children) < node.total

    def fetchMore(self, parent: _Index) -> None:
        node = self._node(parent)
        new = node.make_children(BATCH)
        if not new:
            return
        start = len(node.children)
        self.beginInsertRows(parent, start, start + len(new) - 1)
        node.children.extend(new)
        self.endInsertRows()

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node = self._node(index)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            col = index.column()
            if col == 0:
                return node.key
            if col == 1:
                masked = self._masked_preview(node) if self._mask else None
                return _preview(node.value) if masked is None else masked
            return _type_name(node.value)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None
