"""Requests to the national coordination, from any group, followed to their close; and visitors'
questions for the FAQ."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from mille.accounts.models import User
from mille.core.permissions import check_perm
from mille.core.text import squash_spaces
from mille.groups.models import LocalGroup, Role
from mille.network.models import (
    CoordinationRequest,
    RequestKind,
    RequestMessage,
    RequestStatus,
    VisitorQuestion,
)
from mille.network.services import mail

TRANSITIONS = {
    RequestStatus.OPEN: {RequestStatus.IN_PROGRESS, RequestStatus.CLOSED},
    RequestStatus.IN_PROGRESS: {RequestStatus.CLOSED},
    RequestStatus.CLOSED: set(),
}


def _national_coordinators():
    return User.objects.filter(is_national_coordinator=True, is_active=True).order_by("pk")


def _group_facilitators(group: LocalGroup):
    return User.objects.filter(
        is_active=True,
        memberships__group=group,
        memberships__role__in=[Role.COORDINATOR, Role.FACILITATOR],
    ).order_by("pk")


def _tell(users, request: CoordinationRequest, message: RequestMessage, subject: str) -> None:
    for user in users:
        mail.send_later(
            to=user.email,
            subject=subject % {"subject": request.subject},
            template="request_message",
            context={"request": request, "message": message, "user": user},
        )


@transaction.atomic
def request_create(
    *, group: LocalGroup, actor: User, kind: str, subject: str, message: str
) -> CoordinationRequest:
    """A group asks the national coordination for help to start, a mobilisation meeting, a
    training day, or asks a question."""
    check_perm(actor, "network.ask_coordination", group)
    if kind not in RequestKind.values:
        raise ValidationError(_("Choisissez ce que vous demandez dans la liste."))
    subject = squash_spaces(subject)[:140]
    message = (message or "").strip()[:3000]
    if not subject or not message:
        raise ValidationError(_("Écrivez votre demande en quelques mots, puis en détail."))
    request = CoordinationRequest.objects.create(
        group=group, kind=kind, subject=subject, created_by=actor
    )
    first = RequestMessage.objects.create(request=request, author=actor, body=message)
    _tell(_national_coordinators(), request, first, _("Nouvelle demande d'un groupe : %(subject)s"))
    return request


@transaction.atomic
def request_message_add(*, request: CoordinationRequest, actor: User, body: str) -> RequestMessage:
    """Write in the exchange. The coordination's first word takes the request in charge."""
    check_perm(actor, "network.write_on_request", request)
    request = CoordinationRequest.objects.select_for_update().get(pk=request.pk)
    if request.status == RequestStatus.CLOSED:
        raise ValidationError(
            _("Cette demande est close. Pour une suite, faites une nouvelle demande.")
        )
    body = (body or "").strip()[:3000]
    if not body:
        raise ValidationError(_("Écrivez votre message."))
    from_coordination = bool(actor.is_national_coordinator)
    status_to = ""
    if from_coordination and request.status == RequestStatus.OPEN:
        status_to = request.status = RequestStatus.IN_PROGRESS
    message = RequestMessage.objects.create(
        request=request,
        author=actor,
        body=body,
        from_coordination=from_coordination,
        status_to=status_to,
    )
    request.updated_at = timezone.now()
    request.save(update_fields=["status", "updated_at"])
    if from_coordination:
        _tell(
            _group_facilitators(request.group),
            request,
            message,
            _("Réponse de la coordination : %(subject)s"),
        )
    else:
        _tell(_national_coordinators(), request, message, _("Un groupe vous écrit : %(subject)s"))
    return message


@transaction.atomic
def request_status_change(
    *, request: CoordinationRequest, actor: User, status: str, answer: str = ""
) -> CoordinationRequest:
    """The coordination takes the request in charge or closes it. A request is closed with an
    answer: one of its messages, or the one written now."""
    check_perm(actor, "network.answer_request", request)
    request = CoordinationRequest.objects.select_for_update().get(pk=request.pk)
    if status not in TRANSITIONS.get(request.status, set()):
        raise ValidationError(
            _("Cette demande est « %(now)s » : elle ne peut pas passer à « %(to)s ».")
            % {
                "now": request.get_status_display(),
                "to": RequestStatus(status).label if status in RequestStatus.values else status,
            }
        )
    answer = (answer or "").strip()[:3000]
    answered = request.messages.filter(from_coordination=True).exists()
    if status == RequestStatus.CLOSED and not (answer or answered):
        raise ValidationError(_("Écrivez la réponse de la coordination avant de clore la demande."))
    now = timezone.now()
    request.status = status
    request.updated_at = now
    request.closed_at = now if status == RequestStatus.CLOSED else None
    request.save(update_fields=["status", "updated_at", "closed_at"])
    message = RequestMessage.objects.create(
        request=request,
        author=actor,
        body=answer,
        from_coordination=True,
        status_to=status,
    )
    _tell(
        _group_facilitators(request.group),
        request,
        message,
        _("Votre demande est close : %(subject)s")
        if status == RequestStatus.CLOSED
        else _("Votre demande est prise en charge : %(subject)s"),
    )
    return request


# --- Visitors' questions for the FAQ ---------------------------------------------------------


@transaction.atomic
def question_ask(*, question: str, name: str = "", email: str = "") -> VisitorQuestion:
    """A visitor's question (no account needed). The address is optional, only to send the answer."""
    from mille.network.services.registrations import normalize_email

    question = (question or "").strip()[:1500]
    if len(question) < 10:
        raise ValidationError(_("Écrivez votre question en une phrase au moins."))
    return VisitorQuestion.objects.create(
        question=question, name=squash_spaces(name)[:80], email=normalize_email(email)
    )


def _faq_append(question: str, answer: str, actor: User) -> None:
    """Add the question and its answer at the end of the FAQ page, as a new published revision."""
    from mille.library.models import FaqPage

    page = FaqPage.objects.live().first()
    if page is None:
        raise ValidationError(_("La page des questions fréquentes n'existe pas encore."))
    page = page.specific
    paragraphs = "".join(f"<p>{escape(part)}</p>" for part in answer.split("\n") if part.strip())
    page.questions.append(("question", {"question": question[:250], "answer": paragraphs}))
    page.save_revision(user=actor).publish(user=actor)


@transaction.atomic
def question_answer(
    *, question: VisitorQuestion, actor: User, answer: str, send: bool = True, to_faq: bool = False
) -> VisitorQuestion:
    """Answer a visitor's question: by e-mail if they gave an address (then erased), and in the
    FAQ if the answer serves everyone."""
    check_perm(actor, "network.answer_questions", question)
    question = VisitorQuestion.objects.select_for_update().get(pk=question.pk)
    if question.status != VisitorQuestion.Status.NEW:
        raise ValidationError(_("Cette question est déjà traitée."))
    answer = (answer or "").strip()[:5000]
    if not answer:
        raise ValidationError(_("Écrivez la réponse."))
    if not send and not to_faq:
        raise ValidationError(
            _(
                "Choisissez où va la réponse : par e-mail à la personne, ou dans les questions fréquentes."
            )
        )
    if send and not question.email:
        raise ValidationError(
            _(
                "Cette personne n'a pas laissé d'adresse : publiez la réponse dans les questions fréquentes."
            )
        )
    if to_faq:
        _faq_append(squash_spaces(question.question), answer, actor)
    if send:
        mail.send_later(
            to=question.email,
            subject=_("Réponse à votre question"),
            template="question_answer",
            context={"question": question, "answer": answer},
        )
    question.status = VisitorQuestion.Status.ANSWERED
    question.answer, question.answered_by, question.answered_at = answer, actor, timezone.now()
    question.answer_sent, question.in_faq = send, to_faq
    question.email = ""  # its only use is done
    question.save()
    return question


@transaction.atomic
def question_set_aside(*, question: VisitorQuestion, actor: User) -> VisitorQuestion:
    """Set aside a message that is not a question (an advertisement...); its address is erased."""
    check_perm(actor, "network.answer_questions", question)
    if question.status != VisitorQuestion.Status.NEW:
        raise ValidationError(_("Cette question est déjà traitée."))
    question.status = VisitorQuestion.Status.SET_ASIDE
    question.email = ""
    question.save(update_fields=["status", "email"])
    return question
