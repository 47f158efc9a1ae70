"""``python -m cognito_bench.load``: the Locust child of ``cognito-bench load`` and the Load pane.

Reads a :class:`~cognito_bench.load.spec.LoadSpec` (JSON, one line) on standard input. gevent
patches the standard library before anything else is imported, as Locust requires: boto3,
urllib3 and ssl must be imported after the patch to run cooperatively. Where Locust or gevent
is not installed, it says so in one line (the command's own words) and exits 2.
"""

import sys

_LOAD_PACKAGES = ("gevent", "greenlet", "locust", "zmq")


def _missing(exc: ImportError) -> int:
    if (exc.name or "").split(".")[0] not in _LOAD_PACKAGES:
        raise exc
    from cognito_bench.load.spec import NO_LOCUST

    print(f"cognito-bench load: error: {NO_LOCUST}", file=sys.stderr, flush=True)
    return 2


try:
    from gevent import monkey
except ImportError as exc:
    sys.exit(_missing(exc))

monkey.patch_all()

try:
    from cognito_bench.load.engine import main
except ImportError as exc:
    sys.exit(_missing(exc))

if __name__ == "__main__":
    sys.exit(main(sys.stdin.readline()))
