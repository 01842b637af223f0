"""The trust boundary around files: one opener, one writer, one rule for output folders.

Each case is a table row: what a cloned project (or a careless user) puts where a file or
folder should be, the exit code, the message, and that nothing outside the project is read
or touched and nothing already built is lost. Every command runs in a subprocess with a
timeout: a pipe or a device must never make briefgen wait.
"""

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from briefgen.render.templates import TEMPLATES

SECRET = "SECRET-OUTSIDE-CONTENT"


def run(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "briefgen", "--root", str(root), *args],
        capture_output=True,
        text=True,
        timeout=90,  # a hang is a failure, not a stuck suite
        env={**os.environ, **(env or {})},
    )


def tree(folder: Path) -> dict[str, str]:
    """Every file under a folder with the sha256 of its bytes (links and pipes by kind)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[rel] = "link:" + os.readlink(path)
        elif path.is_fifo():
            found[rel] = "fifo"
        elif path.is_file():
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The mini fixture with its own templates, built once in md and html."""
    root = tmp_path / "p"
    shutil.copytree(Path(__file__).parent / "fixtures" / "mini", root)
    shutil.copytree(TEMPLATES, root / "templates")
    done = run(root, "build", "--format", "md,html")
    assert done.returncode == 0, done.stdout + done.stderr
    return root


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.css").write_text(f"/* {SECRET} */", encoding="utf-8")
    (folder / "pyproject.toml").write_text(
        '[tool.briefgen]\nbuild_dir = "elsewhere"\n', encoding="utf-8"
    )
    return folder


def _link(rel: str, target: Callable[[Path], Path]) -> Callable[[Path, Path], None]:
    def plant(root: Path, outside: Path) -> None:
        path = root / rel
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
        path.symlink_to(target(outside))

    return plant


def _fifo(rel: str) -> Callable[[Path, Path], None]:
    def plant(root: Path, outside: Path) -> None:
        (root / rel).unlink(missing_ok=True)
        os.mkfifo(root / rel)

    return plant


def _big(rel: str, size: int) -> Callable[[Path, Path], None]:
    def plant(root: Path, outside: Path) -> None:
        (root / rel).write_bytes(b"/* x */\n" * (size // 8 + 1))

    return plant


def _templates_outside(root: Path, outside: Path) -> None:
    shutil.copytree(root / "templates" / "html", outside / "html")
    (outside / "html" / "base.html.j2").write_text(SECRET, encoding="utf-8")
    shutil.rmtree(root / "templates" / "html")
    (root / "templates" / "html").symlink_to(outside / "html", target_is_directory=True)


def _font_outside(root: Path, outside: Path) -> None:
    font = root / "templates" / "fonts" / "CharisSIL-Regular.ttf"
    shutil.copy(font, outside / font.name)
    font.unlink()
    font.symlink_to(outside / font.name)


# (case, plant, command, exit code, words of the message)
READS = [
    (
        "brief.css linked from outside",
        _link("templates/brief.css", lambda o: o / "secret.css"),
        ("build", "--format", "md,html", "--force"),
        1,
        ["brief.css", "outside the project"],
    ),
    (
        "brief.css linked to a device",
        _link("templates/brief.css", lambda o: Path("/dev/zero")),
        ("build", "--format", "md,html", "--force"),
        1,
        ["brief.css", "outside the project"],
    ),
    (
        "brief.css a named pipe",
        _fifo("templates/brief.css"),
        ("build", "--format", "md,html", "--force"),
        1,
        ["brief.css", "named pipe"],
    ),
    (
        "brief.css over its cap",
        _big("templates/brief.css", 3_000_000),
        ("build", "--format", "md,html", "--force"),
        1,
        ["brief.css", "limit"],
    ),
    (
        "a templates folder linked from outside",
        _templates_outside,
        ("build", "--format", "md,html", "--force"),
        1,
        ["templates/html/", "outside the project"],
    ),
    (
        "pyproject.toml linked from outside",
        _link("pyproject.toml", lambda o: o / "pyproject.toml"),
        ("check",),
        1,
        ["pyproject.toml", "outside the project"],
    ),
    pytest.param(
        "print.css linked from outside",
        _link("templates/print.css", lambda o: o / "secret.css"),
        ("build", "border-talks", "--format", "pdf", "--force"),
        1,
        ["print.css", "outside the project"],
        marks=pytest.mark.slow,
        id="print.css linked from outside",
    ),
    pytest.param(
        "print.css a named pipe",
        _fifo("templates/print.css"),
        ("build", "border-talks", "--format", "pdf", "--force"),
        1,
        ["print.css", "named pipe"],
        marks=pytest.mark.slow,
        id="print.css a named pipe",
    ),
    pytest.param(
        "a font linked from outside",
        _font_outside,
        ("build", "border-talks", "--format", "pdf", "--force"),
        1,
        ["CharisSIL-Regular.ttf", "outside the project"],
        marks=pytest.mark.slow,
        id="a font linked from outside",
    ),
    (
        "base.html.j2 a named pipe, never passed over for the default",
        _fifo("templates/html/base.html.j2"),
        ("build", "--format", "md,html", "--force"),
        1,
        ["base.html.j2", "named pipe"],
    ),
    (
        "base.html.j2 linked from outside",
        _link("templates/html/base.html.j2", lambda o: o / "secret.css"),
        ("build", "--format", "md,html", "--force"),
        1,
        ["base.html.j2", "outside the project"],
    ),
    ("pyproject.toml a named pipe", _fifo("pyproject.toml"), ("check",), 1, ["named pipe"]),
    ("sources.yaml a named pipe", _fifo("sources.yaml"), ("check",), 1, ["named pipe"]),
    (
        "a brief a named pipe",
        _fifo("briefs/border-talks.yaml"),
        ("build", "--format", "md,html"),
        1,
        ["border-talks", "named pipe"],
    ),
]


@pytest.mark.parametrize(
    ("case", "plant", "command", "code", "words"),
    [pytest.param(*r, id=r[0]) if type(r) is tuple else r for r in READS],
)
@pytest.mark.slow
def test_every_file_read_goes_through_the_opener(
    project: Path, outside: Path, case, plant, command, code, words
):
    built = tree(project / "build")
    plant(project, outside)
    before_outside = tree(outside)
    done = run(project, *command)
    said = done.stdout + done.stderr
    assert done.returncode == code, said
    assert all(w in said for w in words), said
    assert "Traceback" not in said and "Internal error" not in said, said
    # Nothing outside read into an output, nothing outside touched, nothing built lost.
    assert not any(SECRET in p.read_text(errors="replace") for p in (project / "build").iterdir())
    assert tree(outside) == before_outside
    assert not (project / "elsewhere").exists()
    after = tree(project / "build")
    assert set(built) <= set(after), "an earlier output was lost"


@pytest.mark.slow
def test_a_cache_key_or_entry_that_is_a_pipe_is_a_miss_not_a_hang(project: Path, tmp_path: Path):
    home, folder = tmp_path / "home", tmp_path / "cache"
    env = {"XDG_CACHE_HOME": str(home), "BRIEFGEN_CACHE_DIR": str(folder)}
    assert run(project, "check", env=env).returncode == 0
    entries = sorted(folder.glob("*.pickle"))
    assert entries
    for entry in entries:
        entry.unlink()
        os.mkfifo(entry)
    done = run(project, "check", env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    key = home / "briefgen" / "hmac.key"
    key.unlink()
    os.mkfifo(key)
    done = run(project, "check", env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert key.is_fifo()  # a key it cannot trust is left alone, and the cache is off


@pytest.mark.slow
def test_the_cache_never_removes_a_users_own_pickles(project: Path, tmp_path: Path):
    from briefgen.catalog import cache

    folder = tmp_path / "mine"
    folder.mkdir()
    # More than the cache keeps, some even named as its entries are.
    for n in range(cache.MAX_ENTRIES + 20):
        (folder / f"model-{n}.pickle").write_bytes(b"mine")
    for n in range(30):
        (folder / f"catalog-{n:032x}.pickle").write_bytes(b"mine too")
    before = tree(folder)
    for _ in range(2):
        done = run(project, "check", env={"BRIEFGEN_CACHE_DIR": str(folder)})
        assert done.returncode == 0, done.stdout + done.stderr
    after = tree(folder)
    assert {k: after.get(k) for k in before} == before


@pytest.mark.slow
def test_the_cache_trims_a_folder_it_made(tmp_path: Path):
    folder = tmp_path / "made"
    code = (
        "from briefgen.catalog import cache\n"
        "import os\n"
        "for n in range(cache.MAX_ENTRIES + 5):\n"
        "    cache.keep(cache.key('t', str(n)), n)\n"
    )
    env = {**os.environ, "BRIEFGEN_CACHE_DIR": str(folder)}
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
    (folder / "notes.pickle").write_bytes(b"a user's file, added later")
    subprocess.run(
        [sys.executable, "-c", "from briefgen.catalog import cache; cache.keep('t-x', 1)"],
        check=True,
        env=env,
    )
    names = {p.name for p in folder.glob("*.pickle")}
    assert len(names - {"notes.pickle"}) <= 1024 + 1
    assert "notes.pickle" in names


# (case, setup, extra arguments, exit code, words)
FOLDERS = [
    ("build a link out", "link-build", (), 2, ["symbolic link"]),
    ("build_dir is briefs", "setting-briefs", (), 2, ["briefs/", "holds inputs"]),
    ("build_dir is sources", "setting-sources", (), 2, ["sources/", "holds inputs"]),
    ("--out .", "none", ("--out", "."), 2, ["project folder"]),
    ("--out sources", "none", ("--out", "sources"), 2, ["sources/"]),
    ("--out briefs/x", "none", ("--out", "briefs/x"), 2, ["briefs/"]),
    ("--out templates", "none", ("--out", "templates"), 2, ["templates/"]),
    ("--out the parent", "none", ("--out", ".."), 2, ["project folder"]),
]


@pytest.mark.parametrize(
    ("case", "setup", "args", "code", "words"), FOLDERS, ids=[f[0] for f in FOLDERS]
)
@pytest.mark.slow
def test_outputs_go_only_to_a_real_folder_of_their_own(
    project: Path, outside: Path, case, setup, args, code, words
):
    if setup == "link-build":
        shutil.rmtree(project / "build")
        (project / "build").symlink_to(outside, target_is_directory=True)
    elif setup.startswith("setting-"):
        folder = setup.removeprefix("setting-")
        (project / "pyproject.toml").write_text(
            f'[tool.briefgen]\nbuild_dir = "{folder}"\n', encoding="utf-8"
        )
    inputs = {n: tree(project / n) for n in ("briefs", "sources", "templates")}
    before_outside = tree(outside)
    cwd_args = [a if a in ("--out",) else str(project / a) for a in args]
    done = run(project, "build", "--format", "md", *cwd_args)
    said = done.stdout + done.stderr
    assert done.returncode == code, said
    assert all(w in said for w in words), said
    assert "Traceback" not in said
    assert tree(outside) == before_outside
    assert {n: tree(project / n) for n in inputs} == inputs
    assert (project / "sources.yaml").is_file()


@pytest.mark.slow
def test_an_out_folder_named_on_the_command_line_may_be_anywhere(project: Path, tmp_path: Path):
    out = tmp_path / "anywhere"
    done = run(project, "build", "--format", "md", "--out", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    assert (out / "border-talks.md").is_file()
