"""The daily open data export, run by the background worker (`manage.py db_worker`). Each run
books the next one, a day later, even if it failed; `manage.py opendata_export --schedule` books
the first (as `purge --schedule` does for the retention purge)."""

from datetime import timedelta

from django_tasks import task

from mille.core import daily
from mille.observatory import exports


@task(takes_context=True)
def daily_opendata_export(context) -> list[str]:
    return daily.run_daily(
        daily_opendata_export,
        context,
        lambda: [entry["name"] for entry in exports.opendata_export()],
    )


def schedule(*, after: timedelta = timedelta(minutes=2)) -> str:
    """Book the next export unless one is already waiting: "booked", "waiting" or "cannot-wait"."""
    return daily.book(daily_opendata_export, after=after)
