"""The store's exceptions.

Exception tree::

    StoreError            anything the store refuses, with a one-line plain-English message
    └── ProfileError      a profile name or file that cannot be used

Reading the profiles file or opening the history never raises: they start empty and set a
``warning`` instead. Writing can also raise ``OSError`` (disk full, read-only folder).
"""

from __future__ import annotations

__all__ = ["ProfileError", "StoreError"]


class StoreError(Exception):
    """Something the store refused; ``str(exc)`` is one line to show the user."""


class ProfileError(StoreError, ValueError):
    """A profile name, entry or file that cannot be used."""
