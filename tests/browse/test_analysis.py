"""Quote records as the story page and the API list them."""

from __future__ import annotations

from storyline.browse.analysis import quote_records
from storyline.store import SqliteStore


def test_a_limited_list_is_the_first_quotes_with_their_speakers(
    analysed_seeds: SqliteStore,
) -> None:
    enrichments = list(analysed_seeds.enrichments())
    every = quote_records(analysed_seeds, enrichments, {})
    assert len(every) > 3 and any(record["speaker_id"] for record in every)
    for limit in (1, 3, len(every), len(every) + 5):
        assert quote_records(analysed_seeds, enrichments, {}, limit=limit) == every[:limit]
    mentions = analysed_seeds.mention_index([e.article_id for e in enrichments])
    given = quote_records(analysed_seeds, enrichments, {}, mentions, {}, limit=3)
    assert given == every[:3]
