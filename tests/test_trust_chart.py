"""The trust boundary around charts: matplotlib reads nothing the project could turn on it.

matplotlib reads a `matplotlibrc` from the working folder (the project, as a user or CI runs
briefgen), and the chart's fonts are files of the project's templates. A settings file must
not switch on LaTeX (a program run with the project's preamble) or change the drawing, and a
font must be read as every other file is: inside, regular, never waited on.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen.render.templates import TEMPLATES

BRIEF = "crossings-monthly"  # the kinds fixture's brief with a bar chart


def run(root: Path, *args: str, path: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "BRIEFGEN_CACHE_DIR": "", "CI": "true"}  # no cache: always drawn
    if path:
        env["PATH"] = f"{path}{os.pathsep}{env.get('PATH', '')}"
    return subprocess.run(
        [sys.executable, "-m", "briefgen", "--root", str(root), *args],
        capture_output=True,
        text=True,
        timeout=120,  # a hang is a failure, not a stuck suite
        cwd=root,
        env=env,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "p"
    shutil.copytree(Path(__file__).parent / "fixtures" / "kinds", root)
    shutil.copytree(TEMPLATES, root / "templates")
    return root


def _svg(root: Path) -> str:
    html = (root / "build" / f"{BRIEF}.html").read_text(encoding="utf-8")
    found = re.search(r"<svg.*?</svg>", html, re.DOTALL)
    assert found, "the brief has no chart"
    return found.group(0)


@pytest.mark.slow
def test_a_matplotlibrc_in_the_project_runs_nothing_and_changes_nothing(
    project: Path, tmp_path: Path
):
    done = run(project, "build", BRIEF, "--format", "md,html")
    assert done.returncode == 0, done.stdout + done.stderr
    plain = _svg(project)
    (project / "matplotlibrc").write_text(
        "text.usetex: True\n"
        "text.latex.preamble: \\input{/etc/passwd}\n"
        "font.size: 30\n"
        "svg.fonttype: path\n",
        encoding="utf-8",
    )
    # A latex on the PATH that says whether it ran.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    ran = tmp_path / "latex-ran"
    latex = bin_dir / "latex"
    latex.write_text(f'#!/bin/sh\necho "$@" >> {ran}\nexit 1\n', encoding="utf-8")
    latex.chmod(0o755)
    done = run(project, "build", BRIEF, "--format", "md,html", "--force", path=str(bin_dir))
    assert done.returncode == 0, done.stdout + done.stderr
    assert not ran.exists()
    assert _svg(project) == plain


@pytest.mark.parametrize(
    ("case", "words"),
    [
        ("pipe", ["templates/fonts/Inter-Zz.ttf", "named pipe"]),
        ("outside", ["templates/fonts/Inter-Zz.ttf", "outside the project"]),
        ("junk", ["templates/fonts/Inter-Zz.ttf", "not a font file"]),
    ],
)
@pytest.mark.slow
def test_a_chart_font_is_read_as_every_file_is(project: Path, tmp_path: Path, case, words):
    font = project / "templates" / "fonts" / "Inter-Zz.ttf"
    if case == "pipe":
        os.mkfifo(font)
    elif case == "outside":
        secret = tmp_path / "outside.ttf"
        shutil.copy(next((project / "templates" / "fonts").glob("Inter-*.otf")), secret)
        font.symlink_to(secret)
    else:
        font.write_bytes(b"not a font " * 100)
    done = run(project, "build", BRIEF, "--format", "md,html")
    assert done.returncode == 1, done.stdout + done.stderr
    said = done.stdout + done.stderr
    assert all(w in said for w in words), said
    assert "Traceback" not in said


@pytest.mark.slow
def test_a_glyph_the_chart_font_lacks_prints_no_python_warning(project: Path):
    catalog = project / "sources.yaml"
    text = catalog.read_text(encoding="utf-8")
    assert 'label: "Oct 2024"' in text
    catalog.write_text(text.replace('label: "Oct 2024"', 'label: "\U0001f1f2\U0001f1fd Oct"', 1))
    done = run(project, "build", BRIEF, "--format", "md,html")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Warning" not in done.stderr and "chart.py" not in done.stderr, done.stderr
