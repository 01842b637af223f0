"""briefgen as a newcomer gets it: `init`, `--version`, and a wheel installed anywhere."""

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest
from conftest import REPO

from briefgen import __version__


def test_version(cli):
    code, out, _ = cli("--version")
    assert code == 0 and out.strip() == f"briefgen {__version__}"


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


@pytest.mark.slow
def test_a_wheel_installed_in_a_fresh_venv_inits_and_builds_a_one_page_pdf(tmp_path: Path):
    """SLOW (about 20 s): builds the wheel, installs it in a new venv, runs init and build.

    The venv sees this machine's packages (--system-site-packages) for briefgen's
    dependencies, but briefgen itself comes from the wheel, which carries the templates,
    stylesheets, fonts and the starter project: nothing is read from this repository.
    Run from a venv, the packages are that venv's, and the new one sees them too.
    """
    src, wheels, env, work = (tmp_path / n for n in ("src", "wheels", "venv", "work"))
    src.mkdir()
    work.mkdir()
    _sources(src)
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(src), "-w", str(wheels), "--no-deps", "-q"],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = wheels.glob("briefgen-*.whl")
    venv.create(env, system_site_packages=True, with_pip=True)
    python = env / "bin" / "python"
    if sys.prefix != sys.base_prefix:  # the suite runs in a venv: its packages are the machine's
        ours = dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib"))
        theirs = subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        # A path line only: the .pth files there, this checkout's editable install among
        # them, are not run, so briefgen itself still comes from the wheel.
        (Path(theirs) / "machine-packages.pth").write_text("\n".join(ours) + "\n")
    subprocess.run(
        [python, "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", wheel],
        check=True,
    )
    # Not this checkout: a user's environment, in a folder of its own.
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    where = subprocess.run(
        [python, "-c", "import briefgen; print(briefgen.__file__)"],
        cwd=work,
        env=clean,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert where.startswith(str(env)), where
    cli = env / "bin" / "briefgen"

    def run(*args: str, cwd: Path = work) -> subprocess.CompletedProcess[str]:
        return subprocess.run([cli, *args], cwd=cwd, env=clean, capture_output=True, text=True)

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
