"""Write endpoints: queue an ingest job, and poll it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse

from storyline.api.background import JobRunner, QueueFull
from storyline.api.models import ErrorOut, IngestIn, JobOut, JobsOut
from storyline.api.routes import NOT_FOUND, RecordId, store_of
from storyline.api.security import require_writer

router = APIRouter(prefix="/api")
_RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}}}


def runner_of(request: Request) -> JobRunner:
    return request.app.state.jobs  # type: ignore[no-any-return]


@router.post(
    "/ingest",
    status_code=202,
    response_model=JobOut,
    dependencies=[Depends(require_writer)],
    responses={
        400: {"model": ErrorOut, "description": "The body is not JSON."},
        401: {"model": ErrorOut, "description": "The server's token is missing or wrong."},
        403: {"model": ErrorOut, "description": "A write from another web origin."},
        411: {"model": ErrorOut, "description": "A chunked body without Content-Length."},
        413: {"model": ErrorOut, "description": "The body is over the server's cap."},
        422: {"model": ErrorOut, "description": "The JSON does not follow the schema."},
        429: {
            "model": ErrorOut,
            "headers": _RETRY_AFTER,
            "description": "The job queue, or the uploads being received, are full.",
        },
    },  # fmt: skip
    summary="Ingest documents or URLs in the background, then analyze",
)
def ingest(request: Request, body: IngestIn) -> JSONResponse:
    """Accepted jobs are stored before the 202, so they survive a restart and resume."""
    documents = [document.model_dump(exclude_none=True) for document in body.documents]
    try:
        job = runner_of(request).submit(store_of(request), documents, body.urls, body.analyze)
    except QueueFull as full:
        raise HTTPException(429, str(full), {"Retry-After": str(full.retry_after)}) from None
    location = f"/api/jobs/{job.id}"
    return JSONResponse({"ok": True, "job": job.public()}, 202, headers={"Location": location})


@router.get("/jobs", response_model=JobsOut, summary="Ingest jobs, newest first")
def jobs(request: Request) -> dict[str, Any]:
    found = runner_of(request).all(store_of(request))
    return {"ok": True, "total": len(found), "items": [job.public() for job in found]}


@router.get(
    "/jobs/{job_id}",
    response_model=JobOut,
    responses=NOT_FOUND,
    summary="One ingest job's progress",
)
def job(request: Request, job_id: RecordId) -> dict[str, Any]:
    found = runner_of(request).get(store_of(request), job_id)
    if found is None:
        raise HTTPException(404, f"no job with id {job_id!r} (finished jobs are kept a while)")
    return {"ok": True, "job": found.public()}
