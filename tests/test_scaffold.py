import re
import shutil
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft7Validator

from briefgen.authoring.json_schema import brief_schema, load_for_validation, sources_schema
from briefgen.authoring.scaffold import CAPTURE_KEYS
from briefgen.catalog.briefs import load_brief
from briefgen.catalog.fields import BRIEF_FIELDS, SOURCE_FIELDS
from briefgen.catalog.load import load_catalog

CAPTURE = "Example Wire\n\nThe “ministers” met on   Tuesday.\nThey agreed on 3 points.\n"
FULL = [
    "--publisher",
    "Example Wire",
    "--published",
    "2025-06-12",
    "--title",
    'Ministers meet: "three points"',
    "--kind",
    "news",
    "--reliability",
    "high",
    "--url",
    "https://example.org/ministers",
    "--author",
    "Ana Ruiz",
]


@pytest.fixture
def capture(tmp_path: Path) -> Path:
    path = tmp_path / "capture.txt"
    path.write_text(CAPTURE, encoding="utf-8")
    return path


def schema_errors(schema: dict, path: Path) -> list[str]:
    validator = Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER)
    return [e.message for e in validator.iter_errors(load_for_validation(path))]


def inserted(before: str, after: str) -> str:
    """Return the one block inserted into `before`, checking all else is byte-identical."""
    start = next(
        (i for i, (a, b) in enumerate(zip(before, after, strict=False)) if a != b), len(before)
    )
    block = after[start : start + len(after) - len(before)]
    assert after[:start] + after[start + len(block) :] == before
    return block


def test_new_source_copies_the_capture_and_appends_a_complete_entry(cli, mini: Path, capture):
    catalog = mini / "sources.yaml"
    before = catalog.read_text()
    code, out, err = cli("--root", mini, "new", "source", capture, "--id", "wire-ministers", *FULL)
    assert code == 0, err
    assert (mini / "sources" / "wire-ministers.txt").read_bytes() == capture.read_bytes()
    assert (
        "to sources/wire-ministers.txt; added source 'wire-ministers' to sources.yaml at line 25"
        in out
    )
    block = inserted(before, catalog.read_text())
    assert block.startswith("  - id: wire-ministers\n    title: ")
    keys = [line.split(":")[0].strip(" -") for line in block.splitlines()]
    # Every key but those only `capture` writes (a text has no original to keep).
    assert keys == [f.name for f in SOURCE_FIELDS if f.name not in CAPTURE_KEYS]
    assert "Left to fill in:" not in out  # every required key was given
    assert "Fill in if it applies, or delete the key:" in out
    assert "sources.yaml:32: date_note: how the publication date was established" in out
    assert "reliability_note" not in out  # not asked for a high-reliability source
    assert 'briefgen quote find wire-ministers "words"' in out

    catalog_data, findings = load_catalog(mini)
    assert [f for f in findings if f.severity == "error"] == []
    source = catalog_data.sources["wire-ministers"]
    assert source.title == 'Ministers meet: "three points"' and source.author == "Ana Ruiz"
    assert source.archive == "sources/wire-ministers.txt" and source.date_note is None
    assert schema_errors(sources_schema(), catalog) == []
    code, out, _ = cli("--root", mini, "check")
    assert code == 0 and "source 'wire-ministers' is cited by no fact, quote or series" in out


def test_new_source_with_only_the_required_options_leaves_findings_not_yaml_errors(
    cli, mini: Path, capture
):
    args = ["--publisher", "P", "--published", "2025-06-12", "--reliability", "low"]
    code, out, _ = cli("--root", mini, "new", "source", capture, "--id", "bare", *args)
    assert code == 0
    todo = out.split("Left to fill in:\n")[1].split("Fill in if it applies")[0]
    assert [line.split(": ")[1] for line in todo.splitlines()] == [
        "title",
        "kind",
        "reliability_note",
    ]
    code, out, err = cli("--root", mini, "check")
    assert code == 1 and "YAML" not in out + err
    problems = [line for line in out.splitlines() if ": error: " in line]
    # Every key left to fill in is said at once, none as a key to remove.
    assert problems == [
        "sources.yaml:26:12: error: source 'bare': 'title' is empty (fill it in (the "
        "document's own title); the key is required)",
        "sources.yaml:33:11: error: source 'bare': 'kind' is empty (fill it in (kind of "
        "document); the key is required)",
        "sources.yaml:36:18: error: source 'bare' is rated low without a reason (add "
        "reliability_note: why it is not high)",
    ]


CATALOGS = {
    "sources last, comments after": (
        "# header\ntopics: {}\nfacts: []\nsources:\n  - id: old\n    title: >-\n      folded\n"
        "      text\n\n    # a note inside the entry\n# a comment after the section\n"
    ),
    "sources before facts": "topics: {}\nsources:\n    - id: old   # deeper indent\n"
    "      title: x\n\n# facts follow\nfacts: []\n",
    "no final newline": "sources:\n  - id: old\n    title: x",
    "empty sources key": "topics: {}\nsources:\nfacts: []\n",
    "flow empty list": "topics: {}\nsources: []  # none yet\nfacts: []\n",
    "no sources key": "topics: {}\nfacts: []\nquotes: []\n",
    "empty file": "",
    "windows line ends": "topics: {}\r\nsources:\r\n  - id: old\r\n    title: x\r\n",
}


@pytest.mark.parametrize("text", CATALOGS.values(), ids=CATALOGS.keys())
def test_new_source_fits_the_entry_into_any_catalog_layout(cli, tmp_path, capture, text):
    root = tmp_path / "project"
    root.mkdir()
    (root / "sources.yaml").write_bytes(text.encode())
    code, _, err = cli("--root", root, "new", "source", capture, "--id", "fresh", *FULL)
    assert code == 0, err
    after = (root / "sources.yaml").read_bytes().decode()
    data = yaml.safe_load(after)
    assert data["sources"][-1]["id"] == "fresh"
    assert data["sources"][-1]["published"].isoformat() == "2025-06-12"
    assert [s["id"] for s in data["sources"][:-1]] == (["old"] if "id: old" in text else [])
    if "[]  # none yet" in text:
        assert "sources:  # none yet\n  - id: fresh\n" in after
    elif text:
        block = inserted(text, after)
        assert "id: fresh" in block
        if "\r\n" in text:
            assert "\n" not in after.replace("\r\n", "")
    else:
        assert after.startswith("# yaml-language-server: $schema=schema/sources.schema.json\n")
    if "deeper indent" in text:
        assert "    - id: fresh\n      title: " in after
    if "inside the entry" in text:
        assert after.index("# a note inside") < after.index("id: fresh") < after.index("# a comm")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--id", "Bad_Id"], 2, "source id 'Bad_Id' is not a slug"),
        (["--id", "news-a"], 1, "source 'news-a' is already in sources.yaml"),
        (["--id", "x", "--published", "June 12"], 2, "--published 'June 12' is not a date"),
        (["--id", "x", "--kind", "newz"], 2, "did you mean 'news'?"),
        (["--id", "x", "--reliability", "hi"], 2, "'hi' is not one of high, medium, low"),
        (["--id", "x", "--url", "ftp://x"], 2, "is not an http(s) URL"),
        (["--id", "x", "--published", "2025-06-12", "--publisher", " "], 2, "--publisher is empty"),
    ],
)
def test_new_source_refuses_bad_input_and_changes_nothing(
    cli, mini: Path, capture, args, code, message
):
    before = (mini / "sources.yaml").read_bytes()
    base = ["--publisher", "P", "--published", "2025-06-12"]
    status, out, err = cli("--root", mini, "new", "source", capture, *base, *args)
    assert status == code, err
    assert message in err and "Traceback" not in out + err
    assert (mini / "sources.yaml").read_bytes() == before
    assert sorted(p.name for p in (mini / "sources").iterdir()) == ["brief-b.txt", "news-a.txt"]


def test_new_source_never_overwrites_a_snapshot(cli, mini: Path, capture, tmp_path):
    (mini / "sources" / "taken.txt").write_text("older capture\n")
    code, _, err = cli("--root", mini, "new", "source", capture, "--id", "taken", *FULL)
    assert code == 1 and "sources/taken.txt already exists" in err
    assert (mini / "sources" / "taken.txt").read_text() == "older capture\n"
    code, _, err = cli("--root", mini, "new", "source", tmp_path / "nope.txt", "--id", "y", *FULL)
    assert code == 2 and "is not a file" in err
    (tmp_path / "latin1.txt").write_bytes(b"caf\xe9\n")
    code, _, err = cli("--root", mini, "new", "source", tmp_path / "latin1.txt", "--id", "y", *FULL)
    assert code == 1 and "is not UTF-8 text (bad byte on line 1)" in err


def test_new_source_takes_a_capture_already_saved_in_place(cli, mini: Path):
    (mini / "sources" / "in-place.txt").write_text(CAPTURE)
    code, out, _ = cli(
        "--root",
        mini,
        "new",
        "source",
        mini / "sources" / "in-place.txt",
        "--id",
        "in-place",
        *FULL,
    )
    assert code == 0
    assert out.startswith("sources/in-place.txt is in place; added source 'in-place'")
    assert (mini / "sources" / "in-place.txt").read_text() == CAPTURE


@pytest.mark.parametrize("kind", ["meeting", "readout", "issue"])
def test_new_brief_writes_every_field_commented(cli, mini: Path, kind):
    code, out, _ = cli(
        "--root",
        mini,
        "new",
        "brief",
        kind,
        "june-talks",
        "--title",
        "Border talks, June 2025",
        "--date",
        "2025-06-10",
    )
    assert code == 0 and out.startswith("Wrote briefs/june-talks.yaml.")
    path = mini / "briefs" / "june-talks.yaml"
    lines = path.read_text().splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../schema/brief.schema.json"
    keys = [m for line in lines if (m := re.match(r"(?:# )?([a-z_]+):(?: |$)", line))]
    assert [m.group(1) for m in keys] == [f.name for f in BRIEF_FIELDS]
    assert all("  # " in m.string for m in keys)  # each explained on its line
    # What a side brings: aims to a meeting, an account of it after (rule 15).
    (off,) = [line for line in lines if re.match(r"(?:# )?not_on_record:", line)]
    brings = "whose account of the meeting is" if kind == "readout" else "whose aims for the"
    assert f"us and/or mx: {brings}" in off
    meeting_only = ("# location", "# participants", "# starts_at", "# sourced_by")
    commented = [line for line in lines if line.startswith(meeting_only)]
    assert len(commented) == (4 if kind == "issue" else 0)
    brief, findings = load_brief(path, mini)
    # The reader is the one required key a scaffold cannot guess.
    assert [f.message for f in findings] == ["brief 'june-talks': 'prepared_for' is empty"]
    path.write_text(path.read_text().replace("prepared_for:", 'prepared_for: "Under Secretary"', 1))
    brief, findings = load_brief(path, mini)
    assert findings == [] and brief is not None
    assert (brief.kind, brief.title, str(brief.date), str(brief.as_of)) == (
        kind,
        "Border talks, June 2025",
        "2025-06-10",
        # A preparation brief's cut-off comes before the meeting.
        "2025-06-09" if kind == "meeting" else "2025-06-10",
    )
    assert schema_errors(brief_schema(), path) == []
    code, out, _ = cli("--root", mini, "check")
    mine = [line for line in out.splitlines() if line.startswith("briefs/june-talks.yaml")]
    # A meeting or readout brief with nothing in it yet gives neither side (rule 15), and its
    # date names no source until sourced_by says which.
    what, them, it = {
        "meeting": ("aims for this meeting", "them", "they are"),
        "readout": ("account of this meeting", "it", "it is"),
    }.get(kind, ("", "", ""))
    sides = [
        f"briefs/june-talks.yaml:10:15: warning: brief 'june-talks': no item gives the {name} "
        f"{what} (add {them} (a fact or quote with side: {side}), or say {it} not on the "
        f"record (not_on_record: [{side}])) [side-missing]"
        for name, side in (("Mexican", "mx"), ("U.S.", "us"))
    ]
    assert mine[0] == (
        "briefs/june-talks.yaml:1:1: warning: brief 'june-talks' has no summary "
        "(add a bottom line up front) [no-summary]"
    )
    if kind == "issue":
        assert mine[1:] == []
    else:
        unsourced = [m for m in mine[1:] if m.endswith("[header-unsourced]")]
        assert len(unsourced) == 1 and sorted(m for m in mine[1:] if m not in unsourced) == sorted(
            sides
        )


def test_new_brief_without_a_title_points_at_the_placeholder(cli, mini: Path):
    code, out, _ = cli(
        "--root", mini, "new", "brief", "meeting", "next-round", "--date", "2025-07-01"
    )
    assert code == 0
    assert "Left to fill in:\n  briefs/next-round.yaml:6: title: " in out
    assert "briefs/next-round.yaml:9: location: where the meeting is" in out
    code, out, err = cli("--root", mini, "check")
    assert code == 1 and "YAML" not in out + err
    assert "briefs/next-round.yaml:6:8: error: brief 'next-round': 'title' is empty" in out


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["meeting", "border-talks"], 1, "briefs/border-talks.yaml already exists"),
        (["meting", "x"], 2, "unknown brief kind 'meting': did you mean 'meeting'?"),
        (["issue", "Big_Issue"], 2, "brief id 'Big_Issue' is not a slug"),
        (["issue", "x", "--date", "tomorrow"], 2, "--date 'tomorrow' is not a date"),
    ],
)
def test_new_brief_refuses_bad_input(cli, mini: Path, args, code, message):
    before = (mini / "briefs" / "border-talks.yaml").read_bytes()
    status, out, err = cli("--root", mini, "new", "brief", *args)
    assert status == code and message in err and "Traceback" not in out + err
    assert (mini / "briefs" / "border-talks.yaml").read_bytes() == before
    assert sorted(p.name for p in (mini / "briefs").iterdir()) == [
        "border-talks.yaml",
        "migration-june.yaml",
    ]


def test_scaffolded_yaml_is_plain_text(mini: Path, cli, capture):
    # Guard against a value that YAML would read as something else (a date, a bool, a number).
    cli("--root", mini, "new", "source", capture, "--id", "odd", *FULL[:4], "--title", "2025-06-12")
    data = yaml.safe_load((mini / "sources.yaml").read_text())
    assert data["sources"][-1]["title"] == "2025-06-12"


def test_new_fact_takes_its_evidence_from_the_snapshot_and_leaves_the_rest_to_fill(cli, mini: Path):
    before = (mini / "sources.yaml").read_text()
    code, out, _ = cli(
        "--root", mini, "new", "fact", "july-meeting", "--source", "news-a",
        "--evidence", "agreed  to meet again\nin July", "--topics", "migration",
    )  # fmt: skip
    assert code == 0, out
    assert "Added fact 'july-meeting' to sources.yaml at line" in out
    assert "sources.yaml:" in out.split("Left to fill in:")[1] and "text:" in out
    after = (mini / "sources.yaml").read_text()
    assert after.startswith(before.split("quotes:\n")[0])  # the rest as it was
    assert '        evidence: "agreed to meet again in July"' in after
    from briefgen.catalog.load import load_catalog

    # Once the claim and its date are written, it is a fact check accepts.
    text = after.replace('text: ""  # one claim', 'text: "They will meet in July."  # one claim')
    (mini / "sources.yaml").write_text(text.replace('date: ""  # when', "date: 2025-06-02  # when"))
    catalog, findings = load_catalog(mini)
    assert [f for f in findings if f.severity == "error"] == []
    assert catalog.facts["july-meeting"].cite[0].source == "news-a"
    assert catalog.facts["july-meeting"].topics == ("migration",)


def test_new_fact_refuses_words_not_in_the_snapshot_and_shows_the_closest(cli, mini: Path):
    before = (mini / "sources.yaml").read_bytes()
    code, _, err = cli(
        "--root", mini, "new", "fact", "x", "--source", "news-a",
        "--evidence", "agreed to meet in July",
    )  # fmt: skip
    assert code == 1
    assert 'closest passage, sources/news-a.txt:9:21, is "agreed to meet again in July."' in err
    assert (mini / "sources.yaml").read_bytes() == before
    code, _, err = cli(
        "--root", mini, "new", "fact", "crossings-fell", "--source", "news-a",
        "--evidence", "agreed to meet again",
    )  # fmt: skip
    assert code == 1 and "'crossings-fell' is already a fact id, in sources.yaml" in err
    # Facts and quotes share their ids: a quote's id is taken for a fact too.
    code, _, err = cli(
        "--root", mini, "new", "fact", "minister-respect", "--source", "news-a",
        "--evidence", "agreed to meet again",
    )  # fmt: skip
    assert code == 1 and "'minister-respect' is already a quote id, in sources.yaml" in err


def test_new_quote_is_verbatim_from_the_snapshot(cli, mini: Path):
    code, out, _ = cli(
        "--root", mini, "new", "quote", "minister-together", "--source", "news-a",
        "--words", "we will keep working together", "--speaker", "The minister",
    )  # fmt: skip
    # Case differs: the quote is not found, and nothing is written.
    assert code == 1
    code, out, _ = cli(
        "--root", mini, "new", "quote", "minister-together", "--source", "news-a",
        "--words", "We will keep working together", "--speaker", "The minister",
        "--role", "Minister of the Interior", "--date", "2025-06-02",
    )  # fmt: skip
    assert code == 0, out
    from briefgen.catalog.load import load_catalog

    catalog, findings = load_catalog(mini)
    quote = catalog.quotes["minister-together"]
    assert quote.text == "We will keep working together" and quote.source == "news-a"
    assert [f for f in findings if f.severity == "error"] == []


@pytest.mark.parametrize("kind", ["fact", "quote"])
@pytest.mark.parametrize(("side", "read"), [("us", "us"), ("MX", "mx"), ("both", "both")])
def test_new_fact_and_quote_take_a_side(cli, mini: Path, kind, side, read):
    from briefgen.catalog.load import load_catalog

    words = ("--evidence", "agreed to meet again") if kind == "fact" else (
        "--words", "We will keep working together", "--speaker", "The minister",
        "--role", "Minister of the Interior",
    )  # fmt: skip
    code, out, err = cli(
        "--root", mini, "new", kind, "new-item", "--source", "news-a", *words, "--date",
        "2025-06-02", "--topics", "migration", "--side", side,
    )  # fmt: skip
    assert code == 0, out + err
    assert f"    side: {read}\n" in (mini / "sources.yaml").read_text()
    if kind == "fact":  # its claim is still to write; the side is not
        text = (mini / "sources.yaml").read_text()
        (mini / "sources.yaml").write_text(text.replace('text: ""  # one claim', 'text: "x"  #'))
    catalog, findings = load_catalog(mini)
    assert [f for f in findings if f.severity == "error"] == []
    item = catalog.facts.get("new-item") or catalog.quotes["new-item"]
    assert item.side == read
    assert "side:" not in out.split("Left to fill in:")[-1]


def _entry(root: Path, item_id: str) -> str:
    """Return the lines of one entry of sources.yaml, up to the next entry or section."""
    after = (root / "sources.yaml").read_text().split(f"- id: {item_id}\n")[1]
    return re.split(r"\n  - |\n[a-z]", after)[0]


@pytest.mark.parametrize("kind", ["fact", "quote"])
def test_new_item_with_side_none_leaves_no_side_to_fill(cli, mini: Path, kind):
    words = ("--evidence", "agreed to meet again") if kind == "fact" else (
        "--words", "We will keep working together",
    )  # fmt: skip
    code, out, err = cli("--root", mini, "new", kind, "plain", "--source", "news-a", *words)
    assert code == 0, out + err
    assert "side:" in _entry(mini, "plain")  # left open
    assert "side:" in out.split("Left to fill in:")[1]
    code, out, err = cli(
        "--root", mini, "new", kind, "neither", "--source", "news-a", *words, "--side", "none"
    )
    assert code == 0, out + err
    assert (
        "side:" not in _entry(mini, "neither") and "side:" not in out.split("Left to fill in:")[1]
    )


def test_new_item_refuses_a_side_the_model_does_not_have(cli, mini: Path):
    before = (mini / "sources.yaml").read_bytes()
    code, out, err = cli(
        "--root", mini, "new", "fact", "x", "--source", "news-a", "--evidence",
        "agreed to meet again", "--side", "mexico",
    )  # fmt: skip
    assert code == 2 and "Traceback" not in out + err
    assert (
        "--side 'mexico' is not us, mx, both or none (us: the United States, mx: Mexico, "
        "both: a joint statement or position, none: neither government's)"
    ) in err
    assert (mini / "sources.yaml").read_bytes() == before


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("index",), "brief id 'index' is taken by a file the build writes beside the briefs"),
        (("con",), "a name Windows keeps for a device"),
        (("ok-x", "--title", "x" * 300), "--title is 300 characters long"),
        (("ok-y", "--title", "a\nb"), "--title holds a line break"),
    ],
)
def test_new_brief_refuses_what_check_would(mini: Path, cli, args, words):
    """An id or a title check would refuse is refused before the file is written (exit 2)."""
    code, out, err = cli("--root", mini, "new", "brief", "issue", *args)
    assert code == 2 and words in out + err, out + err
    assert not (mini / "briefs" / f"{args[0]}.yaml").exists()


@pytest.mark.parametrize("command", [("schema",), ("new", "brief", "issue", "zz-test")])
def test_writing_through_a_folder_linked_outside_is_refused(mini: Path, cli, tmp_path, command):
    """The project's own folders (schema/, briefs/) linked elsewhere are not written through."""
    outside = tmp_path / "outside"
    outside.mkdir()
    name = "schema" if command[0] == "schema" else "briefs"
    if (mini / name).exists():
        shutil.rmtree(mini / name)
    (mini / name).symlink_to(outside, target_is_directory=True)
    code, out, err = cli("--root", mini, *command)
    assert code == 2 and f"{name}/ leads outside the project" in out + err, out + err
    assert list(outside.iterdir()) == []
