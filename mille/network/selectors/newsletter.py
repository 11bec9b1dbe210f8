"""Reads for the newsletter's pages."""

from django.db.models import Count, QuerySet

from mille.network.models import Delivery, DeliveryStatus, Issue, IssueStatus, Subscriber


def subscriber_counts() -> dict[str, int]:
    rows = Subscriber.objects.values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}


def issues() -> QuerySet[Issue]:
    return Issue.objects.annotate(item_count=Count("items")).order_by("-number")


def sent_issues() -> QuerySet[Issue]:
    return Issue.objects.filter(status=IssueStatus.SENT).order_by("-number")


def delivery_counts(issue: Issue) -> dict[str, int]:
    rows = issue.deliveries.values("status").annotate(n=Count("pk"))
    counts = {status: 0 for status in DeliveryStatus.values}
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def delivery_log(issue: Issue, status: str = "") -> QuerySet[Delivery]:
    qs = issue.deliveries.select_related("subscriber").order_by("pk")
    if status:
        qs = qs.filter(status=status)
    return qs
