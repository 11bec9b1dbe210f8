"""The national survey: built by the coordination, answered with or without an account.

While a survey is in preparation its questions change freely; once open they are frozen (answers
keep a choice's position). Answering follows the survey's audience: everyone; members of local
groups, one answer each; or one answer per local group, given by its coordination or facilitators.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from mille.accounts.models import Category, User
from mille.core.permissions import check_perm
from mille.core.text import squash_spaces
from mille.groups.models import LocalGroup
from mille.network.models import (
    Answer,
    Audience,
    Participation,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyStatus,
)
from mille.network.rules import facilitated_group_ids
from mille.network.selectors.survey import visible_questions
from mille.territories.models import Departement


def _check_settings(title: str, audience: str) -> str:
    title = squash_spaces(title)[:140]
    if not title:
        raise ValidationError(_("Donnez un titre à l'enquête."))
    if audience not in Audience.values:
        raise ValidationError(_("Choisissez qui peut répondre."))
    return title


@transaction.atomic
def survey_create(
    *,
    actor: User,
    title: str,
    intro: str = "",
    audience: str = Audience.EVERYONE,
    anonymous: bool = True,
    results_public: bool = True,
) -> Survey:
    check_perm(actor, "network.build_surveys")
    title = _check_settings(title, audience)
    base = slugify(title)[:60].strip("-") or "enquete"
    slug, number = base, 2
    while Survey.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return Survey.objects.create(
        slug=slug,
        title=title,
        intro=(intro or "").strip()[:3000],
        audience=audience,
        anonymous=anonymous,
        results_public=results_public,
        created_by=actor,
    )


def _check_draft(survey: Survey) -> None:
    if survey.status != SurveyStatus.DRAFT:
        raise ValidationError(
            _(
                "L'enquête est ouverte : ses questions ne changent plus, pour que toutes les "
                "réponses restent comparables."
            )
        )


@transaction.atomic
def survey_update(
    *,
    survey: Survey,
    actor: User,
    title: str,
    intro: str = "",
    audience: str = Audience.EVERYONE,
    anonymous: bool = True,
    results_public: bool = True,
) -> Survey:
    check_perm(actor, "network.build_surveys", survey)
    title = _check_settings(title, audience)
    if survey.status != SurveyStatus.DRAFT and (
        audience != survey.audience or anonymous != survey.anonymous
    ):
        raise ValidationError(
            _("L'enquête est ouverte : qui peut répondre, et l'anonymat, ne changent plus.")
        )
    survey.title, survey.intro = title, (intro or "").strip()[:3000]
    survey.audience, survey.anonymous, survey.results_public = audience, anonymous, results_public
    survey.save()
    return survey


def _clean_choices(kind: str, choices) -> list[str]:
    if kind not in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        return []
    cleaned = [squash_spaces(choice)[:120] for choice in choices or []]
    cleaned = [choice for choice in cleaned if choice]
    if len(cleaned) < 2 or len(cleaned) > 12:
        raise ValidationError(_("Écrivez de 2 à 12 réponses possibles, une par ligne."))
    if len(set(cleaned)) != len(cleaned):
        raise ValidationError(_("Deux réponses possibles sont écrites pareil."))
    return cleaned


@transaction.atomic
def question_save(
    *,
    survey: Survey,
    actor: User,
    kind: str,
    text: str,
    help: str = "",
    required: bool = False,
    choices=(),
    scale_min: int = 1,
    scale_max: int = 5,
    scale_min_label: str = "",
    scale_max_label: str = "",
    condition_question: Question | None = None,
    condition_values=(),
    question: Question | None = None,
) -> Question:
    """Add a question, or change one. A question may be shown only when an earlier question
    (a choice or a scale) got one of the given answers."""
    check_perm(actor, "network.build_surveys", survey)
    _check_draft(survey)
    if question is not None and question.survey_id != survey.pk:
        raise ValidationError(_("Cette question n'est pas celle de cette enquête."))
    if kind not in QuestionKind.values:
        raise ValidationError(_("Choisissez un type de réponse."))
    text = squash_spaces(text)[:300]
    if not text:
        raise ValidationError(_("Écrivez la question."))
    if kind == QuestionKind.SCALE and not (scale_min in (0, 1) and scale_min < scale_max <= 10):
        raise ValidationError(_("Une échelle va de 0 ou 1 jusqu'à 10 au plus."))
    values = []
    if condition_question is not None:
        if condition_question.survey_id != survey.pk or (
            question is not None and condition_question.position >= question.position
        ):
            raise ValidationError(_("La condition porte sur une question placée avant celle-ci."))
        if condition_question.kind == QuestionKind.TEXT:
            raise ValidationError(_("La condition porte sur une question à choix ou une échelle."))
        allowed = {value for value, _label in condition_question.value_labels()}
        values = sorted({int(value) for value in condition_values or []})
        if not values or not set(values) <= allowed:
            raise ValidationError(_("Cochez la ou les réponses qui font apparaître la question."))
    if question is None:
        position = (survey.questions.aggregate(p=Max("position"))["p"] or 0) + 1
        question = Question(survey=survey, position=position)
    question.kind, question.text, question.help = kind, text, squash_spaces(help)[:300]
    question.required = bool(required)
    question.choices = _clean_choices(kind, choices)
    question.scale_min, question.scale_max = (
        (scale_min, scale_max) if kind == QuestionKind.SCALE else (1, 5)
    )
    question.scale_min_label = squash_spaces(scale_min_label)[:60]
    question.scale_max_label = squash_spaces(scale_max_label)[:60]
    question.condition_question = condition_question
    question.condition_values = values
    question.save()
    return question


@transaction.atomic
def question_delete(*, question: Question, actor: User) -> None:
    check_perm(actor, "network.build_surveys", question.survey)
    _check_draft(question.survey)
    if question.dependents.exists():
        raise ValidationError(
            _("Une autre question dépend de celle-ci : changez d'abord sa condition.")
        )
    question.delete()


@transaction.atomic
def question_move(*, question: Question, actor: User, up: bool) -> None:
    """Swap the question with the one before (or after); a condition keeps pointing backwards."""
    check_perm(actor, "network.build_surveys", question.survey)
    _check_draft(question.survey)
    siblings = list(question.survey.questions.order_by("position", "pk"))
    index = siblings.index(question)
    other_index = index - 1 if up else index + 1
    if not 0 <= other_index < len(siblings):
        return
    first, second = sorted([question, siblings[other_index]], key=siblings.index)
    if second.condition_question_id == first.pk:
        raise ValidationError(
            _("Cette question dépend de la précédente : elle doit rester après elle.")
        )
    siblings[index], siblings[other_index] = siblings[other_index], siblings[index]
    for position, item in enumerate(siblings, start=1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])


@transaction.atomic
def survey_open(*, survey: Survey, actor: User) -> Survey:
    check_perm(actor, "network.build_surveys", survey)
    if survey.status != SurveyStatus.DRAFT:
        raise ValidationError(_("Cette enquête est déjà ouverte."))
    if not survey.questions.exists():
        raise ValidationError(_("Ajoutez au moins une question avant d'ouvrir l'enquête."))
    survey.status, survey.opened_at = SurveyStatus.OPEN, timezone.now()
    survey.save(update_fields=["status", "opened_at"])
    return survey


@transaction.atomic
def survey_close(*, survey: Survey, actor: User) -> Survey:
    check_perm(actor, "network.build_surveys", survey)
    if survey.status != SurveyStatus.OPEN:
        raise ValidationError(_("Cette enquête n'est pas ouverte."))
    survey.status, survey.closed_at = SurveyStatus.CLOSED, timezone.now()
    survey.save(update_fields=["status", "closed_at"])
    return survey


# --- Answering -------------------------------------------------------------------------------


def clean_value(question: Question, raw):
    """One question's answer as stored: an int, a list of ints (several choices) or a text; None
    when empty. ValidationError for a value the question does not offer."""
    if question.kind == QuestionKind.TEXT:
        text = (raw or "").strip()[:3000] if isinstance(raw, str) else ""
        return text or None
    allowed = {value for value, _label in question.value_labels()}
    try:
        if question.kind == QuestionKind.MULTIPLE:
            values = sorted({int(value) for value in raw or []})
            if not set(values) <= allowed:
                raise ValueError
            return values or None
        if raw in (None, ""):
            return None
        value = int(raw)
        if value not in allowed:
            raise ValueError
        return value
    except (TypeError, ValueError) as error:
        raise ValidationError(_("Cette réponse n'est pas dans la liste.")) from error


def groups_that_may_answer(survey: Survey, user) -> list[LocalGroup]:
    """For a survey of one answer per group: the user's groups (as coordination or facilitator)
    that have not answered yet."""
    answered = Participation.objects.filter(survey=survey, group__isnull=False).values("group_id")
    return list(
        LocalGroup.objects.filter(pk__in=facilitated_group_ids(user))
        .exclude(pk__in=answered)
        .order_by("name")
    )


@transaction.atomic
def response_submit(
    *,
    survey: Survey,
    user,
    answers: dict,
    departement: Departement | None = None,
    category: str = "",
    group: LocalGroup | None = None,
) -> Response:
    """Record one answer to the survey. `answers` maps question ids to raw values; answers to
    questions hidden by their condition are dropped."""
    check_perm(user, "network.answer_survey", survey)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status != SurveyStatus.OPEN:
        raise ValidationError(_("Cette enquête est close : elle ne prend plus de réponses."))
    if category and category not in Category.values:
        raise ValidationError(_("Choisissez dans la liste qui vous êtes, ou ne dites rien."))
    questions = list(survey.questions.order_by("position", "pk"))
    cleaned = {}
    for question in questions:
        value = clean_value(question, answers.get(question.pk))
        if value is not None:
            cleaned[question.pk] = value
    shown = visible_questions(questions, cleaned)
    cleaned = {pk: value for pk, value in cleaned.items() if pk in {q.pk for q in shown}}
    missing = [q for q in shown if q.required and q.pk not in cleaned]
    if missing:
        raise ValidationError(
            _("Répondez à la question « %(text)s » : elle est obligatoire.")
            % {"text": missing[0].text}
        )
    if not cleaned:
        raise ValidationError(_("Répondez au moins à une question."))
    participation = None
    if survey.audience == Audience.ONE_PER_GROUP:
        if group is None or group.pk not in facilitated_group_ids(user):
            raise ValidationError(_("Choisissez le groupe au nom duquel vous répondez."))
        if Participation.objects.filter(survey=survey, group=group).exists():
            raise ValidationError(
                _(
                    "Le groupe « %(name)s » a déjà répondu à cette enquête : une seule réponse par "
                    "groupe. Rien n'est enregistré."
                )
                % {"name": group.name}
            )
        participation = Participation(survey=survey, group=group)
        departement = group.departement
    elif survey.audience == Audience.MEMBERS:
        if Participation.objects.filter(survey=survey, user=user).exists():
            raise ValidationError(
                _("Vous avez déjà répondu à cette enquête. Rien n'est enregistré.")
            )
        participation = Participation(survey=survey, user=user)
    if participation is not None:
        try:
            with transaction.atomic():
                participation.save()
        except IntegrityError as error:
            raise ValidationError(_("Cette réponse est déjà enregistrée.")) from error
    response = Response.objects.create(
        survey=survey,
        departement=departement,
        category=category,
        group=group if survey.audience == Audience.ONE_PER_GROUP else None,
        user=user if (not survey.anonymous and user.is_authenticated) else None,
    )
    rows = []
    for pk, value in cleaned.items():
        if isinstance(value, list):
            rows += [Answer(response=response, question_id=pk, value=item) for item in value]
        elif isinstance(value, str):
            rows.append(Answer(response=response, question_id=pk, text=value))
        else:
            rows.append(Answer(response=response, question_id=pk, value=value))
    Answer.objects.bulk_create(rows)
    return response
