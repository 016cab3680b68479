import codecs

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from storyline.errors import InputError
from storyline.ingest.decode import declared_html_charset, decode_bytes

QUOTED = "café – “quoted”"


def test_utf8_with_and_without_bom_decodes_without_the_mark() -> None:
    assert decode_bytes("naïve".encode(), "a.txt") == "naïve"
    assert decode_bytes(codecs.BOM_UTF8 + "naïve".encode(), "a.txt") == "naïve"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom_decodes(encoding: str) -> None:
    data = "Größe – “x”".encode(encoding)
    if encoding != "utf-16":
        bom = codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE
        data = bom + data
    assert decode_bytes(data, "a.txt") == "Größe – “x”"


@pytest.mark.parametrize(
    "text",
    [
        QUOTED,
        "naïve façade",
        "Müller sagte: „Das ist schön“ – und ging.",
        "Le café est très bon, dit-il à l'élève. " * 20,
    ],
)
def test_cp1252_text_decodes_correctly(text: str) -> None:
    assert decode_bytes(text.encode("cp1252"), "a.txt") == text


def test_latin1_text_decodes_correctly() -> None:
    text = "Größe über naïve Café, «citation» ± 5 °C"
    assert decode_bytes(text.encode("latin-1"), "a.txt") == text


def test_html_meta_charset_is_used_for_legacy_bytes() -> None:
    page = '<html><head><meta charset="windows-1250"></head><body>Zażółć gęślą jaźń</body></html>'
    assert decode_bytes(page.encode("cp1250"), "p.html") == page


def test_declared_charset_from_the_container_is_used() -> None:
    text = "Привет, как дела? Всё хорошо."
    assert decode_bytes(text.encode("koi8_r"), "p.html", declared="koi8-r") == text


def test_valid_utf8_wins_over_a_wrong_latin1_declaration() -> None:
    page = '<meta charset="iso-8859-1"><p>Über café</p>'
    assert decode_bytes(page.encode("utf-8"), "p.html") == page


def test_utf8_with_a_few_damaged_bytes_keeps_the_rest() -> None:
    text = "Grüße aus München, schöne Größe. " * 10
    data = text.encode("utf-8") + b"\xff broken"
    decoded = decode_bytes(data, "a.txt")
    assert decoded.startswith(text) and decoded.endswith("\ufffd broken")


def test_declared_html_charset_reads_meta_http_equiv() -> None:
    head = b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-2">'
    assert declared_html_charset(head) == "iso-8859-2"
    assert declared_html_charset(b"plain text, charset=utf-8") is None


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "empty file"),
        (bytes(range(256)) * 4, "binary file, not text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file, not text"),
        (b"\x01\x02\x03\x04\x05\x06 abc", "binary file, not text"),
    ],
)
def test_unreadable_bytes_raise_input_error(data: bytes, problem: str) -> None:
    with pytest.raises(InputError) as raised:
        decode_bytes(data, "x.txt")
    assert raised.value.problem == problem
    assert raised.value.path == "x.txt"


def test_a_stray_control_character_is_still_text() -> None:
    assert decode_bytes(b"Story text.\x03", "r.txt") == "Story text.\x03"


def test_invalid_utf16_after_its_bom_cannot_be_decoded() -> None:
    with pytest.raises(InputError, match="cannot decode text"):
        decode_bytes(codecs.BOM_UTF16_LE + b"\x00\xd8", "a.txt")


_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs")) | st.sampled_from("\n\r\t"),
    min_size=1,
)


@given(_TEXT)
def test_any_text_round_trips_through_utf8(text: str) -> None:
    assume(not text.startswith("\ufeff"))
    assert decode_bytes(text.encode("utf-8"), "a.txt") == text


@given(_TEXT)
def test_any_text_round_trips_through_utf16_with_bom(text: str) -> None:
    assume(not text.startswith("\ufeff"))
    assert decode_bytes(text.encode("utf-16"), "a.txt") == text


# Issue 14, smaller item: UTF-16 and UTF-32 without a byte-order mark are text too.
BOMLESS = [
    "Harbour reopens\n\nThe harbour reopened on Tuesday after a week of repairs to the wall.",
    "Гавань вновь открылась во вторник после недели ремонта старой стены.",
    "Der Hafen wurde am Dienstag nach einer Woche Reparaturen wieder geöffnet.",
]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
@pytest.mark.parametrize("text", BOMLESS)
def test_utf16_and_utf32_without_a_byte_order_mark_decode(encoding: str, text: str) -> None:
    assert decode_bytes(text.encode(encoding), "a.txt") == text
