import re
from pathlib import Path

from briefgen.catalog.project import load_project
from briefgen.plan.cite import cite
from briefgen.plan.select import resolve
from briefgen.render.document import render_html, render_markdown
from briefgen.render.inline import inline_html, inline_md


def document(mini: Path, brief_id: str = "border-talks"):
    p = load_project(mini)
    brief = p.briefs[brief_id]
    return cite(resolve(brief, p.catalog), p.catalog)


# What each kind of brief renders to, word for word, is in tests/golden/ (test_golden.py);
# these are the rules every rendering keeps whatever its words.


def test_markdown_calls_and_notes_carry_the_same_numbers(mini: Path):
    md = render_markdown(document(mini))
    calls = set(re.findall(r"\[\^(\d+)\](?!:)", md))
    defs = re.findall(r"^\[\^(\d+)\]:", md, re.M)
    assert calls == set(defs) == {"1", "2"}


def test_html_is_self_contained_and_carries_the_same_notes(mini: Path):
    html = render_html(document(mini))
    assert '<html lang="en-US">' in html
    assert "<style>" in html and "<link" not in html and "src=" not in html
    assert "@page" not in html and "float: footnote" not in html  # print CSS stays apart
    assert re.findall(r'<li id="note-(\d+)"', html) == ["1", "2"]
    assert set(re.findall(r'href="#note-(\d+)"', html)) == {"1", "2"}


def test_catalog_markdown_cannot_inject_html_or_fetch_resources():
    html = inline_html(
        "<script>alert(1)</script> ![x](http://127.0.0.1/x.png) "
        "[a](javascript:alert(1)) [b](file:///etc/hostname) [ok](https://x.org)"
    )
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<img" not in html
    assert 'href="javascript' not in html and 'href="file:' not in html
    assert '<a href="https://x.org">ok</a>' in html
    assert inline_md("<b>x</b> *y*") == "\\<b\\>x\\</b\\> *y*"
