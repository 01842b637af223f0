"""The analyst's tools beside the pipeline: `init`, `new`, `quote find` and `schema`."""
