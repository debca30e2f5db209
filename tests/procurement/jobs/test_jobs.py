"""Issue 19: jobs in immediate mode (the tests' default): asked for in a transaction, run when it
commits; idempotent; a failure shown to its owner, who retries it; the progress page and its JSON."""

from __future__ import annotations

import io

import pypdf
import pytest
import sqlalchemy as sa

from procurement import pdf
from procurement.accounts.models import Role
from procurement.jobs import operations as jobs
from procurement.jobs import runner
from procurement.jobs.models import Job, JobState
from procurement.maintenance.documents import RESULTS_PDF
from procurement.maintenance.models import Publication
from tests.conftest import submit
from tests.factories import make_published_period, make_user


@pytest.fixture
def renders(monkeypatch):
    calls: list[str] = []
    real = pdf.render_pdf

    def counting(template, **context):
        calls.append(template)
        return real(template, **context)

    monkeypatch.setattr(pdf, "render_pdf", counting)
    return calls


def _publication(db) -> Publication:
    return db.session.scalars(sa.select(Publication)).one()


def _job(db, publication: Publication) -> Job:
    return db.session.scalars(
        sa.select(Job).where(Job.key == f"{RESULTS_PDF}:{publication.id}")
    ).one()


def test_a_publication_is_prepared_when_published_and_served_without_rendering(client, db, renders):
    make_published_period(companies=3)
    assert renders == ["print/maintenance_results.html"]  # at the commit of the publication
    publication = _publication(db)
    job = _job(db, publication)
    assert (job.state, job.progress, job.attempts) == (JobState.DONE, 100, 1)
    assert job.result.endswith("bytes") and publication.pdf.startswith(b"%PDF")
    answer = client.get("/maintenance/periods/2025/results.pdf")
    assert answer.status_code == 200 and answer.data == publication.pdf
    assert renders == ["print/maintenance_results.html"]  # served, not rendered


def test_asking_twice_or_delivering_twice_does_the_work_once(client, db, renders):
    make_published_period(companies=3)
    publication = _publication(db)
    again = jobs.ensure(RESULTS_PDF, publication.id, owner_id=None)
    db.session.commit()
    job = _job(db, publication)
    assert again.id == job.id and db.session.scalar(sa.select(sa.func.count(Job.id))) == 1
    runner.run(job.id, job.revision)  # the queue delivers the same message a second time
    db.session.expire_all()
    assert (job.state, job.attempts) == (JobState.DONE, 1)
    assert renders == ["print/maintenance_results.html"]


def _changed_meanwhile(publication_id: int, progress) -> str:
    """A job's work during which its subject changes (a newer revision is asked for elsewhere)."""
    from procurement.extensions import db

    with db.engine.begin() as other:  # another transaction: the request that changed the subject
        other.execute(sa.update(Job).where(Job.kind == "test_changing")
                      .values(revision=Job.revision + 1, state="queued"))  # fmt: skip
    db.session.get(Publication, publication_id).pdf = b"%PDF stale"
    return "stale"


def test_a_run_of_a_replaced_revision_keeps_nothing(client, db, monkeypatch):
    make_published_period(companies=3)
    publication = _publication(db)
    publication.pdf = None
    monkeypatch.setitem(runner.KINDS, "test_changing", f"{__name__}:_changed_meanwhile")
    job = jobs.ensure("test_changing", publication.id, owner_id=None)
    db.session.commit()  # runs now (immediate), and the subject changes while it runs
    db.session.expire_all()
    assert publication.pdf is None  # what the old revision made is not kept
    assert (job.state, job.revision, job.attempts, job.result) == (JobState.QUEUED, 2, 1, None)


def _break(db, publication: Publication) -> None:
    """Make the publication's document impossible to render (a template without its indicators)."""
    template = dict(publication.template)
    template.pop("indicators")
    publication.template, publication.pdf = template, None
    jobs.renew(RESULTS_PDF, publication.id, owner_id=None)
    db.session.commit()


def test_a_failed_job_shows_its_error_to_its_owner_who_retries_it(client, db, login_as):
    make_published_period(companies=3)
    publication = _publication(db)
    good = publication.template
    _break(db, publication)
    job = _job(db, publication)
    assert job.state is JobState.FAILED and "KeyError" in job.error and job.finished_at

    # the public sees that it failed, never the error; the download does not render it either
    page = client.get("/maintenance/periods/2025/results.pdf")
    assert page.status_code == 202 and "无法生成" in page.get_data(as_text=True)
    status = client.get(f"/jobs/{job.id}/status").get_json()
    assert status == {"state": "failed", "progress": 0, "attempts": 1}

    officer = make_user(Role.OFFICER)
    admin = make_user(Role.ADMIN)
    own = Job(key="notice_pdf:0", kind="notice_pdf", subject_id=0, owner_id=officer.id,
              state=JobState.FAILED, progress=0, revision=1, attempts=1, error="own")  # fmt: skip
    db.session.add(own)
    db.session.commit()
    login_as(officer)  # not the owner (a publication by the system: the administrators')
    listing = client.get("/jobs/").get_data(as_text=True)
    assert "own" in listing and "KeyError" not in listing  # their own jobs only
    assert submit(client, f"/jobs/{job.id}/retry", {}, form_page="/jobs/").status_code == 404
    submit(client, "/logout", {}, form_page="/jobs/")

    login_as(admin)
    listing = client.get("/jobs/").get_data(as_text=True)
    assert "KeyError" in listing and "失败" in listing
    assert client.get(f"/jobs/{job.id}/status").get_json()["error"].startswith("KeyError")
    publication.template = good  # the cause mended, the owner retries
    db.session.commit()
    answer = submit(client, f"/jobs/{job.id}/retry", {}, form_page="/jobs/")
    assert answer.status_code == 302
    db.session.expire_all()
    assert job.state is JobState.DONE and job.error is None and job.attempts == 1
    document = client.get("/maintenance/periods/2025/results.pdf")
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(document.data)).pages)
    assert "2025年度电梯维保单位评测结果公示" in text


def test_only_a_failed_job_can_be_retried(client, db, login_as):
    make_published_period(companies=3)
    job = _job(db, _publication(db))
    login_as(make_user(Role.ADMIN))
    db.session.commit()
    answer = submit(client, f"/jobs/{job.id}/retry", {}, form_page="/jobs/", follow_redirects=True)
    assert "只有失败的任务才能重试" in answer.get_data(as_text=True)
    db.session.expire_all()
    assert job.state is JobState.DONE and job.attempts == 1


def test_the_status_of_other_kinds_of_jobs_is_private(client, db):
    job = Job(key="other:1", kind="other", subject_id=1, owner_id=None, state=JobState.QUEUED,
              progress=0, revision=1, attempts=0)  # fmt: skip
    db.session.add(job)
    db.session.commit()
    assert client.get(f"/jobs/{job.id}/status").status_code == 404
    assert client.get("/jobs/999999/status").status_code == 404
