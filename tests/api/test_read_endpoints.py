from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient
from sample_analysis import Sample

from storyline.api.settings import ServerSettings


def test_index_counts_what_the_store_holds(client: TestClient) -> None:
    body = client.get("/api").json()
    assert body["ok"] and body["counts"]["articles"] == 4 and body["counts"]["stories"] == 1
    assert body["outlet_count"] == 3 and body["articles_naming_no_outlet"] == 0


def test_articles_are_paged_with_total_and_next_offset(client: TestClient) -> None:
    first = client.get("/api/articles", params={"limit": 3}).json()
    assert first["total"] == 4 and len(first["items"]) == 3 and first["next_offset"] == 3
    last = client.get("/api/articles", params={"limit": 3, "offset": 3}).json()
    assert len(last["items"]) == 1 and last["next_offset"] is None


def test_article_records_follow_the_contract(client: TestClient, sample: Sample) -> None:
    record = client.get(f"/api/articles/{sample.flood_1.id}").json()["article"]
    for key in ("id", "source_path", "external_id", "url", "outlet", "title", "published",
                "published_range", "published_basis", "language", "text", "removed", "credits",
                "duplicate_of", "event_id"):  # fmt: skip
        assert key in record
    assert record["analysis"]["quotes"][0]["speaker_id"] == "e-novak"
    assert record["analysis"]["pipeline"].startswith("en: spaCy")


def test_unanalysed_article_has_null_analysis(client: TestClient, sample: Sample) -> None:
    assert client.get(f"/api/articles/{sample.unrelated.id}").json()["article"]["analysis"] is None


def test_article_filters(client: TestClient, sample: Sample) -> None:
    items = client.get("/api/articles", params={"story": "st1", "since": "2024-03-15"}).json()[
        "items"
    ]
    assert [a["id"] for a in items] == [sample.flood_2.id]


def test_story_detail_carries_every_section(client: TestClient) -> None:
    story = client.get("/api/stories/st1").json()["story"]
    assert story["article_count"] == 2 and story["events"][0]["id"] == "ev1"
    assert story["timeline"][0]["text"].startswith("The Oder dam")
    assert story["quote_count"] == 2 and story["claim_count"] == 2
    assert story["claims"][0]["agreement"] == "conflict"
    assert [e["id"] for e in story["entities"]] == ["e-novak", "e-ostrava"]


def test_stories_list_has_coverage(client: TestClient) -> None:
    item = client.get("/api/stories").json()["items"][0]
    assert item["coverage"]["points"] == [["2024-03-14", 1], ["2024-03-15", 0], ["2024-03-16", 1]]


def test_events_entities_quotes_claims_and_timeline_lists(client: TestClient) -> None:
    assert client.get("/api/events", params={"story": "st1"}).json()["total"] == 1
    assert client.get("/api/events/ev1").json()["event"]["article_count"] == 2
    assert (
        client.get("/api/entities", params={"type": "gpe"}).json()["items"][0]["name"] == "Ostrava"
    )
    entity = client.get("/api/entities/e-novak").json()["entity"]
    assert entity["aliases"] == ["Jana Novak", "Novak"] and len(entity["mentions"]) == 2
    quotes = client.get("/api/quotes", params={"speaker": "jana novak"}).json()
    assert [q["id"] for q in quotes["items"]] == ["q1"]
    assert client.get("/api/claims", params={"agreement": "conflict"}).json()["total"] == 2
    assert client.get("/api/timeline", params={"story": "st1"}).json()["total"] == 1


def test_search_endpoint_returns_ranked_hits_with_offsets(
    client: TestClient, sample: Sample
) -> None:
    body = client.get("/api/search", params={"q": "evacuating", "outlet": "Daily Ostrava"}).json()
    assert body["ok"] and body["total"] == 1 and body["hits"][0]["article_id"] == sample.flood_1.id
    sentence = body["hits"][0]["sentences"][0]
    assert sentence["text"].startswith('"We are evacuating')


def test_semantic_search_without_vectors_says_so(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "dam", "mode": "semantic"}).json()
    assert body["mode"] == "text" and "no article vectors" in body["notes"][0]


def test_empty_store_lists_say_not_analysed(
    tmp_path: Path, client_for: Callable[[ServerSettings], TestClient]
) -> None:
    with client_for(ServerSettings(db=tmp_path / "empty.db")) as empty:
        for path in ("/api/stories", "/api/events", "/api/timeline", "/api/quotes"):
            body = empty.get(path).json()
            assert body["total"] == 0 and "not analysed" in body["notes"][0], path
