"""axe-core (WCAG 2.2 AA tags) finds no violation on the governance pages, at 360 and 1280 px: the
collective's pages as a representative and as the assistant (with the forms), the groups' periodic
reports as their coordinator and as the assistant; and every button and link-button of the forms
offers a touch target of at least 44 px."""

import pytest
from django.urls import reverse

from tests.browser.conftest import axe_check, login_cookie
from tests.governance.conftest import (  # noqa: F401  (the fixtures)
    assistant,
    draft_report,
    governance,
    plenary,
    representative,
    sent_report,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("width", [360, 1280])
def test_no_axe_violation_on_the_governance_pages(
    page_at,
    governance,  # noqa: F811
    sent_report,  # noqa: F811
    draft_report,  # noqa: F811
    representative,  # noqa: F811
    assistant,  # noqa: F811
    group,
    coordinator,
    width,
):
    meeting = governance.meeting
    collective = [
        reverse("governance:home"),
        reverse("governance:decisions") + "?q=priorite",
        reverse("governance:body", args=["pleniere"]),
        reverse("governance:meeting", args=[meeting.pk]),
    ]
    page = page_at(width=width)
    login_cookie(page, representative)
    for path in collective:
        axe_check(page, path)

    helper = page_at(width=width)
    login_cookie(helper, assistant)
    for path in [
        *collective,
        reverse("governance:meeting_create", args=["pleniere"]),
        reverse("governance:reports_inbox"),
        reverse("governance:group_reports", args=[group.slug]),
        reverse("governance:report", args=[group.slug, sent_report.pk]),
    ]:
        axe_check(helper, path)
    helper.goto(helper.base + reverse("governance:meeting", args=[meeting.pk]))
    for button in helper.locator("main button:visible, main a.button:visible").all():
        box = button.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, button.inner_text()

    writer = page_at(width=width)
    login_cookie(writer, coordinator)
    for path in [
        reverse("governance:group_reports", args=[group.slug]),
        reverse("governance:report_create", args=[group.slug]),
        reverse("governance:report", args=[group.slug, draft_report.pk]),
        reverse("governance:report_edit", args=[group.slug, draft_report.pk]),
    ]:
        axe_check(writer, path)
