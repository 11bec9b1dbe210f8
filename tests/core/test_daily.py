"""Daily work in the worker: the run in progress books tomorrow's, even when it fails, and never
a second one while one waits."""

import pytest
from django.utils import timezone

from mille.core import daily
from mille.privacy import tasks as privacy_tasks


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


class Context:
    def __init__(self, row):
        self.task_result = type("Result", (), {"id": row.id})()


def test_a_running_daily_task_books_the_next_even_when_it_fails(db, database_tasks):
    from django_tasks_db.models import DBTaskResult

    task = privacy_tasks.daily_purge
    assert daily.book(task, after=daily.DAY) == "booked"
    assert daily.book(task, after=daily.DAY) == "waiting"
    running = DBTaskResult.objects.get()
    DBTaskResult.objects.filter(pk=running.pk).update(status="RUNNING")

    def fails():
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        daily.run_daily(task, Context(running), fails)
    booked = DBTaskResult.objects.exclude(pk=running.pk).get()
    assert booked.status == "READY" and booked.run_after > timezone.now()
    # Once booked, the running one books nothing more.
    assert daily.run_daily(task, Context(running), lambda: 7) == 7
    assert DBTaskResult.objects.count() == 2


def test_commands_say_when_tasks_run_at_once(db, capsys):
    from django.core.management import call_command

    for command in ("purge", "opendata_export", "network_sweep"):
        call_command(command, "--schedule")
        assert "daily" in capsys.readouterr().out
