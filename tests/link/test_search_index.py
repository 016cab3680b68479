"""Analyze keeps the semantic search index beside the store current."""

from pathlib import Path

from storyline import jobs
from storyline.link.embed import MODEL
from storyline.link.vector_index import VectorIndex, index_path
from storyline.model import RawDocument


def doc(name: str, text: str) -> RawDocument:
    return RawDocument(source_path=name, format="text", body=text, external_id=name)


def test_each_analyze_brings_the_search_index_up_to_the_store(tmp_path: Path) -> None:
    store = jobs.open_store(tmp_path / "s.db")
    jobs.ingest_documents([doc("a", "Floods hit the Oder valley.\n\nDams held in Poland.")], store)
    jobs.analyze(store)
    path = index_path(store)
    assert path is not None and path.exists()
    first = VectorIndex.load(path, MODEL)
    assert first is not None and first.cursor == store.last_change() and len(first) == 1

    jobs.ingest_documents([doc("b", "Coffee prices rose in Brazil.\n\nGrowers were glad.")], store)
    jobs.analyze(store)
    second = VectorIndex.load(path, MODEL)
    assert second is not None and second.cursor == store.last_change()
    assert set(second.keys) == {a.id for a in store.articles()}
