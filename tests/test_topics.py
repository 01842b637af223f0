"""`briefgen new topic`, and the topics `new fact` and `new quote` accept."""

from pathlib import Path

import pytest

from briefgen.catalog.load import load_catalog


def source_words(root: Path) -> str:
    """Return words of news-a's snapshot that a fact can cite."""
    text = (root / "sources" / "news-a.txt").read_text(encoding="utf-8")
    return " ".join(text.split()[:12])


def test_new_topic_appends_to_the_vocabulary_and_leaves_the_rest_as_it_was(cli, mini: Path):
    path = mini / "sources.yaml"
    before = path.read_text(encoding="utf-8")
    code, out, err = cli(
        "--root", mini, "new", "topic", "water", "--label", "Water sharing",
        "--aliases", "water-treaty,rivers",
    )  # fmt: skip
    assert code == 0, err
    after = path.read_text(encoding="utf-8")
    added = '  water: {label: "Water sharing", aliases: [water-treaty, rivers]}\n'
    at = before.index("sources:\n")
    assert after == before[:at] + added + before[at:]
    line = after.splitlines().index(added.rstrip("\n")) + 1
    assert f"Added topic 'water' to sources.yaml at line {line}." in out
    catalog, findings = load_catalog(mini)
    assert catalog.topics["water"].aliases == ("water-treaty", "rivers")
    assert catalog.topic_key("RIVERS") == "water"
    assert not [f for f in findings if f.severity == "error"]


@pytest.mark.parametrize(
    "text",
    [
        "sources: []\n",
        "topics:\nsources: []\n",
        "topics: {}\nsources: []\n",
        "# only a comment\n",
        "topics:\n    a:\n        label: A\n        aliases: [aa]\n\n# sources next\nsources: []\n",
    ],
)
def test_new_topic_fits_any_catalog_layout(cli, tmp_path: Path, text: str):
    (tmp_path / "sources.yaml").write_text(text, encoding="utf-8")
    code, _, err = cli("--root", tmp_path, "new", "topic", "water", "--label", "Water")
    assert code == 0, err
    catalog, findings = load_catalog(tmp_path)
    assert catalog.topics["water"].label == "Water"
    assert not [f for f in findings if f.severity == "error"]
    # Every line written before is still there, in its order (`topics: {}` loses its {}).
    after = (tmp_path / "sources.yaml").read_text(encoding="utf-8").splitlines()
    kept = iter(after)
    for line in text.replace("topics: {}", "topics:").splitlines():
        assert line in kept, line


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("migration", "--label", "X"), 1, "'migration' is already a topic in sources.yaml"),
        (("moves", "--label", "X", "--aliases", "immigration"), 1,
         "'immigration' already names topic 'migration'"),
        (("moves", "--label", "Migration"), 1, "topic 'migration' has the label 'Migration'"),
        (("Water Rights", "--label", "X"), 2, "topic key 'Water Rights' is not a slug"),
        (("water", "--label", "X", "--aliases", "Water Rights"), 2, "alias 'Water Rights'"),
        (("water", "--label", "  "), 2, "--label is empty"),
    ],
)  # fmt: skip
def test_new_topic_refuses_a_name_taken_or_malformed_and_writes_nothing(
    cli, mini: Path, args, code, message
):
    before = (mini / "sources.yaml").read_bytes()
    got, _, err = cli("--root", mini, "new", "topic", *args)
    assert got == code
    assert message in err
    assert (mini / "sources.yaml").read_bytes() == before


def test_new_fact_and_quote_refuse_an_unknown_topic_with_the_closest(cli, mini: Path):
    before = (mini / "sources.yaml").read_bytes()
    code, _, err = cli(
        "--root", mini, "new", "fact", "f-new", "--source", "news-a", "--evidence",
        source_words(mini), "--topics", "migrashun",
    )  # fmt: skip
    assert code == 2
    assert "unknown topic 'migrashun'. Did you mean 'migration'?" in err
    assert "add it first: `briefgen new topic migrashun --label" in err
    code, _, err = cli(
        "--root", mini, "new", "quote", "q-new", "--source", "news-a", "--words",
        source_words(mini), "--topics", "trade,tarifs",
    )  # fmt: skip
    assert code == 2 and "unknown topic 'tarifs'. Did you mean 'tariffs'?" in err
    assert (mini / "sources.yaml").read_bytes() == before


def test_new_fact_takes_aliases_and_writes_their_keys(cli, mini: Path):
    code, _, err = cli(
        "--root", mini, "new", "fact", "f-new", "--source", "news-a", "--evidence",
        source_words(mini), "--topics", "Immigration, tariffs",
    )  # fmt: skip
    assert code == 0, err
    assert "    topics: [migration, trade]\n" in (mini / "sources.yaml").read_text("utf-8")


def test_new_quote_takes_the_translation_options(cli, mini: Path):
    code, _, err = cli(
        "--root", mini, "new", "quote", "q-new", "--source", "news-a", "--words",
        source_words(mini), "--speaker", "Ana Ruiz", "--role", "Minister", "--date",
        "2025-06-01", "--said-in", "es", "--translated-by", "Example News",
    )  # fmt: skip
    assert code == 0, err
    catalog, _ = load_catalog(mini)
    quote = catalog.quotes["q-new"]
    assert (quote.said_in, quote.translated_by) == ("es", "Example News")
    code, _, err = cli(
        "--root", mini, "new", "quote", "q-two", "--source", "news-a", "--words",
        source_words(mini), "--said-in", "Spanish",
    )  # fmt: skip
    assert code == 2 and "--said-in 'Spanish' is not a language code" in err
