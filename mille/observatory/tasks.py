"""The daily open data export, run by the background worker (`manage.py db_worker`). Each run
books the next one, a day later; `manage.py opendata_export --schedule` books the first (as
`purge --schedule` does for the retention purge)."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import default_task_backend, task

from mille.observatory import exports

EVERY = timedelta(days=1)


@task()
def daily_opendata_export() -> list[str]:
    entries = exports.opendata_export()
    schedule(after=EVERY)
    return [entry["name"] for entry in entries]


def _pending() -> bool:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path=daily_opendata_export.module_path, status__in=["READY", "RUNNING"]
    ).exists()


def schedule(*, after: timedelta = timedelta(minutes=2)) -> str:
    """Book the next export unless one is already waiting: "booked", "waiting" or "cannot-wait"
    (a backend that runs tasks at once)."""
    if not default_task_backend.supports_defer:
        return "cannot-wait"
    if _pending():
        return "waiting"
    daily_opendata_export.using(run_after=timezone.now() + after).enqueue()
    return "booked"
