"""`cognito-bench load` against the local Cognito: Locust's reports, throttling, master and workers.

Each run is a few seconds of real load in subprocesses (the Locust child never runs in the
test process: gevent would patch it). Bad input is checked in-process: the parent command
does not import Locust.
"""

from __future__ import annotations

import csv
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from cognito_bench.cli import main
from cognito_bench.emulator import LocalTarget
from tests.processes import bench

FLOW = Path(__file__).parents[1] / "resources" / "flows" / "sign-up-to-s3.yaml"
STEPS = [
    "01 sign_up",
    "02 confirm_sign_up",
    "03 sign_in_srp",
    "04 sign_in_password",
    "05 get_credentials",
    "06 s3_put",
    "07 s3_get",
    "08 s3_list",
    "09 global_sign_out",
    "10 get_user",
]
#: What the flow's users type and receive; no report may hold it.
SECRETS = ("Qa-Passw0rd!1", "Wrong-Passw0rd!1", "eyJ")


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def requests_by_name(prefix: Path) -> dict[str, int]:
    return {r["Name"]: int(r["Request Count"]) for r in rows(Path(f"{prefix}_stats.csv"))}


def no_secrets(*texts: str) -> None:
    for text in texts:
        for secret in SECRETS:
            assert secret not in text


@pytest.mark.slow
def test_a_short_run_shows_every_step_in_locusts_csv_and_no_failure(tmp_path: Path) -> None:
    prefix, html = tmp_path / "run", tmp_path / "report.html"
    done = bench(
        "load", str(FLOW), "--local", "--users", "3", "--run-time", "4s",
        "--csv", str(prefix), "--html", str(html),
        timeout=90,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    counts = requests_by_name(prefix)
    assert [name for name in counts if name != "Aggregated"] == STEPS  # in flow order
    assert all(counts[name] >= 1 for name in STEPS)
    assert rows(Path(f"{prefix}_failures.csv")) == []
    assert "0 failed, 0 throttled" in done.stdout
    report = html.read_text(encoding="utf-8")
    assert "03 sign_in_srp" in report
    no_secrets(done.stdout, done.stderr, report, *(p.read_text() for p in tmp_path.glob("*.csv")))


@pytest.mark.slow
def test_over_the_sign_in_quota_only_sign_ins_are_throttled(tmp_path: Path) -> None:
    prefix = tmp_path / "run"
    # four users, one iteration a second each: 8 sign-ins a second against a quota of 2,
    # and every other category far below Cognito's defaults
    done = bench(
        "load", str(FLOW), "--users", "4", "--pacing", "1", "--run-time", "4s",
        "--quotas", "default", "--quota", "UserAuthentication=2", "--csv", str(prefix),
        timeout=90,
    )  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr[-3000:]
    failures = rows(Path(f"{prefix}_failures.csv"))
    throttled = {f["Name"] for f in failures if f["Error"].startswith("Throttled(")}
    assert throttled == {"03 sign_in_srp", "04 sign_in_password"}, failures
    assert all(
        f["Error"] == "Throttled('TooManyRequestsException')"
        for f in failures
        if f["Name"] in throttled and f["Error"].startswith("Throttled")
    )
    assert "throttled (TooManyRequestsException): " in done.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "cognito_bench", "load", str(FLOW), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.slow
def test_a_master_and_two_workers_add_up(tmp_path: Path) -> None:
    port = str(free_port())
    prefix = tmp_path / "master"
    master = start(
        "--local", "--master", "--expect-workers", "2", "--master-port", port,
        "--master-bind-host", "127.0.0.1", "--users", "4", "--run-time", "4s",
        "--csv", str(prefix),
    )  # fmt: skip
    # workers without a target take the master's
    workers = [start("--worker", "--master-port", port) for _ in range(2)]
    outputs = [p.communicate(timeout=90) for p in (master, *workers)]
    codes = [p.returncode for p in (master, *workers)]
    assert codes == [0, 0, 0], outputs
    sent = []
    for out, _err in outputs[1:]:
        (line,) = [ln for ln in out.splitlines() if ln.startswith("worker ")]
        sent.append(int(line.split(": ", 1)[1].split()[0]))
    assert all(n > 0 for n in sent)
    assert requests_by_name(prefix)["Aggregated"] == sum(sent)


@pytest.mark.parametrize(
    ("args", "cause"),
    [
        (["--users", "0"], "--users takes"),
        (["--spawn-rate", "0"], "--spawn-rate takes"),
        (["--pacing", "-1"], "--pacing takes"),
        (["--run-time", "soon"], "--run-time takes a duration"),
        (["--quota", "Logins=3"], "unknown quota category"),
        (["--target", "t.json", "--quotas", "default"], "apply to the local Cognito"),
        (["--worker", "--quota", "GetId=1"], "apply to the local Cognito"),
        (["--expect-workers", "2"], "--expect-workers goes with --master"),
        (["--master-host", "h"], "--master-host goes with --worker"),
        (["--worker", "--csv", "x"], "belong to the master"),
        (["--master", "--master-port", "0"], "--master-port 0 is out of range"),
        (["--var", "1x=2"], "--var takes NAME=VALUE"),
        (["--data", "missing.csv"], "missing.csv"),
    ],
)
def test_bad_input_exits_2_in_one_line(
    args: list[str], cause: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["load", str(FLOW), *args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("cognito-bench load: error: ") and cause in err


def test_a_flow_that_does_not_read_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nsteps:\n  - fly_to_the_moon:\n")
    assert main(["load", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{bad}:3:" in err


@pytest.mark.slow
def test_a_template_that_fails_while_running_stops_the_run_with_exit_2(tmp_path: Path) -> None:
    flow = tmp_path / "undefined.yaml"
    flow.write_text("name: x\nsteps:\n  - sign_up: {username: '{{ nobody }}', password: p}\n")
    done = bench("load", str(flow), "--users", "2", "--run-time", "10s", timeout=60)
    assert done.returncode == 2, done.stdout + done.stderr
    errors = [ln for ln in done.stderr.splitlines() if ln.startswith("cognito-bench load: error:")]
    assert len(errors) == 1 and f"{flow}:3:" in errors[0]
    assert "Traceback" not in done.stderr


@pytest.mark.slow
def test_a_master_whose_workers_all_leave_ends_early_with_exit_1(tmp_path: Path) -> None:
    port = str(free_port())
    broken = tmp_path / "undefined.yaml"
    broken.write_text("name: x\nsteps:\n  - sign_up: {username: '{{ nobody }}', password: p}\n")
    master = start(
        "--local", "--master", "--master-port", port, "--master-bind-host", "127.0.0.1",
        "--users", "2", "--run-time", "60s",
    )  # fmt: skip
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cognito_bench",
            "load",
            str(broken),
            "--worker",
            "--master-port",
            port,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    _, worker_err = worker.communicate(timeout=60)
    _, master_err = master.communicate(timeout=60)
    assert worker.returncode == 2, worker_err
    assert f"{broken}:3:" in worker_err
    assert master.returncode == 1, master_err
    assert "every worker has gone" in master_err


def _locust(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    found = bench("load", "--locustfile", timeout=30)
    assert found.returncode == 0, found.stderr
    locustfile = found.stdout.strip()
    assert Path(locustfile).name == "locustfile.py" and Path(locustfile).is_file()
    return subprocess.run(
        [sys.executable, "-m", "locust", "-f", locustfile, *args],
        capture_output=True,
        text=True,
        timeout=90,
        env={**os.environ, **env},
        check=False,
    )


@pytest.mark.slow
def test_locusts_own_command_line_runs_a_flow_from_the_locustfile(
    tmp_path: Path, local: LocalTarget
) -> None:
    target = tmp_path / "target.json"
    target.write_text(json.dumps(local.to_json()), encoding="utf-8")
    prefix = tmp_path / "run"
    env = {"COGNITO_BENCH_FLOW": str(FLOW), "COGNITO_BENCH_TARGET": str(target)}
    done = _locust(
        env, "--headless", "-u", "3", "-r", "3", "-t", "4s", "--csv", str(prefix),
        "--only-summary",
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    counts = requests_by_name(prefix)
    assert [name for name in counts if name != "Aggregated"] == STEPS
    assert rows(Path(f"{prefix}_failures.csv")) == []
    no_secrets(done.stdout, done.stderr, *(p.read_text() for p in tmp_path.glob("*.csv")))


@pytest.mark.parametrize(
    ("env", "said"),
    [
        ({}, "COGNITO_BENCH_FLOW names no flow file"),
        ({"COGNITO_BENCH_FLOW": str(FLOW)}, "give one of COGNITO_BENCH_TARGET"),
        (
            {"COGNITO_BENCH_FLOW": str(FLOW), "COGNITO_BENCH_TARGET": "/no/such/target.json"},
            "cannot read the target file /no/such/target.json",
        ),
    ],
)
def test_the_locustfile_says_what_is_missing_in_one_line(
    env: dict[str, str], said: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("COGNITO_BENCH_FLOW", "COGNITO_BENCH_TARGET", "COGNITO_BENCH_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    done = _locust(env, "--headless", "-u", "1", "-t", "1s")
    assert done.returncode == 2, done.stderr[-2000:]
    lines = [ln for ln in done.stderr.splitlines() if ln.strip()]
    assert lines[-1].startswith("cognito-bench locustfile: error: ") and said in lines[-1]
    assert "Traceback" not in done.stderr
