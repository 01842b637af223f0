"""`briefgen list`: briefs, topics and sources as before; facts and quotes filtered; JSON."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen.catalog.load import load_catalog


def lines(out: str) -> list[list[str]]:
    return [line.split("\t") for line in out.splitlines()]


def test_facts_print_id_date_claimant_and_text_newest_first(cli, mini: Path):
    code, out, err = cli("--root", mini, "list", "facts")
    assert code == 0, err
    rows = lines(out)
    catalog, _ = load_catalog(mini)
    assert [r[0] for r in rows] == [
        f.id for f in sorted(catalog.facts.values(), key=lambda f: (-f.date.toordinal(), f.id))
    ]
    fact = catalog.facts[rows[0][0]]
    assert rows[0] == [fact.id, fact.date.isoformat(), fact.claimed_by or "", fact.text]


def test_every_filter_narrows_and_they_combine(cli, mini: Path):
    path = mini / "sources.yaml"
    text = path.read_text(encoding="utf-8")
    marker = "  - id: crossings-fell\n"
    path.write_text(
        text.replace(marker, marker + '    claimed_by: "Border officials"\n'), encoding="utf-8"
    )
    catalog, _ = load_catalog(mini)
    facts = catalog.facts.values()

    def ids(*args: str) -> set[str]:
        code, out, err = cli("--root", mini, "list", "facts", *args)
        assert code == 0, err
        return {r[0] for r in lines(out)}

    # An alias stands for its topic, as everywhere else.
    assert ids("--topic", "immigration") == {f.id for f in facts if "migration" in f.topics}
    assert ids("--source", "news-a") == {
        f.id for f in facts if any(c.source == "news-a" for c in f.cite)
    }
    assert ids("--since", "2025-06-01") == {
        f.id for f in facts if f.date.isoformat() >= "2025-06-01"
    }
    assert ids("--until", "2025-05-30") == {
        f.id for f in facts if f.date.isoformat() <= "2025-05-30"
    }
    claimed = {f.id for f in facts if f.claimed_by and "officials" in f.claimed_by.lower()}
    assert claimed and ids("--speaker", "OFFICIALS") == claimed
    assert ids("--search", "crossings FELL") == {"crossings-fell"}
    assert ids("--topic", "migration", "--search", "crossings", "--until", "2025-05-29") == set()


def test_quotes_filter_by_speaker_and_words_accents_and_quote_marks_aside(cli, mini: Path):
    catalog, _ = load_catalog(mini)
    quote = next(iter(catalog.quotes.values()))
    word = quote.text.split()[1]
    code, out, err = cli("--root", mini, "list", "quotes", "--speaker", quote.speaker.split()[-1],
                         "--search", word.upper())  # fmt: skip
    assert code == 0, err
    assert [r[0] for r in lines(out)] == [quote.id]
    assert lines(out)[0][2] == quote.speaker

    path = mini / "sources.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(quote.speaker, "José López"), encoding="utf-8")
    code, out, _ = cli("--root", mini, "list", "quotes", "--speaker", "jose lopez")
    assert code == 0 and [r[0] for r in lines(out)] == [quote.id]


def test_json_has_a_stable_documented_shape(cli, mini: Path):
    code, out, err = cli("--root", mini, "list", "facts", "--json", "--topic", "trade")
    assert code == 0, err
    doc = json.loads(out)
    assert list(doc) == ["shape", "kind", "filters", "count", "items"]
    assert doc["shape"] == 1 and doc["kind"] == "facts" and doc["filters"] == {"topic": "trade"}
    assert doc["count"] == len(doc["items"]) > 0
    assert list(doc["items"][0]) == [
        "id", "date", "claimed_by", "text", "topics", "priority", "sources", "where",
    ]  # fmt: skip
    assert doc["items"][0]["where"].startswith("sources.yaml:")
    code, out, _ = cli("--root", mini, "list", "quotes", "--json")
    item = json.loads(out)["items"][0]
    assert list(item) == [
        "id", "date", "speaker", "role", "text", "context", "topics", "priority", "source",
        "said_in", "translated_by", "where",
    ]  # fmt: skip
    for kind, first in (("briefs", "id"), ("topics", "key"), ("sources", "id")):
        code, out, err = cli("--root", mini, "list", kind, "--json")
        assert code == 0, err
        doc = json.loads(out)
        assert doc["kind"] == kind and doc["count"] == len(doc["items"]) > 0
        assert next(iter(doc["items"][0])) == first


def test_briefs_topics_and_sources_print_as_before(cli, mini: Path):
    code, out, _ = cli("--root", mini, "list", "briefs")
    assert code == 0
    from briefgen.catalog.project import load_project

    briefs = load_project(mini).briefs.values()
    newest = sorted(briefs, key=lambda b: (b.date, b.id), reverse=True)
    assert lines(out) == [[b.id, b.date.isoformat(), b.kind, b.title] for b in newest]
    code, out, _ = cli("--root", mini, "list", "topics")
    assert "migration\tMigration (also: immigration)" in out.splitlines()
    code, out, _ = cli("--root", mini, "list", "sources", "--since", "2025-06-05")
    assert [r[0] for r in lines(out)] == ["brief-b"]
    # A brief's topics may be aliases ("tariffs"): the filter takes them for their key.
    code, out, _ = cli("--root", mini, "list", "briefs", "--topic", "trade")
    assert [r[0] for r in lines(out)] == ["border-talks"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("facts", "--topic", "migrashun"), "unknown topic 'migrashun'. Did you mean 'migration'?"),
        (("facts", "--source", "news-aa"), "unknown source 'news-aa'. Did you mean 'news-a'?"),
        (("quotes", "--since", "2025-13-01"), "--since '2025-13-01' is not a date"),
        (("facts", "--since", "2025-06-02", "--until", "2025-06-01"), "is after --until"),
        (("topics", "--speaker", "x"), "--speaker applies to facts and quotes, not to topics"),
        (("facts", "--limit", "-1"), "--limit must be 0 (all) or more"),
        (("everything",), "cannot list 'everything'"),
    ],
)
def test_unknown_names_and_bad_dates_exit_2_with_the_closest(cli, mini: Path, args, message):
    code, _, err = cli("--root", mini, "list", *args)
    assert code == 2
    assert message in err


@pytest.mark.slow
def test_a_terminal_gets_a_table_and_a_count_of_what_is_left(mini: Path, tmp_path: Path):
    if shutil.which("script") is None:
        pytest.skip("needs script(1) to give briefgen a terminal")
    env = {**os.environ, "COLUMNS": "120", "TERM": "xterm"}
    env.pop("CI", None)
    command = f"{sys.executable} -m briefgen --root {mini} list facts --limit 2"
    result = subprocess.run(
        ["script", "-qec", command, "/dev/null"],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout
    screen = result.stdout
    assert "┏━" in screen and "claimed by" in screen and "text" in screen
    total = len(load_catalog(mini)[0].facts)
    assert f"… and {total - 2:,} more fact" in screen
