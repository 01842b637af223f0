import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefgen.cli import app

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


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


def pdf_pages_text(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(path).pages]
