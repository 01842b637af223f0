"""Two builds at once, a killed job, a full or read-only disk: nothing is lost, nothing lies.

Each test makes sure its signal lands while the build is still running (it fails otherwise),
so none can pass by the build having finished first.
"""

import contextlib
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURES

WAIT = 60.0  # seconds: every loop below is bounded by it


def slow_project(root: Path, briefs: int = 8) -> Path:
    """The mini project with extra briefs, so that a build takes a few seconds."""
    shutil.copytree(FIXTURES / "mini", root)
    model = (root / "briefs" / "border-talks.yaml").read_text(encoding="utf-8")
    for n in range(briefs):
        (root / "briefs" / f"copy-{n}.yaml").write_text(
            model.replace("second round", f"copy {n}"), encoding="utf-8"
        )
    return root


def start(root: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "briefgen", "--root", str(root), "build", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def wait_until(predicate, what: str):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.02)
    pytest.fail(f"timed out waiting for {what}")


def children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found |= {int(c) for c in (task / "children").read_text().split()}
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def manifest_is_true(out: Path) -> None:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["briefs"].values():
        for meta in entry["outputs"].values():
            data = (out / meta["path"]).read_bytes()
            assert len(data) == meta["bytes"], meta["path"]
            assert hashlib.sha256(data).hexdigest() == meta["sha256"], meta["path"]


def first_written(out: Path, since: float):
    return [p for p in out.glob("*.pdf") if p.stat().st_mtime > since]


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads /proc (Linux)")
def test_workers_die_with_a_killed_build(tmp_path: Path):
    root = slow_project(tmp_path / "p")
    proc = start(root, "--jobs", "2")
    workers = wait_until(lambda: children(proc.pid), "the pool's workers")
    assert proc.poll() is None, "the build ended before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(alive(w) for w in workers):
        time.sleep(0.1)
    left = [w for w in workers if alive(w)]
    for w in left:
        os.kill(w, signal.SIGKILL)
    assert not left, "pool workers outlived their parent"


TIED = """
import os, sys, threading, time
from briefgen.signals import die_with_parent, watch_parent
if sys.argv[1] == "die_with_parent":
    die_with_parent(os.getppid())
else:  # the watcher die_with_parent falls back on where there is no prctl
    threading.Thread(target=watch_parent, args=(os.getppid(), 0.05), daemon=True).start()
print("tied", flush=True)
time.sleep(60)
"""
PARENT = """
import subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", sys.argv[1], sys.argv[2]])
print(child.pid, flush=True)
time.sleep(60)
"""


@pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="reads /proc (Linux)")
@pytest.mark.parametrize("how", ["die_with_parent", "watch_parent"])
def test_a_process_tied_to_its_parent_dies_when_the_parent_is_killed(how: str):
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT, TIED, how], stdout=subprocess.PIPE, text=True
    )
    assert parent.stdout is not None
    said = {parent.stdout.readline().strip(), parent.stdout.readline().strip()}
    assert "tied" in said, said
    (child,) = (int(s) for s in said if s.isdigit())
    assert alive(child)
    os.kill(parent.pid, signal.SIGKILL)  # no clean-up runs: only the tie can end the child
    parent.wait(timeout=30)
    deadline = time.monotonic() + 10
    while alive(child) and time.monotonic() < deadline:
        time.sleep(0.02)
    if alive(child):
        os.kill(child, signal.SIGKILL)
        pytest.fail("the child outlived its killed parent")


def test_a_process_whose_parent_is_already_gone_ends_at_once():
    code = "from briefgen.signals import die_with_parent; die_with_parent(1); print('still here')"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 1 and "still here" not in done.stdout


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads /proc (Linux)")
@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM])
def test_a_worker_that_dies_fails_its_brief_and_the_build_goes_on(tmp_path: Path, signum: int):
    # SIGTERM too: sent to one worker (not to the build's process group) it loses that
    # worker's brief, and does not stop the build as if the build had been asked to stop.
    root = slow_project(tmp_path / "p")
    since = time.time() - 1
    proc = start(root, "--jobs", "2")
    # Once a brief is written the workers are rendering: the one killed has a brief to fail.
    # (One killed while it still warms up fails nothing: another takes its place.)
    wait_until(lambda: first_written(root / "build", since), "the first brief")
    worker = min(wait_until(lambda: children(proc.pid), "the pool's workers"))
    assert proc.poll() is None, "the build ended before a worker could be killed"
    os.kill(worker, signum)  # as the kernel's out-of-memory killer, or a `kill PID`, would
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 1, out + err
    name = signal.Signals(signum).name
    assert f"the worker process rendering it stopped (killed by {name})" in out
    assert "10 briefs: 9 built, 0 unchanged, 1 failed" in out
    assert "Traceback" not in err and "Internal error" not in err
    manifest_is_true(root / "build")
    again = start(root, "--jobs", "2")
    out, _ = again.communicate(timeout=300)
    assert again.returncode == 0 and "10 briefs: 1 built, 9 unchanged, 0 failed" in out


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_build_says_so_and_its_manifest_stays_true(tmp_path: Path, signum: int):
    root = slow_project(tmp_path / "p")
    assert start(root, "--jobs", "1").wait(timeout=300) == 0
    catalog = root / "sources.yaml"
    catalog.write_text(catalog.read_text().replace("Weekly crossings", "Crossings per week"))
    began = time.time()
    proc = start(root, "--jobs", "1")
    wait_until(lambda: first_written(root / "build", began), "the first brief to be written")
    assert proc.poll() is None, "the build ended before it could be interrupted"
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signum, out + err
    assert "Interrupted" in err and "Traceback" not in err and "Aborted" not in err
    build = root / "build"
    assert not list(build.glob(".*.tmp"))
    manifest_is_true(build)
    # What was written before the signal is recorded as such; the next build finishes the job.
    again = start(root, "--jobs", "1")
    assert again.wait(timeout=300) == 0
    manifest_is_true(build)


def answers_signals(pid: int) -> bool:
    """Tell whether briefgen has put its own SIGTERM handler in place (after Python's start)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    caught = next(line.split()[1] for line in status.splitlines() if line.startswith("SigCgt:"))
    return bool(int(caught, 16) >> (signal.SIGTERM - 1) & 1)


def in_session(sid: int) -> list[int]:
    """Return the live processes of a session: the build and every process it started."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[3]) == sid and fields[0] != "Z":
                found.append(int(stat.parent.name))
    return found


def retitle(root: Path, run: int) -> None:
    """Edit both briefs, so that a build without --force renders both again."""
    for name, title in (("border-talks", "Border talks"), ("migration-june", "Migration in")):
        path = root / "briefs" / f"{name}.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(f'title: "{title}[^"]*', f'title: "{title} {run}', text))


# The stop signals, each sent as it comes in life: a terminal's (Ctrl-C, Ctrl-backslash, a
# hang-up) to the whole foreground process group, workers included; a kill's to the process.
STOPS = [
    (signal.SIGINT, "group"),
    (signal.SIGTERM, "process"),
    (signal.SIGHUP, "group"),
    (signal.SIGQUIT, "group"),
]
BASE = "https://example.org/briefs/"
MOMENTS = ("2025-06-09T12:00:00Z", "2025-06-11T00:00:00Z")  # one brief's embargo between


def run_briefgen(root: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "briefgen", "--root", str(root), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )


def site_files(site: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in site.iterdir()} if site.exists() else {}


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="reads /proc (Linux)")
@pytest.mark.parametrize(
    "command",
    [("build", "--jobs", "2"), ("build", "--force", "--jobs", "1"), ("publish",)],
    ids=["build-jobs-2", "build-force", "publish"],
)
def test_a_signal_at_any_moment_stops_cleanly(tmp_path: Path, command):
    """SLOW (10 to 20 s each): SIGINT, SIGTERM, SIGHUP and SIGQUIT at a dozen moments.

    The moments run from when briefgen answers signals (before, the interpreter is still
    starting) to near the end of the command, through planning, rendering in the workers (on
    two cores and more), writing the files and the manifest, writing and swapping the site.
    After each: the exit code is 128 + the signal and the message says "Interrupted" (or the
    command had finished), no process of the command is left, the manifest matches the
    files, and the site is one whole site, the last or the new.
    """
    root = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    build, site = root / "build", root / "site"
    publishing = command[0] == "publish"
    whole_sites = []
    if publishing:
        assert run_briefgen(root, "build", "--jobs", "1").wait(timeout=WAIT) == 0
        for n, moment in enumerate(MOMENTS):  # the two sites a publish here can leave
            ref = tmp_path / f"site-{n}"
            done = run_briefgen(root, "publish", "--base-url", BASE, "--now", moment, "--out", ref)
            assert done.wait(timeout=WAIT) == 0
            whole_sites.append(site_files(ref))
        assert whole_sites[0] != whole_sites[1]

    def run(n: int, delay: float | None, signum: int = signal.SIGINT, to: str = "group"):
        args = command
        if publishing:
            args = (*command, "--base-url", BASE, "--now", MOMENTS[n % 2])
        elif "--force" not in command:
            retitle(root, n)
        proc = run_briefgen(root, *args)
        wait_until(lambda: answers_signals(proc.pid) or proc.poll() is not None, "briefgen")
        ready = time.monotonic()
        landed = None
        if delay is not None:
            time.sleep(delay)
            if proc.poll() is None:
                if to == "group":
                    os.killpg(proc.pid, signum)
                else:
                    proc.send_signal(signum)
                landed = time.monotonic()
        out, err = proc.communicate(timeout=WAIT)
        ended = time.monotonic()
        return proc, out, err, ended - ready, landed and ended - landed

    # The shorter of two runs: the first may fill a cold cache, and the machine is shared.
    lengths = []
    for n in (-2, -1):
        proc, out, err, length, _ = run(n, None)
        assert proc.returncode == 0, out + err
        lengths.append(length)
    interrupted = 0
    instants = [0.85 * min(lengths) * k / 12 for k in range(12)]
    for n, delay in enumerate(instants, 1):
        signum, to = STOPS[n % len(STOPS)]
        proc, out, err, _, answered = run(n, delay, signum, to)
        said = f"{signal.Signals(signum).name} after {delay:.2f} s: exit {proc.returncode}\n"
        said += out + err
        assert "Traceback" not in out + err and "Internal error" not in out + err, said
        assert "Aborted" not in out + err, said
        if proc.returncode == 128 + signum:
            assert "Interrupted: outputs are whole" in err, said
            interrupted += 1
        else:  # the command had done its work when the signal came, or before this moment
            assert proc.returncode == 0, said
            assert publishing or "2 briefs: 2 built" in out, said
            # Once the work is done, stops are ignored while the interpreter shuts down
            # (about half a second on two busy cores); one that came earlier was not lost.
            assert answered is None or answered < 1.0, said
        # No worker outlives the command (a killed worker may linger a moment as it dies).
        deadline = time.monotonic() + 5
        while in_session(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not in_session(proc.pid), said
        assert not list(build.glob(".*.tmp")), said
        if (build / "manifest.json").exists():
            manifest_is_true(build)
        if publishing:  # a whole site, the last or the new, and nothing half-made beside it
            assert site_files(site) in whole_sites, said
            assert not [p for p in root.iterdir() if p.name.startswith(".site.")], said
    # A command runs a little faster or slower each time: the last moments may come after it.
    assert interrupted >= 8, f"only {interrupted} of {len(instants)} signals landed mid-run"


@pytest.mark.slow
def test_a_publish_killed_at_any_moment_leaves_a_whole_site_and_the_next_cleans_up(tmp_path):
    """SIGKILL runs no clean-up: the site is whole still, and the next publish tidies."""
    root = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    site = root / "site"
    assert run_briefgen(root, "build", "--jobs", "1").wait(timeout=WAIT) == 0
    first = run_briefgen(root, "publish", "--base-url", BASE, "--now", MOMENTS[0])
    assert first.wait(timeout=WAIT) == 0
    wholes = [site_files(site)]
    began = time.monotonic()
    second = run_briefgen(root, "publish", "--base-url", BASE, "--now", MOMENTS[1])
    assert second.wait(timeout=WAIT) == 0
    length = time.monotonic() - began
    wholes.append(site_files(site))
    for k in range(10):
        proc = run_briefgen(root, "publish", "--base-url", BASE, "--now", MOMENTS[k % 2])
        time.sleep(length * k / 10)
        proc.kill()
        proc.communicate(timeout=WAIT)
        assert site_files(site) in wholes, k
    tidy = run_briefgen(root, "publish", "--base-url", BASE, "--now", MOMENTS[0])
    assert tidy.wait(timeout=WAIT) == 0
    assert not [p.name for p in root.iterdir() if p.name.startswith(".site.")]
    assert site_files(site) == wholes[0]


@pytest.mark.slow
def test_two_builds_into_one_folder_take_turns(tmp_path: Path):
    root = slow_project(tmp_path / "p")
    build = root / "build"
    build.mkdir()
    (build / "notes.tmp").write_text("mine")
    (build / ".draft.tmp").write_text("mine too")
    first = start(root, "--jobs", "1", "--force")
    wait_until(lambda: first_written(build, 0), "the first build to start writing")
    assert first.poll() is None, "the first build ended before the second began"
    second = start(root, "--jobs", "1", "--force")
    _, err2 = second.communicate(timeout=300)
    _, err1 = first.communicate(timeout=300)
    assert first.returncode == 0 and second.returncode == 0, err1 + err2
    assert "Waiting: another briefgen is building" in err2
    manifest_is_true(build)
    assert (build / "notes.tmp").read_text() == "mine"
    assert (build / ".draft.tmp").read_text() == "mine too"


# -- the user's situation, not a bug ---------------------------------------------------------


# A real full disk and a real read-only folder: a small tmpfs, or a read-only bind mount, over
# build/ in a mount namespace of the build's own (as root, or as root of a user namespace where
# the system allows one); and a folder without write permission.

FULL_DISK = """
saved=$(mktemp -d)
cp -a build/. "$saved"/
mount -t tmpfs -o size=1m tmpfs build || exit 90
cp -a "$saved"/. build/
dd if=/dev/zero of=build/.filler bs=4096 2>/dev/null
"$@"
status=$?
rm build/.filler
cp -a build/. "$AFTER"/
exit $status
"""

READ_ONLY_MOUNT = """
mount --bind build build && mount -o remount,ro,bind build || exit 90
"$@"
"""


def mount_namespace() -> list[str] | None:
    """Return the command that runs a shell in a mount namespace of its own, if one may be made."""
    unshare = shutil.which("unshare")
    if unshare is None or not sys.platform.startswith("linux"):
        return None
    flags = ["--mount"] if os.geteuid() == 0 else ["--user", "--map-root-user", "--mount"]
    if subprocess.run([unshare, *flags, "true"], capture_output=True).returncode != 0:
        return None
    return [unshare, *flags, "sh", "-c"]


def user_namespace() -> list[str] | None:
    """Return the command that runs what follows in a user namespace mapping no one, if allowed."""
    unshare = shutil.which("unshare")
    if (
        unshare is None
        or subprocess.run([unshare, "--user", "true"], capture_output=True).returncode
    ):
        return None
    return [unshare, "--user"]


def build_where_the_disk_refuses(root: Path, situation: str, after: Path):
    """Run a build of root into build/, which refuses its writes as `situation` says."""
    command = [sys.executable, "-m", "briefgen", "build", "--format", "md,html"]
    env = {**os.environ, "BRIEFGEN_CACHE_DIR": ""}
    if situation == "folder without write permission":
        prefix = []
        if os.geteuid() == 0:
            # Root writes whatever the permissions say, but not from a user namespace of its
            # own that maps no one: there its files are a stranger's, and their modes hold.
            prefix = user_namespace()
            if prefix is None:
                pytest.skip("root writes where the permissions say no, and unshare is refused")
        (root / "build").chmod(0o555)
        try:
            return subprocess.run(
                [*prefix, *command], cwd=root, env=env, capture_output=True, text=True
            )
        finally:
            (root / "build").chmod(0o755)
    shell = mount_namespace()
    if shell is None:
        pytest.skip("this system lets no mount namespace be made (unshare)")
    script = FULL_DISK if situation == "full disk" else READ_ONLY_MOUNT
    env["AFTER"] = str(after)
    run = subprocess.run(
        [*shell, script, "sh", *command], cwd=root, env=env, capture_output=True, text=True
    )
    if run.returncode == 90:
        pytest.skip(f"cannot mount in a namespace here: {run.stderr.strip()}")
    return run


@pytest.mark.parametrize(
    ("situation", "says"),
    [
        ("full disk", "free some disk space"),
        ("read-only file system", "choose a folder you can write"),
        ("folder without write permission", "choose a folder you can write"),
    ],
)
@pytest.mark.slow
def test_a_disk_that_refuses_writes_loses_nothing(mini: Path, cli, tmp_path, situation, says):
    assert cli("--root", mini, "build", "--format", "md,html")[0] == 0
    before = {p.name: p.read_bytes() for p in (mini / "build").iterdir() if p.is_file()}
    brief = mini / "briefs" / "border-talks.yaml"
    brief.write_text(brief.read_text().replace("second round", "third round"))
    after = tmp_path / "after"
    after.mkdir()
    run = build_where_the_disk_refuses(mini, situation, after)
    assert run.returncode == 1, run.stdout + run.stderr
    assert says in run.stderr and "earlier outputs" in run.stderr
    assert "Internal error" not in run.stdout + run.stderr
    # A full disk is a tmpfs over build/: what the build left is what was copied out of it.
    left = after if situation == "full disk" else mini / "build"
    assert {p.name: p.read_bytes() for p in left.iterdir() if p.is_file()} == before


def test_out_naming_a_file_is_said(mini: Path, cli):
    target = mini / "taken"
    target.write_text("keep me")
    code, out, err = cli("--root", mini, "build", "--out", target)
    assert code == 1 and "a file stands where a folder is needed" in err
    assert "Internal error" not in out + err
    assert target.read_text() == "keep me"


def test_a_brief_that_turns_bad_is_marked_stale(mini: Path, cli):
    assert cli("--root", mini, "build", "--format", "md,html")[0] == 0
    brief = mini / "briefs" / "border-talks.yaml"
    brief.write_text(brief.read_text().replace("facts: [crossings-fell]", "facts: [no-such]"))
    code, _, _ = cli("--root", mini, "build", "--format", "md,html")
    assert code == 1
    manifest = json.loads((mini / "build" / "manifest.json").read_text())
    entry = manifest["briefs"]["border-talks"]
    assert entry["status"] == "stale" and "no-such" in entry["failure"]
    assert manifest["briefs"]["migration-june"]["status"] == "current"
    index = (mini / "build" / "index.html").read_text()
    assert "Stale:" in index


def test_check_and_build_give_one_verdict_on_a_broken_catalog(mini: Path, cli):
    catalog = mini / "sources.yaml"
    catalog.write_text(catalog.read_text().replace("facts:\n", "facts:\n  - just a string\n", 1))
    check_code, check_out, _ = cli("--root", mini, "check")
    build_code, build_out, _ = cli("--root", mini, "build", "--format", "md")
    assert check_code == build_code == 1
    # One convention too: each command's report, findings and verdict, is on stdout.
    assert "should be a mapping" in check_out and "should be a mapping" in build_out


GUARD = """
import os, sys
from briefgen.errors import Interrupted
from briefgen.signals import answer_stops, uninterrupted
answer_stops()
signum = int(sys.argv[1])
done = []
try:
    with uninterrupted():
        os.kill(os.getpid(), signum)
        done.append("the write ran to its end")
    print("not stopped")
except Interrupted as exc:
    print(done[0], exc.signum)
"""


@pytest.mark.parametrize(
    "signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT], ids=lambda s: s.name
)
def test_every_stop_signal_lets_a_write_finish_then_stops(signum):
    run = subprocess.run(
        [sys.executable, "-c", GUARD, str(int(signum))], capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == f"the write ran to its end {int(signum)}"


# A stop signal that lands while a class is being made (as a module loads) comes out of
# Python wrapped: "RuntimeError: Error calling __set_name__". Still an interrupt.
WRAPPED = """
import signal, sys
import briefgen.cli as cli
from briefgen import signals

class Named:
    def __set_name__(self, owner, name):
        signals.interrupt(signal.SIGHUP, None)

def app():
    class Owner:
        attr = Named()

cli.app = app
cli.main()
"""


def test_an_interrupt_wrapped_in_another_error_is_said_as_an_interrupt():
    done = subprocess.run([sys.executable, "-c", WRAPPED], capture_output=True, text=True)
    assert done.returncode == 128 + signal.SIGHUP, done.stderr
    assert "Interrupted: outputs are whole" in done.stderr
    assert "Internal error" not in done.stderr and "Traceback" not in done.stderr
