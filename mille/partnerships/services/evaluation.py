"""The shared evaluation (« le bilan partagé »), run on the workshop and crossing machinery: a
workshop from the « Bilan partagé » template, with one peer group per partner, the parents and the
group's team, and three questions per action evaluated. The collective then decides, action by
action, to continue, change or stop; the decisions become next year's plan."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mille.accounts.models import User
from mille.core.permissions import check_perm
from mille.core.text import squash_spaces
from mille.partnerships.models import (
    ActionFollowUp,
    Decision,
    Evaluation,
    EvaluationAspect,
    EvaluationDecision,
    EvaluationQuestion,
    Partnership,
)
from mille.partnerships.services.actions import follow_up_save
from mille.workshops import services as workshop_services
from mille.workshops.models import Action, ActionStatus, Colour, Pictogram

ASPECT_QUESTIONS = {
    EvaluationAspect.WORKED: (
        gettext_lazy("« %(action)s » : qu'est-ce qui a marché ?"),
        Pictogram.STAR,
    ),
    EvaluationAspect.DID_NOT: (
        gettext_lazy("« %(action)s » : qu'est-ce qui n'a pas marché ? Qu'avons-nous mal vécu ?"),
        Pictogram.CLOUD,
    ),
    EvaluationAspect.BROUGHT: (
        gettext_lazy("« %(action)s » : qu'est-ce que ça a apporté à chacun, et aux enfants ?"),
        Pictogram.HEART,
    ),
}
PARTNER_COLOURS = [Colour.BLUE, Colour.PURPLE, Colour.TEAL, Colour.BROWN, Colour.RED, Colour.GREY]
MAX_ACTIONS = 6


def _partners_of(partnership: Partnership, actions: list[Action]) -> list[Partnership]:
    """The partnership's structure first, then the other partners of the actions evaluated."""
    others = (
        Partnership.objects.filter(actions__action__in=actions, group_id=partnership.group_id)
        .exclude(pk=partnership.pk)
        .select_related("structure")
        .distinct()
        .order_by("structure__name")
    )
    return [partnership, *others]


@transaction.atomic
def evaluation_start(*, partnership: Partnership, actor: User, actions, period: str) -> Evaluation:
    """Prepare the bilan partagé of some actions of the partnership, as a workshop."""
    check_perm(actor, "partnerships.run_evaluation", partnership)
    actions = list(dict.fromkeys(actions))
    if not actions:
        raise ValidationError(_("Choisissez au moins une action à évaluer ensemble."))
    if len(actions) > MAX_ACTIONS:
        raise ValidationError(
            _("Un bilan porte sur %(max)d actions au plus : il faut du temps pour chacune.")
            % {"max": MAX_ACTIONS}
        )
    if any(action.group_id != partnership.group_id for action in actions):
        raise ValidationError(_("Ces actions ne sont pas celles du groupe."))
    period = squash_spaces(period)[:40]
    if not period:
        raise ValidationError(_("Indiquez la période du bilan, par exemple 2025-2026."))
    structure = partnership.structure.name
    workshop = workshop_services.workshop_create(
        group=partnership.group,
        actor=actor,
        blueprint="bilan",
        title=(
            _("Bilan partagé %(period)s : %(partner)s") % {"period": period, "partner": structure}
        )[:150],
    )
    for order, partner in enumerate(_partners_of(partnership, actions)):
        workshop_services.peer_group_save(
            workshop=workshop,
            actor=actor,
            name=partner.structure.name[:100],
            description=_("Les personnes de « %(name)s ».")
            % {"name": partner.structure.name[:150]},
            pictogram=Pictogram.SCHOOL
            if "ecole" in partner.structure.category
            else Pictogram.HOUSE,
            colour=PARTNER_COLOURS[order % len(PARTNER_COLOURS)],
        )
    # The template's general questions give way to three questions per action.
    for question in list(workshop.questions.all()):
        workshop_services.question_delete(question=question, actor=actor)
    for session in list(workshop.sessions.all()):
        workshop_services.session_delete(session=session, actor=actor)
    evaluation = Evaluation.objects.create(
        partnership=partnership, workshop=workshop, period=period, created_by=actor
    )
    evaluation.actions.set(actions)
    for action in actions:
        session = workshop_services.session_save(
            workshop=workshop, actor=actor, title=action.title[:150]
        )
        for aspect, (text, pictogram) in ASPECT_QUESTIONS.items():
            question = workshop_services.question_save(
                workshop=workshop,
                actor=actor,
                session=session,
                text=(text % {"action": action.title})[:300],
                pictogram=pictogram,
            )
            EvaluationQuestion.objects.create(
                evaluation=evaluation, action=action, aspect=aspect, question=question
            )
    return evaluation


def evaluation_decide(
    *, evaluation: Evaluation, actor: User, action: Action, decision: str, why: str = ""
) -> EvaluationDecision:
    """The collective decision for one action: continue, change (say what), or stop."""
    check_perm(actor, "partnerships.run_evaluation", evaluation.partnership)
    if not evaluation.actions.filter(pk=action.pk).exists():
        raise ValidationError(_("Cette action ne fait pas partie de ce bilan."))
    if decision not in Decision.values:
        raise ValidationError(_("Choisissez : on continue, on change ou on arrête."))
    why = squash_spaces(why)[:500]
    if decision == Decision.CHANGE and not why:
        raise ValidationError(_("Dites ce qu'on change."))
    result, _created = EvaluationDecision.objects.update_or_create(
        evaluation=evaluation,
        action=action,
        defaults={
            "decision": decision,
            "why": why,
            "decided_by": actor,
            "decided_at": timezone.now(),
        },
    )
    return result


@transaction.atomic
def evaluation_plan_next_year(*, evaluation: Evaluation, actor: User) -> list[Action]:
    """Next year's plan: the actions the collective continues (or changes) come back as planned
    actions, with their partners; the ones it stops are marked done. Once only."""
    check_perm(actor, "partnerships.run_evaluation", evaluation.partnership)
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if evaluation.planned_at is not None:
        raise ValidationError(_("Le plan de l'an prochain est déjà fait."))
    decisions = list(evaluation.decisions.select_related("action"))
    if len(decisions) < evaluation.actions.count():
        raise ValidationError(
            _("Décidez d'abord pour chaque action : continuer, changer, arrêter.")
        )
    created = []
    for item in decisions:
        action = item.action
        if item.decision == Decision.STOP:
            # The group's facilitators close it, whichever workshop it was born in.
            Action.objects.filter(pk=action.pk).update(status=ActionStatus.DONE)
            continue
        description = action.description
        if item.decision == Decision.CHANGE:
            description = (
                f"{description}\n\n" + _("Ce qu'on change : %(why)s") % {"why": item.why}
            ).strip()
        again = workshop_services.action_create(
            group=action.group,
            actor=actor,
            title=action.title,
            description=description[:2000],
            lead=action.lead,
            partners=action.partners,
            resources=action.resources,
            status=ActionStatus.PLANNED,
        )
        previous = ActionFollowUp.objects.filter(action=action).first()
        if previous is not None and previous.partnerships.exists():
            follow_up_save(
                action=again,
                actor=actor,
                partnerships=list(previous.partnerships.all()),
                schemes=previous.schemes,
                children_count=previous.children_count,
                parents_count=previous.parents_count,
            )
        created.append(again)
    evaluation.planned_at = timezone.now()
    evaluation.save(update_fields=["planned_at"])
    return created
