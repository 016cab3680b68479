"""HTTP bodies as archived: undo ``Transfer-Encoding: chunked`` and ``Content-Encoding``.

A WARC or ARC response record keeps the body as it went over the wire; most crawlers
store compressed responses (gzip, deflate, brotli) and many keep the chunk framing.
Some crawlers store the body already decoded but keep the headers, so a body that is
not what its headers say (no chunk framing, no gzip magic) is taken as it is.
Decompression stops at the size cap, so a small record cannot expand without end.
"""

from __future__ import annotations

import io
import zlib

import brotli  # type: ignore[import-untyped]
from warcio.bufferedreaders import ChunkedDataReader  # type: ignore[import-untyped]

from storyline.errors import InputError
from storyline.ingest.problems import too_large

_GZIP_MAGIC = b"\x1f\x8b"


class _Corrupt(InputError):
    """The body does not decompress."""


_CHUNK = 1 << 16


def decode_http_body(
    body: bytes,
    transfer_encoding: str | None,
    content_encoding: str | None,
    source: str,
    max_bytes: int,
) -> bytes:
    """The body a browser would have shown, at most ``max_bytes`` of it.

    Args:
        body: the payload as stored.
        transfer_encoding, content_encoding: the response's headers (None when absent).
        source: names the record in errors.
        max_bytes: cap on the decoded body.

    Raises:
        InputError: an encoding storyline cannot undo, a corrupt compressed body, or a
            decoded body over the cap.

    Example:
        >>> import gzip
        >>> decode_http_body(gzip.compress(b"<p>Hi</p>"), None, "gzip", "a#1", 1000)
        b'<p>Hi</p>'
    """
    if "chunked" in (transfer_encoding or "").lower():
        body = ChunkedDataReader(io.BytesIO(body)).read()
    # Encodings are listed in the order they were applied; undo them last first.
    for encoding in reversed(_encodings(content_encoding)):
        body = _decode(body, encoding, source, max_bytes)
    if len(body) > max_bytes:  # stored uncompressed, or unchunked, past the cap
        raise InputError(source, "body " + too_large(max_bytes))
    return body


def _encodings(header: str | None) -> list[str]:
    names = (part.strip().lower() for part in (header or "").split(","))
    return [name for name in names if name and name != "identity"]


def _decode(body: bytes, encoding: str, source: str, max_bytes: int) -> bytes:
    if encoding in ("gzip", "x-gzip"):
        if not body.startswith(_GZIP_MAGIC):
            return body  # stored decoded, header kept
        return _inflate(body, zlib.MAX_WBITS | 16, source, max_bytes, encoding)
    if encoding not in ("deflate", "br"):
        raise InputError(source, f"unsupported Content-Encoding {encoding!r}")
    try:
        if encoding == "br":
            return _unbrotli(body, source, max_bytes)
        # "deflate" is zlib-wrapped by the standard and raw from some servers.
        wbits = zlib.MAX_WBITS if _zlib_wrapped(body) else -zlib.MAX_WBITS
        return _inflate(body, wbits, source, max_bytes, encoding)
    except _Corrupt:
        if _looks_decoded(body):
            return body  # no magic number to tell: markup means it was stored decoded
        raise


def _looks_decoded(body: bytes) -> bool:
    return body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<"


def _zlib_wrapped(body: bytes) -> bool:
    """A zlib header: compression method 8, and the two bytes a multiple of 31 (RFC 1950)."""
    return len(body) >= 2 and body[0] & 0x0F == 8 and int.from_bytes(body[:2], "big") % 31 == 0


def _inflate(body: bytes, wbits: int, source: str, max_bytes: int, encoding: str) -> bytes:
    """Inflate, never holding more than the cap: zlib is asked for what room is left."""
    inflater = zlib.decompressobj(wbits)
    output = bytearray()
    pending = body
    try:
        while pending and not inflater.eof:
            output += inflater.decompress(pending, max_bytes + 1 - len(output))
            if len(output) > max_bytes:
                raise InputError(source, "decompressed body " + too_large(max_bytes))
            pending = inflater.unconsumed_tail
        output += inflater.flush()
    except zlib.error as error:
        raise _Corrupt(source, f"corrupt {encoding} body ({error})") from None
    if len(output) > max_bytes:
        raise InputError(source, "decompressed body " + too_large(max_bytes))
    return bytes(output)  # a cut-off stream gives what it holds


def _unbrotli(body: bytes, source: str, max_bytes: int) -> bytes:
    """Brotli, never holding more than the cap (its output is limited per call)."""
    decompressor = brotli.Decompressor()
    output = bytearray()
    pending = body
    try:
        while not decompressor.is_finished():
            room = max_bytes + 1 - len(output)
            if decompressor.can_accept_more_data():
                if not pending:
                    break  # a cut-off stream gives what it holds
                piece, pending = pending[:_CHUNK], pending[_CHUNK:]
                output += decompressor.process(piece, output_buffer_limit=room)
            else:
                output += decompressor.process(b"", output_buffer_limit=room)
            if len(output) > max_bytes:
                raise InputError(source, "decompressed body " + too_large(max_bytes))
    except brotli.error as error:
        raise _Corrupt(source, f"corrupt br body ({error})") from None
    return bytes(output)


def charset_parameter(content_type: str | None) -> str | None:
    """The ``charset`` of a ``Content-Type`` value ("text/html; charset=utf-8"), or None."""
    for parameter in (content_type or "").split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None
