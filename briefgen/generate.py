"""Issue briefs made on the fly from a topic."""

from __future__ import annotations

import datetime as dt

from .cite import long_date
from .errors import NotFound
from .model import Brief, Catalog, Loc


def issue_brief(
    catalog: Catalog, topic: str, as_of: dt.date, since: dt.date | None = None
) -> Brief:
    """Make an issue brief of everything tagged `topic` (a key or an alias) up to `as_of`.

    With `since`, what is dated after it is marked new, and fitting keeps it first.
    """
    key = catalog.topic_key(topic)
    if key is None:
        names = [*catalog.topics, *(a for t in catalog.topics.values() for a in t.aliases)]
        raise NotFound("topic", topic, names)
    label = catalog.topics[key].label
    brief_id = f"topic-{key}-{as_of.isoformat()}"
    return Brief(
        id=brief_id,
        kind="issue",
        title=f"{label}: where things stand",
        date=as_of,
        as_of=as_of,
        summary=(
            f"Everything the catalog holds on {label.lower()} up to {long_date(as_of)}, "
            "ranked by priority and then recency."
        ),
        topics=(key,),
        since=since,
        loc=Loc(f"(generated --topic {topic})"),
    )
