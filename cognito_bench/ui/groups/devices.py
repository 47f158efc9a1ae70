"""Remembered devices: remember the one a sign-in returned, list the user's devices, forget one.

The session keeps the remembered device (its SRP password only in memory): the next SRP
sign-in of the same user in this tab uses it, and Cognito skips MFA.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QLabel, QSizePolicy, QVBoxLayout

from cognito_bench.ui.groups import ActionGroup, Button, Field
from cognito_bench.ui.widgets import named

if TYPE_CHECKING:
    from PySide6.QtGui import QShowEvent

    from cognito_bench.aws.record import CallRecord
    from cognito_bench.flows.session import Change, Session

__all__ = ["GROUP", "NO_DEVICE", "device_items"]

NO_DEVICE = "No device remembered in this session."


def device_items(record: CallRecord) -> list[tuple[str, str]]:
    """(text, device key) of each device a ListDevices record lists."""
    items = []
    for device in record.response.get("Devices", []) or []:
        if not isinstance(device, dict) or not device.get("DeviceKey"):
            continue
        attrs = {
            str(a.get("Name")): str(a.get("Value", ""))
            for a in device.get("DeviceAttributes", []) or []
            if isinstance(a, dict)
        }
        key = str(device["DeviceKey"])
        name = attrs.get("device_name") or key
        status = attrs.get("dev:device_remembered_status", "")
        items.append((f"{name} · {status}" if status else name, key))
    return items


def _short(device_key: str) -> str:
    """A device key cut to what tells two apart on screen (the whole in the tooltip)."""
    return device_key if len(device_key) <= 20 else f"{device_key[:18]}…"


class DevicesGroup(ActionGroup):
    """ConfirmDevice (+ UpdateDeviceStatus), ListDevices, ForgetDevice (asks first)."""

    TITLE = "Devices"
    NAME = "devicesGroup"
    TABS = "factorTabs"
    MAIN = "listDevices"
    SHOWS = ("DEVICE", "TOKENS")
    FIELDS = (
        Field(
            "deviceKey",
            "Device to forget (device key)",
            "Device",
            "device_key",
            "the remembered one; List fills this",
            kind="listed",
        ),
    )
    BUTTONS = (
        Button("rememberDevice", "Remember device", "Devices: Remember"),
        Button("listDevices", "List devices", "Devices: List"),
        Button("forgetDevice", "Forget device", "Devices: Forget"),
    )

    def build_extra(self, layout: QVBoxLayout) -> None:
        #: The session's device: new from the sign-in, or remembered (used by the next one).
        self.state = named(QLabel(NO_DEVICE), "deviceState", "Remembered device")
        self.state.setWordWrap(True)
        self.state.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.state)
        self._shown: tuple[Session, str] | None = None

    def show_session(self, session: Session, change: Change, account: str) -> None:
        """The new or remembered device of the session in front (shown when the page is:
        every sign-in of a pool that tracks devices brings a new one)."""
        self._shown = (session, account)
        if self.isVisible():
            self._show_device()

    def showEvent(self, event: QShowEvent) -> None:
        self._show_device()
        super().showEvent(event)

    def _show_device(self) -> None:
        if self._shown is None:
            return
        session, account = self._shown
        self._shown = None
        if session.device is not None:
            who = session.device_user or account
            key = session.device.key
            text = f"Remembered {_short(key)}: {who}'s next SRP sign-in here uses it (no MFA)."
        elif session.new_device is not None:
            key = session.new_device.key
            text = f"New device {_short(key)} from the sign-in: Remember device keeps it."
        else:
            key, text = "", NO_DEVICE
        if self.state.text() != text:
            self.state.setText(text)
            self.state.setToolTip(key)
        chosen = self.inputs["device_key"]
        assert isinstance(chosen, QComboBox)
        if session.device is not None and not chosen.currentText().strip():
            chosen.setEditText(session.device.key)  # what Forget device forgets by default

    def show_record(self, record: CallRecord) -> None:
        """A device list fills the Device choice."""
        if record.operation == "ListDevices" and record.ok:
            self.fill_list("device_key", device_items(record))


GROUP = DevicesGroup
