"""Stage 5: the build, as a list of stages (`pipeline.build`).

`check` resolves every brief and runs the rules once; `jobs` plans what to build and what is
unchanged (content hashes, never file times); `work` renders one brief, fitted to its pages
(in `pool` workers when there are several); `outputs` writes each file atomically;
`manifest` and `distribution` keep the manifest, index and feed true to the files beside
them; `records` are the typed records between these stages; `report` says what happened.
"""
