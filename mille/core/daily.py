"""Work done once a day by the background worker (`manage.py db_worker`): each run books the next
one, whatever happens to it; `book` books the first (the `--schedule` option of the commands).

A run is booked only if none of the same task is waiting or running — the run in progress, which
books the next one, does not count itself."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import default_task_backend

DAY = timedelta(days=1)
OUTCOMES = ("booked", "waiting", "cannot-wait")


def book(task, *, after: timedelta, running_id: str | None = None) -> str:
    """Book `task` to run `after` from now unless one is already booked: "booked", "waiting",
    or "cannot-wait" (a task backend that runs tasks at once, as in the tests)."""
    if not default_task_backend.supports_defer:
        return "cannot-wait"
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(
        task_path=task.module_path, status__in=["READY", "RUNNING"]
    )
    if running_id is not None:
        waiting = waiting.exclude(id=running_id)
    if waiting.exists():
        return "waiting"
    task.using(run_after=timezone.now() + after).enqueue()
    return "booked"


def run_daily(task, context, work):
    """Do `work()` in a daily task, then book tomorrow's run even if today's failed."""
    try:
        return work()
    finally:
        book(task, after=DAY, running_id=str(context.task_result.id))
