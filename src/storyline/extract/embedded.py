"""Article text a page keeps in a script's JSON (Next.js and similar apps), not in its HTML.

Such pages render the body in the browser from data like
``{"contentHtml": "<p>…</p>", …}``; the served HTML has a title and no paragraph.
The body is the longest string under a body-like key, decoded as a JSON string and,
when it is markup, reduced to its visible text.
"""

from __future__ import annotations

import json
import re

from storyline.extract.render import visible_lines

# Keys apps store an article's body under (camelCase and snake_case variants).
_BODY_KEY = re.compile(
    r'"(?:articleBody|contentHtml|content_html|bodyHtml|body_html|articleHtml|'
    r'article_body|htmlContent|content|body|text)"\s*:\s*"((?:[^"\\]|\\.){200,})"'
)
_SCRIPT = re.compile(r"<script(?![^>]*ld\+json)[^>]*>(.*?)</script>", re.IGNORECASE | re.DOTALL)
# Shorter strings are teasers and descriptions, not a body.
MIN_BODY_CHARS = 200


def embedded_body(markup: str) -> str | None:
    """The longest body-like text kept in the page's scripts, or None."""
    best: str | None = None
    for script in _SCRIPT.finditer(markup):
        for match in _BODY_KEY.finditer(script.group(1)):
            text = _as_text(match.group(1))
            if text and len(text) >= MIN_BODY_CHARS and (best is None or len(text) > len(best)):
                best = text
    return best


def _as_text(literal: str) -> str | None:
    try:
        value = json.loads(f'"{literal}"')
    except json.JSONDecodeError:
        return None
    if not isinstance(value, str):
        return None
    if "<" in value and ">" in value:
        return "\n".join(visible_lines(f"<div>{value}</div>"))
    return "\n".join(line.strip() for line in value.splitlines() if line.strip())
