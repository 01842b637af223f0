import datetime as dt
import json
from pathlib import Path

import pytest

from briefgen.catalog.fields import id_problem
from briefgen.catalog.load import load_catalog
from briefgen.plan.generate import generated_id, is_generated, issue_brief


def _generate(cli, root: Path, *args: str):
    return cli("--root", root, "generate", *args, "--format", "md,html")


def test_the_bottom_line_is_the_catalogs_best_newest_fact_cited_and_not_repeated(mini, cli):
    code, _, _ = _generate(cli, mini, "--topic", "migration", "--as-of", "2025-06-05")
    assert code == 0
    md = (mini / "build" / "topic--migration--2025-06-05.md").read_text()
    bottom, rest = md.split("## Bottom line", 1)[1].split("## Key facts", 1)
    # The priority-1 fact leads, in the catalog's words, with its footnote ...
    # ... dated where it is said ...
    assert (
        "Weekly crossings fell to 1,200 from 3,400 a month earlier, officials said "
        "(May 30, 2025).[^1]" in bottom
    )
    assert "Everything the catalog holds" not in md
    # ... and is not said twice on the page; the rest follow as key facts.
    assert "Weekly crossings" not in rest
    assert "agreed to meet again in July" in rest
    assert "**Prepared for:** Staff following Migration" in md


def test_two_facts_lead_a_topic_with_many(mini):
    catalog, _ = load_catalog(mini)
    import dataclasses

    base = catalog.facts["meet-again-july"]
    extra = {
        # Each its own claim: copies of one fact's words and evidence would be repeats.
        f"extra-{n}": dataclasses.replace(
            base,
            id=f"extra-{n}",
            date=dt.date(2025, 6, n),
            priority=2,
            text=f"Round {n} of the talks ended.",
            cite=(),
        )
        for n in (1, 3, 4)
    }
    bigger = dataclasses.replace(catalog, facts={**catalog.facts, **extra})
    made = issue_brief(bigger, "migration", dt.date(2025, 6, 5))
    # Priority first, then the newest: crossings-fell (p1), then the newest priority-2 fact.
    assert made.brief.lead == ("crossings-fell", "extra-4")
    assert made.brief.summary.count("[@") == 2
    assert made.latest == dt.date(2025, 6, 4)


def test_nothing_to_say_exits_1_with_the_dates_the_catalog_holds(mini, cli):
    code, _, err = _generate(cli, mini, "--topic", "migration", "--as-of", "2019-01-01")
    assert code == 1
    assert (
        "nothing to say on Migration as of January 1, 2019: the catalog holds 3 items on it, "
        "dated May 30, 2025 to June 2, 2025 (try --as-of 2025-06-02 or later)"
    ) in err
    assert not (mini / "build").exists() or not list((mini / "build").glob("topic--*"))
    # Items all of one day: that day, not "June 9, 2025 to June 9, 2025".
    code, _, err = _generate(cli, mini, "--topic", "trade", "--as-of", "2019-01-01")
    assert code == 1 and "on it, dated June 9, 2025 (try --as-of" in err


def test_an_old_record_says_so_in_its_title_dateline_and_on_the_terminal(mini, cli):
    code, out, err = _generate(cli, mini, "--topic", "trade", "--as-of", "2026-12-01")
    assert code == 0
    md = (mini / "build" / "topic--trade--2026-12-01.md").read_text()
    # Never "where things stand" when the newest item is older than the window.
    assert md.startswith("# Trade and tariffs: the record to June 2025, as of December 1, 2026\n")
    assert "where things stand" not in md
    assert (
        "Information as of December 1, 2026 · latest information: June 9, 2025 "
        "(the newest item is 18 months old)" in md
    )
    assert "latest information: June 9, 2025" in out
    assert (
        "note: the newest item on Trade and tariffs is dated June 9, 2025, about 18 months" in err
    )
    # A recent cut-off says where things stand, with the date on the page, and no note.
    code, out, err = _generate(cli, mini, "--topic", "trade", "--as-of", "2025-06-12")
    assert code == 0 and "note: the newest" not in err
    html = (
        (mini / "build" / "topic--trade--2025-06-12.html").read_text().replace("\u00a0", " ")
    )  # no-break spaces read as spaces
    assert "Trade and tariffs: where things stand on June 12, 2025" in html
    assert "latest information: June 9, 2025" in html and "months old" not in html


def test_an_as_of_in_the_future_is_refused(mini, cli):
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    code, out, err = _generate(cli, mini, "--topic", "trade", "--as-of", tomorrow.isoformat())
    assert code == 2 and out == ""
    assert f"--as-of {tomorrow} is in the future" in err
    assert not (mini / "build").exists()


def test_a_recent_item_outranks_an_old_one_of_higher_priority(mini):
    catalog, _ = load_catalog(mini)
    import dataclasses

    base = catalog.facts["meet-again-july"]
    old = dataclasses.replace(
        base,
        id="old-but-first",
        date=dt.date(2024, 1, 5),
        priority=1,
        text="The two governments first met in January 2024.",
        cite=(),
    )
    bigger = dataclasses.replace(catalog, facts={**catalog.facts, "old-but-first": old})
    made = issue_brief(bigger, "migration", dt.date(2025, 6, 5))
    # crossings-fell (p1, May 30) and meet-again-july (p3, June 2) are within 90 days of the
    # cut-off; the p1 fact of January 2024 is not, and comes after both.
    assert made.brief.lead == ("crossings-fell",)
    from briefgen.plan.select import select

    chosen = select(made.brief, bigger)
    assert [f.id for f in chosen.facts] == ["meet-again-july", "old-but-first"]


def test_talking_points_are_curated_never_made_up(mini, cli):
    # No brief on trade has talking points: the page has none, and says why in one line.
    code, _, _ = _generate(cli, mini, "--topic", "trade", "--as-of", "2025-06-12")
    md = (mini / "build" / "topic--trade--2025-06-12.md").read_text()
    assert code == 0
    assert md.split("## Talking points\n\n", 1)[1].startswith(
        "No talking points: no issue brief on this topic has been written since March 14, 2025.\n"
    )
    # One on migration written in time has none: said so.
    code, _, _ = _generate(cli, mini, "--topic", "migration", "--as-of", "2025-06-12")
    md = (mini / "build" / "topic--migration--2025-06-12.md").read_text()
    assert (
        "No talking points: no issue brief on this topic written since March 14, 2025 has any."
        in md
    )
    # An issue brief on this topic written by the cut-off lends its points whose citations
    # all fall in what the generated brief holds; one citing anything else is not taken.
    brief = mini / "briefs" / "migration-june.yaml"
    brief.write_text(
        brief.read_text()
        + "talking_points:\n"
        + '  - "Propose a date in July 2025 [@meet-again-july]."\n'
        + '  - "Note the trade figure [@trade-800bn]."\n'
    )
    code, _, err = _generate(cli, mini, "--topic", "migration", "--as-of", "2025-06-12")
    assert code == 0, err
    md = (mini / "build" / "topic--migration--2025-06-12.md").read_text()
    points = md.split("## Talking points", 1)[1].split("##", 1)[0]
    assert "Propose a date in July 2025.[^" in points and "trade figure" not in points
    # A brief written after the cut-off lends nothing.
    code, _, _ = _generate(cli, mini, "--topic", "migration", "--as-of", "2025-06-04")
    md = (mini / "build" / "topic--migration--2025-06-04.md").read_text()
    assert "Propose a date" not in md
    assert (
        "No talking points: no issue brief on this topic has been written since March 6, 2025."
        in md
    )
    # One written in time whose points cite what the page does not hold: said so.
    brief.write_text(brief.read_text().replace("[@meet-again-july]", "[@trade-800bn]"))
    code, _, _ = _generate(cli, mini, "--topic", "migration", "--as-of", "2025-06-12")
    md = (mini / "build" / "topic--migration--2025-06-12.md").read_text()
    assert (
        "No talking points: those of the issue briefs on this topic written since March 14, 2025 "
        "cite items this page does not hold." in md
    )


@pytest.mark.parametrize(
    ("topic", "shown"),
    [
        ("migraton", "Closest: migration. "),
        ("tarifs", "Closest: trade (as 'tariffs'). "),
        ("labor", "Closest: labor-pathways. "),
    ],
)
def test_an_unknown_topic_is_bad_usage_with_the_closest_keys_first(mini, cli, topic, shown):
    code, _, err = _generate(cli, mini, "--topic", topic)
    assert code == 2
    assert f"unknown topic '{topic}'. {shown}`briefgen list topics` lists all 3 topics" in err


@pytest.mark.slow
def test_generated_briefs_stay_unlisted_unless_asked_and_never_take_a_brief_files_id(mini, cli):
    assert (
        generated_id("trade", __import__("datetime").date(2025, 6, 12))
        == "topic--trade--2025-06-12"
    )
    assert is_generated("topic--trade--2025-06-12") and not is_generated("border-talks")
    # No brief file can be named like a generated brief.
    assert id_problem("topic--trade--2025-06-12", brief=True) is not None
    assert cli("--root", mini, "build", "--format", "md,html")[0] == 0
    build = mini / "build"
    code, out, err = _generate(
        cli,
        mini,
        "--topic",
        "tariffs",
        "--as-of",
        "2025-06-12",
        "--prepared-for",
        "Office of the Deputy Secretary",
    )
    assert code == 0
    md = (build / "topic--trade--2025-06-12.md").read_text()
    assert "**Prepared for:** Office of the Deputy Secretary" in md
    # Recorded in the manifest, but a typo must not top the staff index: not listed.
    manifest = json.loads((build / "manifest.json").read_text())["briefs"]
    assert set(manifest) == {"border-talks", "migration-june", "topic--trade--2025-06-12"}
    assert manifest["topic--trade--2025-06-12"]["generated"] is True
    assert "publish" not in manifest["topic--trade--2025-06-12"]
    assert "topic--trade--2025-06-12" not in (build / "index.html").read_text()
    assert "topic--trade--2025-06-12" not in (build / "feed.xml").read_text()
    assert "not listed in the index or the feed" in err
    # Asked for, it is listed, and the next build keeps it so; a no-op build writes nothing.
    code, _, err = _generate(cli, mini, "--topic", "tariffs", "--as-of", "2025-06-12", "--publish")
    assert code == 0 and "not listed" not in err
    manifest = json.loads((build / "manifest.json").read_text())["briefs"]
    assert manifest["topic--trade--2025-06-12"]["publish"] is True
    assert "topic--trade--2025-06-12.html" in (build / "index.html").read_text()
    assert "topic--trade--2025-06-12" in (build / "feed.xml").read_text()
    before = (build / "manifest.json").stat().st_mtime_ns
    code, out, _ = cli("--root", mini, "build", "--format", "md,html")
    assert code == 0 and "0 built" in out
    assert (build / "manifest.json").stat().st_mtime_ns == before
    assert "topic--trade--2025-06-12" in (build / "index.html").read_text()
    # Its files gone, it leaves the listing at the next write.
    for f in build.glob("topic--trade--*"):
        f.unlink()
    assert cli("--root", mini, "build", "--format", "md,html", "--force")[0] == 0
    assert "topic--trade" not in (build / "manifest.json").read_text()


def test_a_generated_brief_is_published_only_when_asked(mini, cli):
    assert cli("--root", mini, "build", "--format", "md,html")[0] == 0
    code, _, _ = _generate(cli, mini, "--topic", "trade", "--as-of", "2025-06-12")
    assert code == 0
    publish = (
        "--root", mini, "publish", "--base-url", "https://example.org/b/",
        "--now", "2025-07-01T00:00:00Z",
    )  # fmt: skip
    code, out, err = cli(*publish)
    assert code == 0, err
    assert "published 2 of 3 briefs" in out.lower()
    assert (
        "topic--trade--2025-06-12: it was generated without --publish (run `briefgen "
        "generate … --publish` to publish it)" in out
    )
    assert not (mini / "site" / "topic--trade--2025-06-12.html").exists()
    code, _, _ = _generate(cli, mini, "--topic", "trade", "--as-of", "2025-06-12", "--publish")
    assert code == 0
    code, out, err = cli(*publish)
    assert code == 0, err
    assert "published 3 of 3 briefs" in out.lower()
    assert (mini / "site" / "topic--trade--2025-06-12.html").is_file()
    assert (
        "https://example.org/b/topic--trade--2025-06-12.html"
        in (mini / "site" / "feed.xml").read_text()
    )


def test_nothing_to_say_because_a_source_failed_says_so_not_a_date_to_try(mini, cli):
    catalog = mini / "sources.yaml"
    catalog.write_text(catalog.read_text().replace("    kind: news\n", "    kind: newz\n", 1))
    code, _, err = _generate(cli, mini, "--topic", "migration", "--as-of", "2025-06-05")
    assert code == 1
    assert "its items cite a source with errors (news-a): fix them first" in err
    assert "try --as-of" not in err
