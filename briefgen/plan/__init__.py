"""Stage 3: what a brief holds, decided by pure functions of its file and the catalog.

`select` picks the facts, quotes and charts (explicit picks, then topic matches by priority
and recency, nothing after as_of) and the order they leave in to fit; `cite` numbers the notes
and makes the Document every renderer draws from; `fit` finds the fullest version that lays
out on the page budget, from layouts it is handed; `generate` makes an issue brief from a
topic; `diff` compares a brief as of two cut-offs.
"""
