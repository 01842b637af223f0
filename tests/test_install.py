"""briefgen as a newcomer gets it: `init`, `--version`, and a wheel installed anywhere."""

import json
import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from conftest import REPO

from briefgen import __version__


def test_version(cli):
    code, out, _ = cli("--version")
    assert code == 0 and out.strip() == f"briefgen {__version__}"


@pytest.mark.slow
def test_init_makes_a_project_that_checks_clean_and_builds_one_page(cli, tmp_path: Path):
    from pypdf import PdfReader

    code, out, _ = cli("init", tmp_path / "demo")
    assert code == 0 and "Next: `cd" in out
    root = tmp_path / "demo"
    for name in (
        "sources.yaml",
        "pyproject.toml",
        ".gitignore",
        "schema/sources.schema.json",
        "docs/editorial-rules.md",
    ):
        assert (root / name).is_file(), name
    # The comment lines editors read name schemas that exist.
    brief = next((root / "briefs").glob("*.yaml"))
    assert brief.read_text().startswith(
        "# yaml-language-server: $schema=../schema/brief.schema.json"
    )
    assert (
        (root / "sources.yaml")
        .read_text()
        .startswith("# yaml-language-server: $schema=schema/sources.schema.json")
    )
    assert cli("--root", root, "schema", "--check")[0] == 0
    code, out, _ = cli("--root", root, "check", "--strict")
    assert code == 0, out
    code, out, err = cli("--root", root, "build")
    assert code == 0, err
    pdf = root / "build" / f"{brief.stem}.pdf"
    assert len(PdfReader(pdf).pages) == 1


def test_init_never_writes_over_a_folder_in_use(cli, tmp_path: Path):
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine")
    code, _, err = cli("init", tmp_path / "busy")
    assert code == 1 and "already exists and is not an empty folder" in err
    assert [p.name for p in (tmp_path / "busy").iterdir()] == ["notes.txt"]


def test_a_project_templates_folder_overrides_the_packaged_one(cli, mini: Path):
    from briefgen.render.templates import TEMPLATES

    shutil.copytree(TEMPLATES, mini / "templates")
    base = mini / "templates" / "md" / "base.md.j2"
    base.write_text(base.read_text() + "\nOur own footer\n")
    assert cli("--root", mini, "build", "--format", "md")[0] == 0
    assert "Our own footer" in (mini / "build" / "border-talks.md").read_text()


def _sources(dest: Path) -> None:
    # The files git holds, as a fresh clone has them: no build/, no egg-info, no caches.
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    for name in filter(None, listed):
        src = REPO / name
        if src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)


# What belongs to briefgen itself in a site-packages folder: its package, its metadata, and
# what an editable install leaves (a .pth file and a finder module).
OWN = re.compile(r"(__editable__[._]*)?briefgen($|[-_.])", re.IGNORECASE)


def _dependencies(dest: Path) -> Path:
    """Link every distribution this Python has installed, briefgen aside, into one folder.

    A new environment that reads this folder has briefgen's dependencies without a download,
    whether the suite runs in a virtual environment or in a system Python, and does not have
    briefgen: that can only come from the wheel.
    """
    dest.mkdir()
    for folder in map(Path, sys.path):
        if folder.name not in ("site-packages", "dist-packages") or not folder.is_dir():
            continue
        for entry in folder.iterdir():
            skip = OWN.match(entry.name) or entry.suffix == ".pth" or entry.name == "__pycache__"
            if not skip and not (dest / entry.name).exists():
                (dest / entry.name).symlink_to(entry)
    return dest


@pytest.mark.slow
def test_a_wheel_installed_in_a_fresh_venv_inits_and_builds_a_one_page_pdf(tmp_path: Path):
    """SLOW (about 15 s): builds the wheel, installs it in a new venv, runs init and build.

    The venv is a plain one (no system site packages); it reads briefgen's dependencies from
    the Python that runs the suite, and pip installs the wheel with --no-index, so every
    requirement the wheel declares must already be met. briefgen itself comes from the wheel,
    which carries the templates, stylesheets, fonts and the starter project: nothing is read
    from this repository.
    """
    src, wheels, env, work = (tmp_path / n for n in ("src", "wheels", "venv", "work"))
    src.mkdir()
    work.mkdir()
    _sources(src)
    # Built with the setuptools the test extra installs: no build environment to download.
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(src), "-w", str(wheels), "--no-deps", "-q",
         "--no-build-isolation"],
        capture_output=True,
        text=True,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    # setuptools builds in its own folder ([tool.distutils.build] in pyproject.toml), never in
    # build/, which is briefgen's output folder and what `briefgen serve` serves.
    assert not (src / "build").exists()
    assert (src / ".setuptools-build").is_dir()
    (wheel,) = wheels.glob("briefgen-*.whl")
    venv.create(env, system_site_packages=False, with_pip=True)
    python = env / "bin" / "python"
    # Not this checkout: a user's environment, in a folder of its own.
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}

    def in_env(*args, cwd: Path = work) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(a) for a in args], cwd=cwd, env=clean, capture_output=True, text=True
        )

    purelib = in_env(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])")
    deps = _dependencies(tmp_path / "deps")
    (Path(purelib.stdout.strip()) / "suite-dependencies.pth").write_text(f"{deps}\n")
    assert in_env(python, "-c", "import briefgen").returncode == 1  # not there before the wheel
    done = in_env(python, "-m", "pip", "install", "--no-index", "-q", wheel)
    assert done.returncode == 0, done.stdout + done.stderr
    where = in_env(python, "-c", "import briefgen; print(briefgen.__file__)").stdout
    assert where.startswith(str(env)), where
    cli = env / "bin" / "briefgen"

    def run(*args: str, cwd: Path = work) -> subprocess.CompletedProcess[str]:
        return in_env(cli, *args, cwd=cwd)

    assert run("--version").stdout.strip() == f"briefgen {__version__}"
    done = run("init", "demo")
    assert done.returncode == 0, done.stderr
    done = run("build", cwd=work / "demo")
    assert done.returncode == 0, done.stderr
    from pypdf import PdfReader

    assert (work / "demo" / "docs" / "editorial-rules.md").is_file()
    (pdf,) = (work / "demo" / "build").glob("*.pdf")
    assert len(PdfReader(pdf).pages) == 1
    manifest = json.loads((work / "demo" / "build" / "manifest.json").read_text())
    assert len(manifest["briefs"]) == 1
