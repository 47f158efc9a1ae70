"""``python -m cognito_bench.load``: the Locust child of ``cognito-bench load``.

Reads a :class:`~cognito_bench.load.spec.LoadSpec` (JSON) on standard input. gevent patches
the standard library before anything else is imported, as Locust requires: boto3, urllib3
and ssl must be imported after the patch to run cooperatively.
"""

from gevent import monkey

monkey.patch_all()

import sys  # noqa: E402

from cognito_bench.load.engine import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(sys.stdin.read()))
