"""Stage 2: every editorial rule a machine can check, one module per family, as findings.

`run.Checker` runs them all in one pass. The families: `words` (rules 1-2: verbatim quotes
and evidence), `catalog` (each source, fact and quote), `meaning` (rules 8, 9, 11: claims,
hedges, insertions, translations), `voice` (rule 10), `briefs` (a brief's dates, picks and
refs, rule 6), `series` (rule 15), and `accept` (warnings an item acknowledges).
"""
