"""The record models are the one definition: the loader and editor schema agree on series too."""

from pathlib import Path

import pytest
from jsonschema import Draft7Validator

from briefgen.authoring.json_schema import load_for_validation, sources_schema
from briefgen.catalog.load import load_catalog
from briefgen.catalog.points import PointEntry, SeriesEntry
from briefgen.catalog.reading import keys_of

SERIES_OK = """\
topics:
  migration: {label: Migration}
sources:
  - id: s1
    title: A title
    publisher: A publisher
    published: 2025-06-02
    kind: news
    archive: sources/a.txt
    reliability: high
series:
  - id: se1
    title: A chart
    unit: things
    chart: line
    priority: 2
    points:
      - {label: May, value: 1.50, date: 2025-05-31, cite: {source: s1, evidence: w}}
      - label: June
        value: 2
        date:
        cite:
          source: s1
          evidence: w
"""


def schema_errors(path: Path) -> list[str]:
    validator = Draft7Validator(sources_schema(), format_checker=Draft7Validator.FORMAT_CHECKER)
    return [e.message for e in validator.iter_errors(load_for_validation(path))]


@pytest.mark.parametrize(("entry", "name"), [(SeriesEntry, "series"), (PointEntry, "point")])
def test_series_and_points_are_in_the_schema_with_their_docs(entry, name):
    record = sources_schema()["definitions"][name]
    keys = keys_of(entry)
    assert list(record["properties"]) == [k.name for k in keys]
    assert record["required"] == [k.name for k in keys if k.required]
    assert record["additionalProperties"] is False
    for key in keys:
        assert record["properties"][key.name]["description"] == key.doc


def test_a_series_the_loader_reads_the_schema_accepts(tmp_path: Path):
    (tmp_path / "sources.yaml").write_text(SERIES_OK)
    catalog, findings = load_catalog(tmp_path)
    assert findings == []
    points = catalog.series["se1"].points
    assert [str(p.value) for p in points] == ["1.50", "2"]  # as written
    assert points[1].date is None and points[1].cite.evidence == "w"
    assert schema_errors(tmp_path / "sources.yaml") == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("    points:\n", "    pointz:\n"), "'points' is a required property"),
        (("value: 1.50", "value: '1,234'"), "is not of type 'number'"),
        (("value: 1.50", "value: -1"), "is less than the minimum of 0"),
        (("chart: line", "chart: pie"), "'pie' is not one of"),
        (("cite: {source: s1, evidence: w}", "cite: [{source: s1, evidence: w}]"), "not of type"),
        (("{label: May, ", "{"), "'label' is a required property"),
        (("    priority: 2\n", "    priority: 4\n"), "4 is not one of"),
    ],
)
def test_a_series_the_loader_refuses_the_schema_refuses(tmp_path: Path, change, message):
    (tmp_path / "sources.yaml").write_text(SERIES_OK.replace(*change))
    _, findings = load_catalog(tmp_path)
    assert [f for f in findings if f.severity == "error"], change
    shown = schema_errors(tmp_path / "sources.yaml")
    assert any(message in e for e in shown), shown


def test_an_empty_points_list_is_refused_by_both(tmp_path: Path):
    text = SERIES_OK.split("    points:\n")[0] + "    points: []\n"
    (tmp_path / "sources.yaml").write_text(text)
    _, findings = load_catalog(tmp_path)
    assert [f.message for f in findings] == ["series 'se1': 'points' should be a list of points"]
    assert any("should be non-empty" in e for e in schema_errors(tmp_path / "sources.yaml"))
