"""Defaults that several layers share: the hosted UI's redirect URI and scopes.

One home, in the lowest layer: the window names them before its first paint (it cannot load
``aws.oauth``, which loads botocore), the emulator seeds its demo clients with them, and the
hosted UI client uses them. Plain constants, no import.
"""

from __future__ import annotations

__all__ = ["DEFAULT_REDIRECT_URI", "DEFAULT_SCOPES"]

#: Where the bench listens for the browser coming back from the hosted UI (a loopback port
#: the demo clients allow).
DEFAULT_REDIRECT_URI = "http://localhost:8765/callback"
#: The scopes a hosted UI sign-in asks for by default.
DEFAULT_SCOPES = "openid email profile"
