"""The HTTP boundary's shapes (pydantic lives here and nowhere else)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

MAX_DOCUMENTS = 1000  # per request: larger batches are better split


class ErrorOut(BaseModel):
    """Every error: ``{"ok": false, "error": …, "status": …, "title": …}``."""

    ok: bool = False
    error: str
    status: int
    title: str


class PageOut(BaseModel):
    """A page of records; ``next_offset`` is null on the last page."""

    ok: bool = True
    total: int
    limit: int
    offset: int
    next_offset: int | None
    notes: list[str] = []
    items: list[dict[str, Any]]


class DocumentIn(BaseModel):
    """One article to ingest: ``text`` or ``html``, and what metadata is known."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = None
    html: str | None = None
    id: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = Field(None, description="ISO 8601 date or datetime.")
    outlet: str | None = None
    language: str | None = None
    author: str | None = None

    @model_validator(mode="after")
    def _has_body(self) -> DocumentIn:
        if not (self.text or "").strip() and not (self.html or "").strip():
            raise ValueError("a document needs non-empty 'text' or 'html'")
        return self


class IngestIn(BaseModel):
    """Documents and/or http(s) URLs (pages or feeds) to ingest, then analyze."""

    model_config = ConfigDict(extra="forbid")

    documents: list[DocumentIn] = Field(default_factory=list, max_length=MAX_DOCUMENTS)
    urls: list[str] = Field(default_factory=list, max_length=MAX_DOCUMENTS)
    analyze: bool = True

    @field_validator("urls")
    @classmethod
    def _http_only(cls, urls: list[str]) -> list[str]:
        for url in urls:
            if not url.lower().startswith(("http://", "https://")):
                raise ValueError(f"{url!r} is not an http(s) URL")
        return urls

    @model_validator(mode="after")
    def _not_empty(self) -> IngestIn:
        if not self.documents and not self.urls:
            raise ValueError("nothing to ingest: give 'documents' or 'urls'")
        return self


class JobOut(BaseModel):
    """An ingest job's progress."""

    ok: bool = True
    job: dict[str, Any]
