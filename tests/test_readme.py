"""The README's own examples, run as written on a fresh `briefgen init` project.

The commands are read out of the README ("The analyst's day"), so that an example edited
there is tried here: each must work, in order, in a project `init` has just made, given the
files the README tells the user to save.
"""

import re
import shlex
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from briefgen.catalog.load import load_catalog

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
CAPTURE = Path(__file__).resolve().parent / "fixtures" / "capture"
# What the commands may do to a project; `serve` and the like are not run here.
RUN = ("new", "capture", "quote", "list")
# A span with one of these is a pattern to fill in, not a command to run.
PLACEHOLDER = re.compile(r"…|\[|\\\||\bYYYY|\b(?:ID|FILE|KEY|TOPIC|DATE|LANG|N)\b")


def section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"### {title}\n")
    end = text.index("\n### ", start + 1)
    return text[start:end]


def commands(text: str) -> list[str]:
    """Return the concrete `briefgen …` commands in inline code spans, in order."""
    spans = re.findall(r"`(briefgen [^`]+)`", text.replace("\n  ", " "))
    return [s for s in spans if not PLACEHOLDER.search(s)]


WALK = "From a saved page to a cleared brief"


def walkthrough() -> list[list[str]]:
    """Return the commands of the walkthrough's shell blocks, each as its arguments."""
    blocks = re.findall(r"```sh\n(.*?)```", section(WALK), re.S)
    return [shlex.split(line) for block in blocks for line in block.splitlines() if line]


def test_the_readme_has_new_examples_and_each_is_in_the_analysts_day():
    day = commands(section("The analyst's day"))
    every_new = [c for c in commands(README.read_text(encoding="utf-8")) if " new " in f" {c}"]
    assert {"new source", "new topic", "new fact", "new quote", "new brief"} <= {
        " ".join(c.split()[1:3]) for c in day
    }
    walk = [" ".join(c) for c in walkthrough()]
    # No `new` example elsewhere escapes the tests below.
    assert {" ".join(shlex.split(c)) for c in every_new} <= {
        " ".join(shlex.split(c)) for c in day
    } | set(walk)


@pytest.mark.slow
def test_the_analysts_day_works_as_written_on_a_fresh_project(cli, tmp_path, monkeypatch):
    code, _, err = cli("init", tmp_path / "demo")
    assert code == 0, err
    root = tmp_path / "demo"
    monkeypatch.chdir(root)
    # The files the README tells the user to save: a page from the browser, a text.
    shutil.copy(CAPTURE / "meta-date.html", root / "ministers-agree.html")
    (root / "statement.txt").write_text(
        "Joint statement (made up for briefgen's tests).\n"
        "The two governments will meet again in September to review the border plan.\n",
        encoding="utf-8",
    )
    ran = []
    for command in commands(section("The analyst's day")):
        args = shlex.split(command)[1:]
        if args[0] not in RUN:
            continue
        code, out, err = cli(*args)
        assert code == 0, f"{command}\n{out}{err}"
        ran.append(args[:2])
    assert ["capture", "ministers-agree.html"] in ran and ["new", "topic"] in ran

    catalog, _ = load_catalog(root)
    assert "trade" in catalog.topics
    raw = yaml.safe_load((root / "sources.yaml").read_text(encoding="utf-8"))
    ids = {s["id"] for s in raw["sources"]}
    assert {"wire-2025-06-12-rail-crossings", "wh-2022-07-12-joint-statement"} <= ids
    assert {"otay-mesa-crossing"} <= {f["id"] for f in raw["facts"]}
    assert {"sao-relationship-a-priority"} <= {q["id"] for q in raw["quotes"]}
    assert list((root / "briefs").glob("trade-frictions-2022-07.yaml"))


@pytest.mark.slow
def test_a_saved_page_becomes_a_one_page_pdf_brief(cli, tmp_path, monkeypatch):
    """What a new user does with the README alone: init, capture, a fact, a brief, build."""
    code, _, err = cli("init", tmp_path / "desk")
    assert code == 0, err
    root = tmp_path / "desk"
    monkeypatch.chdir(root)
    page = root / "saved.html"
    shutil.copy(CAPTURE / "meta-date.html", page)
    code, out, err = cli("capture", "saved.html", "--id", "wire-rail", "--kind", "news",
                         "--reliability", "high")  # fmt: skip
    assert code == 0, err
    assert "Left to fill in:" not in out  # the page gave the rest
    code, _, err = cli(
        "new", "fact", "rail-crossings-reopen", "--source", "wire-rail", "--evidence",
        "agreed on Thursday to reopen three rail crossings that had been closed for a week",
        "--text", "The two foreign ministers agreed to reopen three rail crossings closed for "
        "a week.", "--date", "2025-06-12", "--topics", "ports-of-entry", "--priority", "1",
    )  # fmt: skip
    assert code == 0, err
    code, _, err = cli("new", "brief", "issue", "rail-crossings", "--date", "2025-06-13",
                       "--title", "Rail crossings reopen")  # fmt: skip
    assert code == 0, err
    brief = root / "briefs" / "rail-crossings.yaml"
    text = brief.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^prepared_for:.*$", 'prepared_for: "Office of Trade Policy"', text)
    text = re.sub(r"(?m)^facts: \[\].*$", "facts: [rail-crossings-reopen]", text)
    text = re.sub(r"(?m)^summary:.*$", 'summary: "Rail freight resumes. [@rail-crossings-reopen]"',
                  text)  # fmt: skip
    brief.write_text(text, encoding="utf-8")
    code, out, _ = cli("check")
    assert "error" not in out.replace("0 errors", ""), out
    code, out, err = cli("build", "rail-crossings")
    assert code == 0, out + err
    pdf = PdfReader(root / "build" / "rail-crossings.pdf")
    assert len(pdf.pages) == 1
    words = " ".join(pdf.pages[0].extract_text().split())
    assert "Ministers agree to reopen rail crossings" in words and "Example Wire" in words


def test_every_test_the_readme_names_as_keeping_a_promise_exists():
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    named = re.findall(r"`(test_\w+\.py)::(test_\w+)`", readme)
    assert named  # the promises name their tests
    for module, test in named:
        source = (Path(__file__).parent / module).read_text(encoding="utf-8")
        assert re.search(rf"^def {test}\(", source, re.M), f"{module}::{test} is not a test"


@pytest.mark.slow
def test_from_a_saved_page_to_a_cleared_brief_as_the_readme_says(cli, tmp_path, monkeypatch):
    """The walkthrough, command for command, with the edits its YAML block gives."""
    home = tmp_path / "home"
    (home / "Downloads").mkdir(parents=True)
    shutil.copy(CAPTURE / "rail-crossing.html", home / "Downloads" / "rail-crossing.html")
    monkeypatch.chdir(tmp_path)
    text = section(WALK)
    fields = re.search(r"```yaml\n(.*?)```", text, re.S).group(1)
    steps = walkthrough()
    assert steps[0][:2] == ["briefgen", "init"] and steps[1][0] == "cd"
    for args in steps:
        if args[0] == "cd":
            monkeypatch.chdir(Path.cwd() / args[1])
            continue
        args = [a.replace("~", str(home), 1) if a.startswith("~/") else a for a in args]
        if args[1] == "check":  # the brief's fields are filled in before the check
            brief = Path("briefs/rail-crossing.yaml")
            kept = [
                line
                for line in brief.read_text(encoding="utf-8").splitlines()
                if line.split(":")[0] not in {k.split(":")[0] for k in fields.splitlines()}
            ]
            brief.write_text("\n".join([*kept, fields]), encoding="utf-8")
        code, out, err = cli(*args[1:])
        assert code == 0, f"{args}\n{out}{err}"
        if args[1] == "check":
            assert "0 errors" in out, out
    build = Path("build")
    pdf = PdfReader(build / "rail-crossing.pdf")
    assert len(pdf.pages) == 1
    words = " ".join(pdf.pages[0].extract_text().split())
    for said in ("Drafted by Ana Ruiz, WHA/MEX, June 12, 2025",
                 "Cleared by Tom Lee, Director, June 13, 2025"):  # fmt: skip
        assert said in " ".join(text.split())  # the README says what the page says
        assert said in words
        with zipfile.ZipFile(build / "rail-crossing.docx") as z:
            assert said in z.read("word/document.xml").decode().replace("\u00a0", " ")
