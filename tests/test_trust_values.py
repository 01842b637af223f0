"""Values at the boundary: each class of bad value is a finding at its file:line, or a usage
error naming the option, never an internal error; and nothing built is lost."""

import hashlib
import time
from pathlib import Path

import pytest


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def errors(out: str) -> list[str]:
    return [line for line in out.splitlines() if ": error: " in line or ": warning: " in line]


def _point_value(kinds: Path, value: str) -> None:
    catalog = kinds / "sources.yaml"
    catalog.write_text(catalog.read_text().replace("value: 61240", f"value: {value}", 1))


def _many_points(kinds: Path) -> None:
    catalog = kinds / "sources.yaml"
    text = catalog.read_text()
    head, tail = text.split("    points:\n", 1)
    point = (
        '      - label: "P{n}"\n        value: {n}\n        cite:\n'
        "          source: bulletin-2025-02-14-encounters\n"
        '          evidence: "In October 2024, agents recorded 61,240 encounters at the southern '
        'border."\n'
    )
    many = "".join(point.format(n=n) for n in range(10_000))
    catalog.write_text(head + "    points:\n" + many + tail)


# (case, change to the kinds project, file, the line's text (or None), words)
CATALOG = [
    (
        "a value past what a chart draws",
        lambda k: _point_value(k, "1.5e308"),
        "value: 1.5e308",
        "largest figure",
    ),
    ("a value of 10**400", lambda k: _point_value(k, "1" + "0" * 400), None, "point 1"),
    ("a value of .inf", lambda k: _point_value(k, ".inf"), "value: .inf", "not a number"),
    ("10,000 points", _many_points, '- label: "P0"', "over the 500"),
]


@pytest.mark.parametrize(("case", "change", "where", "words"), CATALOG, ids=[c[0] for c in CATALOG])
@pytest.mark.slow
def test_series_values_are_bounded_at_check_time(kinds: Path, cli, case, change, where, words):
    change(kinds)
    started = time.monotonic()
    code, out, err = cli("--root", kinds, "check")
    assert time.monotonic() - started < 30  # a 10,000-point series took over a minute
    assert code == 1, out + err
    found = [e for e in errors(out) if words in e]
    assert found, out
    if where is not None:
        assert found[0].startswith(f"sources.yaml:{line_of(kinds / 'sources.yaml', where)}:")
    assert "Internal error" not in out + err


BASE_URLS = [
    ("https://[::1/", "not a valid address"),
    ("https://ex<ample.org/", "characters an address may not"),
    ('https://example.org/"onmouseover=x/', "characters an address may not"),
    ("https://example.org/a%zz/", "percent-escape"),
    ("https://exa_mple.org/", "host name"),
    ("https://example.org:99999/", "not a valid address"),
    ("javascript:alert(1)//", "not an absolute http(s) address"),
    ("https://example.org/\u202e/", "characters an address may not"),
]


@pytest.mark.parametrize(("url", "words"), BASE_URLS, ids=[u for u, _ in BASE_URLS])
@pytest.mark.slow
def test_base_url_is_read_by_the_url_parser(mini: Path, cli, url, words):
    (mini / "pyproject.toml").write_text(f"[tool.briefgen]\nbase_url = '{url}'\n", encoding="utf-8")
    code, out, err = cli("--root", mini, "check")
    assert code == 1 and words in out, out + err
    assert any(e.startswith("pyproject.toml:2:") for e in errors(out)), out
    (mini / "pyproject.toml").unlink()
    code, out, err = cli("--root", mini, "publish", "--base-url", url)
    assert code == 2 and "--base-url" in err and "Internal error" not in out + err


INCLUDES = [
    ("catalog/**x.yaml", "error", "not a pattern"),
    (".", "error", "names a folder"),
    ("./", "error", "names a folder"),
    ("catalog/", "error", "names a folder"),
    ("catalog/**", "error", "names a folder"),
    ("catalog/[", "warning", "matches no file"),
]


@pytest.mark.parametrize(("pattern", "severity", "words"), INCLUDES, ids=[i[0] for i in INCLUDES])
def test_include_patterns_are_findings_at_their_line(mini: Path, cli, pattern, severity, words):
    (mini / "catalog").mkdir()
    catalog = mini / "sources.yaml"
    catalog.write_text(catalog.read_text() + f"include: ['{pattern}']\n")
    _, out, err = cli("--root", mini, "check")
    line = line_of(catalog, "include:")
    found = [e for e in errors(out) if words in e]
    assert found and found[0].startswith(f"sources.yaml:{line}:"), out + err
    assert f": {severity}: " in found[0]
    assert "Internal error" not in out + err


def _split(root: Path) -> None:
    text = (root / "sources.yaml").read_text()
    head, rest = text.split("quotes:\n", 1)
    (root / "catalog").mkdir()
    (root / "catalog" / "quotes.yaml").write_text("quotes:\n" + rest)
    (root / "sources.yaml").write_text(head)


def test_a_file_included_twice_through_a_linked_folder_loads_once(mini: Path, cli):
    _split(mini)
    (mini / "again").symlink_to(mini / "catalog", target_is_directory=True)
    catalog = mini / "sources.yaml"
    catalog.write_text(catalog.read_text() + "include: [catalog/*.yaml, again/*.yaml]\n")
    code, out, err = cli("--root", mini, "check")
    assert code == 0, out + err
    assert "defined" not in out  # no id twice


def test_an_upper_case_ending_left_out_is_said(mini: Path, cli):
    _split(mini)
    (mini / "catalog" / "quotes.yaml").rename(mini / "catalog" / "quotes.YAML")
    catalog = mini / "sources.yaml"
    catalog.write_text(catalog.read_text() + "include: [catalog/*.yaml]\n")
    _, out, err = cli("--root", mini, "check")
    assert "leaves out 'catalog/quotes.YAML'" in out, out + err


PREPARED_FOR = [
    ("x\x1b[31mred", "U+001B"),
    ("bell\x07", "U+0007"),
    ("evil\u202etxt.exe", "U+202E"),
    ("a" * 20_001, "20,001 characters"),
    ("   ", "is empty"),
]


@pytest.mark.parametrize(
    ("text", "words"), PREPARED_FOR, ids=["esc", "bel", "rlo", "long", "blank"]
)
def test_command_line_text_meets_the_rules_of_its_yaml_twin(mini: Path, cli, text, words):
    code, out, err = cli(
        "--root",
        mini,
        "generate",
        "--topic",
        "migration",
        "--as-of",
        "2025-06-20",
        "--format",
        "md",
        "--prepared-for",
        text,
    )
    assert code == 2 and "--prepared-for" in err and words in err, out + err
    assert not (mini / "build").exists()
    assert "\x1b" not in err and "\x07" not in err and "\u202e" not in err


def test_a_control_character_in_any_option_is_refused(mini: Path, cli):
    code, out, err = cli(
        "--root",
        mini,
        "new",
        "fact",
        "x-1",
        "--source",
        "news-a",
        "--evidence",
        "x",
        "--text",
        "bad\x1bthing",
    )
    assert code == 2 and "--text" in err and "U+001B" in err, out + err


def test_topic_labels_reach_the_markdown_escaped(mini: Path, cli):
    catalog = mini / "sources.yaml"
    label = "<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=y>"
    catalog.write_text(
        catalog.read_text().replace("{label: Migration,", "{label: '" + label + "',", 1)
    )
    code, out, err = cli("--root", mini, "build", "border-talks", "--format", "md")
    assert code == 0, out + err
    md = (mini / "build" / "border-talks.md").read_text(encoding="utf-8")
    from markdown_it import MarkdownIt

    shown = MarkdownIt("commonmark").render(md)
    assert "<script>" not in shown and "<img" not in shown and 'href="javascript:' not in shown
    assert "\\<script\\>" in md


# (case, old text, new text, the line's text, words)
CONTENT = [
    (
        "a bidi override in a fact",
        'text: "Weekly crossings',
        'text: "Weekly \u202ecrossings',
        "\u202e",
        "U+202E",
    ),
    (
        "a bidi isolate in a title",
        'title: "Border talks resume"',
        'title: "Border \u2066talks resume"',
        "\u2066",
        "U+2066",
    ),
    # Escapes of a double-quoted YAML string: XML (a Word file) can hold neither.
    (
        "a noncharacter in a title",
        'title: "Border talks resume"',
        'title: "Border \\uFFFE talks resume"',
        "uFFFE",
        "U+FFFE (a noncharacter)",
    ),
    (
        "a lone surrogate in a title",
        'title: "Border talks resume"',
        'title: "Border \\uD800 talks resume"',
        "uD800",
        "invalid Unicode character escape",  # the YAML reader's own refusal
    ),
    ("a Windows device name as an id", "id: news-a", "id: con", "id: con", "Windows"),
    ("a Windows port name as an id", "id: trade-800bn", "id: lpt1", "id: lpt1", "Windows"),
    ("a !!set tag", "topics: [migration]", "topics: !!set {migration}", "!!set", "'!!set'"),
    (
        "a !!binary tag",
        'title: "Border talks resume"',
        "title: !!binary Qm9yZGVy",
        "!!binary",
        "'!!binary'",
    ),
    (
        "a !!timestamp tag",
        "published: 2025-06-02",
        "published: !!timestamp 2025-06-02",
        "!!timestamp",
        "'!!timestamp'",
    ),
]


@pytest.mark.parametrize(
    ("case", "old", "new", "where", "words"), CONTENT, ids=[c[0] for c in CONTENT]
)
def test_content_values_are_refused_at_their_line(mini: Path, cli, case, old, new, where, words):
    catalog = mini / "sources.yaml"
    text = catalog.read_text(encoding="utf-8")
    assert old in text, old
    catalog.write_text(text.replace(old, new, 1), encoding="utf-8")
    code, out, err = cli("--root", mini, "check")
    assert code == 1, out + err
    line = line_of(catalog, where)
    found = [e for e in errors(out) if words in e]
    assert found and found[0].startswith(f"sources.yaml:{line}:"), out
    col = int(found[0].split(":")[2])
    if "tag" in case:
        assert catalog.read_text().splitlines()[line - 1][col - 1] == "!"
    assert "\u202e" not in out and "\u2066" not in out  # shown escaped, not obeyed


def test_a_brief_named_for_a_windows_device_is_refused(mini: Path, cli):
    (mini / "briefs" / "border-talks.yaml").rename(mini / "briefs" / "nul.yaml")
    code, out, err = cli("--root", mini, "check")
    assert code == 1 and "Windows" in out, out + err


def test_nothing_built_is_lost_when_check_finds_a_bad_value(kinds: Path, cli):
    assert cli("--root", kinds, "build", "--format", "md")[0] == 0
    before = {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in (kinds / "build").iterdir()
        if p.is_file()
    }
    _point_value(kinds, "1.5e308")
    code, out, err = cli("--root", kinds, "build", "--format", "md")
    assert code == 1, out + err
    after = {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in (kinds / "build").iterdir()
        if p.is_file()
    }
    assert set(before) <= set(after)
