import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_a_parallel_build_writes_the_same_bytes_as_a_serial_one(built, cli, tmp_path: Path):
    root, out = built  # built with --jobs 2: every brief rendered in a worker process
    assert "2 briefs: 2 built" in out
    serial = tmp_path / "serial"
    code, out, _ = cli("--root", root, "build", "--jobs", "1", "--out", serial)
    assert code == 0 and "2 briefs: 2 built" in out
    parallel = files_of(root / "build")
    assert sorted(parallel) == sorted(files_of(serial))
    for name, data in files_of(serial).items():
        assert parallel[name] == data, name


@pytest.mark.slow
def test_a_brief_failing_in_a_worker_does_not_stop_the_others(mini: Path, cli):
    words = " ".join(["Crossings are down sharply [@crossings-fell]."] * 400)
    (mini / "briefs" / "too-long.yaml").write_text(
        f'kind: issue\ntitle: Too long\ndate: 2025-06-05\nprepared_for: Staff\nsummary: "{words}"\n'
    )
    code, out, _ = cli("--root", mini, "build", "--jobs", "2", "--format", "pdf")
    assert code == 1
    assert "FAILED   too-long: brief 'too-long' does not fit on one page" in out
    assert "built    border-talks (pdf)" in out and "built    migration-june (pdf)" in out
    assert "3 briefs: 2 built, 0 unchanged, 1 failed" in out
    assert not (mini / "build" / "too-long.pdf").exists()


@pytest.mark.parametrize("jobs", ["-1", "two"])
def test_a_bad_jobs_count_is_bad_usage(mini: Path, cli, jobs: str):
    code, _, err = cli("--root", mini, "build", "--jobs", jobs)
    assert code == 2 and "--jobs" in err


def test_the_pool_reads_no_private_state_of_multiprocessing():
    """Only public APIs: a shut-down executor's `_processes` once raised on Ctrl-C."""
    source = Path(__file__).parents[1] / "briefgen" / "build" / "pool.py"
    private = [
        f"{ast.unparse(node)} (line {node.lineno})"
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute)
        and node.attr.startswith("_")
        and not node.attr.startswith("__")
        and not (isinstance(node.value, ast.Name) and node.value.id == "self")
    ]
    assert private == []


@pytest.mark.slow
def test_one_brief_on_two_cores_is_rendered_warm_with_the_same_bytes(mini: Path, cli, tmp_path):
    # --jobs 2 starts a worker before the project is read; it renders the one brief.
    outs = {jobs: tmp_path / f"jobs-{jobs}" for jobs in ("1", "2")}
    for jobs, out in outs.items():
        code, said, _ = cli("--root", mini, "build", "border-talks", "--jobs", jobs, "--out", out)
        assert code == 0 and "1 brief: 1 built" in said
    assert files_of(outs["2"]) == files_of(outs["1"])


@pytest.mark.slow
def test_generate_with_a_core_to_spare_writes_the_same_bytes(
    mini: Path, cli, tmp_path, monkeypatch
):
    import briefgen.cli.pipeline as commands

    outs = {}
    for count in (1, 2):  # with 2, a worker renders the PDF while the brief is written
        monkeypatch.setattr(commands, "cores", lambda count=count: count)
        outs[count] = tmp_path / f"cores-{count}"
        code, said, err = cli(
            "--root", mini, "generate", "--topic", "migration", "--as-of", "2025-06-05",
            "--out", outs[count],
        )  # fmt: skip
        assert code == 0, err
        assert said.count(".pdf") == 1
    assert files_of(outs[2]) == files_of(outs[1])


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_stylesheet_refused_while_workers_warm_up_is_reported_by_the_brief(
    mini: Path, cli, tmp_path, jobs: str
):
    # The workers read the print stylesheet before their first brief: a refusal there must
    # reach the user as the brief's failure, exactly as when the build renders it itself.
    from briefgen.render.templates import TEMPLATES

    shutil.copytree(TEMPLATES, mini / "templates")  # the project's own templates
    outside = tmp_path / "outside.css"
    outside.write_text("body { color: red; }\n", encoding="utf-8")
    sheet = mini / "templates" / "print.css"
    sheet.unlink()
    sheet.symlink_to(outside)
    code, said, _ = cli("--root", mini, "build", "--jobs", jobs, "--format", "pdf")
    assert code == 1
    assert said.count("FAILED") == 2  # both briefs of the mini project
    assert "print.css" in said and "outside the project" in said
    assert not list((mini / "build").glob("*.pdf"))


# A process that adopts the orphans of what it runs, then says which of its children are left
# once the command has ended: a worker that outlived its build would be one of them.
ORPHANS = """
import ctypes, json, os, subprocess, sys, time
from pathlib import Path
PR_SET_CHILD_SUBREAPER = 36
ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1)
done = subprocess.run([sys.executable, "-m", "briefgen", *sys.argv[1:]], capture_output=True,
                      text=True)
def left():
    found = set()
    for task in Path(f"/proc/{os.getpid()}/task").glob("*"):
        found |= {int(c) for c in (task / "children").read_text().split()}
    return found
deadline = time.monotonic() + 20
while left() and time.monotonic() < deadline:
    for pid in left():
        try:
            os.waitpid(pid, os.WNOHANG)  # reap one that has ended
        except ChildProcessError:
            pass
    time.sleep(0.05)
print(json.dumps({"code": done.returncode, "out": done.stdout, "err": done.stderr,
                  "left": sorted(left())}))
"""


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads /proc (Linux)")
@pytest.mark.parametrize(
    ("args", "code", "says"),
    [
        (("build", "border-talks", "--jobs", "2"), 0, "1 brief: 1 built"),
        (("generate", "--topic", "migration", "--as-of", "2025-06-05"), 0, ".pdf"),
        (("build", "--jobs", "2", "--paper", "b5"), 2, "unknown paper"),
        (("build", "no-such-brief", "--jobs", "2"), 2, "unknown brief"),
        (("generate", "--topic", "no-such-topic"), 2, "unknown topic"),
    ],
)
def test_no_worker_outlives_the_command_that_started_it(mini: Path, args, code, says):
    # A command that looks like a PDF build starts a worker before it reads its command
    # line; built, refused or failed, the command ends with no process of its own left.
    import json

    done = subprocess.run(
        [sys.executable, "-c", ORPHANS, "--root", str(mini), *args],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    ran = json.loads(done.stdout)
    assert ran["code"] == code, ran["err"]
    assert says in ran["out"] + ran["err"]
    assert ran["left"] == []


# The spare worker cannot be started: the first process start of the command fails as a fork
# does under a container's process limit.
NO_FORK = """
import errno, sys
import multiprocessing.process
real = multiprocessing.process.BaseProcess.start
starts = []
def start(self):
    starts.append(self.name)
    if len(starts) == 1:
        raise OSError(errno.EAGAIN, "Resource temporarily unavailable")
    return real(self)
multiprocessing.process.BaseProcess.start = start
sys.argv = ["briefgen", *sys.argv[1:]]
from briefgen.start import main
main()
"""


@pytest.mark.slow
def test_a_spare_worker_that_cannot_start_costs_the_build_nothing(mini: Path):
    done = subprocess.run(
        [sys.executable, "-c", NO_FORK, "--root", mini, "build", "--jobs", "2", "--format", "pdf"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "2 briefs: 2 built" in done.stdout
    assert "Traceback" not in done.stderr


@pytest.mark.slow
def test_a_renderer_that_will_not_load_is_each_briefs_failure_not_a_traceback(
    mini: Path, tmp_path: Path
):
    # WeasyPrint's libraries missing: the worker started early meets it first, and leaves it
    # for each brief to report, as a worker started later does.
    fake = tmp_path / "fake" / "weasyprint"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text(
        "raise OSError(\"cannot load library 'libpango-1.0-0'\")\n", encoding="utf-8"
    )
    env = {**os.environ, "PYTHONPATH": str(fake.parent)}
    done = subprocess.run(
        [sys.executable, "-m", "briefgen", "--root", mini, "build", "--jobs", "2"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert done.returncode == 1
    assert done.stdout.count("FAILED") == 2
    assert "cannot load library 'libpango-1.0-0'" in done.stdout
    assert "worker process rendering it stopped" not in done.stdout
    assert "Traceback" not in done.stderr
    # check lays pages out too: it says once that it cannot here, and checks the rest.
    done = subprocess.run(
        [sys.executable, "-m", "briefgen", "--root", mini, "check"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    said = done.stdout + done.stderr
    assert said.count("note: pages cannot be laid out here (OSError: cannot load library") == 1
    assert "could not be laid out" not in said and "Traceback" not in said


# A build in a process of its own, serial (no worker warms up), after `warm` when asked.
WARMED_BUILD = """
import sys
from pathlib import Path
from briefgen.build.pipeline import build
from briefgen.build.records import Options
from briefgen.build.work import warm
from briefgen.render.templates import templates_dir
root, out, warmed = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] == "warm"
formats = ("md", "html", "pdf")
if warmed:  # nothing waiting: every step, the sample page too
    warm(templates_dir(root), "letter", formats)
results, _ = build(root, (), Options(out=out, jobs=1, formats=formats))
assert all(r.status == "built" for r in results), results
"""


@pytest.mark.slow
def test_a_worker_warmed_up_on_the_sample_page_writes_the_same_bytes(kinds: Path, tmp_path):
    # The kinds project has a chart, a readout and a two-pager: more than the sample shows.
    outs = {how: tmp_path / how for how in ("cold", "warm")}
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    for how, out in outs.items():
        done = subprocess.run(
            [sys.executable, "-c", WARMED_BUILD, kinds, out, how],
            capture_output=True,
            text=True,
            env=env,
        )
        assert done.returncode == 0, done.stderr
    assert files_of(outs["warm"]) == files_of(outs["cold"])
    assert any(name.endswith(".pdf") for name in files_of(outs["cold"]))


def test_the_warm_up_stops_as_soon_as_a_job_is_waiting(monkeypatch, tmp_path):
    from briefgen.build import work
    from briefgen.render.templates import TEMPLATES

    done: list[str] = []
    monkeypatch.setattr(work, "_printer", lambda templates, paper: done.append("printer"))
    monkeypatch.setattr(work, "_sample_page", lambda *args: done.append("sample"))
    checks = iter([False, False, True])  # two steps, then a job arrives
    work.warm(TEMPLATES, "letter", ("pdf",), busy=lambda: next(checks))
    assert done == ["printer"]  # the two steps were templates compiled: no sample page
    done.clear()
    work.warm(TEMPLATES, "letter", ("pdf",))
    assert done == ["printer", "sample"]
