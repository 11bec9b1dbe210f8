"""Counting helpers for the apps' figure selectors (the observatory reads them): counts by a
choice field, with every choice listed, and counts per calendar quarter (in the site's time zone),
one query each."""

from datetime import date, datetime, time

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractQuarter, ExtractYear
from django.utils import timezone

Quarter = tuple[int, int]


def count_by_choice(
    queryset: QuerySet, field: str, choices, *, distinct: str | None = None
) -> list[tuple[str, str, int]]:
    """(code, label, count) for every choice in its declared order, zeros included; a value
    outside the choices (or blank) is counted under its own code."""
    counted = {
        row[field]: row["n"]
        for row in queryset.order_by()
        .values(field)
        .annotate(n=Count(distinct or "pk", distinct=bool(distinct)))
    }
    rows = [(str(code), str(label), counted.pop(code, 0)) for code, label in choices]
    rows += [(str(code), str(code), n) for code, n in counted.items()]
    return rows


def count_per_quarter(
    queryset: QuerySet, field: str, *, since: date, distinct: str | None = None
) -> dict[Quarter, int]:
    """{(year, quarter): count} of the rows whose `field` falls on or after `since`."""
    internal = queryset.model._meta.get_field(field).get_internal_type()
    start = (
        timezone.make_aware(datetime.combine(since, time.min))
        if internal == "DateTimeField"
        else since
    )
    rows = (
        queryset.filter(**{f"{field}__gte": start})
        .order_by()
        .annotate(year=ExtractYear(field), quarter=ExtractQuarter(field))
        .values("year", "quarter")
        .annotate(n=Count(distinct or "pk", distinct=bool(distinct)))
    )
    return {(row["year"], row["quarter"]): row["n"] for row in rows}
