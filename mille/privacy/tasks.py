"""The daily retention purge, run by the background worker (`manage.py db_worker`). Each run
books the next one, a day later; `manage.py purge --schedule` books the first."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import default_task_backend, task

from mille.privacy import services

EVERY = timedelta(days=1)


@task()
def daily_purge() -> dict:
    run = services.purge()
    schedule(after=EVERY)
    return run.counts


def _pending() -> bool:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path=daily_purge.module_path, status__in=["READY", "RUNNING"]
    ).exists()


def schedule(*, after: timedelta = timedelta(minutes=1)) -> str:
    """Book the next purge unless one is already waiting. Returns what happened: "booked",
    "waiting" (one is already booked) or "cannot-wait" (a backend that runs tasks at once)."""
    if not default_task_backend.supports_defer:
        return "cannot-wait"
    if _pending():
        return "waiting"
    daily_purge.using(run_after=timezone.now() + after).enqueue()
    return "booked"
