"""A generated page says when each thing was true, the same way in every place it says it.

The project: one report of Friday, June 13, 2025, whose items were said on days worked out
from it ("on Thursday"), and a quote translated from Spanish.
"""

import re
from pathlib import Path

import pytest
from conftest import pdf_pages_text

SNAPSHOT = """\
Friday, June 13, 2025

Trade report

Officials said on Thursday that steel tariffs doubled last week.

The cattle import ban remained in place on Friday, June 13, 2025, the ministry said.

Officials said crossings rose in April.

Officials said freight volumes fell in March.

The minister said on Thursday that “it is necessary to reach an agreement.”
"""

CATALOG = """\
topics:
  trade: {label: Trade}
sources:
  - id: wire
    title: "Trade report"
    publisher: Example News
    published: 2025-06-13
    kind: news
    archive: sources/wire.txt
    reliability: high
facts:
  - id: ban-in-place
    text: "The cattle import ban remained in place on June 13, 2025, the ministry said."
    date: 2025-06-13
    topics: [trade]
    priority: 1
    cite:
      - source: wire
        evidence: >-
          The cattle import ban remained in place on Friday, June 13, 2025, the ministry said.
  - id: tariffs-doubled
    text: "Officials said steel tariffs doubled in the week of June 2, 2025."
    date: 2025-06-12
    topics: [trade]
    priority: 1
    inferred: "“on Thursday” and “last week” in the report of Friday, June 13, 2025"
    cite:
      - source: wire
        evidence: "Officials said on Thursday that steel tariffs doubled last week."
  - id: crossings-rose
    text: "Officials said crossings rose in April 2025."
    date: 2025-05-01
    topics: [trade]
    inferred: "“in April” in the report of June 13, 2025: April 2025, dated to its first day"
    cite:
      - source: wire
        evidence: "Officials said crossings rose in April."
  - id: freight-fell
    text: "Officials said freight volumes fell in March 2025."
    date: 2025-03-01
    topics: [trade]
    inferred: "“in March” in the report of June 13, 2025: March 2025, dated to its first day"
    cite:
      - source: wire
        evidence: "Officials said freight volumes fell in March."
quotes:
  - id: minister-agreement
    speaker: The minister
    role: Minister of Economy
    text: "it is necessary to reach an agreement"
    date: 2025-06-12
    topics: [trade]
    source: wire
    said_in: es
    translated_by: Example News
    inferred: "“on Thursday” in the report of Friday, June 13, 2025: June 12, 2025"
"""


@pytest.fixture
def page(cli, tmp_path: Path) -> tuple[str, str, str]:
    root = tmp_path / "p"
    (root / "sources").mkdir(parents=True)
    (root / "briefs").mkdir()
    (root / "sources" / "wire.txt").write_text(SNAPSHOT)
    (root / "sources.yaml").write_text(CATALOG)
    code, out, err = cli("--root", root, "generate", "--topic", "trade", "--as-of", "2025-06-20")
    assert code == 0, out + err
    name = "topic--trade--2025-06-20"
    md = (root / "build" / f"{name}.md").read_text()
    # The page's words as a reader reads them, without the markup that keeps lines together.
    html = re.sub(r"<[^>]+>", "", (root / "build" / f"{name}.html").read_text())
    pdf = " ".join(" ".join(pdf_pages_text(root / "build" / f"{name}.pdf")).split())
    return md, html, pdf


def test_the_dateline_says_the_newest_date_the_bottom_line_gives(page):
    md, html, pdf = page
    bottom = md.split("## Bottom line", 1)[1].split("##", 1)[0]
    assert "(Jun 13, 2025).[^1]" in bottom  # the newest item leads the page
    # The dateline's "latest information" is that item's day, not the newest below it.
    dateline = "Information as of June 20, 2025 · latest information: June 13, 2025"
    assert dateline in md and dateline in html and dateline in pdf


def test_the_bottom_line_says_a_date_was_worked_out(page):
    md, html, pdf = page
    said = "Jun 12, 2025 (date inferred): Officials said steel tariffs doubled in the week "
    said += "of June 2, 2025 (date inferred)."
    assert said in md and said in html and said in pdf
    assert ") (" not in md.split("## Bottom line", 1)[1].split("##", 1)[0]


def test_a_facts_own_worked_out_date_shows_beside_a_year_its_words_mark(page):
    md, html, pdf = page
    line = next(x for x in md.splitlines() if "crossings rose" in x)
    assert line == (
        "- Officials said crossings rose in April 2025 (year inferred).[^1] "
        "(May 1, 2025, date inferred)"
    )
    said = "crossings rose in April 2025 (year inferred).1 (May 1, 2025, date inferred)"
    assert said in html and said in pdf


def test_a_quotes_caption_says_its_notes_in_one_bracket(page):
    md, html, pdf = page
    said = "Jun 12, 2025 (date inferred; translated from Spanish by Example News)"
    assert said in md and said in html and said in pdf
    assert ") (" not in md.split("## In their words", 1)[1]
