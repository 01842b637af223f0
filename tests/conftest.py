"""Fixtures every test file shares: the fixture projects, copied or built once, and the CLI.

The tests run on projects of their own under tests/fixtures/ (never on the shipped catalog,
which `briefgen check --strict` in .ci/run answers for): `mini`, a meeting and an issue brief
on two small sources, and `kinds`, a readout, an issue brief with a bar chart and a two-page
brief with a line chart.
"""

import os
import re
import shutil
from collections.abc import Mapping
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefgen.cli import app

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PROJECTS = ("mini", "kinds")


def write_project(
    root: Path, catalog: str, snapshots: Mapping[str, str], briefs: Mapping[str, str]
) -> Path:
    """Write a small project of a test's own: sources.yaml, sources/<name>, briefs/<name>."""
    (root / "sources").mkdir(parents=True, exist_ok=True)
    (root / "briefs").mkdir(exist_ok=True)
    for name, text in snapshots.items():
        (root / "sources" / name).write_text(text)
    (root / "sources.yaml").write_text(catalog)
    for name, text in briefs.items():
        (root / "briefs" / name).write_text(text)
    return root


def check_lines(cli, root: Path, *args: str) -> tuple[int, list[str]]:
    """Run `check`; return its exit code and the warning and error lines it printed."""
    code, out, err = cli("--root", root, "check", *args)
    lines = (out + err).splitlines()
    return code, [line for line in lines if ": warning: " in line or ": error: " in line]


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    """Keep the suite's cache entries out of the user's cache folder (subprocesses too)."""
    before = os.environ.get("BRIEFGEN_CACHE_DIR")
    os.environ["BRIEFGEN_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if before is None:
        del os.environ["BRIEFGEN_CACHE_DIR"]
    else:
        os.environ["BRIEFGEN_CACHE_DIR"] = before


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A copy of the small fixture project, safe to edit."""
    dest = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", dest)
    return dest


@pytest.fixture
def kinds(tmp_path: Path) -> Path:
    """A copy of the fixture project with a readout, a chart and a two-pager, safe to edit."""
    dest = tmp_path / "kinds"
    shutil.copytree(FIXTURES / "kinds", dest)
    return dest


@pytest.fixture
def cli():
    """Run briefgen in-process; return (exit code, stdout, stderr)."""
    runner = CliRunner()

    def run(*args: str):
        result = runner.invoke(app, [str(a) for a in args], catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr

    return run


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The mini project, built once for the session with the real CLI: (root, stdout)."""
    root = tmp_path_factory.mktemp("e2e") / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    result = CliRunner().invoke(app, ["--root", str(root), "build", "--jobs", "2"])
    assert result.exit_code == 0, result.stderr
    return root, result.stdout


@pytest.fixture(scope="session")
def kinds_built(tmp_path_factory):
    """The kinds project, built once for the session with the real CLI: (root, stdout)."""
    root = tmp_path_factory.mktemp("e2e") / "kinds"
    shutil.copytree(FIXTURES / "kinds", root)
    result = CliRunner().invoke(app, ["--root", str(root), "build", "--jobs", "2"])
    assert result.exit_code == 0, result.stderr
    return root, result.stdout


@pytest.fixture(scope="session")
def fixture_builds(built, kinds_built) -> dict[str, Path]:
    """Each fixture project's build folder, by project name."""
    return {"mini": built[0] / "build", "kinds": kinds_built[0] / "build"}


def pdf_pages_text(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(path).pages]


def pdf_text_record(path: Path) -> str:
    """Return a PDF's page count and each page's text, one line per line, spaces collapsed.

    What the golden files keep of a PDF: its words, their lines and its pages, not its bytes
    (which the fonts' subsetter and WeasyPrint's version decide).
    """
    pages = pdf_pages_text(path)
    parts = [f"pages: {len(pages)}"]
    for number, text in enumerate(pages, 1):
        lines = (re.sub(r"\s+", " ", line).strip() for line in text.splitlines())
        parts.append(f"--- page {number} ---")
        parts.extend(line for line in lines if line)
    return "\n".join(parts) + "\n"
