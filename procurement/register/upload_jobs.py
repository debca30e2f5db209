"""A register upload off the request path (issue 19): the request keeps the file and asks for a
"register_check" job; the confirmation asks for a "register_import" job. Both run in a worker,
report their progress through the rows' checking, and keep what they found on the upload (its
preview, the rows' errors, or the counts written). Writing stays all or nothing."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from procurement.extensions import db
from procurement.jobs import operations as jobs
from procurement.jobs.models import Job
from procurement.maintenance.records import FileProblem, RowError
from procurement.organisations.models import Organisation
from procurement.register.models import RegisterUpload
from procurement.register.operations import (
    MAX_FILE_BYTES,
    Checked,
    RegisterImportError,
    RegisterUploadError,
    apply_file,
    check_file,
)

CHECK, IMPORT = "register_check", "register_import"
CHECKED_SHARE = 90  # of a check job: the rows' checking; the rest, keeping the preview
IMPORT_CHECKED_SHARE = 60  # of an import job: checking again; the rest, writing (one transaction)


def receive(kind: str, filename: str, data: bytes, user: Any) -> RegisterUpload:
    """Keep an insurer's (policies, claims) or a user unit's (elevators) file and ask for its check."""
    unit = user.organisation if kind == "elevators" else None
    if unit is not None and not unit.uscc:
        raise RegisterUploadError("no_uscc")
    if len(data) > MAX_FILE_BYTES:
        raise FileProblem("too_large")
    upload = RegisterUpload(
        kind=kind,
        insurer_id=None if unit is not None else user.insurer_id,
        unit_id=unit.id if unit is not None else None,
        filename=filename[:200],
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
        rows=0,
        preview=[],
        status="checking",
        created_by_id=user.id,
    )
    db.session.add(upload)
    db.session.flush()
    jobs.ensure(CHECK, upload.id, user.id)
    return upload


def request_import(upload: RegisterUpload, user: Any) -> RegisterUpload:
    """The uploader confirms a clean upload: ask for its import."""
    if upload.status != "pending" or upload.data is None:
        raise RegisterUploadError("upload_done")
    upload.status = "importing"
    db.session.flush()
    jobs.ensure(IMPORT, upload.id, user.id)
    return upload


def job_of(upload: RegisterUpload) -> Job | None:
    """The job the upload waits for (checking or importing), if any."""
    kind = IMPORT if upload.status == "importing" else CHECK
    return db.session.scalar(sa.select(Job).where(Job.key == jobs.key_of(kind, upload.id)))


def can_follow(job: Any, user: Any) -> bool:
    """The uploading insurer's staff or unit's accounts follow the job of their upload."""
    upload = db.session.get(RegisterUpload, job.subject_id)
    return upload is not None and upload.visible_to(user)


def _progress(report: Callable[[int], None], share: int) -> Callable[[int, int], None]:
    done = 0

    def step(rows: int, total: int) -> None:
        nonlocal done
        done += rows
        report(share * min(done, total) // max(total, 1))

    return step


def _scope(upload: RegisterUpload) -> dict[str, Any]:
    unit = db.session.get(Organisation, upload.unit_id) if upload.unit_id else None
    return {"insurer": upload.insurer_id, "unit": unit}


def _refused(
    upload: RegisterUpload, errors: list[RowError], rows: int, problem: FileProblem | None = None
) -> str:
    upload.status, upload.data = "refused", None
    upload.outcome = {
        "rows": rows,
        # the whole file's problem, put in words when shown (in the reader's language)
        "problem": None
        if problem is None
        else json.loads(
            json.dumps({"code": problem.code, "details": problem.details}, default=str)
        ),
        "errors": [
            {"row": e.row, "column": e.column, "value": e.value, "reason": e.reason} for e in errors
        ],
    }
    return f"refused: {len(errors) or 1} problems"


def problem_text(outcome: dict[str, Any]) -> str:
    """The whole file's problem of a refused upload, in the reader's language."""
    problem = outcome.get("problem")
    if not problem:
        return ""
    return "；".join(FileProblem(problem["code"], **problem["details"]).problems)


def check(upload_id: int, progress: Callable[[int], None]) -> str:
    """The work of a "register_check" job: check the whole file, keep its preview or its errors."""
    upload = db.session.get(RegisterUpload, upload_id)
    if upload is None or upload.status != "checking" or upload.data is None:
        return "nothing to check"  # checked already (a second delivery)
    data, scope = upload.data, _scope(upload)
    try:
        checked = check_file(upload.kind, upload.filename, data, _progress(progress, CHECKED_SHARE),
                             **scope)  # fmt: skip
    except FileProblem as problem:
        upload = db.session.get_one(RegisterUpload, upload_id)
        return _refused(upload, [], 0, problem)
    upload = db.session.get_one(RegisterUpload, upload_id)  # the progress commits expired it
    if checked.errors:
        return _refused(upload, checked.errors, checked.rows)
    upload.status, upload.rows = "pending", len(checked.records)
    upload.preview = json.loads(json.dumps(checked.preview, default=str))
    upload.outcome = {"rows": len(checked.records), "errors": []}
    return f"{upload.rows} rows checked"


def import_(upload_id: int, progress: Callable[[int], None]) -> str:
    """The work of a "register_import" job: check again (the register may have changed) and write
    all the rows, or none and keep the errors."""
    upload = db.session.get(RegisterUpload, upload_id)
    if upload is None or upload.status != "importing" or upload.data is None:
        return "nothing to import"
    data, kind, filename, scope = upload.data, upload.kind, upload.filename, _scope(upload)
    try:
        checked: Checked = apply_file(kind, filename, data, _progress(progress, IMPORT_CHECKED_SHARE),
                                      **scope)  # fmt: skip
    except RegisterImportError as refused:
        db.session.rollback()  # nothing was written; keep only the refusal
        upload = db.session.get_one(RegisterUpload, upload_id)
        return _refused(upload, refused.errors, upload.rows)
    except FileProblem as problem:
        db.session.rollback()
        upload = db.session.get_one(RegisterUpload, upload_id)
        return _refused(upload, [], 0, problem)
    upload = db.session.get_one(RegisterUpload, upload_id)
    upload.status, upload.data = "applied", None
    upload.outcome = {"added": checked.added, "changed": checked.changed}
    return f"{checked.added} added, {checked.changed} changed"
