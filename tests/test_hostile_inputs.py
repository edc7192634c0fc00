"""Hostile inputs: every one is refused with exit status 2, a located message and no traceback.

Each case is generated in ``tmp_path`` (FIFOs, sparse files, symlinks and
devices cannot live in git). A secret file outside the allowed folders holds a
unique marker; no output of any case may contain it. Cases run in-process
through typer's CliRunner; those that need a memory limit, a signal or a real
process pool run ``dealsim`` in a subprocess, with a generous timeout (time is
bounded, never asserted).
"""

from __future__ import annotations

import json
import os
import re
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT
from typer.testing import CliRunner

from sim.cli import dashboard as dashboard_command
from sim.cli.app import app
from sim.experiments.errors import ExperimentError
from sim.experiments.executors import ProcessExecutor
from sim.files import check_output_path, write_atomically
from sim.forecast.eu_model import normalised_distance, success_probability
from sim.scenario import ScenarioError, load_scenario, load_scenario_text

DEALSIM = Path(sys.executable).parent / "dealsim"
SMALL = ROOT / "tests" / "data" / "analysis_two_party.yaml"
MARKER = "SECRET-MARKER-7f3a9c"
LOCATED = re.compile(r"^\S.*?:\d+:(\d+:)? \S", re.MULTILINE)
MEMORY_LIMIT = 4 * 2**30
runner = CliRunner()


@pytest.fixture
def place(tmp_path: Path) -> Path:
    """A scenario folder beside (not above) a secret file, a secret YAML and a secret CSV."""
    (tmp_path / "secret.txt").write_text(f"root:x:0:0:{MARKER}\n", encoding="utf-8")
    (tmp_path / "secret.yaml").write_text(f"token: {MARKER}\n", encoding="utf-8")
    folder = tmp_path / "scenarios"
    folder.mkdir()
    return folder


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, [str(arg) for arg in args])
    return result.exit_code, result.output


def assert_refused(code: int, output: str) -> None:
    assert code == 2, output
    assert "Traceback" not in output
    assert MARKER not in output
    assert LOCATED.search(output), output


def with_sources(folder: Path, path: str) -> Path:
    text = SMALL.read_text(encoding="utf-8") + f"sources:\n  s: {json.dumps(path)}\n"
    target = folder / "with-source.yaml"
    target.write_text(text, encoding="utf-8")
    return target


def with_base(folder: Path, path: str) -> Path:
    target = folder / "variant.yaml"
    target.write_text(f"base: {json.dumps(path)}\nname: v\n", encoding="utf-8")
    return target


def outside_paths(folder: Path, name: str) -> list[str]:
    """The secret named by an absolute path, by '..', and through a symlink in the folder."""
    link = folder / f"link-{name}"
    link.symlink_to(folder.parent / name)
    return [str(folder.parent / name), f"../{name}", link.name]


@pytest.mark.parametrize("command", ["validate", "run", "analyze", "ensemble", "forecast"])
def test_a_base_outside_the_allowed_folders_is_refused_without_showing_it(place, command):
    for path in outside_paths(place, "secret.yaml"):
        code, output = invoke(command, with_base(place, path))
        assert_refused(code, output)
        assert "outside the allowed folders" in output
    code, output = invoke(command, with_base(place, "/etc/shadow"))
    assert_refused(code, output)


@pytest.mark.parametrize("command", ["validate", "run", "analyze", "ensemble", "forecast"])
def test_a_source_outside_the_allowed_folders_is_refused_without_showing_it(place, command):
    for path in [*outside_paths(place, "secret.txt"), "/proc/self/environ"]:
        code, output = invoke(command, with_sources(place, path))
        assert_refused(code, output)
        assert "outside the allowed folders" in output


def test_the_refusal_does_not_say_whether_an_outside_file_exists(place):
    there = invoke("validate", with_sources(place, "../secret.txt"))[1]
    nowhere = invoke("validate", with_sources(place, "../no-such-file.txt"))[1]
    assert there.replace("secret", "no-such-file") == nowhere


def test_allow_path_and_the_allow_argument_open_a_folder(place):
    scenario = with_sources(place, "../secret.txt")
    assert invoke("validate", scenario, "--allow-path", place.parent)[0] == 0
    assert load_scenario(scenario, allow=[place.parent]).sources == {"s": "../secret.txt"}
    with pytest.raises(ScenarioError, match="outside the allowed folders"):
        load_scenario(scenario, allow=[place / "sub"])


def test_load_scenario_text_takes_a_string_folder_and_confines_it_too(place):
    text = with_sources(place, "../secret.txt").read_text(encoding="utf-8")
    with pytest.raises(ScenarioError, match="outside the allowed folders"):
        load_scenario_text(text, name="x.yaml", base_dir=str(place))
    assert load_scenario_text(text, name="x.yaml", base_dir=str(place), allow=[str(place.parent)])


def special_files(folder: Path) -> dict[str, str]:
    """Files no read may hang or blow up on, by the words their refusal must contain."""
    os.mkfifo(folder / "fifo.yaml")
    with open(folder / "sparse.yaml", "wb") as sparse:
        sparse.truncate(2 * 2**30)  # 2 GB of nothing: it must not be read
    (folder / "zero.yaml").symlink_to("/dev/zero")
    (folder / "loop-a.yaml").symlink_to(folder / "loop-b.yaml")
    (folder / "loop-b.yaml").symlink_to(folder / "loop-a.yaml")
    (folder / "sub").mkdir()
    return {
        "fifo.yaml": "FIFO",
        "sparse.yaml": "larger than",
        "zero.yaml": "outside the allowed folders",  # it resolves to /dev/zero
        "loop-a.yaml": "symbolic links",
        "sub": "directory",
        "x" * 304 + ".yaml": "too long",
        "nul\0.yaml": "NUL",
    }


@pytest.mark.parametrize("named_by", [with_base, with_sources], ids=["base", "sources"])
def test_special_files_named_by_a_scenario_are_refused_with_their_reason(place, named_by):
    for name, says in special_files(place).items():
        code, output = invoke("validate", named_by(place, name))
        assert_refused(code, output)
        assert says in output, (name, output)


def test_special_files_given_as_the_scenario_or_csv_are_refused(place):
    cases = special_files(place)
    del cases["nul\0.yaml"]  # a NUL cannot be passed on a command line
    cases["zero.yaml"] = "device"  # named on the command line: no folder applies, but a device
    for name, says in cases.items():
        code, output = invoke("validate", place / name)
        assert_refused(code, output)
        assert says in output, (name, output)
    for name in ("fifo", "sparse", "zero", "loop-a"):
        csv = place / f"{name}.csv"
        csv.symlink_to(place / f"{name}.yaml")
        code, output = invoke("forecast", csv)
        assert_refused(code, output)


def limited(memory: int = MEMORY_LIMIT) -> Callable[[], None]:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    return limit


def dealsim(*args: object, timeout: float = 60) -> subprocess.CompletedProcess:
    """Run the CLI in a process of its own, under a 4 GB address-space limit."""
    return subprocess.run(
        [str(DEALSIM), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=limited(),
        cwd=ROOT,
    )


def test_unbounded_files_stay_within_time_and_memory_in_a_process_of_their_own(place):
    names = [n for n in special_files(place) if "\0" not in n and n != "sub"]
    variants = []
    for index, name in enumerate(names):
        variant = place / f"v{index}.yaml"
        variant.write_text(f"base: {name}\nname: v\n", encoding="utf-8")
        variants.append(variant)
    (place / "devzero.yaml").write_text("base: /dev/zero\n", encoding="utf-8")
    variants.append(place / "devzero.yaml")
    result = dealsim("validate", *variants, place / "fifo.yaml", place / "sparse.yaml")
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    refused = [line for line in result.stderr.splitlines() if LOCATED.match(line)]
    assert len(refused) == len(variants) + 2, result.stderr


def test_a_forecast_csv_with_thousands_of_actors_or_a_million_rows_is_refused(place):
    header = "actor,capability,position,salience\n"
    many = place / "many.csv"
    many.write_text(header + "".join(f"a{i},1,{i % 100},0.5\n" for i in range(5_000)))
    rows = place / "rows.csv"
    rows.write_text(header + "a,1,1,0.5\n" * 1_000_000)
    result = dealsim("forecast", many)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{many}:202: actor: more than 200 actors" in result.stderr
    code, output = invoke("forecast", rows)
    assert code == 2 and f"{rows}:1: file: the file is larger than" in output


def test_success_probabilities_in_n_squared_equal_the_vote_sums_of_the_paper():
    """The O(n^2) prefix-sum form gives the O(n^3) sum over every voter, on ties too."""
    rng = np.random.default_rng(7)
    for trial in range(200):
        n = int(rng.integers(1, 30))
        if trial % 2:
            position = rng.choice([0.0, 10.0, 40.0, 40.0, 75.0, 100.0], n)
        else:
            position = rng.uniform(-50, 50, n)
        weight = rng.uniform(0, 2, n) * (rng.uniform(0, 1, n) > 0.3)
        spread = float(position.max() - position.min())
        distance = normalised_distance(position, spread)
        votes = 2.0 * weight[:, None, None] * (distance[:, None, :] - distance[:, :, None])
        cast = np.abs(votes).sum(axis=0)
        expected = np.full_like(cast, 0.5)
        np.divide(np.clip(votes, 0, None).sum(axis=0), cast, out=expected, where=cast > 0)
        got = success_probability(position, weight, spread)
        np.testing.assert_allclose(got, expected, rtol=0, atol=1e-9)


HUNDRED_LINES = (
    "name: t\nissues:\n  - id: a\n    options: [p, q]\n"
    + "# padding\n" * 95
    + "    bogus: 1\n"  # line 100, column 5
    + "actors: []\n"
)


def test_a_location_prints_literally_and_names_cannot_inject_markup_or_escapes(place):
    located = place / "hundred.yaml"
    located.write_text(HUNDRED_LINES, encoding="utf-8")
    code, output = invoke("validate", located)
    assert code == 2 and f"{located}:100:5: issues.a.bogus: unknown field" in output
    assert "\N{HUNDRED POINTS SYMBOL}" not in output
    text = SMALL.read_text(encoding="utf-8")
    text = text.replace("name: Two-party wage round", 'name: "[draft] [/] [/bold] \\e[31mred"')
    text = text.replace("[none, ", "['[/bold]', ")
    text = text.replace("{none: 1.0,", "{'[/bold]': 1.0,").replace(
        "{none: 0.0,", "{'[/bold]': 0.0,"
    )
    text = text.replace("forbid: [none]", "forbid: ['[/bold]']")
    hostile = place / "markup.yaml"
    hostile.write_text(text, encoding="utf-8")
    for command in (["run"], ["analyze"], ["ensemble", "--runs", "3"], ["forecast"]):
        code, output = invoke(*command, hostile)
        assert code == 0, output
        assert "\x1b" not in output
        if command != ["forecast"]:  # the forecast does not print the scenario's name
            assert "[draft] [/] [/bold] \\x1b[31mred" in output
    assert "[/bold]" in invoke("run", hostile)[1]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("defaults: &d\n  id: x\n  bogus: 1\nname: t\nissues:\n  - <<: *d\n", 6),
        ("base: baseline.yaml\nx: &a {name: foo}\n<<: *a\n", 3),
    ],
    ids=["error-inside-merge", "merge-in-variant"],
)
def test_yaml_merge_keys_are_refused_at_their_line(place, text, line):
    path = place / "merge.yaml"
    path.write_text(text, encoding="utf-8")
    code, output = invoke("validate", path)
    assert_refused(code, output)
    assert f"{path}:{line}:" in output and "merge keys" in output


@pytest.mark.parametrize(
    "args",
    [
        ["run", SMALL, "--seed", "-1"],
        ["ensemble", SMALL, "--runs", "5", "--scheduler", "not a url"],
        ["ensemble", SMALL, "--runs", "5", "--scheduler", "tcp://host:99999"],
        ["sweep", SMALL, "--param", "actors.union.reservation=0:0.5:1000000000", "--runs", "1"],
    ],
    ids=["negative-seed", "scheduler-not-a-url", "scheduler-bad-port", "sweep-1e9-steps"],
)
def test_bad_options_are_refused_before_any_work(args):
    code, output = invoke(*args)
    assert code == 2, output
    assert "Traceback" not in output and output.strip()


def test_output_paths_are_checked_before_any_run(tmp_path):
    a_file = tmp_path / "file"
    a_file.write_text("x")
    cases = {
        tmp_path: "must end in",
        a_file / "runs.csv": "is not a folder",
        tmp_path / "missing" / "runs.csv": "does not exist",
    }
    (tmp_path / "folder.csv").mkdir()
    cases[tmp_path / "folder.csv"] = "is a directory"
    for out, says in cases.items():
        code, output = invoke("ensemble", SMALL, "--runs", "100000", "--out", out)
        assert code == 2 and says in output, output
    assert not (tmp_path / "missing").exists()
    code, output = invoke("run", SMALL, "--trace", tmp_path / "folder.csv")
    assert code == 2 and "is a directory" in output


def test_a_read_only_folder_is_refused_before_the_run(tmp_path, monkeypatch):
    def read_only(*args: object, **kwargs: object) -> None:
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr("sim.files.tempfile.mkstemp", read_only)
    code, output = invoke("ensemble", SMALL, "--runs", "100000", "--out", tmp_path / "r.csv")
    assert code == 2 and "Read-only file system" in output


def test_outputs_follow_the_umask_and_stale_part_files_are_removed(tmp_path):
    stale = tmp_path / ".t.csv.abc123.part"
    stale.write_text("half")
    os.utime(stale, (time.time() - 7200, time.time() - 7200))
    fresh = tmp_path / ".t.csv.def456.part"  # perhaps another process's, still writing
    fresh.write_text("half")
    previous = os.umask(0o027)
    try:
        write_atomically(tmp_path / "t.csv", lambda path: path.write_text("a,b\n"))
    finally:
        os.umask(previous)
    assert (tmp_path / "t.csv").stat().st_mode & 0o777 == 0o640
    assert not stale.exists() and fresh.exists()
    assert check_output_path(tmp_path / "t.csv") == tmp_path / "t.csv"


def die(shared: object, task: object) -> None:
    """A worker task that kills its worker."""
    os._exit(3)


def test_a_worker_that_dies_gives_a_clear_message():
    with ProcessExecutor(workers=1) as executor, pytest.raises(ExperimentError, match="died"):
        list(executor.run(die, None, [1, 2]))


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def test_sigterm_stops_the_workers_and_leaves_no_part_file(tmp_path):
    out = tmp_path / "runs.parquet"
    args = ["ensemble", SMALL, "--runs", "2000000", "--workers", "2", "--out", out]
    process = subprocess.Popen(
        [str(DEALSIM), *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=limited(),
    )
    try:
        deadline = time.monotonic() + 60
        workers: list[int] = []
        # two workers: forked on Linux (the command runs one thread); elsewhere spawned,
        # beside multiprocessing's resource tracker
        expected = 2 if sys.platform == "linux" else 3
        while len(workers) < expected and time.monotonic() < deadline:
            workers = children(process.pid)
            time.sleep(0.05)
        assert len(workers) >= expected, workers
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        deadline = time.monotonic() + 20
        while any(Path(f"/proc/{pid}").exists() for pid in workers):
            assert time.monotonic() < deadline, "a worker outlived the command"
            time.sleep(0.05)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode != 0
    assert b"Traceback" not in process.stderr.read()
    assert not out.exists() and not list(tmp_path.glob("*.part"))


def test_the_dashboard_listens_on_the_loopback_unless_told(monkeypatch):
    calls: list[list[str]] = []
    monkeypatch.setattr(dashboard_command, "serve", lambda command: calls.append(command) or 0)
    quiet = runner.invoke(app, ["dashboard", "--headless"])
    loud = runner.invoke(app, ["dashboard", "--headless", "--host", "0.0.0.0"])
    assert quiet.exit_code == loud.exit_code == 0
    assert calls[0][calls[0].index("--server.address") + 1] == "127.0.0.1"
    assert calls[1][calls[1].index("--server.address") + 1] == "0.0.0.0"
    assert "warning" not in quiet.output and "warning" in loud.output


def test_run_help_lists_every_protocol():
    assert "forecast" in runner.invoke(app, ["run", "--help"]).output


def test_the_working_directory_opens_its_tree_unless_it_is_home_or_root(place, monkeypatch):
    scenario = with_sources(place, "../secret.txt")
    monkeypatch.chdir(place.parent)
    monkeypatch.setenv("HOME", str(place.parent.parent))
    assert load_scenario(scenario).sources == {"s": "../secret.txt"}  # as from a project root
    monkeypatch.setenv("HOME", str(place.parent))
    with pytest.raises(ScenarioError, match="outside the allowed folders"):
        load_scenario(scenario)
    monkeypatch.chdir("/")
    with pytest.raises(ScenarioError, match="outside the allowed folders"):
        load_scenario(scenario)


def test_the_process_executor_keeps_a_few_chunks_in_flight_and_loses_none():
    executor = ProcessExecutor(workers=2)
    pool = ThreadPoolExecutor(2)  # the same submit/wait contract, without spawning processes
    submitted: list[int] = []
    submit = pool.submit

    def counting(*args: object) -> Future:
        submitted.append(1)
        return submit(*args)

    pool.submit = counting  # type: ignore[method-assign]
    executor._pool = pool  # type: ignore[assignment]
    results = {}
    try:
        for yielded, (index, value) in enumerate(executor.run(triple, 1, range(50)), start=1):
            assert len(submitted) - yielded <= 2 * 2, "more chunks in flight than two a worker"
            results[index] = value
    finally:
        executor.close()
    assert results == {index: 3 * index for index in range(50)}


def triple(shared: int, task: int) -> int:
    """A worker task."""
    return 3 * shared * task
