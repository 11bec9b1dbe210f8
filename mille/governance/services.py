"""Writes of the governance: meetings, their agenda, documents and minutes, the decision log, and
the groups' periodic reports. Each checks the same named permission as its view."""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from mille.accounts.models import User
from mille.core.documents import DOCUMENT_MAX_BYTES, document_type
from mille.core.permissions import check_perm
from mille.core.text import normalize_search, squash_spaces
from mille.governance.models import (
    AgendaItem,
    Body,
    Decision,
    Meeting,
    MeetingDocument,
    PeriodicReport,
    ReportStatus,
)
from mille.groups.models import LocalGroup

AGENDA_MAX_ITEMS = 30


@transaction.atomic
def meeting_create(
    *, body: Body, actor: User, held_on: date, place: str, online: bool, agenda: list[str]
) -> Meeting:
    """A meeting of a body, with its agenda (one item per line, in order)."""
    check_perm(actor, "governance.prepare_meeting")
    items = [squash_spaces(line)[:200] for line in agenda if squash_spaces(line)]
    if len(items) > AGENDA_MAX_ITEMS:
        raise ValidationError(_("Trente points au plus à l'ordre du jour."))
    meeting = Meeting.objects.create(
        body=body,
        held_on=held_on,
        place=squash_spaces(place)[:200],
        online=online,
        created_by=actor,
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=position, title=title)
        for position, title in enumerate(items, start=1)
    )
    return meeting


def minutes_write(*, meeting: Meeting, actor: User, minutes: str) -> Meeting:
    """The meeting's minutes, replaced as a whole; who wrote them last is kept."""
    check_perm(actor, "governance.prepare_meeting")
    meeting.minutes = (minutes or "").strip()[:20000]
    meeting.minutes_by = actor
    meeting.save(update_fields=["minutes", "minutes_by"])
    return meeting


def meeting_document_add(
    *, meeting: Meeting, actor: User, title: str, name: str, content: bytes
) -> MeetingDocument:
    """A document of the meeting, recognised by its first bytes as the partnerships' are."""
    check_perm(actor, "governance.prepare_meeting")
    if not content:
        raise ValidationError(_("Choisissez un fichier."))
    if len(content) > DOCUMENT_MAX_BYTES:
        raise ValidationError(_("Le fichier est trop lourd : 10 Mo au plus."))
    content_type = document_type(name, content[:4096])
    document = MeetingDocument(
        meeting=meeting,
        title=squash_spaces(title)[:150] or name[:150],
        content_type=content_type,
        uploaded_by=actor,
    )
    document.file.save(
        get_valid_filename(name)[-80:] or "document", ContentFile(content), save=False
    )
    document.save()
    return document


def decision_record(
    *, meeting: Meeting, actor: User, title: str, text: str, decided_on: date | None = None
) -> Decision:
    """A decision of the meeting's body, dated (the meeting's day unless told) and signed by who
    recorded it. No vote is counted: the collective records what was decided."""
    check_perm(actor, "governance.record_decision")
    title = squash_spaces(title)[:200]
    if not title:
        raise ValidationError(_("Donnez un intitulé à la décision."))
    text = (text or "").strip()[:5000]
    return Decision.objects.create(
        body=meeting.body,
        meeting=meeting,
        decided_on=decided_on or meeting.held_on,
        title=title,
        text=text,
        recorded_by=actor,
        search_key=normalize_search(f"{title} {text}"),
    )


def _report_fields(period_start: date, period_end: date, happened: str, needs: str) -> dict:
    """A report's own fields, checked and trimmed (the same for a new draft and a changed one)."""
    if period_end < period_start:
        raise ValidationError(_("La fin de la période vient avant son début."))
    happened = (happened or "").strip()[:5000]
    if not happened:
        raise ValidationError(_("Dites en quelques mots ce qui s'est passé."))
    return {
        "period_start": period_start,
        "period_end": period_end,
        "happened": happened,
        "needs": (needs or "").strip()[:3000],
    }


def report_create(
    *,
    group: LocalGroup,
    actor: User,
    period_start: date,
    period_end: date,
    happened: str,
    needs: str,
) -> PeriodicReport:
    """A draft of the group's periodic report, written by one of its coordinators."""
    check_perm(actor, "governance.write_report", group)
    fields = _report_fields(period_start, period_end, happened, needs)
    return PeriodicReport.objects.create(group=group, written_by=actor, **fields)


@transaction.atomic
def report_update(
    *,
    report: PeriodicReport,
    actor: User,
    period_start: date,
    period_end: date,
    happened: str,
    needs: str,
) -> PeriodicReport:
    """Change a draft before it is sent (a sent report is the collective's)."""
    report = PeriodicReport.objects.select_for_update().select_related("group").get(pk=report.pk)
    check_perm(actor, "governance.send_report", report)
    fields = _report_fields(period_start, period_end, happened, needs)
    for name, value in fields.items():
        setattr(report, name, value)
    report.save(update_fields=list(fields))
    return report


@transaction.atomic
def report_send(*, report: PeriodicReport, actor: User) -> PeriodicReport:
    """Send the draft to the collective: it can no longer be changed."""
    report = PeriodicReport.objects.select_for_update().get(pk=report.pk)
    check_perm(actor, "governance.send_report", report)
    report.status = ReportStatus.SENT
    report.sent_at = timezone.now()
    report.save(update_fields=["status", "sent_at"])
    return report


@transaction.atomic
def report_answer(*, report: PeriodicReport, actor: User, answer: str) -> PeriodicReport:
    """The coordination's answer, which the group sees; a later answer replaces it."""
    report = PeriodicReport.objects.select_for_update().select_related("group").get(pk=report.pk)
    check_perm(actor, "governance.answer_report", report)
    answer = (answer or "").strip()[:5000]
    if not answer:
        raise ValidationError(_("Écrivez une réponse."))
    report.answer = answer
    report.answered_by = actor
    report.answered_at = timezone.now()
    report.status = ReportStatus.ANSWERED
    report.save(update_fields=["answer", "answered_by", "answered_at", "status"])
    return report
