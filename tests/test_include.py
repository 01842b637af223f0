"""A catalog spread over several files with include:, each file loaded and checked on its own."""

import os
import shutil
from pathlib import Path

import pytest

from briefgen.build.check import check
from briefgen.catalog.project import load_project


def split(root: Path) -> None:
    """Move the mini catalog's facts and quotes into two included files."""
    text = (root / "sources.yaml").read_text()
    head, rest = text.split("facts:\n", 1)
    facts, quotes = rest.split("quotes:\n", 1)
    (root / "catalog").mkdir()
    (root / "catalog" / "facts.yaml").write_text("facts:\n" + facts)
    (root / "catalog" / "quotes.yaml").write_text("quotes:\n" + quotes)
    (root / "sources.yaml").write_text(head + "include: [catalog/*.yaml]\n")


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


@pytest.mark.slow
def test_a_split_catalog_checks_and_builds_as_the_single_file_does(mini, tmp_path, cli):
    whole = tmp_path / "whole"
    shutil.copytree(mini, whole)
    split(mini)
    for root in (whole, mini):
        code, out, _ = cli("--root", root, "check")
        assert code == 0 and "check passed: 0 errors" in out
        assert cli("--root", root, "build", "--format", "md,html")[0] == 0
    for name in ("border-talks.md", "border-talks.html", "migration-june.md"):
        assert (mini / "build" / name).read_bytes() == (whole / "build" / name).read_bytes()


def test_an_error_in_an_included_file_points_at_that_file(mini, cli):
    split(mini)
    facts = mini / "catalog" / "facts.yaml"
    facts.write_text(facts.read_text().replace("date: 2025-06-02", "date: June 2nd", 1))
    code, out, _ = cli("--root", mini, "check")
    assert code == 1
    line = line_of(facts, "date: June 2nd")
    assert f"catalog/facts.yaml:{line}:11: error: fact 'meet-again-july': 'date'" in out


def test_an_id_defined_in_two_files_is_an_error_naming_both(mini, cli):
    split(mini)
    quotes = mini / "catalog" / "quotes.yaml"
    quotes.write_text(quotes.read_text().replace("id: minister-respect", "id: crossings-fell"))
    code, out, _ = cli("--root", mini, "check")
    assert code == 1
    assert "quote id 'crossings-fell' is also a fact id" in out
    extra = mini / "catalog" / "more.yaml"
    extra.write_text((mini / "catalog" / "facts.yaml").read_text())
    code, out, _ = cli("--root", mini, "check")
    first = line_of(mini / "catalog" / "facts.yaml", "id: crossings-fell")
    assert (
        f"catalog/more.yaml:{first}:5: error: fact id 'crossings-fell' is defined twice "
        f"(the first is at catalog/facts.yaml:{first}:5; rename or remove one)"
    ) in out


@pytest.mark.parametrize("pattern", ["../outside/*.yaml", "/etc/*.yaml", "link/*.yaml"])
def test_an_include_outside_the_project_is_refused(mini, tmp_path, cli, pattern):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.yaml").write_text("facts: []\n")
    os.symlink(outside, mini / "link")
    catalog = mini / "sources.yaml"
    catalog.write_text(catalog.read_text() + f"include: ['{pattern}']\n")
    code, out, _ = cli("--root", mini, "check")
    assert code == 1
    line = line_of(catalog, "include:")
    (error,) = [row for row in out.splitlines() if "include '" in row]
    assert error.startswith(f"sources.yaml:{line}:") and ": error: " in error
    assert "not a path inside the project" in error or "leads outside the project" in error


def test_sections_that_belong_in_sources_yaml_are_refused_elsewhere(mini, cli):
    split(mini)
    quotes = mini / "catalog" / "quotes.yaml"
    quotes.write_text("topics:\n  energy: {label: Energy}\n" + quotes.read_text())
    code, out, _ = cli("--root", mini, "check")
    assert code == 1
    assert (
        "catalog/quotes.yaml:1:1: error: 'topics' belongs in sources.yaml, not in an included "
        "file (move it to sources.yaml)"
    ) in out


def test_a_pattern_that_matches_nothing_is_a_warning(mini, cli):
    catalog = mini / "sources.yaml"
    catalog.write_text(catalog.read_text() + "include: [more/*.yaml]\n")
    code, out, _ = cli("--root", mini, "check")
    assert code == 0
    assert "warning: include 'more/*.yaml' matches no file (check the pattern" in out


def test_an_edit_to_one_file_parses_and_checks_that_file_alone(mini, tmp_path, monkeypatch):
    # Each file's parse and its check are cache entries of their own, named by what they were
    # made from: what an edit makes anew is counted in the cache folder.
    folder = tmp_path / "cache"
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(folder))
    split(mini)

    def entries() -> dict[str, int]:
        return {p.name: p.stat().st_ino for p in folder.glob("*.pickle")}

    first = check(load_project(mini))
    made = entries()
    kinds = sorted(name.split("-")[0] for name in made)
    assert kinds == ["catalog"] * 3 + ["check"] * 3  # a parse and a check for each file

    facts = mini / "catalog" / "facts.yaml"
    facts.write_text(facts.read_text().replace("priority: 3", "priority: 2"))
    again = check(load_project(mini))
    after = entries()
    new = sorted(name.split("-")[0] for name in after.keys() - made.keys())
    assert new == ["catalog", "check"]  # facts.yaml parsed and checked again, nothing else
    assert {name: after[name] for name in made} == made  # no other entry written again
    assert [str(f) for f in again] == [str(f) for f in first]


def test_quote_find_looks_in_sources_of_included_files(mini, cli):
    catalog = mini / "sources.yaml"
    head, rest = catalog.read_text().split("  - id: brief-b\n", 1)
    sources_b, tail = rest.split("facts:\n", 1)
    (mini / "catalog").mkdir()
    (mini / "catalog" / "b.yaml").write_text("sources:\n  - id: brief-b\n" + sources_b)
    catalog.write_text(head + "facts:\n" + tail + "include: catalog/b.yaml\n")
    assert cli("--root", mini, "check")[0] == 0
    code, out, _ = cli("--root", mini, "quote", "find", "brief-b", "reached $800 billion")
    assert code == 0 and out.startswith("sources/brief-b.txt:")


def test_a_changed_source_rechecks_the_files_that_cite_it(mini, tmp_path, monkeypatch, cli):
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(tmp_path / "cache"))
    split(mini)
    assert cli("--root", mini, "check")[0] == 0
    catalog = mini / "sources.yaml"
    catalog.write_text(
        catalog.read_text().replace("published: 2025-06-09", "published: 2025-06-01")
    )
    code, out, _ = cli("--root", mini, "check")
    assert code == 1
    line = line_of(mini / "catalog" / "facts.yaml", "date: 2025-06-09")
    assert f"catalog/facts.yaml:{line}:11: error: fact 'trade-800bn' is dated 2025-06-09" in out
    snapshot = mini / "sources" / "news-a.txt"
    snapshot.write_text(snapshot.read_text().replace("agreed to meet again", "agreed to talk"))
    code, out, _ = cli("--root", mini, "check")
    assert "fact 'meet-again-july': evidence is not verbatim" in out


def test_new_source_refuses_an_id_an_included_file_holds(mini, tmp_path, cli):
    catalog = mini / "sources.yaml"
    head, rest = catalog.read_text().split("  - id: brief-b\n", 1)
    sources_b, tail = rest.split("facts:\n", 1)
    (mini / "catalog").mkdir()
    (mini / "catalog" / "b.yaml").write_text("sources:\n  - id: brief-b\n" + sources_b)
    catalog.write_text(head + "facts:\n" + tail + "include: [catalog/*.yaml]\n")
    capture = tmp_path / "capture.txt"
    capture.write_text("Words.\n")
    before = catalog.read_bytes()
    args = ["--id", "brief-b", "--publisher", "P", "--published", "2025-06-12"]
    code, _, err = cli("--root", mini, "new", "source", capture, *args)
    assert code == 1
    assert "source 'brief-b' is already in catalog/b.yaml: pick another id" in err
    assert catalog.read_bytes() == before


def test_a_pattern_stops_at_a_folder_linked_from_outside(mini, tmp_path, cli):
    """A link to a folder outside (to / at worst) is named once, and never walked: the
    machine's folders are not listed, one error each, in the project's log."""
    outside = tmp_path / "outside"
    for i in range(30):
        (outside / f"d{i}").mkdir(parents=True)
        (outside / f"d{i}" / "x.yaml").write_text("facts: []\n")
    (mini / "catalog").mkdir()
    os.symlink(outside, mini / "catalog" / "root")
    catalog = mini / "sources.yaml"
    catalog.write_text(catalog.read_text() + "include: ['catalog/**/*.yaml']\n")
    code, out, _ = cli("--root", mini, "check")
    assert code == 1
    rows = [row for row in out.splitlines() if "include '" in row]
    assert rows == [
        f"sources.yaml:{line_of(catalog, 'include:')}:11: error: include 'catalog/**/*.yaml': "
        "'catalog/root' leads outside the project (keep catalog files in the project folder)"
    ]
    assert "x.yaml" not in out
