import textwrap
from pathlib import Path

import pytest

from briefgen.catalog.load import load_catalog
from briefgen.catalog.project import load_project


def write(root: Path, text: str) -> None:
    (root / "sources.yaml").write_text(textwrap.dedent(text), encoding="utf-8")


def test_mini_catalog_loads_into_records_with_lines(mini: Path):
    catalog, findings = load_catalog(mini)
    assert findings == []
    fact = catalog.facts["crossings-fell"]
    assert fact.loc.path == "sources.yaml" and fact.loc.line == 26
    assert fact.cite[0].source == "news-a"
    assert fact.date.isoformat() == "2025-05-30"
    assert catalog.sources["brief-b"].embargo_until.isoformat() == "2025-06-10T05:00:00-04:00"
    assert catalog.topic_key("Immigration") == "migration"


def test_brief_as_of_defaults_to_date(mini: Path):
    project = load_project(mini)
    brief = project.briefs["migration-june"]
    assert brief.as_of == brief.date
    assert project.briefs["border-talks"].as_of.isoformat() == "2025-06-09"


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("topics: {}\nsources:\n  - id: Bad_Id\n", "sources.yaml:3:9", "not a slug"),
        ("topics: {}\nfacts:\n  - id: a\n    txet: x\n", "sources.yaml:4:5", "did you mean 'text'"),
        ("topics: {}\nfacts:\n  - id: a\n    date: 2025-13-01\n", "sources.yaml:4:11", "date"),
        ("topics: [a, b\n", "sources.yaml:2:1", "YAML syntax"),
        ("topics: !!python/object/apply:os.system ['true']\n", "sources.yaml:1:9", "tag"),
        ("a: &x [1]\nb: *x\n", "sources.yaml:2:4", "aliases"),
    ],
)
def test_malformed_catalog_is_reported_at_its_line(mini: Path, text, where, message):
    write(mini, text)
    _, findings = load_catalog(mini)
    shown = [str(f) for f in findings]
    assert any(s.startswith(where) and message in s for s in shown), shown


def test_non_utf8_catalog_points_at_the_bad_byte(mini: Path):
    (mini / "sources.yaml").write_bytes(b"topics: {}\nsources: []\n# caf\xe9\n")
    _, findings = load_catalog(mini)
    assert str(findings[0]).startswith("sources.yaml:3:6: error: byte 0xe9 is not valid UTF-8")
