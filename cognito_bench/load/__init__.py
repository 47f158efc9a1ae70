"""Load tests: a flow run as many simulated users on Locust, one machine or many.

``cognito-bench load FLOW.yaml --users N ...`` (``commands/load.py``) checks its input, finds
the target (``--local`` starts the embedded local Cognito, with quotas when asked), and
runs Locust in a child process, ``python -m cognito_bench.load``, that reads a
:class:`~cognito_bench.load.spec.LoadSpec` (JSON, on its standard input) and writes Locust's
console tables, CSV and HTML reports.

Why a child process: Locust runs on gevent, which monkey-patches the socket, ssl, threading
and time modules when Locust is imported, and its users share one OS thread. The bench's
other commands, the window and the local Cognito's threaded server must never see a patched
socket layer, and the server must not share a GIL with the load it is measured under. So
only the child imports Locust (an import-linter contract keeps it that way): it patches
first thing, before boto3 and urllib3 are imported, which then run cooperatively (each
user's call yields while it waits on the network). The local Cognito stays in the parent,
on its own threads and core.

This package's modules other than :mod:`~cognito_bench.load.engine` and ``__main__`` do not
import Locust or gevent; the window's Load pane can build a spec and start the child too.
"""

from __future__ import annotations

__all__: list[str] = []
