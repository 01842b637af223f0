"""What the reader sees: quote marks, titles, bylines, notes, the order of facts, metadata."""

import dataclasses
import datetime as dt
import re
from pathlib import Path

from briefgen.catalog.project import load_project
from briefgen.plan.cite import cite
from briefgen.plan.select import resolve
from briefgen.render.document import render_html, render_markdown
from briefgen.render.inline import note_html, note_parts
from briefgen.render.templates import TEMPLATES
from briefgen.render.typography import byline, curly, keep_together


def _doc(mini: Path, **changes):
    project = load_project(mini)
    brief = dataclasses.replace(project.briefs["border-talks"], **changes)
    return cite(resolve(brief, project.catalog), project.catalog)


def test_straight_quote_marks_are_set_curly_on_every_page(mini: Path):
    catalog = mini / "sources.yaml"
    text = catalog.read_text().replace(
        'text: "Weekly crossings fell to 1,200 from 3,400 a month earlier, officials said."',
        "text: 'Weekly crossings \"fell\" to 1,200 from 3,400 a month earlier, officials'' said.'",
    )
    catalog.write_text(text)
    doc = _doc(mini, title='Mexico\'s "border" talks')
    md, html = render_markdown(doc), render_html(doc)
    assert "Weekly crossings “fell” to 1,200" in md and "officials’ said." in md
    assert "Weekly crossings “fell” to 1,200" in html and "officials’ <span" in html
    assert md.startswith("# Mexico’s “border” talks\n")
    assert "<title>Mexico’s “border” talks</title>" in html
    assert curly('he said "it\'s \'fine\'" ("x")') == "he said “it’s ‘fine’” (“x”)"


def test_a_title_never_leaves_one_word_alone_on_its_last_line(mini: Path):
    title = "President Biden receives President López Obrador at the White House"
    assert keep_together(title) == (
        "President Biden receives President López Obrador",
        "at the White House",
    )
    html = render_html(_doc(mini, title=title))
    assert (
        '<h1>President Biden receives President López Obrador <span class="nowrap">at the ' in html
    )
    assert keep_together("Two words") == ("", "Two words")


def test_attributions_are_not_hyphenated_and_short_words_never_are():
    css = (TEMPLATES / "brief.css").read_text()
    figcaption = re.search(r"^figcaption \{[^}]*\}", css, re.M)
    assert figcaption and "hyphens: manual" in figcaption.group(0)
    assert ".dateline, .participants, .prepared-for, .date { hyphens: manual; }" in css
    assert "hyphenate-limit-chars: 8 3 3" in (TEMPLATES / "print.css").read_text()


def test_a_byline_does_not_say_the_same_words_twice(mini: Path):
    assert (
        byline("Senior administration official", "U.S. administration official (background call)")
        == "Senior U.S. administration official (background call)"
    )
    assert (
        byline("Claudia Sheinbaum", "President of Mexico")
        == "Claudia Sheinbaum, President of Mexico"
    )
    md = render_markdown(_doc(mini))
    assert "Senior administration official, U.S. administration official" not in md


def test_a_note_on_a_publishers_name_is_not_set_as_part_of_it(mini: Path):
    source = load_project(mini).catalog.sources["news-a"]
    inferred = dataclasses.replace(source, publisher="ReVista (inferred; not named in the copy)")
    assert ("pub", "ReVista") in note_parts(inferred)
    assert "<i>ReVista</i> (inferred; not named in the copy)" in str(note_html(inferred))


def test_key_facts_run_newest_first_within_a_priority(mini: Path):
    catalog = mini / "sources.yaml"
    text = catalog.read_text().replace("priority: 3", "priority: 1")
    catalog.write_text(text)
    # The author picks the older fact first; the page shows the newer first, same priority.
    doc = _doc(mini, facts=("crossings-fell", "meet-again-july"))
    dates = [e.item.date for e in doc.facts]
    assert [e.item.id for e in doc.facts][:2] == ["meet-again-july", "crossings-fell"]
    assert dates[:2] == sorted(dates[:2], reverse=True)
    assert [n.number for n in doc.notes] == sorted(n.number for n in doc.notes)


def test_html_metadata_is_created_before_it_is_modified(mini: Path):
    html = render_html(_doc(mini, date=dt.date(2025, 6, 10), as_of=dt.date(2025, 6, 9)))
    created = re.search(r'dcterms.created" content="([^"]+)"', html).group(1)
    modified = re.search(r'dcterms.modified" content="([^"]+)"', html).group(1)
    assert created == "2025-06-09" and modified == "2025-06-10"


def test_the_page_hyphenates_long_words_only(mini: Path, cli):
    from conftest import pdf_pages_text

    long = (
        "notwithstanding intergovernmental misunderstandings interoperability "
        "telecommunications characteristically underestimated counterbalances "
        "institutionalized bureaucratization transportation infrastructure"
    )
    short = "another between borders trucks inspect permits"  # under eight letters
    words = " ".join([long, short] * 4)
    (mini / "briefs" / "long-words.yaml").write_text(
        'kind: issue\ntitle: "Long words"\ndate: 2025-06-05\nprepared_for: Staff\n'
        f"facts: [crossings-fell]\nsummary: >-\n  {words.capitalize()} [@crossings-fell].\n"
    )
    code, _, err = cli("--root", mini, "build", "long-words", "--format", "pdf")
    assert code == 0, err
    (text,) = pdf_pages_text(mini / "build" / "long-words.pdf")
    splits = re.findall(r"(\w+)\u2010\n(\w+)", text)  # WeasyPrint's hyphen at a break
    assert splits, "nothing was hyphenated: the check below would prove nothing"
    short_splits = [f"{a}-{b}" for a, b in splits if min(len(a), len(b)) < 3 or len(a + b) < 8]
    assert short_splits == []
