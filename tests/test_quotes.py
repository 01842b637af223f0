import json
from pathlib import Path

import pytest
from conftest import FIXTURES

from briefgen.catalog.snapshots import fold, normalize


def located(out: str) -> list[tuple[str, str]]:
    """Split `archive:line:col: "text"` lines into (position, text)."""
    rows = []
    for line in out.splitlines():
        if not line.strip(" ^"):  # the marks under a near miss
            continue
        where, _, text = line.partition(': "')
        rows.append((where, json.loads('"' + text)))
    return rows


def test_quote_find_prints_the_exact_passage_and_where_it_is(cli, mini: Path):
    code, out, err = cli("--root", mini, "quote", "find", "news-a", "1,200 migrants had crossed")
    assert code == 0 and err == ""
    assert located(out) == [("sources/news-a.txt:5:31", "1,200 migrants had crossed")]
    raw = (mini / "sources" / "news-a.txt").read_text().splitlines()
    assert raw[4][30:].startswith("1,200 migrants had crossed")


def test_quote_find_tolerates_quote_marks_and_whitespace(cli, mini: Path):
    words = '"We will keep\n   working together, with respect," the minister'
    code, out, _ = cli("--root", mini, "quote", "find", "news-a", words)
    assert code == 0
    # The snapshot's own curly quotes come back, ready to paste as YAML.
    assert located(out) == [
        ("sources/news-a.txt:7:1", "“We will keep working together, with respect,” the minister")
    ]


def test_quote_find_joins_a_passage_across_lines_and_honours_elisions(cli, mini: Path):
    path = mini / "sources" / "news-a.txt"
    path.write_text(path.read_text().replace("in a single week, ", "in a single\n  week, "))
    code, out, _ = cli("--root", mini, "quote", "find", "news-a", "had crossed in a single week")
    assert code == 0 and located(out) == [
        ("sources/news-a.txt:5:46", "had crossed in a single week")
    ]
    code, out, _ = cli("--root", mini, "quote", "find", "news-a", "crossed … a month earlier")
    assert code == 0
    assert located(out) == [
        ("sources/news-a.txt:5:50", "crossed in a single week, down from 3,400 a month earlier")
    ]


def test_quote_find_lists_every_occurrence(cli, mini: Path):
    code, out, _ = cli("--root", mini, "quote", "find", "news-a", "the")
    assert code == 0
    # Case counts, word boundaries do not: "together" and "the minister", not "The two".
    assert [where for where, _ in located(out)] == [
        "sources/news-a.txt:7:27",
        "sources/news-a.txt:7:48",
    ]


def test_quote_find_without_an_exact_match_shows_the_closest_and_fails(cli, mini: Path):
    code, out, err = cli("--root", mini, "quote", "find", "news-a", "agreed to meet in July")
    assert code == 1
    assert located(out) == [("sources/news-a.txt:9:21", "agreed to meet again in July.")]
    # The word the source has and the search lacks is marked under it.
    passage, marks = out.splitlines()
    assert marks.index("^") == passage.index("again") and marks.endswith("^^^^^")
    assert "no exact match in 'news-a' (sources/news-a.txt)" in err
    assert 'closest passage is shown above: the source also has "again"' in err


@pytest.mark.parametrize(
    ("words", "passage", "said"),
    [
        # On word boundaries, without the quote marks around the source's words.
        (
            "it is necessary to reach an agreement",
            "it’s necessary to reach an agreement",
            '"it is" is "it\'s" in the source',
        ),
        ("closing in on a agreement", "closing in on a deal", '"agreement" is "deal"'),
        ("criminalizing working persons", "criminalizing working people", '"persons" is "people'),
    ],
)
def test_a_near_miss_is_whole_words_ready_to_paste_with_the_differences_named(
    cli, words, passage, said
):
    source = "wire-2025-03-04-monterrey-talks"
    code, out, err = cli("--root", FIXTURES / "kinds", "quote", "find", source, words)
    assert code == 1
    ((_, found),) = located(out)
    assert found == passage
    assert said in err


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["news-b", "words"], 2, "unknown source 'news-b'. Did you mean 'news-a'?"),
        (["news-a", "   "], 2, "give the words to look for"),
    ],
)
def test_quote_find_bad_requests(cli, mini: Path, args, code, message):
    status, out, err = cli("--root", mini, "quote", "find", *args)
    assert status == code and message in err and "Traceback" not in out + err


def test_quote_find_works_on_a_source_entry_still_being_filled_in(cli, mini: Path, tmp_path):
    capture = tmp_path / "c.txt"
    capture.write_text("Line one.\nThe words we want.\n")
    args = ["--publisher", "P", "--published", "2025-06-12"]
    assert cli("--root", mini, "new", "source", capture, "--id", "draft", *args)[0] == 0
    code, out, _ = cli("--root", mini, "quote", "find", "draft", "words we want")
    assert code == 0 and located(out) == [("sources/draft.txt:2:5", "words we want")]


def test_quote_find_reports_a_missing_snapshot(cli, mini: Path):
    (mini / "sources" / "news-a.txt").unlink()
    code, _, err = cli("--root", mini, "quote", "find", "news-a", "words")
    assert code == 1 and "archive 'sources/news-a.txt' does not exist" in err


@pytest.mark.parametrize(
    "path",
    sorted(FIXTURES.glob("*/sources/*.txt")),
    ids=lambda p: p.name,
)
def test_fold_is_check_normalize_with_a_map_back(path: Path):
    raw = path.read_text(encoding="utf-8")
    text, where = fold(raw)
    assert text == normalize(raw) and len(where) == len(text)
    for i in range(0, len(text), 97):
        if text[i] != " ":
            assert normalize(raw[where[i]]) == text[i]


ELIDED = normalize(
    "The minister said: “We will share the plan with the United States … and we will do it "
    "soon.” Then he left."
)


@pytest.mark.parametrize("elision", ["…", "...", ". . .", "[…]", "[...]", "(…)", "(...)", "...."])
def test_every_way_of_typing_an_elision_is_one_elision(elision):
    from briefgen.catalog.snapshots import closest_passage, quote_pattern

    # In matching: it stands for the words left out, or for the source's own ellipsis.
    for quote in (
        f"We will share the plan {elision} we will do it soon",
        f"the United States {elision} and we will do it soon",
        f"the United States{elision} and we will do it soon",
    ):
        assert quote_pattern(quote).search(ELIDED), quote
    # In a near miss: never named as a difference, only the word that is one.
    wrong = f"We will share the plan {elision} we will do it today"
    assert not quote_pattern(wrong).search(ELIDED)
    assert closest_passage(normalize(wrong), ELIDED) == (
        '"We will share the plan with the United States … and we will do it soon." '
        '("today" is "soon." in the source)'
    )
