from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mille.governance import selectors, services
from mille.governance.models import ReportStatus


def test_a_meeting_keeps_its_agenda_in_order_without_blank_lines(governance):
    titles = [item.title for item in governance.meeting.agenda.all()]
    assert titles == ["Bilan de l'année", "Les orientations"]
    assert [item.position for item in governance.meeting.agenda.all()] == [1, 2]


def test_a_decision_records_the_body_the_date_and_who_recorded_it(governance, assistant):
    decision = governance.decision
    assert decision.body == governance.meeting.body
    assert decision.decided_on == date(2025, 3, 14)
    assert decision.recorded_by == assistant


@pytest.mark.parametrize(
    "query", ["priorite", "PRIORITÉ", "familles eloignees", "relaie", "ÉCOLE démarche"]
)
def test_the_decision_log_ignores_accents_and_case(governance, query):
    assert list(selectors.decision_search(query)) == [governance.decision]


def test_the_decision_log_filters_by_body_and_finds_nothing_else(governance):
    assert list(selectors.decision_search("vote")) == []
    assert list(selectors.decision_search("", "comite")) == []
    assert list(selectors.decision_search("", "pleniere")) == [governance.decision]


def test_only_the_coordination_prepares_meetings_and_records_decisions(
    governance, representative, coordinator
):
    for person in (representative, coordinator):
        with pytest.raises(PermissionDenied):
            services.minutes_write(meeting=governance.meeting, actor=person, minutes="x")
        with pytest.raises(PermissionDenied):
            services.decision_record(meeting=governance.meeting, actor=person, title="x", text="")


def test_the_national_coordination_may_too(governance, national):
    services.minutes_write(meeting=governance.meeting, actor=national, minutes="Compte rendu.")
    governance.meeting.refresh_from_db()
    assert governance.meeting.minutes_by == national


def test_documents_are_checked_by_their_bytes(governance, assistant):
    document = services.meeting_document_add(
        meeting=governance.meeting,
        actor=assistant,
        title="Ordre du jour",
        name="odj.pdf",
        content=b"%PDF-1.4 ordre du jour",
    )
    assert document.content_type == "application/pdf"
    with pytest.raises(ValidationError):
        services.meeting_document_add(
            meeting=governance.meeting,
            actor=assistant,
            title="Faux PDF",
            name="faux.pdf",
            content=b"<html><script>alert(1)</script></html>",
        )
    with pytest.raises(ValidationError):
        services.meeting_document_add(
            meeting=governance.meeting, actor=assistant, title="Vide", name="vide.pdf", content=b""
        )


def test_a_report_goes_from_draft_to_sent_to_answered(draft_report, coordinator, assistant):
    with pytest.raises(PermissionDenied):  # a draft is not the coordination's yet
        services.report_answer(report=draft_report, actor=assistant, answer="Merci")
    report = services.report_send(report=draft_report, actor=coordinator)
    assert report.status == ReportStatus.SENT and report.sent_at
    with pytest.raises(PermissionDenied):  # sent once
        services.report_send(report=report, actor=coordinator)
    report = services.report_answer(report=report, actor=assistant, answer="Merci, on en parle.")
    assert report.status == ReportStatus.ANSWERED and report.answered_by == assistant


def test_only_the_groups_coordinators_write_and_send_its_reports(
    group, draft_report, member, facilitator, other_coordinator, national, assistant
):
    for person in (member, facilitator, other_coordinator, national, assistant):
        with pytest.raises(PermissionDenied):
            services.report_create(
                group=group,
                actor=person,
                period_start=date(2025, 1, 1),
                period_end=date(2025, 2, 1),
                happened="x",
                needs="",
            )
        with pytest.raises(PermissionDenied):
            services.report_send(report=draft_report, actor=person)


def test_a_report_needs_a_period_in_order_and_some_words(group, coordinator):
    with pytest.raises(ValidationError):
        services.report_create(
            group=group,
            actor=coordinator,
            period_start=date(2025, 2, 1),
            period_end=date(2025, 1, 1),
            happened="x",
            needs="",
        )
    with pytest.raises(ValidationError):
        services.report_create(
            group=group,
            actor=coordinator,
            period_start=date(2025, 1, 1),
            period_end=date(2025, 2, 1),
            happened="   ",
            needs="",
        )


def test_the_assistant_has_fewer_rights_than_the_national_coordination(assistant, national, group):
    for perm, obj in (
        ("governance.manage_seats", None),
        ("groups.review_recognition", group),
        ("observatory.view_exact_figures", None),
    ):
        assert national.has_perm(perm, obj), perm
        assert not assistant.has_perm(perm, obj), perm
    for perm in (
        "governance.prepare_meeting",
        "governance.record_decision",
        "governance.view_reports_inbox",
    ):
        assert assistant.has_perm(perm)


def test_an_ended_term_no_longer_opens_the_governance(representative, plenary):
    assert representative.has_perm("governance.view_governance")
    representative.represented_associations.clear()
    representative.seats.update(end_on=date(2024, 6, 30))
    assert not representative.has_perm("governance.view_governance")


def test_the_persons_export_and_erasure_cover_the_governance(governance, representative):
    from mille.governance import privacy

    data = privacy.personal_data(representative)
    assert data["mandats"][0]["instance"] == "Assemblée plénière"
    assert data["associations_representees"] == ["FCPE"]
    privacy.erase(representative, keep_contributions=False)
    assert not representative.seats.exists()
    assert not representative.represented_associations.exists()
    assert governance.decision.title  # the collective's record stays


def test_a_draft_is_changed_by_its_coordinators_and_no_longer_once_sent(
    draft_report, coordinator, member
):
    period = {"period_start": date(2025, 7, 1), "period_end": date(2025, 9, 30)}
    with pytest.raises(PermissionDenied):
        services.report_update(report=draft_report, actor=member, happened="x", needs="", **period)
    draft_report = services.report_update(
        report=draft_report, actor=coordinator, happened="Trois cafés.", needs="Rien.", **period
    )
    assert draft_report.happened == "Trois cafés." and draft_report.period_end == date(2025, 9, 30)
    services.report_send(report=draft_report, actor=coordinator)
    with pytest.raises(PermissionDenied):
        services.report_update(
            report=draft_report, actor=coordinator, happened="Autre.", needs="", **period
        )
