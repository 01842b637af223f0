"""The analyst's tools beside the pipeline: `new`, `quote find`, `schema` and `serve`."""
