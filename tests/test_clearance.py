"""Clearance: drafted_by and cleared_by on a brief, `briefgen clear`, and require_clearance.

Each test works on its own copy of the mini fixture project and looks at what a user sees:
the foot of the page in every format, the PDF's metadata, check's findings, publish's report.
"""

import json
import shutil
from pathlib import Path

import pikepdf
import pytest
from conftest import pdf_text_record

BRIEF = "migration-june"


def _sign(root: Path, text: str) -> None:
    path = root / "briefs" / f"{BRIEF}.yaml"
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _info(pdf: Path) -> dict[str, str]:
    with pikepdf.open(pdf) as doc:
        return {str(k): str(v) for k, v in doc.docinfo.items()}


def _build(cli, root: Path):
    code, out, err = cli("--root", root, "build", BRIEF)
    assert code == 0, out + err
    return root / "build"


def test_a_brief_without_sign_off_prints_no_clearance_line(cli, mini):
    out = _build(cli, mini)
    for name in (f"{BRIEF}.md", f"{BRIEF}.html"):
        text = (out / name).read_text(encoding="utf-8")
        assert "cleared" not in text.lower()
        assert "Drafted by" not in text
    assert "Clearance" not in _info(out / f"{BRIEF}.pdf")
    manifest = json.loads((out / "manifest.json").read_text())
    assert "clearance" not in manifest["briefs"][BRIEF]


def test_drafted_only_prints_not_cleared_in_every_format(cli, mini):
    _sign(mini, 'drafted_by: {name: "Ana Ruiz, WHA/MEX", date: 2025-06-04}\n')
    out = _build(cli, mini)
    md = (out / f"{BRIEF}.md").read_text(encoding="utf-8")
    assert "Drafted by Ana Ruiz, WHA/MEX, June 4, 2025  \nNot cleared\n" in md
    # The page ties a month to its day with a no-break space: the words are the same.
    html = (out / f"{BRIEF}.html").read_text(encoding="utf-8").replace("\u00a0", " ")
    assert "Drafted by Ana Ruiz, WHA/MEX, June 4, 2025" in html
    assert "Not cleared" in html
    pdf = pdf_text_record(out / f"{BRIEF}.pdf")
    assert "Drafted by Ana Ruiz, WHA/MEX, June 4, 2025" in pdf
    assert "Not cleared" in pdf
    info = _info(out / f"{BRIEF}.pdf")
    assert info["/DraftedBy"] == "Ana Ruiz, WHA/MEX, 2025-06-04"
    assert "/ClearedBy" not in info


@pytest.mark.slow
def test_clear_then_change_then_clear_again(cli, mini):
    _sign(mini, 'drafted_by: {name: "Ana Ruiz", date: 2025-06-04}\n')
    code, out, err = cli(
        "--root", mini, "clear", BRIEF, "--by", "Tom Lee, Director", "--date", "2025-06-05"
    )
    assert code == 0, err
    assert f"briefs/{BRIEF}.yaml:" in out
    text = (mini / "briefs" / f"{BRIEF}.yaml").read_text(encoding="utf-8")
    assert 'cleared_by: {name: "Tom Lee, Director", date: 2025-06-05, inputs: "' in text
    code, out, _ = cli("--root", mini, "check", "--strict")
    assert "clearance-changed" not in out

    build = _build(cli, mini)
    md = (build / f"{BRIEF}.md").read_text(encoding="utf-8")
    assert "Cleared by Tom Lee, Director, June 5, 2025" in md
    assert "Cleared by Tom Lee, Director, June 5, 2025" in pdf_text_record(build / f"{BRIEF}.pdf")
    info = _info(build / f"{BRIEF}.pdf")
    assert info["/ClearedBy"] == "Tom Lee, Director, 2025-06-05"
    manifest = json.loads((build / "manifest.json").read_text())
    assert manifest["briefs"][BRIEF]["clearance"] == "cleared"

    # A word of a fact it shows changes: the clearance no longer holds.
    catalog = mini / "sources.yaml"
    before = catalog.read_text(encoding="utf-8")
    facts = before.index("facts:")
    changed = before[:facts] + before[facts:].replace('text: "', 'text: "Reportedly, ', 1)
    assert changed != before
    catalog.write_text(changed, encoding="utf-8")
    code, out, _ = cli("--root", mini, "check")
    assert f"brief '{BRIEF}' has changed since Tom Lee, Director cleared it" in out
    assert "[clearance-changed]" in out
    assert f"briefs/{BRIEF}.yaml:" in out
    build = _build(cli, mini)
    md = (build / f"{BRIEF}.md").read_text(encoding="utf-8")
    assert "Not cleared: changed since Tom Lee, Director cleared it on June 5, 2025" in md
    assert "Cleared by" not in md
    assert "/ClearedBy" not in _info(build / f"{BRIEF}.pdf")

    # Cleared again: one cleared_by line, replaced in place.
    code, _, err = cli("--root", mini, "clear", BRIEF, "--by", "Tom Lee", "--date", "2025-06-06")
    assert code == 0, err
    text = (mini / "briefs" / f"{BRIEF}.yaml").read_text(encoding="utf-8")
    assert text.count("cleared_by:") == 1
    md = (_build(cli, mini) / f"{BRIEF}.md").read_text(encoding="utf-8")
    assert "Cleared by Tom Lee, June 6, 2025" in md


def test_a_snapshot_edit_unclears_too(cli, mini):
    cli("--root", mini, "clear", BRIEF, "--by", "Tom Lee", "--date", "2025-06-05")
    for snap in (mini / "sources").glob("*.txt"):
        snap.write_text(snap.read_text(encoding="utf-8") + "\nA line added later.\n")
    _code, out, _ = cli("--root", mini, "check")
    assert "[clearance-changed]" in out


@pytest.mark.slow
def test_a_new_stylesheet_does_not_unclear(cli, mini):
    cli("--root", mini, "clear", BRIEF, "--by", "Tom Lee", "--date", "2025-06-05")
    from briefgen.render.templates import TEMPLATES

    shutil.copytree(TEMPLATES, mini / "templates")
    css = mini / "templates" / "print.css"
    css.write_text(css.read_text() + "\nh1 { color: black; }\n")
    _code, out, _ = cli("--root", mini, "check", "--strict")
    assert "clearance-changed" not in out
    md = (_build(cli, mini) / f"{BRIEF}.md").read_text(encoding="utf-8")
    assert "Cleared by Tom Lee" in md


def test_a_hand_written_clearance_without_its_hash_is_not_cleared(cli, mini):
    _sign(mini, "cleared_by: {name: Tom Lee, date: 2025-06-05}\n")
    code, out, _ = cli("--root", mini, "check", "--strict")
    assert code == 1
    assert "has no record of what was cleared" in out
    md = (_build(cli, mini) / f"{BRIEF}.md").read_text(encoding="utf-8")
    assert "Not cleared: changed since Tom Lee cleared it on June 5, 2025" in md


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("cleared_by: Tom\n", "cleared_by should be a mapping"),
        ("cleared_by: {name: Tom}\n", "missing required key 'date'"),
        ("drafted_by: {name: Ana, day: 2025-06-01}\n", "unknown key 'day'"),
        ("cleared_by: {name: Tom, date: 2025-06-05, inputs: abc}\n", "inputs"),
    ],
)
def test_a_malformed_sign_off_is_an_error_at_its_line(cli, mini, written, said):
    _sign(mini, written)
    code, out, _ = cli("--root", mini, "check")
    assert code == 1
    line = [ln for ln in out.splitlines() if said in ln]
    assert line, out
    assert line[0].startswith(f"briefs/{BRIEF}.yaml:")


def test_cleared_before_drafted_is_an_error(cli, mini):
    _sign(mini, "drafted_by: {name: Ana, date: 2025-06-04}\n")
    _sign(mini, "cleared_by: {name: Tom, date: 2025-06-01}\n")
    code, out, _ = cli("--root", mini, "check")
    assert code == 1
    assert "before it was drafted" in out
    code, _, err = cli("--root", mini, "clear", BRIEF, "--by", "Tom", "--date", "2025-06-02")
    assert code == 2
    assert "before the brief was drafted" in err


def test_clear_refuses_what_it_cannot_clear(cli, mini):
    before = (mini / "briefs" / f"{BRIEF}.yaml").read_bytes()
    code, _, err = cli("--root", mini, "clear", "no-such-brief", "--by", "Tom")
    assert code == 2
    assert "unknown brief 'no-such-brief'" in err
    code, _, err = cli("--root", mini, "clear", BRIEF, "--by", "  ")
    assert code == 2
    code, _, err = cli("--root", mini, "clear", BRIEF, "--by", "Tom", "--date", "June 5")
    assert code == 2
    assert "--date 'June 5' is not a date" in err
    # A brief with an error is not cleared: nothing is written.
    path = mini / "briefs" / f"{BRIEF}.yaml"
    path.write_text(before.decode() + "facts: [no-such-fact]\n", encoding="utf-8")
    broken = path.read_bytes()
    code, _out, err = cli("--root", mini, "clear", BRIEF, "--by", "Tom")
    assert code == 1
    assert "nothing was cleared" in err
    assert path.read_bytes() == broken


def test_require_clearance_publishes_only_cleared_briefs(cli, mini):
    (mini / "pyproject.toml").write_text(
        '[tool.briefgen]\nbase_url = "https://example.org/b/"\nrequire_clearance = true\n'
    )
    cli("--root", mini, "clear", BRIEF, "--by", "Tom Lee", "--date", "2025-06-05")
    code, out, err = cli("--root", mini, "build")
    assert code == 0, out + err
    code, out, err = cli("--root", mini, "publish", "--now", "2025-06-20T00:00:00+00:00")
    assert code == 0, err
    assert "published 1 of 2 briefs" in out
    assert "border-talks: require_clearance: it is not cleared" in out
    assert "`briefgen clear border-talks --by NAME`" in out
    site = mini / "site"
    assert (site / f"{BRIEF}.pdf").is_file()
    assert not (site / "border-talks.pdf").exists()
    assert "border-talks" not in (site / "feed.xml").read_text()


def test_require_clearance_must_be_true_or_false(cli, mini):
    (mini / "pyproject.toml").write_text('[tool.briefgen]\nrequire_clearance = "yes"\n')
    code, out, err = cli("--root", mini, "publish", "--base-url", "https://example.org/")
    assert code == 1
    assert "require_clearance should be true or false" in out + err


@pytest.mark.parametrize(
    "name",
    ['Tom "TL" Lee', "Lee, Tom: Director", "O'Brien #2 {acting}", "Ana\\Luis", "José Núñez 🇲🇽"],
)
@pytest.mark.slow
def test_any_name_is_written_so_that_it_reads_back_as_given(cli, mini, name):
    code, _, err = cli("--root", mini, "clear", BRIEF, "--by", name, "--date", "2025-06-05")
    assert code == 0, err
    code, out, _ = cli("--root", mini, "check", "--strict")
    assert "clearance" not in out
    md = (_build(cli, mini) / f"{BRIEF}.md").read_text(encoding="utf-8")
    assert "Cleared by " in md
    from briefgen.catalog.briefs import load_brief

    brief, findings = load_brief(mini / "briefs" / f"{BRIEF}.yaml", mini)
    assert findings == [] and brief is not None and brief.cleared_by is not None
    assert brief.cleared_by.name == name


def test_a_name_on_two_lines_is_refused(cli, mini):
    before = (mini / "briefs" / f"{BRIEF}.yaml").read_bytes()
    code, _, err = cli("--root", mini, "clear", BRIEF, "--by", "Tom\nLee")
    assert code == 2 and "on one line" in err
    assert (mini / "briefs" / f"{BRIEF}.yaml").read_bytes() == before


def test_clear_fills_the_key_a_new_brief_leaves_open(cli, mini):
    code, _, err = cli(
        "--root", mini, "new", "brief", "issue", "fresh", "--title", "Fresh", "--date", "2025-06-05"
    )
    assert code == 0, err
    path = mini / "briefs" / "fresh.yaml"
    text = path.read_text().replace("prepared_for:", 'prepared_for: "Office of Migration"', 1)
    path.write_text(text.replace("topics: []", "topics: [migration]", 1))
    code, _, err = cli("--root", mini, "clear", "fresh", "--by", "Tom Lee", "--date", "2025-06-06")
    assert code == 0, err
    after = path.read_text()
    assert after.count("cleared_by:") == 1
    assert "accept:" in after  # the key after it is still there
    code, out, _ = cli("--root", mini, "check")
    assert "fresh.yaml" not in out or "clearance" not in out


def test_a_brief_written_as_one_flow_mapping_is_refused_not_broken(cli, mini):
    path = mini / "briefs" / f"{BRIEF}.yaml"
    path.write_text(
        '{kind: issue, title: "Migration in June 2025", date: 2025-06-05, '
        'topics: [immigration], prepared_for: "Office of Migration Policy"}\n'
    )
    before = path.read_bytes()
    code, _, err = cli("--root", mini, "clear", BRIEF, "--by", "Tom Lee")
    assert code == 1
    assert "add it by hand" in err
    assert path.read_bytes() == before


@pytest.mark.slow
def test_a_two_page_brief_keeps_its_page_when_cleared(cli, kinds):
    brief = "ports-in-depth"
    code, out, _ = cli("--root", kinds, "build", brief, "--format", "pdf")
    assert code == 0
    manifest = json.loads((kinds / "build" / "manifest.json").read_text())
    before = manifest["briefs"][brief]["left_out"]
    path = kinds / "briefs" / f"{brief}.yaml"
    path.write_text(path.read_text() + 'drafted_by: {name: "Ana Ruiz", date: 2025-03-04}\n')
    code, _, err = cli("--root", kinds, "clear", brief, "--by", "Tom Lee", "--date", "2025-03-05")
    assert code == 0, err
    code, out, _ = cli("--root", kinds, "build", brief, "--format", "pdf")
    assert code == 0, out
    manifest = json.loads((kinds / "build" / "manifest.json").read_text())
    assert manifest["briefs"][brief]["left_out"] == before
    text = pdf_text_record(kinds / "build" / f"{brief}.pdf")
    assert text.startswith("pages: 2\n")
    last = text.split("--- page 2 ---")[1]
    assert "Drafted by Ana Ruiz, March 4, 2025" in last
    assert "Cleared by Tom Lee, March 5, 2025" in last
