"""Scripts and styles inlined into the report: Vega and Vega-Lite as Splink ships them, and
the page's own CSS and JS.

    >>> [name for name, _, _ in vega_libraries()]
    ['vega 5.31.0', 'vega-lite 5.2.0']

The report must not reference the network. Splink's minified libraries hold three kinds of
URL text, handled here:
- XML namespace names (`http://www.w3.org/2000/svg`, `/xmlns/`, `/1999/xlink`) that Vega
  passes to `createElementNS`. They are identifiers, never fetched, and SVG needs them
  byte-exact, so they stay; the tests allow exactly these three (`ALLOWED_URLS`).
- Vega-Lite's `$schema` stamp on compiled specs and a GitHub issue link inside a warning
  message: replaced by plain text (Vega ignores `$schema`).
vega-embed is not used (its "open in editor" action is a link to the web); the page calls
`vegaLite.compile` and `new vega.View` itself. Each replacement must match exactly once, so a
Splink upgrade that changes the files fails loudly here rather than leaking a URL.
"""

from __future__ import annotations

import functools
from importlib.resources import files
from pathlib import Path

STATIC = Path(__file__).parent / "static"

ALLOWED_URLS = (
    "http://www.w3.org/2000/svg",
    "http://www.w3.org/2000/xmlns/",
    "http://www.w3.org/1999/xlink",
)

# (file prefix in Splink's external_js, licence note, [(text, replacement)])
_LIBRARIES = [
    ("vega@", "BSD-3-Clause, Copyright (c) 2015-2023, University of Washington Interactive Data Lab",
     []),
    ("vega-lite@", "BSD-3-Clause, Copyright (c) 2015-2023, University of Washington Interactive"
     " Data Lab",
     [('"https://vega.github.io/schema/vega/v5.json"', '"vega-v5"'),
      ("(https://github.com/vega/vega-lite/issues/2415)", "(vega-lite issue 2415)")]),
]


def _external_js() -> Path:
    return Path(str(files("splink") / "internals" / "files" / "external_js"))


@functools.cache
def vega_libraries() -> list[tuple[str, str, str]]:
    """[(name and version, licence note, code)] in load order, URLs handled as above."""
    out = []
    for prefix, licence, replacements in _LIBRARIES:
        found = sorted(p for p in _external_js().glob(f"{prefix}*")
                       if p.name.split("@")[0] + "@" == prefix)
        if not found:
            raise FileNotFoundError(f"{prefix}* not found in {_external_js()} (Splink upgraded?)")
        path = found[-1]
        code = path.read_text(encoding="utf-8")
        for text, replacement in replacements:
            if code.count(text) != 1:
                raise ValueError(f"{path.name}: expected {text!r} once, found {code.count(text)}")
            code = code.replace(text, replacement)
        if "</script" in code.lower():  # would end the inline <script> element early
            raise ValueError(f"{path.name} contains '</script'")
        out.append((path.name.replace("@", " "), licence, code))
    return out


PAGE_SCRIPTS = ("common.js", "card.js", "report.js")  # load order: helpers, cards, page


def page_js() -> str:
    """The page's three script files in one function scope (one inline <script>)."""
    parts = [(STATIC / name).read_text(encoding="utf-8") for name in PAGE_SCRIPTS]
    return "(function () {\n" + "\n".join(parts) + "\n})();\n"


def page_css() -> str:
    return (STATIC / "report.css").read_text(encoding="utf-8")
