"""Optional abstractive summaries from an OpenAI-compatible chat endpoint the user configures.

Off by default. The model sees numbered source sentences and must cite them as
``[n]``; a sentence it writes without a citation is dropped, so every line of an
abstractive summary still points at the sentences it came from.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass

import httpx

from storyline.analyze.summaries import Sentence
from storyline.errors import StorylineError

_CITE = re.compile(r"\[(\d+)\]")
_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"'])")
MAX_RESPONSE_BYTES = 1_000_000
PROMPT = (
    "Summarise what these news sentences report in at most {size} sentences. Use only facts "
    "stated in them. End every sentence with the numbers of the sentences it rests on, "
    "like [2][5]. Sentences:\n{numbered}"
)


@dataclass(slots=True, frozen=True)
class LLMConfig:
    """Where the chat endpoint is: ``base_url`` up to ``/v1``, the model, an optional key."""

    base_url: str
    model: str
    api_key: str | None = None
    timeout: float = 60.0

    @classmethod
    def from_env(cls) -> LLMConfig | None:
        """``STORYLINE_LLM_URL``/``_MODEL``/``_KEY``; None unless URL and model are set."""
        url, model = os.environ.get("STORYLINE_LLM_URL"), os.environ.get("STORYLINE_LLM_MODEL")
        if not url or not model:
            return None
        return cls(url, model, os.environ.get("STORYLINE_LLM_KEY"))


@dataclass(slots=True)
class CitedSentence:
    """A generated sentence and the source sentences it cites."""

    text: str
    sources: list[Sentence]

    def record(self) -> dict[str, object]:
        return {"text": self.text, "citations": [s.record() for s in self.sources]}


def abstractive_summary(
    sentences: Sequence[Sentence], config: LLMConfig, size: int = 3
) -> list[CitedSentence]:
    """A summary written by the configured model, keeping only cited sentences.

    Raises:
        StorylineError: the endpoint failed, timed out, or answered in another shape.
    """
    numbered = "\n".join(f"[{i}] {s.text}" for i, s in enumerate(sentences, 1))
    reply = _chat(config, PROMPT.format(size=size, numbered=numbered))
    return cited_sentences(reply, sentences)


def cited_sentences(reply: str, sentences: Sequence[Sentence]) -> list[CitedSentence]:
    """Split a reply into sentences and resolve their ``[n]`` citations."""
    found = []
    for part in _SPLIT.split(reply.strip()):
        numbers = [int(n) for n in _CITE.findall(part)]
        sources = [sentences[n - 1] for n in dict.fromkeys(numbers) if 1 <= n <= len(sentences)]
        text = _CITE.sub("", part).strip()
        if sources and text:
            found.append(CitedSentence(re.sub(r"\s+([.,;!?])", r"\1", text), sources))
    return found


def _chat(config: LLMConfig, prompt: str) -> str:
    headers = {"Authorization": f"Bearer {config.api_key}"} if config.api_key else {}
    body = {"model": config.model, "messages": [{"role": "user", "content": prompt}]}
    url = config.base_url.rstrip("/") + "/chat/completions"
    try:
        response = httpx.post(url, json=body, headers=headers, timeout=config.timeout)
        response.raise_for_status()
        if len(response.content) > MAX_RESPONSE_BYTES:
            raise StorylineError(f"{url}: answer larger than {MAX_RESPONSE_BYTES} bytes")
        return str(response.json()["choices"][0]["message"]["content"])
    except (httpx.HTTPError, KeyError, IndexError, TypeError, ValueError) as error:
        raise StorylineError(f"{url}: summary request failed ({error})") from error
