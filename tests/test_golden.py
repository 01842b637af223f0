"""Golden files: what each kind of brief renders to, in Markdown, HTML and the PDF's text.

tests/golden/<project>/<brief>.md and .html are the expected outputs, byte for byte, of the
fixture projects' briefs; <brief>.pdf.txt is the PDF's page count and the text of each page
(PDFs are checked by structure elsewhere, never by their bytes). After a deliberate change to
the templates or the renderers, regenerate every one with

    BRIEFGEN_REGEN=1 pytest -m golden

and review the diff before committing it.
"""

import os
from pathlib import Path

import pytest
from conftest import FIXTURES, pdf_text_record

from briefgen.catalog.project import load_project

pytestmark = pytest.mark.golden

GOLDEN = Path(__file__).resolve().parent / "golden"

# One brief of each kind the renderers draw differently.
BRIEFS = [
    ("mini", "border-talks"),  # a meeting, with an embargoed source
    ("mini", "migration-june"),  # an issue brief
    ("kinds", "monterrey-readout"),  # a readout
    ("kinds", "crossings-monthly"),  # an issue brief with a bar chart
    ("kinds", "ports-in-depth"),  # a two-pager, living (since:), with a line chart
]
FORMATS = {"md": ".md", "html": ".html", "pdf": ".pdf.txt"}


def produced(build: Path, brief: str, fmt: str) -> str:
    path = build / f"{brief}.{fmt}"
    return pdf_text_record(path) if fmt == "pdf" else path.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize(("project", "brief"), BRIEFS, ids=[b for _, b in BRIEFS])
@pytest.mark.slow
def test_output_matches_its_golden_file(fixture_builds, project, brief, fmt):
    got = produced(fixture_builds[project], brief, fmt)
    golden = GOLDEN / project / f"{brief}{FORMATS[fmt]}"
    if os.environ.get("BRIEFGEN_REGEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        if not golden.is_file() or golden.read_text(encoding="utf-8") != got:
            golden.write_text(got, encoding="utf-8")
    assert golden.is_file(), f"no {golden}: run BRIEFGEN_REGEN=1 pytest -m golden, then review it"
    assert got == golden.read_text(encoding="utf-8"), (
        f"{project}/{brief}.{fmt} differs from {golden.relative_to(GOLDEN.parent)}: if the "
        "change is meant, run BRIEFGEN_REGEN=1 pytest -m golden and review the diff"
    )


def test_the_goldens_cover_every_kind_of_brief():
    briefs = [load_project(FIXTURES / p).briefs[b] for p, b in BRIEFS]
    assert {b.kind for b in briefs} == {"meeting", "readout", "issue"}
    assert any(b.pages == 2 for b in briefs)
    assert any(b.charts for b in briefs)
    assert any(b.since for b in briefs)


def test_no_golden_file_is_left_over():
    # A golden file whose brief left the list would pass unseen forever.
    expected = {f"{p}/{b}{suffix}" for p, b in BRIEFS for suffix in FORMATS.values()}
    present = {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file()}
    assert present == expected
