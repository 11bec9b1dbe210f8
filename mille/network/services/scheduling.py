"""Work for later: a freed place's offer that expires, the day-before reminders, the erasure of the
list of names. With the database worker each is a task that runs at its time; `manage.py
network_sweep` (or the same task run by hand) catches up anything due, whatever happened."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone


def at(task, when: datetime, *args) -> None:
    """Enqueue `task(*args)` to run at `when`, after the transaction commits. A backend that cannot
    wait (the one the tests use) runs nothing ahead of time: the sweep will."""

    def enqueue() -> None:
        backend = task.get_backend()
        if when <= timezone.now():
            task.enqueue(*args)
        elif backend.supports_defer:
            task.using(run_after=when).enqueue(*args)

    transaction.on_commit(enqueue)
