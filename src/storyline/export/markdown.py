"""Markdown output that stays inert when rendered: article text is escaped like HTML is.

Article text, titles, outlets and quotes are untrusted. Rendered by CommonMark or
Python-Markdown, a raw ``<script>``, an ``onerror=`` attribute or a
``[link](javascript:…)`` in them would become live. So every value the Markdown
template prints goes through :func:`escape_markdown` (Jinja's ``finalize``): HTML's
``< > &`` become entities and Markdown's punctuation is backslash-escaped, so the text
renders as the same characters and never as markup. The template marks what it writes
itself as :class:`MarkdownText`.
"""

from __future__ import annotations

import re
from typing import Any

from jinja2 import Environment, PackageLoader

# Characters that open Markdown inline syntax anywhere in a line: code spans, emphasis,
# links and images ([…]), tables (|), strikethrough (~), headings (#), escapes (\).
_INLINE = re.compile(r"([\\`*_\[\]|~#])")
# What opens a block at the start of a line: list bullets, setext underlines, numbered
# lists ("1." / "1)").
_LINE_START = re.compile(r"^([ \t]*)([-+=])|^([ \t]*\d+)([.)])", re.MULTILINE)
_ENTITIES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"))
_BACKTICKS = re.compile(r"`+")


class MarkdownText(str):
    """Text already written as Markdown by the template's helpers: printed as it is."""


def escape_markdown(value: object) -> MarkdownText:
    """Any value as Markdown that renders as exactly its characters.

    Example:
        >>> escape_markdown("<b>1.5</b> [x](javascript:go)")
        '&lt;b&gt;1.5&lt;/b&gt; \\\\[x\\\\](javascript:go)'
    """
    if isinstance(value, MarkdownText):
        return value
    text = "" if value is None else str(value)
    text = _INLINE.sub(r"\\\1", text)
    text = _LINE_START.sub(_escape_line_start, text)
    for character, entity in _ENTITIES:
        text = text.replace(character, entity)
    return MarkdownText(text)


def _escape_line_start(match: re.Match[str]) -> str:
    if match[2] is not None:  # a bullet or an underline
        return f"{match[1]}\\{match[2]}"
    return f"{match[3]}\\{match[4]}"  # a list number


def markdown_line(value: object) -> MarkdownText:
    """One line of Markdown (a heading, a list item, a table cell): line breaks become spaces."""
    return escape_markdown(" ".join(str(value if value is not None else "").split()))


def markdown_code(value: object) -> MarkdownText:
    """A code span holding ``value`` literally, its fence longer than any backticks inside."""
    text = " ".join(str(value).split())
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    fence = "`" * (longest + 1)
    return MarkdownText(f"{fence} {text} {fence}")


def markdown_block(value: object) -> MarkdownText:
    """An indented code block holding ``value`` literally (a removed boilerplate block).

    Every line is indented, blank ones too, so no line of the text can end the block;
    renderers escape a code block's content themselves.
    """
    lines = str(value).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return MarkdownText("\n".join("    " + line for line in lines))


def markdown_environment() -> Environment:
    """The Jinja environment of the Markdown templates: every printed value escaped."""
    environment = Environment(
        loader=PackageLoader("storyline.export", "templates"),
        autoescape=False,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters.update(line=markdown_line, code=markdown_code, block=markdown_block)
    return environment


def _finalize(value: Any) -> str:
    return escape_markdown(value)
