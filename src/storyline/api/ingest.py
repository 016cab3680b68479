"""Write endpoints: queue an ingest job, and poll it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse

from storyline.api.background import JobRunner
from storyline.api.models import ErrorOut, IngestIn, JobOut
from storyline.api.security import require_writer

router = APIRouter(prefix="/api", responses={422: {"model": ErrorOut}})


def runner_of(request: Request) -> JobRunner:
    return request.app.state.jobs  # type: ignore[no-any-return]


@router.post(
    "/ingest",
    status_code=202,
    response_model=JobOut,
    dependencies=[Depends(require_writer)],
    responses={401: {"model": ErrorOut}, 403: {"model": ErrorOut}, 413: {"model": ErrorOut}},
    summary="Ingest documents or URLs in the background, then analyze",
)
def ingest(request: Request, body: IngestIn) -> JSONResponse:
    documents = [document.model_dump(exclude_none=True) for document in body.documents]
    job = runner_of(request).submit(documents, body.urls, body.analyze)
    location = f"/api/jobs/{job.id}"
    return JSONResponse({"ok": True, "job": job.public()}, 202, headers={"Location": location})


@router.get("/jobs", summary="Ingest jobs, newest first")
def jobs(request: Request) -> dict[str, Any]:
    found = runner_of(request).all()
    return {"ok": True, "total": len(found), "items": [job.public() for job in found]}


@router.get(
    "/jobs/{job_id}",
    response_model=JobOut,
    responses={404: {"model": ErrorOut}},
    summary="One ingest job's progress",
)
def job(request: Request, job_id: str) -> dict[str, Any]:
    found = runner_of(request).get(job_id)
    if found is None:
        raise HTTPException(404, f"no job with id {job_id!r} (finished jobs are kept a while)")
    return {"ok": True, "job": found.public()}
