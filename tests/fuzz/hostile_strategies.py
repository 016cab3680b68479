"""Hypothesis strategies for hostile input: huge numbers, deep nesting, odd encodings,
control characters, and the time and number phrases that broke analysis before.

Bounds: every strategy here draws small examples (tens of fragments, a few KB), so a
fuzz test's cost is its example count; the counts are set in each test module.
"""

from __future__ import annotations

import codecs
import json

from hypothesis import strategies as st

# Phrases from real failures (issue 14) and their neighbours.
TIME_AND_NUMBER_PHRASES = (
    "1.34 billion two weeks earlier", "5,000,000 days earlier", "1000000000 days ago",
    "99999999999999999999 years ago", "two weeks earlier", "a year earlier", "last year",
    "the following year", "three years later", "on Friday", "last Friday", "next week",
    "mid-September 2020", "9 August", "in January", "the 1990s", "the third quarter",
    "winter 2021", "2 1/2 years", "a hundred thousand million billion trillion days ago",
    "nineteen ninety-six", "two thousand and five", "10:35 a.m.", "noon", "year-ago quarter",
    "$1.5bn", "€1.26bn", "£600m", "₹5 crore", "1,500", "28 programs", "69-year-old",
    "aged 130", "Lukashenko, 67,", "45 pct", "0.5 percentage points", "six, seven road maps",
    "out of 33", "12th century", "the 9999th century", "31 February 2020", "Q9 2020",
    "in 0001", "in 9999", "year 10000", "week 54", "F-16", "COVID-19", "G7",
)  # fmt: skip
MARKUP = (
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "&#0;", "&#xD800;",
    "&#99999999;", "&amp;&lt;", "<![CDATA[", "]]>", "<!--", "-->", "<?xml", "<!DOCTYPE x [",
    "<p>", "</p>", "<br/>", "[x](javascript:alert(1))", "`", "|", "\\",
)  # fmt: skip
CONTROL = ("\x00", "\x01", "\x03", "\x0b", "\x0c", "\x1b[31m", "\x7f", "\x85", "\u2028",
           "\u202e", "\ufeff", "\ufffd", "\ufffe", "\U0010ffff", "\r", "\r\n", "\t")  # fmt: skip
QUOTES = ("“", "”", "„", "«", "»", "'", '"', "‘", "’")
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le",
             "cp1252", "latin-1", "cp1251", "koi8-r", "shift_jis", "gb18030", "big5")  # fmt: skip


def huge_numbers() -> st.SearchStrategy[str]:
    """Digits far past any float, grouped or not, with a scale or a unit."""
    digits = st.integers(min_value=10**9, max_value=10**400).map(str)
    grouped = st.integers(min_value=10**6, max_value=10**60).map(lambda n: f"{n:,}")
    tail = st.sampled_from(["", " days ago", " years later", " billion", "bn", "%", " people"])
    return st.tuples(st.one_of(digits, grouped), tail).map("".join)


def fragments() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(TIME_AND_NUMBER_PHRASES),
        st.sampled_from(MARKUP),
        st.sampled_from(CONTROL),
        st.sampled_from(QUOTES),
        huge_numbers(),
        st.text(max_size=12),
        st.from_regex(r"[A-Z][a-z]{2,9}", fullmatch=True),
    )


def hostile_text(max_parts: int = 40) -> st.SearchStrategy[str]:
    """Sentences of hostile fragments joined by spaces, punctuation and line breaks."""
    joiner = st.sampled_from([" ", " ", ", ", ". ", "\n", "\n\n", ""])
    parts = st.lists(st.tuples(fragments(), joiner), max_size=max_parts)
    return parts.map(lambda pairs: "".join(text + glue for text, glue in pairs))


def deep_nesting() -> st.SearchStrategy[str]:
    """Markup or JSON nested thousands deep."""
    depth = st.integers(min_value=100, max_value=5000)
    opener = st.sampled_from(["<div>", "<b>", "<table><tr><td>", "[", '{"a":'])
    return st.tuples(opener, depth).map(lambda pair: pair[0] * pair[1])


def hostile_bytes() -> st.SearchStrategy[bytes]:
    """Bytes as readers meet them: hostile text in odd encodings, deep nesting, noise."""
    encoded = st.tuples(hostile_text(), st.sampled_from(ENCODINGS)).map(
        lambda pair: pair[0].encode(pair[1], "replace")
    )
    bom_less_wide = hostile_text().map(lambda text: text.encode("utf-16-le", "replace"))
    nested = deep_nesting().map(str.encode)
    with_bom = st.tuples(st.sampled_from([codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF32_BE]),
                         st.binary(max_size=200)).map(b"".join)  # fmt: skip
    return st.one_of(encoded, bom_less_wide, nested, with_bom, st.binary(max_size=2000))


def _json_values() -> st.SearchStrategy[object]:
    leaves = st.one_of(
        st.none(), st.booleans(), st.integers(min_value=-(10**30), max_value=10**30),
        st.floats(allow_nan=False), hostile_text(8),
    )  # fmt: skip
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
        ),
        max_leaves=12,
    )


def json_records() -> st.SearchStrategy[dict[str, object]]:
    """Objects with the fields readers look for, filled with anything JSON can hold."""
    fields = st.sampled_from(["text", "html", "body", "title", "id", "url", "published",
                              "outlet", "language", "author", "date", "source", "lang"])  # fmt: skip
    return st.dictionaries(fields, _json_values(), max_size=8)


def json_lines() -> st.SearchStrategy[bytes]:
    """A JSON lines file: records, broken lines, lone surrogate escapes, deep nesting."""
    record = json_records().map(lambda value: json.dumps(value))
    surrogate = st.just('{"text": "half a pair \\ud800 here", "title": "\\udfff"}')
    broken = st.one_of(st.text(max_size=40), deep_nesting())
    line = st.one_of(record, record, surrogate, broken)
    return st.lists(line, max_size=8).map(lambda lines: "\n".join(lines).encode("utf-8", "replace"))
