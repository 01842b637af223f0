"""The author's picks are never dropped in silence: said at their line, with a fix."""

import json
import re
from pathlib import Path

import pytest
from conftest import write_project

SNAPSHOT = "Port report\n\n" + "\n\n".join(
    f"Inspectors at bridge {i} cleared {100 + i} trucks on June 2, 2025, and saw long waits "
    f"for the rest of the week at the crossing."
    for i in range(30)
)

FACTS = "".join(
    f"""\
  - id: bridge-{i}
    text: >-
      Inspectors at bridge {i} cleared {100 + i} trucks on June 2, 2025, and saw long waits
      for the rest of the week at the crossing, where lines of trucks stretched for miles
      along the approach road and drivers waited through the night.
    date: 2025-06-02
    topics: [ports]
    priority: {1 if i < 6 else 2}
    cite:
      - source: wire
        evidence: "Inspectors at bridge {i} cleared {100 + i} trucks on June 2, 2025"
"""
    for i in range(30)
)

CATALOG = f"""\
topics:
  ports: {{label: Ports}}
sources:
  - id: wire
    title: "Port report"
    publisher: Example Wire
    published: 2025-06-03
    kind: news
    archive: sources/wire.txt
    reliability: high
facts:
{FACTS}quotes: []
"""

POINTS = "".join(f'  - "Ask about bridge {i} [@bridge-{i}]."\n' for i in range(4))

BRIEF = f"""\
kind: issue
title: "Bridges"
date: 2025-06-04
prepared_for: "Office of Ports"
summary: "Inspectors cleared trucks at every bridge [@bridge-0]."
topics: [ports]
facts:
{"".join(f"  - bridge-{i}{chr(10)}" for i in range(16))}talking_points:
{POINTS}"""


def make(tmp_path: Path, brief: str = BRIEF) -> Path:
    return write_project(tmp_path / "p", CATALOG, {"wire.txt": SNAPSHOT}, {"bridges.yaml": brief})


def said(out: str) -> list[str]:
    return [line.strip() for line in out.splitlines() if line.endswith("[pick-left-out]")]


@pytest.mark.slow
def test_a_pick_left_out_is_said_at_its_line_on_every_build(cli, tmp_path: Path):
    root = make(tmp_path)
    code, out, _ = cli("--root", root, "build")
    assert code == 0
    left = json.loads((root / "build" / "manifest.json").read_text())["briefs"]["bridges"]
    picks = [p for p in left["left_out"] if int(p.split("-")[1]) < 16]  # the file names 0-15
    assert picks, "the fixture must overflow its page"
    first = out.splitlines()[0]
    assert first.startswith("built    bridges (md, html, pdf); ")
    n = len(left["left_out"])  # topic matches went first
    assert first.endswith(
        f"; {n} items left out to fit one page, {len(picks)} of them the brief's own picks "
        "(manifest.json lists them)"
    )
    lines = said(out)
    assert lines[0] == (
        "briefs/bridges.yaml:19:5: warning: brief 'bridges': its pick 'bridge-11' is left out "
        "to fit one page (to fit it, shorten the summary or talking points by about 2 lines, "
        "drop pick 'bridge-10', or give it priority: 1 so that other items go first; or remove "
        "the pick) [pick-left-out]"
    )
    # One finding per pick, in the order the file names them, at the line that names it.
    numbers = sorted(int(p.split("-")[1]) for p in picks)
    assert [re.match(r"briefs/bridges\.yaml:(\d+):5: ", s).group(1) for s in lines] == [
        str(8 + n) for n in numbers
    ]
    assert lines[-1].startswith(
        f"briefs/bridges.yaml:{8 + numbers[-1]}:5: warning: brief 'bridges': its pick "
        f"'bridge-{numbers[-1]}' is left out to fit one page (to fit it, shorten the summary or "
        "talking points by about "
    )
    assert lines[-1].endswith(
        "or give it priority: 1 so that other items go first; or remove the pick) [pick-left-out]"
    )
    # Unchanged, the build says them again.
    code, out, _ = cli("--root", root, "build")
    assert code == 0 and out.splitlines()[0].startswith("unchanged bridges")
    assert said(out) == lines
    # And `check --strict` fails on them, at the same places, with the same words.
    code, out, _ = cli("--root", root, "check", "--strict")
    assert code == 1 and said(out) == lines


@pytest.mark.slow
def test_check_knows_the_page_without_a_build(cli, tmp_path: Path):
    root = make(tmp_path)
    code, out, _ = cli("--root", root, "check")
    assert code == 0 and said(out)
    assert not (root / "build").exists()  # check writes nothing in the project
    code, built, _ = cli("--root", root, "build")
    assert said(built) == said(out)


@pytest.mark.slow
def test_check_reads_the_last_build_while_its_inputs_hold(cli, tmp_path: Path):
    """The manifest answers for an unchanged brief; an edit makes check lay the page out."""
    root = make(tmp_path)
    cli("--root", root, "build")
    path = root / "build" / "manifest.json"
    manifest = json.loads(path.read_text())
    entry = manifest["briefs"]["bridges"]
    pick = next(iter(entry["short"]))
    entry["short"][pick]["lines"] = 99  # what only the manifest says
    path.write_text(json.dumps(manifest, indent=2))
    _, out, _ = cli("--root", root, "check")
    assert any(f"'{pick}' is left out" in s and "about 99 lines" in s for s in said(out))
    # Edited, the brief is laid out afresh: the manifest no longer speaks for it.
    brief = root / "briefs" / "bridges.yaml"
    brief.write_text(brief.read_text().replace("at every bridge", "at each bridge"))
    _, out, _ = cli("--root", root, "check")
    assert said(out) and not any("about 99 lines" in s for s in said(out))


@pytest.mark.slow
def test_dropping_the_pick_the_fix_names_makes_room(cli, tmp_path: Path):
    root = make(tmp_path)
    _, out, _ = cli("--root", root, "build")
    first = said(out)[0]  # the first pick the file names that fitting left out
    instead = re.search(r"drop pick '([^']+)'", first)
    assert instead is not None, first
    pick = re.search(r"its pick '([^']+)'", first).group(1)
    brief = root / "briefs" / "bridges.yaml"
    brief.write_text(brief.read_text().replace(f"  - {instead.group(1)}\n", ""))
    cli("--root", root, "build")
    left = json.loads((root / "build" / "manifest.json").read_text())["briefs"]["bridges"]
    assert pick not in left["left_out"]


@pytest.mark.slow
def test_shortening_by_the_lines_the_fix_names_makes_room(cli, tmp_path: Path):
    root = make(tmp_path)
    _, out, _ = cli("--root", root, "build")
    fixes = [int(re.search(r"by about (\d+) lines?", s).group(1)) for s in said(out)]
    # A pick later in the list comes back only with those before it: it needs more room.
    assert fixes == sorted(fixes) and fixes[0] < fixes[-1]
    pick = re.search(r"its pick '([^']+)'", said(out)[0]).group(1)
    assert 1 <= fixes[0] <= len(POINTS.splitlines())
    # Each talking point is one line: cut as many as the fix says.
    brief = root / "briefs" / "bridges.yaml"
    text = brief.read_text()
    for i in range(fixes[0]):
        text = text.replace(f'  - "Ask about bridge {i} [@bridge-{i}]."\n', "")
    brief.write_text(text)
    cli("--root", root, "build")
    left = json.loads((root / "build" / "manifest.json").read_text())["briefs"]["bridges"]
    assert pick not in left["left_out"]


@pytest.mark.slow
def test_an_acknowledged_pick_left_out_is_not_said(cli, tmp_path: Path):
    root = make(tmp_path, BRIEF + 'accept: {pick-left-out: "the list is the order of reading"}\n')
    code, out, _ = cli("--root", root, "build")
    assert code == 0 and said(out) == []
    code, out, _ = cli("--root", root, "check", "--strict")
    assert (code, out) == (0, "check passed: 0 errors, 0 warnings (5 acknowledged)\n")


def test_a_brief_whose_picks_all_must_stay_is_laid_out_by_check(cli, tmp_path: Path):
    """Nothing on the page may go (every pick is priority 1): check still knows it overflows."""
    catalog = CATALOG.replace("priority: 2", "priority: 1")
    brief = BRIEF.replace("topics: [ports]\n", "")
    root = make(tmp_path, brief)
    (root / "sources.yaml").write_text(catalog)
    code, out, _ = cli("--root", root, "check")
    errors = [s for s in out.splitlines() if ": error: " in s]
    assert code == 1, out
    assert errors == [s for s in errors if s.startswith("briefs/bridges.yaml:5:10: error: ")]
    assert len(errors) == 1 and "does not fit on one page" in errors[0], out
    code, out, err = cli("--root", root, "build")
    assert code == 1 and "does not fit" in out + err


@pytest.mark.slow
@pytest.mark.parametrize("formats", ["html", "md", "md,docx"])
def test_a_build_without_a_pdf_holds_what_the_page_holds(cli, tmp_path: Path, formats: str):
    # A preview in HTML (`serve --format html`) must show the page the PDF will be, not the
    # brief before fitting; the Markdown and the Word file too.
    root = make(tmp_path)
    full, part = root / "full", root / "part"
    assert cli("--root", root, "build", "--out", full, "--format", f"{formats},pdf")[0] == 0
    code, out, _ = cli("--root", root, "build", "--out", part, "--format", formats)
    assert code == 0
    cut = json.loads((full / "manifest.json").read_text())["briefs"]["bridges"]["left_out"]
    assert cut, "the fixture must overflow its page"
    assert json.loads((part / "manifest.json").read_text())["briefs"]["bridges"]["left_out"] == cut
    assert f"{len(cut)} items left out to fit one page" in out
    assert said(out), "the picks left out are said too"
    first = formats.split(",")[0]
    assert (part / f"bridges.{first}").read_bytes() == (full / f"bridges.{first}").read_bytes()
