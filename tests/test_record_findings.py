"""Every kind of schema finding, said in full: where, what, and how to fix it.

Each case changes one thing in a valid file and lists every line `check` would print for
it, in the loader's order: these messages are the analyst's interface, pinned word for word.
The file is long because it is a table: one entry a kind of mistake.
"""

import pytest

from briefgen.catalog.briefs import read_brief
from briefgen.catalog.load import load_catalog
from briefgen.catalog.settings import load_settings

CATALOG = """\
topics:
  migration: {label: Migration, aliases: [immigration]}
sources:
  - id: s1
    title: A title
    publisher: A publisher
    published: 2025-06-02
    kind: news
    archive: sources/a.txt
    reliability: high
facts:
  - id: f1
    text: A claim.
    date: 2025-06-01
    topics: [migration]
    cite: [{source: s1, evidence: words}]
quotes:
  - id: q1
    speaker: A speaker
    role: A role
    text: Words.
    date: 2025-06-01
    source: s1
series:
  - id: se1
    title: A chart
    unit: things
    points:
      - {label: May, value: 1, cite: {source: s1, evidence: words}}
"""

CATALOG_CASES = {
    "missing key": (
        ("    publisher: A publisher\n", ""),
        [
            "sources.yaml:4:5: error: source 's1': missing required key 'publisher' (add "
            "'publisher:' (who published the copy archived here))",
        ],
    ),
    "empty required key": (
        ("publisher: A publisher", "publisher:"),
        [
            "sources.yaml:6:15: error: source 's1': 'publisher' is empty (fill it in (who "
            "published the copy archived here); the key is required)",
        ],
    ),
    "empty required text": (
        ("publisher: A publisher", "publisher: ''"),
        [
            "sources.yaml:6:16: error: source 's1': 'publisher' is empty (fill it in (who "
            "published the copy archived here); the key is required)",
        ],
    ),
    "empty optional text": (
        ("    reliability: high\n", "    reliability: high\n    author: ' '\n"),
        [
            "sources.yaml:11:13: error: source 's1': 'author' is empty (write the text or "
            "remove the key)",
        ],
    ),
    "unknown key, did you mean": (
        ("    reliability: high\n", "    reliability: high\n    publsher: X\n"),
        [
            "sources.yaml:11:5: error: source 's1': unknown key 'publsher' (did you mean "
            "'publisher'?)",
        ],
    ),
    "unknown key, known keys": (
        ("    reliability: high\n", "    reliability: high\n    zzz: X\n"),
        [
            "sources.yaml:11:5: error: source 's1': unknown key 'zzz' (known keys: accept, "
            "archive, attribution, author, date_inferred, date_note, embargo_until, excerpt, id, "
            "kind, original, original_publisher, published, published_at, publisher, reliability, "
            "reliability_note, sha256, title, untitled, url)",
        ],
    ),
    "duplicate key": (
        ("    reliability: high\n", "    reliability: high\n    title: Another\n"),
        [
            "sources.yaml:11:5: error: source 's1': key 'title' is given twice (keep one of them)",
        ],
    ),
    "not a mapping": (
        ("facts:\n", "facts:\n  - just words\n"),
        [
            "sources.yaml:12:5: error: fact #1 should be a mapping of keys, got str (write it "
            "as 'key: value' lines)",
        ],
    ),
    "record without a text id": (
        ("  - id: f1\n", "  - id: [f1]\n"),
        [
            "sources.yaml:12:9: error: fact #1: 'id' expected text, got a list (write it as a "
            "quoted string)",
        ],
    ),
    "list for text": (
        ("title: A title", "title: [A, title]"),
        [
            "sources.yaml:5:12: error: source 's1': 'title' expected text, got a list (write "
            "it as a quoted string)",
        ],
    ),
    "yes/no for text": (
        ("title: A title", "title: true"),
        [
            "sources.yaml:5:12: error: source 's1': 'title' expected text, got the yes/no "
            "value true (write it as a quoted string)",
        ],
    ),
    "mapping for text": (
        ("title: A title", "title: {a: b}"),
        [
            "sources.yaml:5:12: error: source 's1': 'title' expected text, got a mapping "
            "(write it as a quoted string)",
        ],
    ),
    "number as text": (
        ("title: A title", "title: 1.50"),
        [],
    ),
    "text too long": (
        ("title: A title", "title: " + "a" * 20_001),
        [
            "sources.yaml:5:12: error: source 's1': 'title' is 20,001 characters long (keep it "
            "under 20,000 characters)",
        ],
    ),
    "forbidden character": (
        ("title: A title", 'title: "A\\x07title"'),
        [
            "sources.yaml:5:12: error: source 's1': 'title' contains U+0007 (a control "
            "character), which content may not hold (delete it (most editors do not show it); "
            "it was likely pasted in with the text)",
        ],
    ),
    "bad date": (
        ("published: 2025-06-02", "published: 2025-13-02"),
        [
            "sources.yaml:7:16: error: source 's1': 'published' '2025-13-02' is not a date "
            "(write an ISO date such as 2025-06-13)",
        ],
    ),
    "long bad date": (
        ("published: 2025-06-02", "published: " + "x" * 60),
        [
            "sources.yaml:7:16: error: source 's1': 'published' "
            "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…' is not a date (write an ISO date such "
            "as 2025-06-13)",
        ],
    ),
    "bad date and time": (
        (
            "    reliability: high\n",
            "    reliability: high\n    embargo_until: 2025-06-10T05:00:00\n",
        ),
        [
            "sources.yaml:11:20: error: source 's1': 'embargo_until' '2025-06-10T05:00:00' is "
            "not a date and time with its UTC offset (write it like 2022-07-12T05:00:00-04:00)",
        ],
    ),
    "bad slug": (
        ("  - id: s1\n", "  - id: S_1\n"),
        [
            "sources.yaml:4:9: error: source 'S_1': 'id' id 'S_1' is not a slug (use lowercase "
            "letters, digits and single hyphens, e.g. mnd-2025-06-13-landau)",
        ],
    ),
    "id too long": (
        ("  - id: f1\n", "  - id: " + "f" * 81 + "\n"),
        [
            "sources.yaml:12:9: error: fact "
            "'fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff': "
            "'id' id 'ffffffffffffffffffffffffffffffffffffffff…' is 81 characters long "
            "(shorten it to 80 or fewer)",
        ],
    ),
    "choice, did you mean": (
        ("kind: news", "kind: newz"),
        [
            "sources.yaml:8:11: error: source 's1': 'kind' 'newz' is not one of news, "
            "analysis, transcript, statement (did you mean 'news'? pick one of them)",
        ],
    ),
    "choice, no near one": (
        ("kind: news", "kind: video"),
        [
            "sources.yaml:8:11: error: source 's1': 'kind' 'video' is not one of news, "
            "analysis, transcript, statement (pick one of them)",
        ],
    ),
    "bad URL": (
        ("    reliability: high\n", "    reliability: high\n    url: ftp://example.org/a\n"),
        [
            "sources.yaml:11:10: error: source 's1': 'url' 'ftp://example.org/a' is not an "
            "http(s) URL (give the full https:// address)",
        ],
    ),
    "unrated without a note and another error": (
        ("    reliability: high\n", "    reliability: low\n    zzz: 1\n"),
        [
            "sources.yaml:10:18: error: source 's1' is rated low without a reason (add "
            "reliability_note: why it is not high)",
            "sources.yaml:11:5: error: source 's1': unknown key 'zzz' (known keys: accept, "
            "archive, attribution, author, date_inferred, date_note, embargo_until, excerpt, id, "
            "kind, original, original_publisher, published, published_at, publisher, reliability, "
            "reliability_note, sha256, title, untitled, url)",
        ],
    ),
    "accept not a mapping": (
        ("    reliability: high\n", "    reliability: high\n    accept: stale-fact\n"),
        [
            "sources.yaml:11:13: error: source 's1': 'accept' expected a mapping of warning "
            'names to reasons, got str (write accept: {stale-fact: "why this warning is '
            'accepted"})',
        ],
    ),
    "accept unknown warning": (
        ("    reliability: high\n", "    reliability: high\n    accept: {unsued: why}\n"),
        [
            "sources.yaml:11:13: error: source 's1': 'accept' 'unsued' names no warning that "
            "can be accepted (did you mean 'unused'? use the name printed in [brackets] after "
            "the warning)",
        ],
    ),
    "accept without a reason": (
        ("    reliability: high\n", "    reliability: high\n    accept: {unused: }\n"),
        [
            "sources.yaml:11:13: error: source 's1': 'accept' accepting 'unused' needs a "
            'reason (write unused: "why it is accepted")',
        ],
    ),
    "priority out of range": (
        (
            "    cite: [{source: s1, evidence: words}]\n",
            "    cite: [{source: s1, evidence: words}]\n    priority: 4\n",
        ),
        [
            "sources.yaml:17:15: error: fact 'f1': 'priority' '4' is not 1, 2 or 3 "
            "(use 1 (must), 2 or 3 (nice to have))",
        ],
    ),
    "priority as text": (
        (
            "    cite: [{source: s1, evidence: words}]\n",
            "    cite: [{source: s1, evidence: words}]\n    priority: '1'\n",
        ),
        [
            "sources.yaml:17:15: error: fact 'f1': 'priority' '1' is not 1, 2 or 3 "
            "(use 1 (must), 2 or 3 (nice to have))",
        ],
    ),
    "priority yes/no": (
        (
            "    cite: [{source: s1, evidence: words}]\n",
            "    cite: [{source: s1, evidence: words}]\n    priority: true\n",
        ),
        [
            "sources.yaml:17:15: error: fact 'f1': 'priority' 'True' is not 1, 2 or 3 "
            "(use 1 (must), 2 or 3 (nice to have))",
        ],
    ),
    "topics as one string": (
        ("topics: [migration]", "topics: migration"),
        [],
    ),
    "topics as a number": (
        ("topics: [migration]", "topics: 5"),
        [
            "sources.yaml:15:13: error: fact 'f1': 'topics' expected a list, got int (write "
            "[a, b] or one '- item' a line)",
        ],
    ),
    "topics with a bad slug": (
        ("topics: [migration]", "topics: [migration, Border]"),
        [
            "sources.yaml:15:13: error: fact 'f1': 'topics' id 'Border' is not a slug (use "
            "lowercase letters, digits and single hyphens, e.g. mnd-2025-06-13-landau)",
        ],
    ),
    "topics with an empty item": (
        ("topics: [migration]", "topics: ['', migration]"),
        [
            "sources.yaml:15:13: error: fact 'f1': 'topics' is empty (fill it in (topic keys); "
            "the key is required)",
        ],
    ),
    "language tag": (
        ("    source: s1\n", "    source: s1\n    said_in: Spanish\n"),
        [
            "sources.yaml:24:14: error: quote 'q1': 'said_in' 'Spanish' is not a language code "
            "(write an ISO 639-1 code such as es, or a tag such as es-MX)",
        ],
    ),
    "cite as one mapping": (
        (
            "    cite: [{source: s1, evidence: words}]\n",
            "    cite: {source: s1, evidence: words}\n",
        ),
        [],
    ),
    "cite as a string": (
        ("    cite: [{source: s1, evidence: words}]\n", "    cite: s1\n"),
        [
            "sources.yaml:16:11: error: fact 'f1': 'cite' should be a list of source and "
            "evidence (write '- source: <id>' and 'evidence: \"…\"' under cite:)",
        ],
    ),
    "cite empty list": (
        ("    cite: [{source: s1, evidence: words}]\n", "    cite: []\n"),
        [
            "sources.yaml:16:11: error: fact 'f1': cites no source (add at least one '- "
            "source: … evidence: …')",
        ],
    ),
    "cite empty": (
        ("    cite: [{source: s1, evidence: words}]\n", "    cite:\n"),
        [
            "sources.yaml:16:10: error: fact 'f1': 'cite' is empty (fill it in (sources with "
            "exact evidence); the key is required)",
        ],
    ),
    "cite missing": (
        ("    cite: [{source: s1, evidence: words}]\n", ""),
        [
            "sources.yaml:12:5: error: fact 'f1': missing required key 'cite' (add 'cite:' "
            "(sources with exact evidence))",
        ],
    ),
    "cite item not a mapping": (
        ("    cite: [{source: s1, evidence: words}]\n", "    cite: [s1]\n"),
        [
            "sources.yaml:16:12: error: fact 'f1' cite should be a mapping of keys, got str "
            "(write it as 'key: value' lines)",
        ],
    ),
    "cite item missing evidence": (
        ("    cite: [{source: s1, evidence: words}]\n", "    cite: [{source: s1}]\n"),
        [
            "sources.yaml:16:12: error: fact 'f1' cite: missing required key 'evidence' (add "
            "'evidence:' (exact words from the archived snapshot))",
        ],
    ),
    "cite item unknown key": (
        (
            "    cite: [{source: s1, evidence: words}]\n",
            "    cite: [{source: s1, evidence: w, evidnce: x}]\n",
        ),
        [
            "sources.yaml:16:38: error: fact 'f1' cite: unknown key 'evidnce' (did you mean "
            "'evidence'?)",
        ],
    ),
    "cite item duplicate key": (
        (
            "    cite: [{source: s1, evidence: words}]\n",
            "    cite: [{source: s1, evidence: w, source: s1}]\n",
        ),
        [
            "sources.yaml:16:38: error: fact 'f1' cite: key 'source' is given twice (keep one "
            "of them)",
        ],
    ),
    "cite item bad source, and other errors": (
        (
            "    cite: [{source: s1, evidence: words}]\n",
            "    cite: [{source: S1, evidence: w}, {source: s1, evidence: ''}]\n    zzz: 1\n",
        ),
        [
            "sources.yaml:17:5: error: fact 'f1': unknown key 'zzz' (known keys: accept, cite, "
            "claimed_by, date, expected, id, inferred, priority, side, supersedes, text, topics)",
            "sources.yaml:16:21: error: fact 'f1' cite: 'source' id 'S1' is not a slug (use "
            "lowercase letters, digits and single hyphens, e.g. mnd-2025-06-13-landau)",
            "sources.yaml:16:62: error: fact 'f1' cite: 'evidence' is empty (fill it in (exact "
            "words from the archived snapshot); the key is required)",
        ],
    ),
    "cite after accept": (
        (
            "    cite: [{source: s1, evidence: words}]\n",
            "    cite: []\n    accept: {stale-fakt: why}\n",
        ),
        [
            "sources.yaml:17:13: error: fact 'f1': 'accept' 'stale-fakt' names no warning that "
            "can be accepted (did you mean 'stale-fact'? use the name printed in [brackets] "
            "after the warning)",
            "sources.yaml:16:11: error: fact 'f1': cites no source (add at least one '- "
            "source: … evidence: …')",
        ],
    ),
    "points missing": (
        (
            "    points:\n      - {label: May, value: 1, cite: {source: s1, evidence: words}}\n",
            "    chart: pie\n",
        ),
        [
            "sources.yaml:28:12: error: series 'se1': 'chart' 'pie' is not one of bar, line "
            "(did you mean 'line'? pick one of them)",
            "sources.yaml:25:5: error: series 'se1': missing required key 'points' (add "
            "'points:' (the values, each with its citation))",
            "sources.yaml:25:5: error: series 'se1': 'points' should be a list of points "
            "(write '- {label: …, value: …, cite: {source: …, evidence: \"…\"}}' under "
            "points:)",
        ],
    ),
    "points empty": (
        (
            "    points:\n      - {label: May, value: 1, cite: {source: s1, evidence: words}}\n",
            "    points:\n",
        ),
        [
            "sources.yaml:28:12: error: series 'se1': 'points' is empty (fill it in (the "
            "values, each with its citation); the key is required)",
            "sources.yaml:25:5: error: series 'se1': 'points' should be a list of points "
            "(write '- {label: …, value: …, cite: {source: …, evidence: \"…\"}}' under "
            "points:)",
        ],
    ),
    "points empty list": (
        (
            "    points:\n      - {label: May, value: 1, cite: {source: s1, evidence: words}}\n",
            "    points: []\n",
        ),
        [
            "sources.yaml:28:13: error: series 'se1': 'points' should be a list of points "
            "(write '- {label: …, value: …, cite: {source: …, evidence: \"…\"}}' under "
            "points:)",
        ],
    ),
    "points a mapping": (
        (
            "    points:\n      - {label: May, value: 1, cite: {source: s1, evidence: words}}\n",
            "    points: {label: May}\n",
        ),
        [
            "sources.yaml:28:13: error: series 'se1': 'points' should be a list of points "
            "(write '- {label: …, value: …, cite: {source: …, evidence: \"…\"}}' under "
            "points:)",
        ],
    ),
    "point value as text": (
        ("value: 1,", "value: '1,234',"),
        [
            "sources.yaml:29:29: error: series 'se1' point 1: 'value' '1,234' is text, not a "
            "number (write the number bare: 1234)",
        ],
    ),
    "point value negative": (
        ("value: 1,", "value: -1,"),
        [
            "sources.yaml:29:29: error: series 'se1' point 1: 'value' '-1' is not a count or "
            "amount (write a value of 0 or more)",
        ],
    ),
    "point value not a number": (
        ("value: 1,", "value: many,"),
        [
            "sources.yaml:29:29: error: series 'se1' point 1: 'value' 'many' is not a number "
            "(write the value in digits, e.g. 301981)",
        ],
    ),
    "point value yes/no": (
        ("value: 1,", "value: true,"),
        [
            "sources.yaml:29:29: error: series 'se1' point 1: 'value' 'True' is not a number "
            "(write the value in digits, e.g. 301981)",
        ],
    ),
    "point not a mapping": (
        ("      - {label: May, value: 1, cite: {source: s1, evidence: words}}\n", "      - May\n"),
        [
            "sources.yaml:29:9: error: series 'se1' point 1 should be a mapping of keys, got "
            "str (write it as 'key: value' lines)",
        ],
    ),
    "point missing label and value": (
        (
            "      - {label: May, value: 1, cite: {source: s1, evidence: words}}\n",
            "      - {cite: {source: s1, evidence: words}}\n",
        ),
        [
            "sources.yaml:29:9: error: series 'se1' point 1: missing required key 'label' (add "
            "'label:' (what the axis shows: a month, a year, a nationality))",
            "sources.yaml:29:9: error: series 'se1' point 1: missing required key 'value' (add "
            "'value:' (the figure, in digits, as its evidence gives it))",
        ],
    ),
    "point cite a list": (
        (
            "      - {label: May, value: 1, cite: {source: s1, evidence: words}}\n",
            "      - {label: May, value: 1, cite: [{source: s1}]}\n",
        ),
        [
            "sources.yaml:29:38: error: series 'se1' point 1 cite should be a mapping of keys, "
            "got a list (write it as 'key: value' lines)",
        ],
    ),
    "point cite missing evidence": (
        (
            "      - {label: May, value: 1, cite: {source: s1, evidence: words}}\n",
            "      - {label: May, value: 1, cite: {source: s1}}\n",
        ),
        [
            "sources.yaml:29:38: error: series 'se1' point 1 cite: missing required key "
            "'evidence' (add 'evidence:' (exact words from the archived snapshot))",
        ],
    ),
    "point bad date, and a second point": (
        (
            "      - {label: May, value: 1, cite: {source: s1, evidence: words}}\n",
            "      - {label: May, value: 1, date: 2025-13-01, cite: {source: s1, evidence: w}}\n"
            "      - {label: June, value: 2, cite: {source: s1, evidence: w, x: 1}}\n",
        ),
        [
            "sources.yaml:29:38: error: series 'se1' point 1: 'date' '2025-13-01' is not a "
            "date (write an ISO date such as 2025-06-13)",
            "sources.yaml:30:65: error: series 'se1' point 2 cite: unknown key 'x' (known "
            "keys: evidence, source)",
        ],
    ),
    "topic key not a slug": (
        ("  migration:", "  Migration:"),
        [
            "sources.yaml:2:3: error: topic key 'Migration' is not a slug (use lowercase "
            "letters, digits and hyphens)",
        ],
    ),
    "topic without a label": (
        ("{label: Migration, aliases: [immigration]}", "{aliases: x}"),
        [
            "sources.yaml:2:14: error: topic 'migration': missing required key 'label' (add "
            "'label:' (how the topic is shown))",
        ],
    ),
    "topic aliases a mapping": (
        ("aliases: [immigration]", "aliases: {a: b}"),
        [
            "sources.yaml:2:42: error: topic 'migration': 'aliases' expected a list, got a "
            "mapping (write [a, b] or one '- item' a line)",
        ],
    ),
    "unknown section": (
        ("series:\n", "serie:\n"),
        [
            "sources.yaml:24:1: error: unknown section 'serie' (the sections are topics, "
            "sources, facts, quotes and series (and include))",
        ],
    ),
    "section of the wrong shape": (
        ("facts:\n", "facts: {}\nfacts_:\n"),
        [
            "sources.yaml:12:1: error: unknown section 'facts_' (the sections are topics, "
            "sources, facts, quotes and series (and include))",
            "sources.yaml:11:8: error: 'facts' should be a list (write 'facts:' followed by "
            "indented entries)",
        ],
    ),
    "duplicate section": (
        ("quotes:\n", "facts: []\nquotes:\n"),
        [
            "sources.yaml:17:1: error: section 'facts' is given twice (the first is at line "
            "11; keep one)",
        ],
    ),
    "id defined twice": (
        (
            "series:\n",
            "series:\n  - {id: se1, title: B, unit: u, points: [{label: May, value: 1, cite: "
            "{source: s1, evidence: words}}]}\n",
        ),
        [
            "sources.yaml:26:5: error: series id 'se1' is defined twice (the first is at "
            "sources.yaml:25:5; rename or remove one)",
        ],
    ),
}

BRIEF = """\
kind: issue
title: A brief
date: 2025-06-05
prepared_for: Staff
topics: [migration]
"""

BRIEF_CASES = {
    "missing keys": (
        (
            "b1.yaml",
            ("title: A brief\ndate: 2025-06-05\nprepared_for: Staff\n", "date: 2025-06-05\n"),
        ),
        [
            "briefs/b1.yaml:1:1: error: brief 'b1': missing required key 'title' (add 'title:' "
            "(the brief's title, printed at the top))",
            "briefs/b1.yaml:1:1: error: brief 'b1': missing required key 'prepared_for' (add "
            "'prepared_for:' (the principal or office the brief serves; its talking points "
            "speak for it))",
        ],
    ),
    "unknown kind": (
        ("b1.yaml", ("kind: issue", "kind: briefing")),
        [
            "briefs/b1.yaml:1:7: error: brief 'b1': 'kind' 'briefing' is not one of meeting, "
            "readout, issue (did you mean 'meeting'? pick one of them)",
        ],
    ),
    "title too long": (
        ("b1.yaml", ("title: A brief", "title: " + "T" * 201)),
        [
            "briefs/b1.yaml:2:8: error: brief 'b1': 'title' is 201 characters long; a title "
            "fits on two lines (shorten it to 200 characters or fewer, and move detail to the "
            "summary)",
        ],
    ),
    "pages": (
        ("b1.yaml", ("prepared_for: Staff\n", "prepared_for: Staff\npages: 3\n")),
        [
            "briefs/b1.yaml:5:8: error: brief 'b1': 'pages' '3' is not 1 or 2 (use 1 "
            "(the default) or 2 for a two-page brief)",
        ],
    ),
    "pages as text": (
        ("b1.yaml", ("prepared_for: Staff\n", "prepared_for: Staff\npages: '1'\n")),
        [
            "briefs/b1.yaml:5:8: error: brief 'b1': 'pages' '1' is not 1 or 2 (use 1 "
            "(the default) or 2 for a two-page brief)",
        ],
    ),
    "bad as_of": (
        ("b1.yaml", ("prepared_for: Staff\n", "prepared_for: Staff\nas_of: June\n")),
        [
            "briefs/b1.yaml:5:8: error: brief 'b1': 'as_of' 'June' is not a date (write an ISO "
            "date such as 2025-06-13)",
        ],
    ),
    "participants as one string": (
        ("b1.yaml", ("prepared_for: Staff\n", "prepared_for: Staff\nparticipants: Ana Ruiz\n")),
        [],
    ),
    "bad pick": (
        ("b1.yaml", ("prepared_for: Staff\n", "prepared_for: Staff\nfacts: [f1, F2]\ncharts: 5\n")),
        [
            "briefs/b1.yaml:5:8: error: brief 'b1': 'facts' id 'F2' is not a slug (use "
            "lowercase letters, digits and single hyphens, e.g. mnd-2025-06-13-landau)",
            "briefs/b1.yaml:6:9: error: brief 'b1': 'charts' expected a list, got int (write "
            "[a, b] or one '- item' a line)",
        ],
    ),
    "accept": (
        ("b1.yaml", ("prepared_for: Staff\n", "prepared_for: Staff\naccept: {no-sumary: why}\n")),
        [
            "briefs/b1.yaml:5:9: error: brief 'b1': 'accept' 'no-sumary' names no warning that "
            "can be accepted (did you mean 'no-summary'? use the name printed in [brackets] "
            "after the warning)",
        ],
    ),
    "unknown and duplicate keys": (
        ("b1.yaml", ("prepared_for: Staff\n", "prepared_for: Staff\ntitel: x\ndate: 2025-06-06\n")),
        [
            "briefs/b1.yaml:6:1: error: brief 'b1': key 'date' is given twice (keep one of them)",
            "briefs/b1.yaml:5:1: error: brief 'b1': unknown key 'titel' (did you mean 'title'?)",
        ],
    ),
    "not a mapping": (
        (
            "b1.yaml",
            (BRIEF, "- a list\n"),
        ),
        [
            "briefs/b1.yaml:1:1: error: brief 'b1' should be a mapping of keys, got a list "
            "(write it as 'key: value' lines)",
        ],
    ),
    "reserved file name": (
        ("index.yaml", ("", "")),
        [
            "briefs/index.yaml:1:1: error: brief id 'index' is taken by a file the build "
            "writes beside the briefs (rename the brief's file (file name))",
        ],
    ),
    "file name not a slug": (
        ("Brief_1.yaml", ("kind: issue", "kind: meting")),
        [
            "briefs/Brief_1.yaml:1:1: error: id 'Brief_1' is not a slug (use lowercase "
            "letters, digits and single hyphens, e.g. mnd-2025-06-13-landau (file name))",
            "briefs/Brief_1.yaml:1:7: error: brief 'Brief_1': 'kind' 'meting' is not one of "
            "meeting, readout, issue (did you mean 'meeting'? pick one of them)",
        ],
    ),
}

SETTINGS_CASES = {
    "one of each": (
        "[tool.briefgen]\npaper = 2\npublish_handling = 'X'\nbuild_dir = '/b'\n",
        [
            "pyproject.toml:2:1: error: paper should be a string (paper is the default paper "
            'of PDFs: write it like paper = "letter" (or "a4"))',
            "pyproject.toml:3:1: error: publish_handling should be a list of strings "
            "(publish_handling is the handling markings publish may put out: write it like "
            'publish_handling = ["UNCLASSIFIED"])',
            "pyproject.toml:4:1: error: build_dir should be a folder inside the project, "
            "written relative to it (build_dir is the default folder of build, generate and "
            'serve: write it like build_dir = "build")',
        ],
    ),
    "same folders": (
        "[tool.briefgen]\nbuild_dir = 'out'\nsite_dir = 'out'\n",
        [
            "pyproject.toml:3:1: error: site_dir is the same folder as build_dir (publish "
            "copies from the build into the site: give them different folders)",
        ],
    ),
    "not a table": (
        "[tool]\nbriefgen = 3\n",
        [
            "pyproject.toml:2:1: error: [tool.briefgen] should be a table of settings",
        ],
    ),
    "empty marking": (
        "[tool.briefgen]\npublish_handling = ['A', ' ']\n",
        [
            "pyproject.toml:2:1: error: publish_handling should name at least one marking, "
            "none of them empty: nothing could be published (publish_handling is the handling "
            'markings publish may put out: write it like publish_handling = ["UNCLASSIFIED"])',
        ],
    ),
}


def _catalog(tmp_path, change):
    (tmp_path / "sources.yaml").write_text(CATALOG.replace(*change), encoding="utf-8")
    return load_catalog(tmp_path)


def test_the_base_catalog_and_brief_are_valid(tmp_path):
    catalog, findings = _catalog(tmp_path, ("", ""))
    assert findings == [] and list(catalog.series) == ["se1"]
    (tmp_path / "briefs").mkdir()
    (tmp_path / "briefs" / "b1.yaml").write_text(BRIEF, encoding="utf-8")
    brief, _, findings = read_brief(tmp_path / "briefs" / "b1.yaml", tmp_path)
    assert findings == [] and brief is not None


@pytest.mark.parametrize("name", CATALOG_CASES)
def test_catalog_findings_are_said_in_full(tmp_path, name):
    change, expected = CATALOG_CASES[name]
    _, findings = _catalog(tmp_path, change)
    assert [str(f) for f in findings] == expected


@pytest.mark.parametrize("name", BRIEF_CASES)
def test_brief_findings_are_said_in_full(tmp_path, name):
    (file_name, change), expected = BRIEF_CASES[name]
    (tmp_path / "briefs").mkdir()
    path = tmp_path / "briefs" / file_name
    path.write_text(BRIEF.replace(*change), encoding="utf-8")
    _, _, findings = read_brief(path, tmp_path)
    assert [str(f) for f in findings] == expected


@pytest.mark.parametrize("name", SETTINGS_CASES)
def test_settings_findings_are_said_in_full(tmp_path, name):
    text, expected = SETTINGS_CASES[name]
    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
    assert [str(f) for f in load_settings(tmp_path)[1]] == expected
