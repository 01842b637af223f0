"""Stage 4: a Document turned into what a reader holds, with no access to the catalog.

`document` renders Markdown and self-contained HTML from the project's templates
(`templates`, in Jinja's sandbox), catalog text through `inline`; `pdf` is the one module
that knows WeasyPrint (layouts as plain records for fitting, then the PDF bytes);
`footnotes` keeps a two-pager's notes on their call's page; `chart` draws series as SVG;
`typography` sets quote marks and keeps words together; `index` and `feed` render the
distribution from manifest entries.
"""
