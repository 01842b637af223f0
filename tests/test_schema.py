import json
import textwrap
from pathlib import Path

import pytest
from conftest import FIXTURES, PROJECTS, REPO
from jsonschema import Draft7Validator

from briefgen.authoring.json_schema import (
    BRIEF_SCHEMA,
    SOURCES_SCHEMA,
    brief_schema,
    dumps,
    load_for_validation,
    sources_schema,
)
from briefgen.catalog.briefs import load_brief
from briefgen.catalog.fields import (
    BRIEF_FIELDS,
    CITE_FIELDS,
    FACT_FIELDS,
    QUOTE_FIELDS,
    SOURCE_FIELDS,
    TOPIC_FIELDS,
)
from briefgen.catalog.load import load_catalog


def validator(schema: dict) -> Draft7Validator:
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema, format_checker=Draft7Validator.FORMAT_CHECKER)


def errors(schema: dict, data) -> list[str]:
    return [e.message for e in validator(schema).iter_errors(data)]


def fixture_yaml() -> list[Path]:
    """The catalog and brief files of every fixture project."""
    files = []
    for project in PROJECTS:
        files += [FIXTURES / project / "sources.yaml"]
        files += sorted((FIXTURES / project / "briefs").glob("*.yaml"))
    return files


def test_schema_command_writes_both_schemas_deterministically(cli, mini: Path):
    code, out, _ = cli("--root", mini, "schema")
    assert code == 0
    assert "wrote: schema/sources.schema.json" in out
    assert "wrote: schema/brief.schema.json" in out
    first = {p.name: p.read_bytes() for p in (mini / "schema").iterdir()}
    assert set(first) == {SOURCES_SCHEMA, BRIEF_SCHEMA}
    for data in first.values():
        text = data.decode()
        assert (
            text
            == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        )

    code, out, _ = cli("--root", mini, "schema")
    assert code == 0 and "unchanged: schema/sources.schema.json" in out
    assert {p.name: p.read_bytes() for p in (mini / "schema").iterdir()} == first

    code, out, _ = cli("--root", mini, "schema", "--check")
    assert code == 0 and "up to date: schema/brief.schema.json" in out
    (mini / "schema" / BRIEF_SCHEMA).write_text("{}\n")
    code, _, err = cli("--root", mini, "schema", "--check")
    assert code == 1
    assert "out of date: schema/brief.schema.json" in err and "briefgen schema" in err
    assert (mini / "schema" / BRIEF_SCHEMA).read_text() == "{}\n"  # --check writes nothing


def test_shipped_schema_files_match_the_field_specs():
    assert (REPO / "schema" / SOURCES_SCHEMA).read_text() == dumps(sources_schema())
    assert (REPO / "schema" / BRIEF_SCHEMA).read_text() == dumps(brief_schema())


@pytest.mark.parametrize(
    ("fields", "where"),
    [
        (TOPIC_FIELDS, ("definitions", "topic")),
        (SOURCE_FIELDS, ("definitions", "source")),
        (CITE_FIELDS, ("definitions", "citation")),
        (FACT_FIELDS, ("definitions", "fact")),
        (QUOTE_FIELDS, ("definitions", "quote")),
    ],
)
def test_every_catalog_field_is_in_the_schema_with_its_doc(fields, where):
    record = sources_schema()
    for key in where:
        record = record[key]
    assert list(record["properties"]) == [f.name for f in fields]
    assert record["required"] == [f.name for f in fields if f.required]
    assert record["additionalProperties"] is False
    for f in fields:
        assert f.json is not None, f.name
        assert record["properties"][f.name]["description"] == f.doc


def test_every_brief_field_is_in_the_schema():
    schema = brief_schema()
    assert list(schema["properties"]) == [f.name for f in BRIEF_FIELDS]
    assert schema["required"] == ["kind", "title", "date", "prepared_for"]


@pytest.mark.parametrize("path", fixture_yaml(), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_the_editor_schemas_accept_every_file_check_passes(path: Path):
    # The fixture projects pass `briefgen check --strict` (test_catalog.py): the schemas
    # editors validate with must not refuse what briefgen accepts.
    schema = sources_schema() if path.name == "sources.yaml" else brief_schema()
    assert errors(schema, load_for_validation(path)) == []


CATALOG_OK = """\
topics:
  migration: {label: Migration, aliases: immigration}
sources:
  - id: a-source
    title: A title
    publisher: A publisher
    published: 2025-06-02
    kind: news
    archive: sources/a.txt
    reliability: medium
    reliability_note: a copy
    author:
    embargo_until: 2025-06-10T05:00:00-04:00
facts:
  - id: a-fact
    text: A claim.
    date: 2025-06-01
    topics: migration
    cite: {source: a-source, evidence: words}
quotes:
"""


def test_schema_accepts_what_the_loader_accepts(tmp_path: Path):
    (tmp_path / "sources.yaml").write_text(CATALOG_OK)
    catalog, findings = load_catalog(tmp_path)
    assert findings == [] and "a-fact" in catalog.facts
    assert errors(sources_schema(), load_for_validation(tmp_path / "sources.yaml")) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("kind: news", "kind: newz"), "'newz' is not one of"),
        (("id: a-source", "id: A_Source"), "does not match"),
        (("    title: A title\n", ""), "'title' is a required property"),
        (("author:", "auhtor: X"), "Additional properties are not allowed ('auhtor'"),
        (("published: 2025-06-02", "published: 2025-13-02"), "is not a 'date'"),
        (("2025-06-10T05:00:00-04:00", "2025-06-10T05:00:00"), "does not match"),
        (("    text: A claim.", "    text: ''"), "should be non-empty"),
        (("cite: {source: a-source, evidence: words}", "cite: []"), "is not valid under any"),
    ],
)
def test_schema_rejects_what_the_loader_rejects(tmp_path: Path, change, message):
    (tmp_path / "sources.yaml").write_text(CATALOG_OK.replace(*change))
    _, findings = load_catalog(tmp_path)
    assert [f for f in findings if f.severity == "error"], change
    shown = errors(sources_schema(), load_for_validation(tmp_path / "sources.yaml"))
    assert any(message in e for e in shown), shown


def test_brief_schema_follows_the_brief_loader(tmp_path: Path):
    brief = tmp_path / "briefs" / "x.yaml"
    brief.parent.mkdir()
    brief.write_text(
        textwrap.dedent(
            """\
            kind: issue
            title: X
            date: 2025-06-05
            prepared_for: Staff
            location:
            topics: migration
            talking_points: ["One."]
            """
        )
    )
    loaded, findings = load_brief(brief, tmp_path)
    assert loaded is not None and findings == []
    assert errors(brief_schema(), load_for_validation(brief)) == []
    brief.write_text("kind: briefing\ndate: 2025-06-05\n")
    loaded, _ = load_brief(brief, tmp_path)
    assert loaded is None
    shown = errors(brief_schema(), load_for_validation(brief))
    assert any("'briefing' is not one of" in e for e in shown)
    assert any("'title' is a required property" in e for e in shown)
    assert any("'prepared_for' is a required property" in e for e in shown)
