"""The manifest read as typed records and written back byte for byte; failures said from records."""

import json
import shutil
from pathlib import Path

from markupsafe import escape

from briefgen.build.manifest import load_manifest, manifest_bytes
from briefgen.render.templates import TEMPLATES

BASE = "https://example.org/briefs/"
LATER = "2025-07-01T00:00:00+00:00"  # every embargo of the mini fixture has lifted
LIVING = """kind: issue
title: "Migration, weekly"
date: 2025-06-09
as_of: 2025-06-03
topics: [immigration, trade]
summary: "Crossings fell by almost two-thirds in a month [@crossings-fell]."
prepared_for: "Office of Migration Policy"
"""


def manifest_of(root: Path) -> dict:
    return json.loads((root / "build" / "manifest.json").read_text(encoding="utf-8"))["briefs"]


def test_every_kind_of_entry_reads_back_to_the_bytes_it_was_written_with(mini: Path, cli):
    briefs = mini / "briefs"
    (briefs / "living.yaml").write_text(LIVING)
    assert cli("--root", mini, "build", "--format", "md")[0] == 0
    # The cut-off moves: the feed's news is recorded as what entered and left.
    (briefs / "living.yaml").write_text(LIVING.replace("as_of: 2025-06-03", "as_of: 2025-06-09"))
    assert cli("--root", mini, "build", "--format", "md")[0] == 0
    code, _, _ = cli("--root", mini, "generate", "--topic", "trade", "--as-of", "2025-06-12")
    assert code == 0
    talks = briefs / "border-talks.yaml"
    talks.write_text(talks.read_text().replace("facts: [crossings-fell]", "facts: [no-such]"))
    assert cli("--root", mini, "build", "--format", "md")[0] == 1

    entries = manifest_of(mini)
    assert entries["living"]["changes"]["entered"]  # news, a generated brief, a stale one
    assert entries["topic--trade--2025-06-12"]["generated"] is True
    assert entries["border-talks"]["status"] == "stale"
    manifest = load_manifest(mini / "build")
    assert manifest.problems == ()
    assert set(manifest.briefs) == set(entries)
    written = (mini / "build" / "manifest.json").read_bytes()
    assert manifest_bytes(manifest.briefs) == written


def test_an_entry_briefgen_did_not_write_is_rebuilt_and_refused_by_publish(mini: Path, cli):
    assert cli("--root", mini, "build", "--format", "md")[0] == 0
    path = mini / "build" / "manifest.json"
    data = json.loads(path.read_text())
    del data["briefs"]["border-talks"]["kind"]
    data["briefs"]["migration-june"]["topics"] = "migration"
    path.write_text(json.dumps(data))

    code, _, err = cli("--root", mini, "publish", "--base-url", BASE, "--now", LATER)
    assert code == 1 and "refusing to publish" in err
    assert "border-talks: the kind is missing or malformed" in err
    assert "migration-june: the topics is missing or malformed" in err
    assert not (mini / "site").exists()

    code, out, _ = cli("--root", mini, "build", "--format", "md")
    assert code == 0
    assert "built    border-talks (md)" in out and "built    migration-june (md)" in out
    code, out, _ = cli("--root", mini, "publish", "--base-url", BASE, "--now", LATER)
    assert code == 0 and "published 2 of 2 briefs" in out


def test_a_brief_a_template_stops_is_stale_with_the_template_error_and_held_back(mini, cli):
    assert cli("--root", mini, "build", "--format", "md")[0] == 0
    shutil.copytree(TEMPLATES, mini / "templates")
    base = mini / "templates" / "md" / "base.md.j2"
    base.write_text(base.read_text() + "\n{% if %}\n")

    code, out, _ = cli("--root", mini, "build", "--format", "md", "--jobs", "1")
    assert code == 1
    # The report says it in full: the error, where in the template, and its fix.
    assert "FAILED   border-talks: " in out and "template error: " in out
    assert "correct the template's syntax" in out
    failure = manifest_of(mini)["border-talks"]["failure"]
    assert failure.startswith(f"{base}:") and ": template error: " in failure
    assert "\n" not in failure
    index = (mini / "build" / "index.html").read_text()
    assert f"the last build failed ({escape(failure)})" in index

    code, out, _ = cli("--root", mini, "publish", "--base-url", BASE, "--now", LATER)
    assert code == 0 and f"border-talks: its last build failed: {failure}" in out


def test_each_error_is_said_once_whether_a_brief_failed_on_it_or_none_did(mini: Path, cli):
    catalog = mini / "sources.yaml"
    catalog.write_text(
        catalog.read_text().replace(
            "quotes:\n",
            "  - id: nobody-uses-this\n"
            '    text: "A fact no brief picks."\n'
            "    date: 2025-06-01\n"
            "    topics: [labor-pathways]\n"
            "    priority: 3\n"
            "    cite:\n"
            "      - source: news-a\n"
            '        evidence: "words the snapshot does not hold"\n'
            "quotes:\n",
            1,
        )
    )
    talks = mini / "briefs" / "border-talks.yaml"
    talks.write_text(talks.read_text().replace("facts: [crossings-fell]", "facts: [no-such]"))
    code, out, _ = cli("--root", mini, "build", "--format", "md")
    assert code == 1
    lines = out.splitlines()
    # The brief's own error is said under its FAILED line, and not again after it.
    pick = [line for line in lines if "no-such" in line and ": error: " in line]
    assert len(pick) == 1 and pick[0].startswith("  briefs/border-talks.yaml:")
    # The broken fact no brief uses still fails the build, said once, after the briefs.
    loose = [line for line in lines if "nobody-uses-this" in line]
    assert len(loose) == 1 and loose[0].startswith("sources.yaml:")
    assert lines[-1].startswith("2 briefs: 1 built, 0 unchanged, 1 failed")
