"""Hostile article text, and the check that rendered output carries none of it live.

The payloads are what the issue-14 probes found live in Markdown outputs, plus the usual
HTML and CSV injection forms; ``live_markup`` lists every way a page built from them
could run script or navigate somewhere it should not.
"""

from __future__ import annotations

from lxml import html

PAYLOADS = (
    "<script>alert('s')</script>",
    "<img src=x onerror=alert('i')>",
    "[click](javascript:alert('l'))",
    "![pic](javascript:alert('p'))",
    "<javascript:alert('a')>",
    "<a href=\"javascript:alert('h')\">anchor</a>",
    "[label](&#106;avascript:alert('e'))",
    "<svg onload=alert('v')>",
    "<details open ontoggle=alert('d')>",
    "<iframe src=javascript:alert('f')></iframe>",
    "`tick` ```fence``` | pipe |",
    '=HYPERLINK("http://evil.example","x")',
)
# A line starting like a Markdown block construct, or a reference definition.
LINE_PAYLOADS = (
    "[ref]: javascript:alert('r')",
    "<div onmouseover=alert('m')>block</div>",
    "# heading",
)
SAFE_SCHEMES = ("http://", "https://", "#", "/", "?", "mailto:")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "poster", "data")
ACTIVE_TAGS = ("script", "iframe", "object", "embed", "img", "frame", "base")


def live_markup(page: str) -> list[str]:
    """Everything in an HTML page (or fragment) that could act: tags, handlers, URLs."""
    if not page.strip():
        return []
    whole = page.lstrip().lower().startswith(("<!doctype", "<html"))
    root = html.fromstring(page) if whole else html.fromstring(f"<div>{page}</div>")
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        refresh = element.attrib.get("http-equiv", "").lower() == "refresh"
        if tag in ACTIVE_TAGS or (tag == "meta" and refresh):
            found.append(f"<{tag}>")
        for name, value in element.attrib.items():
            lowered = name.lower().split("}")[-1]
            if lowered.startswith("on"):
                found.append(f"{lowered} on <{element.tag}>")
            if lowered in URL_ATTRIBUTES or lowered.endswith("href"):
                target = "".join(value.split()).lower()
                if target and not target.startswith(SAFE_SCHEMES) and ":" in target.split("/")[0]:
                    found.append(f'{lowered}="{value}" on <{element.tag}>')
    return found
