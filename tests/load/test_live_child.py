"""The Locust child as the Load pane runs it: JSON lines of statistics, stopped by closing its
standard input, and one line where Locust is not installed. (Each in a subprocess: gevent
must never patch the test process.)"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from cognito_bench.aws.target import Target
from cognito_bench.emulator import LocalTarget
from cognito_bench.load.live import END, TICK, TOTAL, Snapshot, parse_line
from cognito_bench.load.spec import NO_LOCUST, LoadSpec, child_command
from tests.processes import one_line

FLOW = Path(__file__).parents[2] / "resources" / "flows" / "sign-up-to-s3.yaml"


def live_spec(local: LocalTarget, tmp_path: Path, run_time: float) -> LoadSpec:
    data = local.to_json()
    fields = {k: v for k, v in data.items() if k in Target.__dataclass_fields__}
    return LoadSpec(
        flow_path=str(FLOW),
        users=2,
        spawn_rate=10,
        run_time=run_time,
        target=LoadSpec.target_fields(Target(**fields)),
        extras={k: v for k, v in data.items() if isinstance(v, str)},
        csv_prefix=str(tmp_path / "run"),
        html=str(tmp_path / "report.html"),
        live=True,
    )


def start(spec: LoadSpec, **kwargs: object) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        child_command(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,  # type: ignore[call-overload]
    )
    assert child.stdin is not None
    child.stdin.write(spec.to_json() + "\n")
    child.stdin.flush()
    return child


@pytest.mark.slow
def test_the_child_streams_ticks_then_stops_when_its_input_ends(
    local: LocalTarget, tmp_path: Path
) -> None:
    snapshots: list[Snapshot] = []
    stopped = 0.0
    with start(live_spec(local, tmp_path, run_time=60)) as child:
        assert child.stdout is not None and child.stdin is not None
        for line in child.stdout:
            snapshot = parse_line(line)
            assert snapshot is not None, line  # nothing but statistics on standard output
            snapshots.append(snapshot)
            if snapshot.kind == TICK and snapshot.total.requests and not stopped:
                stopped = time.monotonic()
                child.stdin.close()  # the pane's Stop, or the window gone
        assert child.wait(timeout=30) == 0, child.stderr.read() if child.stderr else ""
    assert 0 < time.monotonic() - stopped < 10  # not the 60 s run time
    end = snapshots[-1]
    assert end.kind == END and [s.kind for s in snapshots[:-1]] == [TICK] * (len(snapshots) - 1)
    assert end.total.requests > 0 and end.total.failures == 0
    assert [s.name for s in end.steps][:2] == ["01 sign_up", "02 confirm_sign_up"]
    assert sum(end.times[TOTAL].values()) == end.total.requests
    assert any("requests in" in line for line in end.summary)
    assert (tmp_path / "run_stats.csv").is_file() and (tmp_path / "report.html").is_file()


def test_the_child_without_locust_says_why_in_one_line(local: LocalTarget, tmp_path: Path) -> None:
    # The binary leaves Locust out; here its import fails the way a missing package's does.
    shadow = tmp_path / "shadow" / "gevent"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text(
        'raise ModuleNotFoundError("No module named \'gevent\'", name="gevent")\n'
    )
    import os

    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(shadow.parent), *sys.path])}
    child = start(live_spec(local, tmp_path, run_time=5), env=env)
    out, err = child.communicate(timeout=60)
    assert child.returncode == 2
    assert out == ""
    assert one_line(err) == f"cognito-bench load: error: {NO_LOCUST}"
