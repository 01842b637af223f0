import dataclasses
import datetime as dt
from pathlib import Path

from briefgen.catalog.project import load_project
from briefgen.plan.select import drop_order, select


def project(mini: Path):
    return load_project(mini)


def test_explicit_picks_come_first_then_topic_matches(mini: Path):
    p = project(mini)
    sel = select(p.briefs["border-talks"], p.catalog)
    # crossings-fell is picked; the rest arrive by topic (migration, and trade via 'tariffs').
    assert [f.id for f in sel.facts] == ["crossings-fell", "trade-800bn", "meet-again-july"]
    assert [q.id for q in sel.quotes] == ["minister-respect", "sao-labor-group"]
    assert sel.explicit == {"crossings-fell", "minister-respect"}


def test_nothing_after_as_of_is_selected(mini: Path):
    p = project(mini)
    brief = dataclasses.replace(p.briefs["border-talks"], as_of=dt.date(2025, 6, 1))
    sel = select(brief, p.catalog)
    # crossings-fell happened May 30 but is reported by a source published June 2.
    assert sel.facts == ()
    assert sel.quotes == ()


def test_topic_alias_selects_and_ranks_by_priority_then_recency(mini: Path):
    p = project(mini)
    sel = select(p.briefs["migration-june"], p.catalog)
    assert [f.id for f in sel.facts] == ["crossings-fell", "meet-again-july"]


def test_drop_order_sheds_topic_fill_before_picks_and_never_priority_one(mini: Path):
    p = project(mini)
    order = [i.id for i in drop_order(select(p.briefs["border-talks"], p.catalog))]
    assert order.index("meet-again-july") < order.index("minister-respect")
    assert "crossings-fell" not in order  # explicit priority-1 pick
    assert order[-1] == "minister-respect"
