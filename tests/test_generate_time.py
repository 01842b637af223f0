"""`generate` at a date long after its record ends: pages a principal could carry (issue 22).

Each test runs on a small project of its own, tests/fixtures/aging: an analysis of April
2025, a news report of June 2025 and a wire story of December 2023.
"""

import dataclasses
import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from briefgen.plan.aging import as_of_frame, reads_present

FIXTURE = Path(__file__).parent / "fixtures" / "aging"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the fixture project, safe to edit."""
    root = tmp_path / "aging"
    shutil.copytree(FIXTURE, root)
    return root


def _page(cli, root: Path, topic: str, as_of: str) -> tuple[str, str]:
    code, _, err = cli(
        "--root", root, "generate", "--topic", topic, "--as-of", as_of, "--format", "md"
    )
    assert code == 0, err
    return (root / "build" / f"topic--{topic}--{as_of}.md").read_text(), err


def _part(md: str, heading: str) -> str:
    return md.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]


def test_an_old_fact_in_the_present_reads_as_of_its_month_its_words_unchanged(project, cli):
    md, _ = _page(cli, project, "relations", "2026-12-04")
    bottom = _part(md, "Bottom line")
    assert (
        "As of June 2025: Sheinbaum has condemned violence during the protests, Example News "
        "reported (Jun 13, 2025).[^1]" in bottom
    )
    # A fact in the past tense is of its time already: no frame, its date at its end.
    assert "As of December 2023" not in md and "As of June 2025: The foreign" not in md
    # At a cut-off within the window, the same words stand as they are.
    md, _ = _page(cli, project, "relations", "2025-06-14")
    assert "As of" not in _part(md, "Bottom line")
    assert "Sheinbaum has condemned violence during the protests" in md


@pytest.mark.parametrize(
    ("text", "present"),
    [
        # to be and to have: the present, its perfect and its progressive
        ("Sheinbaum has condemned the raids.", True),
        ("The United States is pressuring Mexico.", True),
        ("Both governments are in talks.", True),
        # states that hold
        ("Mexicans remain the largest single nationality.", True),
        ("Arrivals continue to fall.", True),
        # aims
        ("The Mexican government seeks the preservation of DACA.", True),
        # reporting in the present
        ("Encounters fell to 106,330, the paper reports.", True),
        # the past, a modal, an infinitive, quoted words: none is the fact's present
        ("Sheinbaum condemned the raids and rejected the claim.", False),
        ("The tension will likely remain, officials said.", False),
        ("She said she would continue to press, and asked them to remain.", False),
        ("She called the claim “what remains is false”.", False),
        ("The Holds Act was passed.", False),
    ],
)
def test_the_present_is_found_by_family(text, present):
    assert reads_present(text) is present


def test_a_fact_opening_on_its_own_date_is_not_framed_again():
    day = dt.date(2025, 6, 13)
    assert as_of_frame("In June 2025, Sheinbaum has said so.", day).startswith("In June")
    assert as_of_frame("Sheinbaum has said so.", day) == "As of June 2025: Sheinbaum has said so."


@pytest.mark.slow
def test_the_title_names_the_newest_date_the_data_is_about_not_the_papers(project, cli):
    # Every fact on encounters comes from a paper of April 30, 2025; its newest figure is for
    # October 2024, which the title names.
    md, _ = _page(cli, project, "encounters", "2026-12-04")
    assert md.startswith("# Encounters: the record to October 2024, as of ")
    assert "April 2025" not in md.split("\n", 1)[0]
    # A chart point is data too: one for March 2025 moves the record's end.
    catalog = project / "sources.yaml"
    catalog.write_text(
        catalog.read_text(encoding="utf-8")
        + """\
series:
  - id: monthly
    title: "Encounters by month"
    unit: encounters per month
    topics: [encounters]
    points:
      - label: "Mar 2025"
        value: 301981
        date: 2025-03-31
        cite:
          source: paper
          evidence: "Encounters reached a record of 301,981 in December 2023."
""",
        encoding="utf-8",
    )
    md, _ = _page(cli, project, "encounters", "2026-12-03")
    assert md.startswith("# Encounters: the record to March 2025, as of ")


def test_key_facts_run_newest_first_whatever_their_priority(project, cli):
    md, _ = _page(cli, project, "relations", "2026-12-04")
    shown = re.findall(r"^- \*\*(\w{3} \d{1,2}, \d{4}):\*\*", _part(md, "Key facts"), re.M)
    days = [dt.datetime.strptime(d, "%b %d, %Y").date() for d in shown]
    assert len(days) >= 3
    # The 2023 rail closure is priority 1 and the 2025 items below it priority 2 or 3.
    assert days == sorted(days, reverse=True)
    assert days[-1] == dt.date(2023, 12, 21)


def test_a_fact_repeating_a_better_ranked_ones_passage_is_left_out_and_said(project, cli):
    md, err = _page(cli, project, "relations", "2026-12-04")
    assert "crucial tension point" in md
    assert md.count("crucial tension point") == 1
    assert "tariff threats" not in md
    assert (
        "note: left out fact 'tension-threats': its evidence is the same passage of its "
        "source as that of 'tension-purpose', which the brief holds"
    ) in err
    # Two facts citing one sentence for different things it says are both kept.
    assert "record of 301,981" in _page(cli, project, "encounters", "2026-12-04")[0]


def test_an_expired_expectation_no_item_reports_on_says_so(project, cli):
    md, _ = _page(cli, project, "relations", "2026-12-04")
    line = next(x for x in md.splitlines() if "foreign minister" in x)
    assert "was expected to visit Ottawa on June 20, 2025" in line
    assert "No source in the catalog reports whether it took place." in line
    # The Dallas meeting's outcome is on file (postponed): nothing is said of it.
    dallas = next(x for x in md.splitlines() if "meet in Dallas" in x)
    assert "No source in the catalog" not in dallas
    # Before its day, an expectation is just that.
    md, _ = _page(cli, project, "relations", "2025-06-14")
    assert "No source in the catalog reports" not in md


def test_an_old_pages_bottom_line_says_the_catalog_holds_nothing_later(project, cli):
    md, _ = _page(cli, project, "relations", "2026-12-04")
    assert (
        _part(md, "Bottom line")
        .rstrip()
        .endswith("The catalog holds nothing on this topic dated after June 2025.")
    )
    md, _ = _page(cli, project, "relations", "2025-06-14")
    assert "holds nothing" not in md


def test_a_news_facts_background_year_does_not_date_its_record(project):
    from briefgen.catalog.load import load_catalog
    from briefgen.plan.aging import About, about

    catalog, _ = load_catalog(project)
    fact = catalog.facts["condemned"]
    news = dataclasses.replace(fact, text="Sheinbaum, who first met him in 2023, condemned it.")
    assert about(news, catalog) == About(dt.date(2025, 6, 13))
    # The same words from an analysis date only what they name.
    paper = dataclasses.replace(
        news, cite=catalog.facts["still-largest"].cite, date=dt.date(2025, 4, 30)
    )
    assert about(paper, catalog) == About(dt.date(2023, 12, 31), month_known=False)
