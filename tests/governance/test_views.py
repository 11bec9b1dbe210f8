"""Every governance view × every role, the flows through the pages, and the list pages' query
counts (flat as the data grows)."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mille.governance import services
from mille.governance.models import (
    Body,
    BodyKind,
    Decision,
    MemberAssociation,
    PeriodicReport,
    ReportStatus,
)
from tests.factories import UserFactory

ANONYMOUS, MEMBER, FACILITATOR, COORDINATOR = "anonymous", "member", "facilitator", "coordinator"
OTHER_COORDINATOR, REPRESENTATIVE = "other_coordinator", "representative"
ASSISTANT, NATIONAL = "assistant", "national"
ROLES = (
    ANONYMOUS,
    MEMBER,
    FACILITATOR,
    COORDINATOR,
    OTHER_COORDINATOR,
    REPRESENTATIVE,
    ASSISTANT,
    NATIONAL,
)
COORDINATION = {ASSISTANT, NATIONAL}
COLLECTIVE = COORDINATION | {REPRESENTATIVE}
GROUP = {MEMBER, FACILITATOR, COORDINATOR}
GROUP_AND_COORDINATION = GROUP | COORDINATION


@pytest.fixture
def world(
    governance,
    sent_report,
    draft_report,
    group,
    member,
    facilitator,
    coordinator,
    other_coordinator,
    representative,
    assistant,
    national,
):
    document = services.meeting_document_add(
        meeting=governance.meeting,
        actor=assistant,
        title="Ordre du jour",
        name="odj.pdf",
        content=b"%PDF-1.4 odj",
    )
    people = {
        MEMBER: member,
        FACILITATOR: facilitator,
        COORDINATOR: coordinator,
        OTHER_COORDINATOR: other_coordinator,
        REPRESENTATIVE: representative,
        ASSISTANT: assistant,
        NATIONAL: national,
    }
    return {
        "people": people,
        "meeting": governance.meeting,
        "document": document,
        "group": group,
        "sent": sent_report,
        "draft": draft_report,
    }


def _routes(w):
    m, g = w["meeting"], w["group"]
    sent = {"slug": g.slug, "pk": w["sent"].pk}
    draft = {"slug": g.slug, "pk": w["draft"].pk}
    report_data = {
        "period_start": "2025-01-01",
        "period_end": "2025-03-31",
        "happened": "Un atelier.",
        "needs": "",
    }
    return [
        # (name, kwargs, method, allowed, data)
        ("governance:home", {}, "get", COLLECTIVE, None),
        ("governance:decisions", {}, "get", COLLECTIVE, None),
        ("governance:body", {"kind": "pleniere"}, "get", COLLECTIVE, None),
        ("governance:meeting_create", {"kind": "pleniere"}, "get", COORDINATION, None),
        (
            "governance:meeting_create",
            {"kind": "pleniere"},
            "post",
            COORDINATION,
            {"held_on": "2026-01-10", "place": "Lyon", "agenda": "Un point"},
        ),
        ("governance:meeting", {"pk": m.pk}, "get", COLLECTIVE, None),
        ("governance:minutes", {"pk": m.pk}, "post", COORDINATION, {"minutes": "Compte rendu."}),
        (
            "governance:document_add",
            {"pk": m.pk},
            "post",
            COORDINATION,
            lambda: {"title": "Note", "file": SimpleUploadedFile("note.txt", b"Une note.")},
        ),
        (
            "governance:document",
            {"pk": m.pk, "document_pk": w["document"].pk},
            "get",
            COLLECTIVE,
            None,
        ),
        ("governance:decision_add", {"pk": m.pk}, "post", COORDINATION, {"title": "Décidé."}),
        ("governance:reports_inbox", {}, "get", COORDINATION, None),
        (
            "governance:report_answer",
            {"pk": w["sent"].pk},
            "post",
            COORDINATION,
            {"answer": "Oui."},
        ),
        ("governance:group_reports", {"slug": g.slug}, "get", GROUP_AND_COORDINATION, None),
        ("governance:report_create", {"slug": g.slug}, "get", {COORDINATOR}, None),
        ("governance:report_create", {"slug": g.slug}, "post", {COORDINATOR}, report_data),
        ("governance:report", sent, "get", GROUP_AND_COORDINATION, None),
        ("governance:report", draft, "get", GROUP, None),
        ("governance:report_edit", draft, "get", {COORDINATOR}, None),
        ("governance:report_edit", draft, "post", {COORDINATOR}, report_data),
        ("governance:report_edit", sent, "get", set(), None),  # sent: the collective's now
        ("governance:report_send", draft, "post", {COORDINATOR}, {}),
    ]


def _refused(response) -> bool:
    if response.status_code in (403, 404):
        return True
    return response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_each_role_gets_what_is_declared(world):
    clients = {ANONYMOUS: Client()}
    for role, person in world["people"].items():
        clients[role] = Client()
        clients[role].force_login(person)
    problems = []
    for name, kwargs, method, allowed, data in _routes(world):
        url = reverse(name, kwargs=kwargs)
        for role in ROLES:
            with transaction.atomic():
                send = getattr(clients[role], method)
                body = data() if callable(data) else data
                response = send(url, body) if method == "post" else send(url)
                transaction.set_rollback(True)
            if response.status_code >= 400 and response.status_code not in (403, 404):
                problems.append(f"{method} {name} as {role}: {response.status_code}")
            elif (role in allowed) == _refused(response):
                problems.append(
                    f"{method} {name} as {role}: {response.status_code}, "
                    f"{'allowed' if role in allowed else 'refused'} expected"
                )
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_another_groups_report_is_not_found_through_this_group(world, other_group):
    client = Client()
    client.force_login(world["people"][NATIONAL])
    url = reverse("governance:report", kwargs={"slug": other_group.slug, "pk": world["sent"].pk})
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_a_report_written_sent_answered_and_read_by_the_group(world):
    people, group = world["people"], world["group"]
    coordinator, assistant = Client(), Client()
    coordinator.force_login(people[COORDINATOR])
    assistant.force_login(people[ASSISTANT])
    page = coordinator.get(reverse("governance:report_create", kwargs={"slug": group.slug}))
    assert "Ce que la plateforme sait de la période" in page.content.decode()
    response = coordinator.post(
        reverse("governance:report_create", kwargs={"slug": group.slug}),
        {
            "period_start": "2025-09-01",
            "period_end": "2025-12-31",
            "happened": "Trois cafés des parents.",
            "needs": "Des affiches traduites.",
        },
    )
    report = PeriodicReport.objects.get(happened="Trois cafés des parents.")
    assert response.status_code == 302
    coordinator.post(
        reverse("governance:report_send", kwargs={"slug": group.slug, "pk": report.pk})
    )
    inbox = assistant.get(reverse("governance:reports_inbox")).content.decode()
    assert "Trois cafés" not in inbox and group.name in inbox
    assistant.post(
        reverse("governance:report_answer", kwargs={"pk": report.pk}),
        {"answer": "Nous vous envoyons les affiches."},
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.ANSWERED
    member = Client()
    member.force_login(people[MEMBER])
    seen = member.get(reverse("governance:report", kwargs={"slug": group.slug, "pk": report.pk}))
    assert "Nous vous envoyons les affiches." in seen.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [ASSISTANT, NATIONAL])
def test_the_coordination_does_not_see_the_groups_drafts_in_its_list(world, role):
    client = Client()
    client.force_login(world["people"][role])
    reports = client.get(
        reverse("governance:group_reports", kwargs={"slug": world["group"].slug})
    ).context["reports"]
    assert world["sent"] in reports and world["draft"] not in reports


@pytest.mark.django_db
def test_a_meeting_prepared_and_decided_through_the_pages(world):
    Body.objects.create(kind=BodyKind.REFERENTS)
    client = Client()
    client.force_login(world["people"][ASSISTANT])
    response = client.post(
        reverse("governance:meeting_create", kwargs={"kind": "referents"}),
        {"held_on": "2026-02-02", "online": "on", "agenda": "Accueil\nLes outils"},
    )
    assert response.status_code == 302
    meeting_url = response["Location"]
    pk = int(meeting_url.rstrip("/").rsplit("/", 1)[-1])
    client.post(reverse("governance:decision_add", kwargs={"pk": pk}), {"title": "Un guide"})
    decision = Decision.objects.get(title="Un guide")
    assert decision.body.kind == "referents" and decision.recorded_by == world["people"][ASSISTANT]
    page = client.get(meeting_url).content.decode()
    assert "Accueil" in page and "Un guide" in page and "Réunion en ligne" in page
    refused = client.post(
        reverse("governance:document_add", kwargs={"pk": pk}),
        {"title": "x", "file": SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf")},
    )
    assert refused.status_code == 400


@pytest.mark.django_db
def test_the_decision_log_is_searched_from_its_page(world):
    client = Client()
    client.force_login(world["people"][REPRESENTATIVE])
    found = client.get(reverse("governance:decisions"), {"q": "eloignees"})
    assert list(found.context["page"]) == [Decision.objects.get()]
    assert list(client.get(reverse("governance:decisions"), {"q": "quorum"}).context["page"]) == []


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _grow(world):
    """More of everything the list pages show."""
    assistant, meeting = world["people"][ASSISTANT], world["meeting"]
    for n in range(5):
        person = UserFactory()
        association = MemberAssociation.objects.create(name=f"Association {n}")
        association.representatives.add(person)
        services.decision_record(meeting=meeting, actor=assistant, title=f"Décision {n}", text="")
        again = services.meeting_create(
            body=meeting.body,
            actor=assistant,
            held_on=date(2025, 5, n + 1),
            place="",
            online=True,
            agenda=["Un point"],
        )
        services.decision_record(meeting=again, actor=assistant, title=f"Suite {n}", text="")
        report = services.report_create(
            group=world["group"],
            actor=world["people"][COORDINATOR],
            period_start=date(2024, 1, 1),
            period_end=date(2024, 6, 30),
            happened="x",
            needs="",
        )
        services.report_send(report=report, actor=world["people"][COORDINATOR])


# The list pages' queries (session, user, permission checks, the page's own reads), pinned.
PINNED = {
    "governance:home": 7,
    "governance:decisions": 4,
    "governance:body": 5,
    "governance:reports_inbox": 3,
    "governance:group_reports": 5,
}


@pytest.mark.django_db
def test_list_pages_query_counts_are_pinned_and_flat(world):
    client = Client()
    client.force_login(world["people"][NATIONAL])
    urls = {
        name: reverse(name, kwargs={"slug": world["group"].slug} if "group" in name else {})
        if name != "governance:body"
        else reverse(name, kwargs={"kind": "pleniere"})
        for name in PINNED
    }
    before = {name: _queries(client, url) for name, url in urls.items()}
    _grow(world)
    after = {name: _queries(client, url) for name, url in urls.items()}
    assert before == PINNED
    assert after == PINNED
