"""Stage 1: the project's files read into the document model, with file and line for each value.

`yamlio` reads YAML safely and remembers places; `fields` and `points` give every record its
shape as a pydantic model, of the kinds of value in `values`, and `reading` validates a YAML
mapping with one into values and findings at file:line:col; `load` reads sources.yaml and
what it includes (each file parsed and cached on its own, `cache`); `briefs` reads
briefs/*.yaml; `project` loads both; `snapshots` reads the archived sources and matches words
against them; `settings` reads [tool.briefgen]; `query` answers what the catalog holds for an
item, a topic or a date. Nothing here judges content: the rules are in `briefgen.checks`.
"""
