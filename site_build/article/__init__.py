"""The article's numbers and figures: measured with the optimizers core at build time
(``measure``), cached in the build cache (``cache``), written into the pages by a MkDocs
hook (``hook``) through the placeholders ``{{ n:key }}``, ``{{ table:key }}`` and
``{{ figure:id }}`` (``text`` turns the numbers into words and tables)."""
