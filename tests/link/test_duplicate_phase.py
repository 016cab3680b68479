"""The duplicates phase over batches: what a full run gives, reading only what it must."""

from __future__ import annotations

from dataclasses import replace

from storyline.engines import LocalEngine
from storyline.graph import select
from storyline.jobs import open_store
from storyline.link.duplicates import SHORT_BODY_WORDS, exact_by_digest
from storyline.model import Article, RawDocument, content_hash
from storyline.orchestrator import analyze
from storyline.store import Store

from .test_duplicates import EDITED, STORY

NOTICE = "Acme Holdings Inc said its board declared a quarterly dividend of ten cts a share."


def _write(store: Store, items: list[tuple[str, str | None, str]]) -> list[Article]:
    """(body, title, source name) -> stored articles, in order."""
    raws = [
        RawDocument(f"{name}.txt", "text", body, body.encode(), external_id=name)
        for body, _, name in items
    ]
    articles = [
        replace(Article(raw.id, raw.source_path, raw.body), title=title)
        for raw, (_, title, _) in zip(raws, items, strict=True)
    ]
    store.write_batch(articles, raws, [])
    return articles


FIRST = [(STORY, "Floods in Ostrava", "a"), (NOTICE, "ACME DIVIDEND", "n1"), (EDITED, None, "e")]
SECOND = [
    (STORY, "Ostrava floods", "copy"),  # word-identical to "a": its signature decides
    (NOTICE, "BETA CORP DIVIDEND", "n2"),  # short, other title: not a copy
    (NOTICE, "ACME DIVIDEND", "n3"),  # short, same title: a copy
]


def _links(store: Store) -> dict[str, str | None]:
    return {a.source_path: a.duplicate_of for a in store.articles()}


def _together(links: dict[str, str | None], ids: dict[str, str], x: str, y: str) -> bool:
    """The two are in one cluster (they have the same original)."""
    return (links[x] or ids[x]) == (links[y] or ids[y])


def test_batches_link_what_one_run_links_without_reading_word_identical_copies() -> None:
    whole = open_store(":memory:")
    _write(whole, FIRST + SECOND)
    analyze(whole, LocalEngine(), graph=select("signature", "duplicates"))

    store = open_store(":memory:")
    first = _write(store, FIRST)
    analyze(store, LocalEngine(), graph=select("signature", "duplicates"))
    read: list[str] = []
    articles_by_id = store.articles_by_id

    def recording(ids):  # type: ignore[no-untyped-def]
        ids = list(ids)
        read.extend(ids)
        return articles_by_id(ids)

    store.articles_by_id = recording  # type: ignore[method-assign]
    _write(store, SECOND)
    analyze(store, LocalEngine(), graph=select("signature", "duplicates"))

    links = _links(store)
    ids = {a.source_path: a.id for a in store.articles()}
    assert links == _links(whole)
    assert _together(links, ids, "a.txt", "copy.txt")
    assert _together(links, ids, "n1.txt", "n3.txt")
    assert links["n2.txt"] is None and ids["n2.txt"] not in links.values()
    # The stored original of the long copy was never read with its text; the short
    # notice was (its title decides), and so was the near copy (its shingles decide).
    stored = {a.source_path: a.id for a in first}
    assert stored["a.txt"] not in read
    assert {stored["n1.txt"], stored["e.txt"]} <= set(read)


def test_the_digest_rule_is_the_exact_copy_rule() -> None:
    long, short = SHORT_BODY_WORDS + 5, SHORT_BODY_WORDS - 5
    assert exact_by_digest("d", long, "d", long) is True
    assert exact_by_digest("d", long, "d", short) is None  # the shorter body decides
    assert exact_by_digest("d", long, "x", long) is False
    assert exact_by_digest(content_hash("a"), short, content_hash("b"), short) is False
