"""Page polish: what does not break across a line, one period, labels as written, feed times."""

import re
from pathlib import Path

import feedparser

from briefgen.render.typography import NBSP, tie_html


def test_a_month_and_its_day_a_number_and_its_unit_and_us_mexico_stay_together():
    html = (
        "<html><head><title>June 12</title></head><body><p>On June 12, U.S.-Mexico trade rose "
        "9 percent to 1.2 billion dollars in 90 days, by 5:30 p.m.; Mexico-U.S. talks.</p>"
        "<svg><text>U.S.-Mexico June 12</text></svg></body></html>"
    )
    out = tie_html(html)
    assert "<title>June 12</title>" in out  # the head is not the page's text
    assert f"June{NBSP}12," in out
    assert f"9{NBSP}percent" in out and f"1.2{NBSP}billion" in out and f"90{NBSP}days" in out
    assert f"5:30{NBSP}p.m." in out
    assert '<span class="nowrap">U.S.-Mexico</span> trade' in out
    assert '<span class="nowrap">Mexico-U.S.</span> talks' in out
    assert "<svg><text>U.S.-Mexico June 12</text></svg>" in out  # a drawing is left as drawn
    assert re.sub(r"<[^>]+>", "", out).replace(NBSP, " ") == re.sub(r"<[^>]+>", "", html)


def _label(root: Path, label: str) -> None:
    catalog = root / "sources.yaml"
    text = catalog.read_text()
    new = re.sub(r"(migration: \{label: )\"?[^,}\"]+\"?", rf'\1"{label}"', text, count=1)
    assert new != text
    catalog.write_text(new)


def test_a_label_keeps_its_capitals_and_the_feed_says_one_period(cli, mini):
    _label(mini, "Mexicans in the U.S.")
    code, out, err = cli("--root", mini, "build", "--format", "md")
    assert code == 0, out + err
    feed = (mini / "build" / "feed.xml").read_text()
    assert "Topics: Mexicans in the U.S." in feed and "U.S.." not in feed
    code, _, err = cli(
        "--root", mini, "generate", "--topic", "migration", "--as-of", "2025-06-05",
        "--format", "md",
    )  # fmt: skip
    assert code == 0, err
    md = (mini / "build" / "topic--migration--2025-06-05.md").read_text()
    assert md.startswith("# Mexicans in the U.S.: where things stand on June 5, 2025\n")
    assert "**Prepared for:** Staff following Mexicans in the U.S." in md


def test_the_feeds_updated_time_only_moves_forward(cli, mini):
    times = []
    for n in range(4):
        brief = mini / "briefs" / "migration-june.yaml"
        text = brief.read_text()
        brief.write_text(
            re.sub(r'title: "[^"]*"', f'title: "Migration in June 2025, edition {n}"', text)
        )
        code, out, err = cli("--root", mini, "build", "migration-june", "--format", "md")
        assert code == 0, out + err
        feed = feedparser.parse((mini / "build" / "feed.xml").read_bytes())
        (entry,) = [e for e in feed.entries if e.title.startswith("Migration in June")]
        times.append(entry.updated)
    assert times == sorted(times) and len(set(times)) == len(times), times
    # A rebuild that changes nothing changes no time.
    code, _, _ = cli("--root", mini, "build", "migration-june", "--format", "md", "--force")
    feed = feedparser.parse((mini / "build" / "feed.xml").read_bytes())
    (entry,) = [e for e in feed.entries if e.title.startswith("Migration in June")]
    assert entry.updated == times[-1]
