"""Stage 2: every editorial rule a machine can check, one module per family, as findings.

`run.Checker` runs them all in one pass. The families: `words` (rules 1-2: verbatim quotes
and evidence), `catalog` (each source, fact and quote), `originals` (a capture's kept page),
`meaning` (rules 8, 9, 11: claims, hedges, insertions, translations) with its word families
in `vocabulary`, `questions` (rule 8: a question keeps its answer, over the snapshot
`structure`), `voice` and `advice` (rule 10), `guesses` (rule 11: no guess printed as the
catalog's own word), `series` (rule 12), `time` (rule 13: every item
says when), `meeting` (rule 14: a preparation brief sees nothing from its meeting, and its
header is sourced), `sides` (rule 15), `briefs` (a brief's dates, picks and refs, rule 6),
`page` (what fitting leaves on the page: picks left out, sides), and `accept` (warnings an
item acknowledges).
"""
