"""Bytes to text: byte-order marks, UTF-8, declared charsets, then a guess.

The order is: a byte-order mark; UTF-16/32 without one (NUL bytes between letters);
strict UTF-8; the charset the container declared
(HTTP header, WARC record, or an HTML ``<meta charset>``); UTF-8 with a few damaged
bytes; and last a charset-normalizer guess. Valid UTF-8 goes before a declaration
because legacy single-byte text (cp1252, latin-1) practically never forms valid
UTF-8 by accident, whereas pages that declare latin-1 but are UTF-8 are common.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from storyline.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters other than tab, newlines, form feed and escape. Text files seen
# so far have none or a stray one (Reuters' \x03 end-of-story marker); binary formats
# nearly always carry NUL bytes anyway, so this only catches the rest.
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
BINARY_CONTROL_SHARE = 0.10
SAMPLE_BYTES = 8192
# BOM-less UTF-16/32 text decodes to printable characters; binary data that
# charset-normalizer takes for UTF-16 does not (random bytes give unassigned and
# private-use code points). 0.95 leaves room for a stray control character.
WIDE_PRINTABLE_SHARE = 0.95
# Damaged UTF-8: trafilatura's evaluation pages declared as UTF-8 but not valid have
# 0.1-1.8 % of their non-ASCII bytes broken; single-byte pages decoded as UTF-8 have
# 80-100 % broken. 5 % sits well between; re-run tests/ingest/test_decode.py if changed.
DAMAGED_UTF8_SHARE = 0.05
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_ASCII = bytes(range(0x80))
# Labels browsers read as a superset (WHATWG Encoding Standard).
_SUPERSETS = {
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "gb2312": "gb18030",
    "gbk": "gb18030",
}
# Tie-break among equally plausible guesses: the legacy encodings news sites use most.
_PREFERRED_GUESSES = ("cp1252", "cp1250", "cp1251", "iso8859_15", "iso8859_2", "cp1257")


def decode_bytes(data: bytes, path: str, declared: str | None = None) -> str:
    """Decode a text or HTML file's bytes, finding the encoding when nobody says it.

    Args:
        data: the raw bytes.
        path: names the input in error messages.
        declared: a charset the container stated (HTTP ``Content-Type``, WARC record),
            tried after strict UTF-8; HTML ``<meta charset>`` is read from ``data``.

    Returns:
        The text, without a byte-order mark.

    Raises:
        InputError: "empty file", "binary file, not text" or "cannot decode text (...)".

    Example:
        >>> decode_bytes("café".encode("cp1252"), "a.txt")
        'café'
    """
    if not data:
        raise InputError(path, "empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_with_bom(data, encoding, path)
    if _looks_binary(data[:SAMPLE_BYTES]):
        text = _wide_unicode(data)
        if text is None:
            raise InputError(path, "binary file, not text")
        return text
    return _decode_unmarked(data, path, declared)


def _decode_with_bom(data: bytes, encoding: str, path: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        problem = f"cannot decode text (invalid {error.encoding} after its byte-order mark)"
        raise InputError(path, problem) from None
    return text.removeprefix("\ufeff")


def _wide_unicode(data: bytes) -> str | None:
    """UTF-16 or UTF-32 text without a byte-order mark (its NUL and control bytes made
    it look binary), or None. charset-normalizer tells which, on the first few KB; the
    whole text must then decode strictly and be nearly all printable."""
    best = from_bytes(data[: SAMPLE_BYTES * 2]).best()
    if best is None or not best.encoding.startswith(("utf_16", "utf_32")):
        return None
    try:
        text = data.decode(best.encoding.replace("_", "-"))
    except UnicodeDecodeError:
        return None
    printable = sum(char.isprintable() or char.isspace() for char in text[:SAMPLE_BYTES])
    if "\x00" in text or printable < WIDE_PRINTABLE_SHARE * min(len(text), SAMPLE_BYTES):
        return None
    return text


def _looks_binary(sample: bytes) -> bool:
    if b"\x00" in sample:
        return True
    return len(_CONTROL.findall(sample)) > BINARY_CONTROL_SHARE * len(sample)


def _decode_unmarked(data: bytes, path: str, declared: str | None) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for charset in (declared, declared_html_charset(data)):
        text = _try_decode(data, charset)
        if text is not None:
            return text
    if _mostly_utf8(data):
        return data.decode("utf-8", errors="replace")
    return _guess(data, path)


def declared_html_charset(data: bytes) -> str | None:
    """The ``<meta charset>`` of HTML-looking bytes, or None."""
    head = data[:4096]
    if b"<" not in head:
        return None
    match = _META_CHARSET.search(head)
    return match.group(1).decode("ascii").lower() if match else None


def _try_decode(data: bytes, charset: str | None) -> str | None:
    if not charset:
        return None
    label = charset.strip().lower()
    for candidate in dict.fromkeys((_SUPERSETS.get(label, label), label)):
        try:
            return data.decode(candidate)
        except (LookupError, UnicodeDecodeError):
            continue
    return None


def _mostly_utf8(data: bytes) -> bool:
    non_ascii = len(data.translate(None, _ASCII))
    broken = data.decode("utf-8", errors="replace").count("\ufffd")
    return broken <= DAMAGED_UTF8_SHARE * non_ascii


def _guess(data: bytes, path: str) -> str:
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise InputError(path, "cannot decode text (no known encoding fits)")
    # Short inputs give many guesses with the same (zero) chaos; charset-normalizer
    # then picks one arbitrarily (cp1006 for "naïve façade"), so prefer the common ones.
    tied = [match for match in matches if match.chaos <= best.chaos]
    plausible = {name for match in tied for name in match.could_be_from_charset}
    for preferred in _PREFERRED_GUESSES:
        text = _try_decode(data, preferred) if preferred in plausible else None
        if text is not None:
            return text
    return str(best)
