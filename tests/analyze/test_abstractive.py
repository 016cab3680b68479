from collections.abc import Iterator

import pytest
from chat_server import Chat, chat_endpoint

from storyline.analyze.abstractive import LLMConfig, abstractive_summary, cited_sentences
from storyline.analyze.summaries import Sentence
from storyline.errors import StorylineError
from storyline.model import Citation

SOURCES = [
    Sentence("The leaders met in Sochi on Monday.", Citation("a", 0, 35)),
    Sentence("Russia offered a loan of 1.5 billion dollars.", Citation("b", 10, 55)),
]


@pytest.fixture
def endpoint() -> Iterator[str]:
    with chat_endpoint() as url:
        yield url


def test_summary_keeps_only_cited_sentences_with_their_sources(endpoint: str) -> None:
    summary = abstractive_summary(SOURCES, LLMConfig(endpoint, "m", api_key="k"))
    assert [s.text for s in summary] == ["The leaders met in Sochi.", "Russia offered a loan."]
    assert [[c.citation.article_id for c in s.sources] for s in summary] == [["a"], ["b"]]
    request = Chat.seen[-1]
    assert (request["path"], request["auth"], request["model"]) == (
        "/v1/chat/completions",
        "Bearer k",
        "m",
    )
    assert "[2] Russia offered" in request["messages"][0]["content"]


def test_unreachable_endpoint_is_one_clear_error() -> None:
    with pytest.raises(StorylineError, match="summary request failed"):
        abstractive_summary(SOURCES, LLMConfig("http://127.0.0.1:9/v1", "m", timeout=2))


def test_config_comes_from_the_environment_only_when_complete(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("STORYLINE_LLM_URL", "http://127.0.0.1:1/v1")
    monkeypatch.delenv("STORYLINE_LLM_MODEL", raising=False)
    assert LLMConfig.from_env() is None
    monkeypatch.setenv("STORYLINE_LLM_MODEL", "m")
    assert LLMConfig.from_env() == LLMConfig("http://127.0.0.1:1/v1", "m")


def test_citation_numbers_out_of_range_are_ignored() -> None:
    assert cited_sentences("Nothing here [7].", SOURCES) == []
