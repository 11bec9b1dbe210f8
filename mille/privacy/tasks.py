"""The daily retention purge, run by the background worker (`manage.py db_worker`). Each run
books the next one, a day later, even if it failed; `manage.py purge --schedule` books the first."""

from datetime import timedelta

from django_tasks import task

from mille.core import daily
from mille.privacy import services


@task(takes_context=True)
def daily_purge(context) -> dict:
    return daily.run_daily(daily_purge, context, lambda: services.purge().counts)


def schedule(*, after: timedelta = timedelta(minutes=1)) -> str:
    """Book the next purge unless one is already waiting: "booked", "waiting" or "cannot-wait"."""
    return daily.book(daily_purge, after=after)
