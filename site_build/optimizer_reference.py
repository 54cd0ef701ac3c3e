"""An MkDocs hook: the API reference lists every registered optimizer, without a hand-kept list.

In a page's Markdown, a line ``<!-- registered optimizers: torch -->`` becomes one mkdocstrings
entry (``::: optimizers.methods.<module>.<factory>``, a level-3 heading) per optimizer of
``optimizers.OPTIMIZERS`` that torch.optim has, in the registry's order; ``<!-- registered
optimizers: beyond torch -->`` does the same for the others. A new optimizer's file is enough
for it to appear (``site_src/pages/api/optimizers.md``).
"""

from __future__ import annotations

import re
from typing import List

MARKER = re.compile(r"^<!-- registered optimizers: (torch|beyond torch) -->$", re.MULTILINE)


def entries(group: str) -> List[str]:
    """The mkdocstrings directives of one group (``torch`` or ``beyond torch``), in registry order."""
    from optimizers.registry import OPTIMIZERS, registration

    wanted = group == "torch"
    return [f"::: {factory.__module__}.{factory.__qualname__}\n    options:\n      heading_level: 3\n"
            for optimizer_id, factory in OPTIMIZERS.items() if bool(registration(optimizer_id).torch) == wanted]


def on_page_markdown(markdown: str, page, config, files) -> str:
    return MARKER.sub(lambda match: "\n".join(entries(match.group(1))), markdown)
