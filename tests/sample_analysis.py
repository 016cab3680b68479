"""A small store as the analysis stages would leave it: articles, enrichments, entities,
events, a story, its timeline and claim groups (written by hand, offsets found by search),
plus one hostile article whose text and metadata try to run script in the UI."""

from __future__ import annotations

from dataclasses import dataclass

from storyline.model import (
    Article,
    Chain,
    Citation,
    Claim,
    Enrichment,
    Entity,
    Event,
    Mention,
    Quote,
    RawDocument,
    Story,
    TimelineEntry,
    TimeMention,
)
from storyline.store import Store

FLOOD_1 = (
    "River Dam Breaks Near Ostrava\n\n"
    "The Oder dam near Ostrava broke on 14 March 2024, flooding 300 homes. "
    '"We are evacuating everyone in the valley," said mayor Jana Novak. '
    "Rescue teams from Prague arrived the next morning."
)
FLOOD_2 = (
    "Ostrava Flood Leaves Hundreds Homeless\n\n"
    "Floods after the dam failure on 14 March 2024 damaged 320 homes, officials said. "
    'Novak said "the valley will be rebuilt" within a year. '
    "The regional council pledged 5 million euros."
)
HOSTILE = (
    "Hostile <script>alert('title')</script> page\n\n"
    "Before <script>document.title='pwned'</script> and "
    "<img src=x onerror=\"document.title='pwned'\"> and "
    '<a href="javascript:alert(1)">click me</a> after. The dam story is unrelated.'
)
UNRELATED = "Chess Final Ends In Draw\n\nThe chess final in Oslo ended in a draw on Sunday."


@dataclass(slots=True)
class Sample:
    flood_1: Article
    flood_2: Article
    hostile: Article
    unrelated: Article
    novak: Entity
    story: Story
    quote: Quote


def add_article(store: Store, body: str, **fields: object) -> Article:
    """Store ``body`` as an article titled by its first line (as ingest would)."""
    title, _, text = body.partition("\n\n")
    name = fields.pop("source_path", f"{title[:20]}.txt")
    raw = RawDocument(source_path=str(name), format="text", body=body, raw=body.encode())
    article = Article(id=raw.id, source_path=raw.source_path, text=text, title=title, **fields)  # type: ignore[arg-type]
    store.write_batch([article], [raw], [])
    return article


def span(article: Article, text: str, after: int = 0) -> tuple[int, int]:
    start = article.text.index(text, after)
    return start, start + len(text)


def mention(article: Article, text: str, label: str = "PERSON") -> Mention:
    start, end = span(article, text)
    return Mention(article.id, start, end, text, label)


def sentences(article: Article) -> list[tuple[int, int]]:
    """Sentence bounds by '. ' splitting: good enough for these hand-written texts."""
    bounds, start = [], 0
    for index, char in enumerate(article.text):
        if char in ".!?" and (index + 1 == len(article.text) or article.text[index + 1] == " "):
            bounds.append((start, index + 1))
            start = index + 2
    return bounds


def _quote(article: Article, text: str, speaker: str, quote_id: str) -> Quote:
    start, end = span(article, text)
    sentence = next(s for s in sentences(article) if s[0] <= start < s[1])
    return Quote(
        quote_id, article.id, text, start, end, speaker_text=speaker, cue="said",
        sentence_start=sentence[0], sentence_end=sentence[1],
    )  # fmt: skip


def _enrich(store: Store, flood_1: Article, flood_2: Article) -> Quote:
    quote = _quote(flood_1, "We are evacuating everyone in the valley,", "Jana Novak", "q1")
    quote.speaker_chain = 0  # Jana Novak's chain: resolves to the merged entity
    novak_1 = Chain(flood_1.id, 0, "Jana Novak", "PERSON", [mention(flood_1, "Jana Novak")])
    date_1 = TimeMention(flood_1.id, *span(flood_1, "14 March 2024"), "14 March 2024", "DATE",
                         "2024-03-14", ("2024-03-14", "2024-03-14"))  # fmt: skip
    homes_1 = Claim("c1", "count", 300.0, "homes", flood_1.id, *span(flood_1, "300 homes"))
    homes_2 = Claim("c2", "count", 320.0, "homes", flood_2.id, *span(flood_2, "320 homes"))
    quote_2 = _quote(flood_2, "the valley will be rebuilt", "Novak", "q2")
    store.write_enrichments([
        Enrichment(flood_1.id, "1", sentences(flood_1), [novak_1],
                   [mention(flood_1, "Ostrava", "GPE")], [quote], [date_1], [homes_1],
                   pipeline="en: spaCy 3.8, en_core_web_sm 3.8.0"),
        Enrichment(flood_2.id, "1", sentences(flood_2), [], [], [quote_2], [], [homes_2]),
    ])  # fmt: skip
    return quote


def write_sample(store: Store) -> Sample:
    """Fill ``store`` with the sample corpus and its analysis."""
    flood_1 = add_article(store, FLOOD_1, outlet="Daily Ostrava", published="2024-03-14")
    flood_2 = add_article(store, FLOOD_2, outlet="Prague News", published="2024-03-16")
    hostile = add_article(
        store, HOSTILE, outlet="<b>Evil</b> Times", url="javascript:alert(1)",
        removed=["<script>alert('removed')</script>"],
    )  # fmt: skip
    unrelated = add_article(store, UNRELATED, outlet="Daily Ostrava", published="2023-11-05")
    quote = _enrich(store, flood_1, flood_2)
    novak = Entity("e-novak", "Jana Novak", "PERSON", ["Jana Novak", "Novak"],
                   [mention(flood_1, "Jana Novak"), mention(flood_2, "Novak")],
                   ["'Novak' shares the surname of 'Jana Novak' in the same story"])  # fmt: skip
    ostrava = Entity(
        "e-ostrava", "Ostrava", "GPE", ["Ostrava"], [mention(flood_1, "Ostrava", "GPE")]
    )
    store.replace_entities([novak, ostrava])
    event = Event("ev1", "Oder dam breaks near Ostrava", [flood_1.id, flood_2.id], "2024-03-14",
                  entity_ids=[novak.id, ostrava.id], places=["Ostrava"], story_id="st1",
                  summary=[{"text": "The Oder dam near Ostrava broke.", "article_id": flood_1.id,
                            "start": 0, "end": 32}])  # fmt: skip
    store.write_events([event])
    store.set_links([(flood_1.id, None, "ev1"), (flood_2.id, None, "ev1")])
    story = Story("st1", "Ostrava dam failure", ["ev1"], [novak.id, ostrava.id])
    store.replace_stories([story])
    cited = Citation(flood_1.id, *span(flood_1, "The Oder dam"))
    entry = TimelineEntry(
        "2024-03-14", None, "day", "The Oder dam breaks near Ostrava.", "st1", "ev1", [cited]
    )
    store.replace_results("timeline", [("t1", "st1", None, entry)])
    store.replace_results("claim_group", [
        ("c1", "st1", flood_1.id, {"id": "c1", "group_id": "g1", "agreement": "conflict"}),
        ("c2", "st1", flood_2.id, {"id": "c2", "group_id": "g1", "agreement": "conflict"}),
    ])  # fmt: skip
    return Sample(flood_1, flood_2, hostile, unrelated, novak, story, quote)
