from pathlib import Path

import pytest

from storyline import jobs
from storyline.enrich import stage
from storyline.enrich.parse import split_lines
from storyline.enrich.stage import ENRICH_VERSION, enrich_articles
from storyline.graph import article_step_names
from storyline.model import Article
from storyline.store import SqliteStore


def _article(identifier: str, text: str, language: str | None = "en") -> Article:
    return Article(id=identifier, source_path=f"{identifier}.txt", text=text, language=language)


def test_stage_skips_languages_without_a_pipeline_with_a_reason() -> None:
    thai = _article("th", "สวัสดีครับ", language="th")
    unknown = _article("xx", "Hm.", language=None)
    results = enrich_articles([thai, unknown])
    assert [r.skipped for r in results] == [
        "language th: no analysis pipeline (analysed: en, ru, de, fr)",
        "language unknown: no analysis pipeline (analysed: en, ru, de, fr)",
    ]
    assert all(not r.chains and not r.quotes and not r.sentences for r in results)
    assert all(r.pipeline is None for r in results)


def test_stage_dispatches_each_language_to_its_pipeline() -> None:
    batch = [
        _article("en", "Jane Doe spoke in Paris."),
        _article("ru", "Лукашенко встретился с Путиным в Сочи.", language="ru"),
        _article("de", "Angela Merkel sprach in Berlin.", language="de"),
        _article("fr", "Emmanuel Macron a parlé à Paris.", language="fr-FR"),
    ]
    results = enrich_articles(batch)
    assert [r.pipeline.split(":")[0] for r in results] == ["en", "ru", "de", "fr"]
    assert all(r.skipped is None and r.sentences and r.chains for r in results)


def test_stage_keeps_batch_order_and_versions_each_enrichment() -> None:
    batch = [_article("b", "Jane Doe spoke."), _article("de", "Hallo.", "de"), _article("c", "")]
    results = enrich_articles(batch)
    assert [r.article_id for r in results] == ["b", "de", "c"]
    assert {r.version for r in results} == {ENRICH_VERSION}


def test_stage_sentences_do_not_cross_line_breaks() -> None:
    text = "Putin backs Lukashenko\nRussian President Vladimir Putin has backed him."
    (result,) = enrich_articles([_article("a", text)])
    assert [text[s:e] for s, e in result.sentences] == [
        "Putin backs Lukashenko",
        "Russian President Vladimir Putin has backed him.",
    ]


def test_split_lines_keeps_hard_wrapped_paragraphs_together() -> None:
    assert split_lines("Title\n\nA line\nwrapped here.\nNext") == [
        "Title\n\n",
        "A line\nwrapped here.\n",
        "Next",
    ]


def test_enrich_step_writes_every_article_once_and_resumes(
    store: SqliteStore, tmp_path: Path
) -> None:
    for index in range(5):
        text = f"Budget {index}\n\nJane Doe said “item {index} is ready” for the town today."
        (tmp_path / f"{index}.txt").write_text(text, "utf-8")
    jobs.ingest([str(tmp_path)], store)
    options = jobs.AnalyzeOptions(batch_size=2)
    assert jobs.analyze(store, options=options, steps=["enrich"]).steps["enrich"] == 5
    assert "enrich" in jobs.analyze(store, options=options, steps=["enrich"]).skipped
    stored = list(store.enrichments())
    assert len(stored) == 5 and all(e.quotes for e in stored)


def test_enrich_is_the_first_article_step() -> None:
    names = article_step_names()
    assert names[0] == "enrich" and names.count("enrich") == 1


def test_worker_processes_give_the_same_enrichments_in_batch_order() -> None:
    texts = [
        "Talks resume\n\nJane Doe said “we are ready” on Monday in Minsk.",
        "Gasprom deal\n\nThe loan of $1.5 billion was signed, Putin said.",
        "Hallo Welt.",
        "Short one.",
        "Budget vote\n\nThe council approved 28 programs last year, its chair told reporters.",
    ]
    batch = [
        _article(str(i), text, "de" if text.startswith("Hallo") else "en")
        for i, text in enumerate(texts)
    ]
    assert enrich_articles(batch, n_process=2) == enrich_articles(batch)


def test_worker_processes_start_warm_each_language_enriched_once_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Before forking, this process enriches a sample in each language of the batch
    (once), so the workers inherit what the annotators load on first use."""
    warmed: list[str | None] = []
    enrich = stage.enrich_articles

    def recording(batch: list[Article], n_process: int = 1) -> list:
        warmed.extend(a.language for a in batch if a.id == "warm-up")
        return enrich(batch, n_process)

    monkeypatch.setattr(stage, "enrich_articles", recording)
    monkeypatch.setattr(stage, "_warm", set())
    stage.warm_up({"en", "th", ""})
    stage.warm_up({"en", "de"})
    assert warmed == ["en", "de"]
    assert stage._warm == {"en", "de"}


# Issue 14, item 2: one sub-annotator failing on one article keeps everything else.
REUTERS_109 = (
    "Fed says borrowings fell\n\n"
    "Commenting on the two-week statement period ended February 25, the Fed said that "
    "banks had average net free reserves of 644 mln dlrs a day, down from 1.34 billion "
    "two weeks earlier. “It was small,” Fed spokesman John Smith said in Washington."
)


def test_a_huge_relative_date_beside_a_number_keeps_the_whole_analysis() -> None:
    article = Article(
        id="r109", source_path="r.txt", text=REUTERS_109, language="en", published="1987-02-26"
    )
    (result,) = enrich_articles([article])
    assert result.skipped is None and result.failures == []
    assert result.quotes and result.chains and result.times and result.claims


@pytest.mark.parametrize(
    ("target", "substep"),
    [
        ("storyline.enrich.times.find_times", "times"),
        ("storyline.enrich.numbers.find_numbers", "numbers"),
        ("storyline.enrich.quotes.find_quotes", "quotes"),
        ("storyline.enrich.entities.find_chains", "chains"),
        ("storyline.enrich.date_claims.date_claims", "date claims"),
    ],
)
def test_a_failing_sub_annotator_is_recorded_and_the_others_still_run(
    monkeypatch: pytest.MonkeyPatch, target: str, substep: str
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise OverflowError("date value out of range\nsecond line")

    monkeypatch.setattr(target, broken)
    article = Article(
        id="r109", source_path="r.txt", text=REUTERS_109, language="en", published="1987-02-26"
    )
    (result,) = enrich_articles([article])
    assert result.failures == [f"{substep}: OverflowError: date value out of range"]
    assert result.skipped is None and result.sentences
    produced = {
        "chains": bool(result.chains), "quotes": bool(result.quotes),
        "times": bool(result.times), "numbers": any(c.kind != "date" for c in result.claims),
    }  # fmt: skip
    assert [name for name, found in produced.items() if not found] == (
        [substep] if substep in produced else []
    )
