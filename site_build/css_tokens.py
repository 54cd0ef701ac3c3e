"""The site's stylesheet and its design tokens. The stylesheet is written in parts under
``site_src/css/site/`` (each a concern, joined in the order of their names: ``site_css()``), and the
build writes the whole as ``assets/css/site.css`` (one request). The tokens are read from it at build
time, so the figures' pictures take their colours and font from the stylesheet rather than a copy of it.

site.css declares each token once in its first ``:root { … }`` rule; a colour that differs
between the schemes is written ``light-dark(<light>, <dark>)``. ``tokens()`` gives
``{"--text": "light-dark(#1d2026, #e3e6eb)", "--font": "system-ui, …", …}`` and
``in_scheme(value, "dark")`` the value a page in that colour scheme uses.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Dict, Tuple

SITE_CSS_PARTS = Path(__file__).resolve().parent.parent / "site_src" / "css" / "site"


def site_css() -> str:
    """The whole stylesheet: site_src/css/site/*.css, joined in the order of their names."""
    parts = sorted(SITE_CSS_PARTS.glob("*.css"))
    if not parts:
        raise TokenError(f"{SITE_CSS_PARTS} holds no stylesheet")
    return "\n".join(part.read_text(encoding="utf-8") for part in parts)
SCHEMES = ("light", "dark")


class TokenError(ValueError):
    """site.css does not hold a token the build needs, or holds one it cannot read."""


def _declarations(body: str) -> Dict[str, str]:
    """{name: value} of the custom properties in a rule's body (comments removed); a property
    declared twice is an error: every token is written once."""
    found: Dict[str, str] = {}
    for name, value in re.findall(r"(--[\w-]+)\s*:\s*([^;]+);", re.sub(r"/\*.*?\*/", "", body, flags=re.S)):
        if name in found:
            raise TokenError(f"site.css declares {name} twice in :root")
        found[name] = " ".join(value.split())
    return found


def tokens(css: str = None) -> Dict[str, str]:
    """The custom properties of site.css's first ``:root {`` rule, as written."""
    text = site_css() if css is None else css
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    match = re.search(r"(?m)^:root\s*\{([^}]*)\}", text)
    if not match:
        raise TokenError("site.css has no :root { … } rule of tokens")
    return _declarations(match.group(1))


def split_light_dark(value: str) -> Tuple[str, str]:
    """(light, dark) of ``light-dark(a, b)`` (commas inside a or b, as in rgba(), are kept);
    (value, value) for any other value."""
    value = value.strip()
    if not value.startswith("light-dark(") or not value.endswith(")"):
        return value, value
    inner, depth = value[len("light-dark("):-1], 0
    for i, c in enumerate(inner):
        depth += c == "("
        depth -= c == ")"
        if c == "," and depth == 0:
            return inner[:i].strip(), inner[i + 1:].strip()
    raise TokenError(f"light-dark() needs two colours: {value}")


def in_scheme(value: str, scheme: str) -> str:
    """The value a page in colour scheme ``scheme`` ("light" or "dark") uses."""
    if scheme not in SCHEMES:
        raise ValueError(f"a colour scheme is light or dark, not {scheme!r}")
    return split_light_dark(value)[SCHEMES.index(scheme)]


def scheme_tokens(names, css: str = None) -> Dict[str, Dict[str, str]]:
    """{scheme: {name: value}} for each of ``names`` (every one must be in site.css)."""
    found = tokens(css)
    missing = [name for name in names if name not in found]
    if missing:
        raise TokenError(f"site.css has no {', '.join(missing)}")
    return {scheme: {name: in_scheme(found[name], scheme) for name in names} for scheme in SCHEMES}
