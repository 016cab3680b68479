"""The HTTP boundary's shapes (pydantic lives here and nowhere else)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic.json_schema import JsonDict

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


# What the validators below check, said in the schema too, so a client (or schemathesis)
# that follows the schema is never refused: a document has non-blank text or html, a
# request has at least one document or URL, a URL is http(s).
_NOT_BLANK: JsonDict = {"type": "string", "pattern": "\\S"}
_DOCUMENT_SCHEMA: JsonDict = {
    "anyOf": [
        {"required": ["text"], "properties": {"text": _NOT_BLANK}},
        {"required": ["html"], "properties": {"html": _NOT_BLANK}},
    ]
}
_REQUEST_SCHEMA: JsonDict = {
    "anyOf": [
        {"required": ["documents"], "properties": {"documents": {"minItems": 1}}},
        {"required": ["urls"], "properties": {"urls": {"minItems": 1}}},
    ]
}
HTTP_URL_PATTERN = "^[Hh][Tt][Tt][Pp][Ss]?://"


class DocumentIn(BaseModel):
    """One article to ingest: ``text`` or ``html``, and what metadata is known."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_DOCUMENT_SCHEMA)

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

    model_config = ConfigDict(extra="forbid", json_schema_extra=_REQUEST_SCHEMA)

    documents: list[DocumentIn] = Field(default_factory=list, max_length=MAX_DOCUMENTS)
    urls: list[Annotated[str, WithJsonSchema({"type": "string", "pattern": HTTP_URL_PATTERN})]] = (
        Field(default_factory=list, max_length=MAX_DOCUMENTS)
    )
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


class JobsOut(BaseModel):
    """Ingest jobs, newest first."""

    ok: bool = True
    total: int
    items: list[dict[str, Any]]
