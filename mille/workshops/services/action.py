"""From crossing to action: the problem tree, dot voting on priorities, the action plan and each
participant's own answers (« Que puis-je faire ? », « En quoi ai-je besoin de l'autre ? »)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mille.accounts.models import User
from mille.core.permissions import check_perm
from mille.core.text import squash_spaces
from mille.groups.models import LocalGroup
from mille.workshops.models import (
    Action,
    ActionStatus,
    Dot,
    NodeKind,
    Participant,
    Phase,
    Pledge,
    Statement,
    TreeNode,
    Workshop,
)
from mille.workshops.services.common import move_in_order

NODE_MAX = 200
PLEDGE_MAX = 1000
ACTION_PHASES = {Phase.CROSSING, Phase.ACTION}


def _clean(text: str, limit: int, empty_message: str) -> str:
    text = squash_spaces(text)
    if not text:
        raise ValidationError(empty_message)
    if len(text) > limit:
        raise ValidationError(_("Trop long : %(max)d caractères au plus.") % {"max": limit})
    return text


# --- Problem tree ------------------------------------------------------------------------------


@transaction.atomic
def tree_node_add(
    *,
    workshop: Workshop,
    actor: User,
    kind: str,
    text: str,
    parent: TreeNode | None = None,
    answers: TreeNode | None = None,
    statement: Statement | None = None,
) -> TreeNode:
    """Add a box to the tree; a second central problem replaces nothing: it is refused."""
    check_perm(actor, "workshops.manage_workshop", workshop)
    if kind not in NodeKind.values:
        raise ValidationError(_("Choisissez : problème, cause, conséquence ou objectif."))
    text = _clean(text, NODE_MAX, _("Écrivez le texte de la case."))
    for related in (parent, answers):
        if related is not None and related.workshop_id != workshop.pk:
            raise ValidationError(_("Cette case n'appartient pas à l'arbre de l'atelier."))
    if statement is not None and statement.workshop_id != workshop.pk:
        raise ValidationError(_("Cette phrase n'appartient pas à l'atelier."))
    if kind == NodeKind.PROBLEM:
        if TreeNode.objects.filter(workshop=workshop, kind=NodeKind.PROBLEM).exists():
            raise ValidationError(_("L'arbre a déjà un problème central : modifiez-le."))
        parent = answers = None
    if parent is not None and parent.kind != kind:
        raise ValidationError(
            _("Une cause se range sous une cause, une conséquence sous une conséquence.")
        )
    if kind != NodeKind.OBJECTIVE:
        answers = None
    order = TreeNode.objects.filter(workshop=workshop, kind=kind, parent=parent).count()
    return TreeNode.objects.create(
        workshop=workshop,
        kind=kind,
        text=text,
        parent=parent,
        answers=answers,
        statement=statement,
        order=order,
    )


def tree_node_update(*, node: TreeNode, actor: User, text: str) -> TreeNode:
    check_perm(actor, "workshops.manage_workshop", node.workshop)
    node.text = _clean(text, NODE_MAX, _("Écrivez le texte de la case."))
    node.save(update_fields=["text"])
    return node


def tree_node_delete(*, node: TreeNode, actor: User) -> None:
    """Its children go with it; objectives that answered it stay, unattached."""
    check_perm(actor, "workshops.manage_workshop", node.workshop)
    node.delete()


@transaction.atomic
def tree_node_move(*, node: TreeNode, actor: User, offset: int) -> None:
    """Up (-1) or down (+1) among its siblings, by buttons: no dragging needed."""
    check_perm(actor, "workshops.manage_workshop", node.workshop)
    siblings = TreeNode.objects.filter(
        workshop=node.workshop, kind=node.kind, parent=node.parent_id
    )
    move_in_order(node, siblings, offset)


# --- Dot voting --------------------------------------------------------------------------------


@transaction.atomic
def dot_place(
    *, participant: Participant, node: TreeNode | None = None, action: Action | None = None
) -> Dot:
    """Place one of the participant's dots on an objective or an action (several may go on one)."""
    workshop = participant.workshop
    if workshop.phase not in ACTION_PHASES:
        raise ValidationError(_("Le choix des priorités n'est pas ouvert."))
    if (node is None) == (action is None):
        raise ValidationError(_("Choisissez un objectif ou une action."))
    if node is not None and (node.workshop_id != workshop.pk or node.kind != NodeKind.OBJECTIVE):
        raise PermissionDenied
    if action is not None and action.workshop_id != workshop.pk:
        raise PermissionDenied
    # Lock the participant's row so that two quick taps cannot exceed the number of dots.
    Participant.objects.select_for_update().filter(pk=participant.pk).first()
    if Dot.objects.filter(participant=participant).count() >= workshop.dots_per_person:
        raise ValidationError(
            _("Vous avez placé toutes vos gommettes (%(n)d). Retirez-en une pour changer.")
            % {"n": workshop.dots_per_person}
        )
    return Dot.objects.create(participant=participant, node=node, action=action)


def dot_remove(
    *, participant: Participant, node: TreeNode | None = None, action: Action | None = None
) -> None:
    if participant.workshop.phase not in ACTION_PHASES:
        raise ValidationError(_("Le choix des priorités n'est pas ouvert."))
    dot = Dot.objects.filter(participant=participant, node=node, action=action).first()
    if dot is not None:
        dot.delete()


# --- Action plan -------------------------------------------------------------------------------

ACTION_FIELDS = ("title", "description", "lead", "partners", "when", "resources", "status")


def _check_action_fields(fields: dict) -> dict:
    fields = dict(fields)
    fields["title"] = _clean(fields.get("title", ""), 150, _("Donnez un titre à l'action."))
    if fields.get("status", ActionStatus.PLANNED) not in ActionStatus.values:
        raise ValidationError(_("Cet état n'existe pas."))
    unknown = set(fields) - set(ACTION_FIELDS) - {"objective"}
    if unknown:
        raise ValidationError(_("Champ inconnu."))
    return fields


def action_create(
    *,
    group: LocalGroup,
    actor: User,
    workshop: Workshop | None = None,
    **fields,
) -> Action:
    """An action of the local group; from a workshop, by its facilitators."""
    if workshop is not None:
        if workshop.group_id != group.pk:
            raise PermissionDenied
        check_perm(actor, "workshops.manage_workshop", workshop)
    else:
        check_perm(actor, "workshops.add_action", group)
    fields = _check_action_fields(fields)
    objective = fields.get("objective")
    if objective is not None and (workshop is None or objective.workshop_id != workshop.pk):
        raise ValidationError(_("Cet objectif n'appartient pas à l'atelier."))
    return Action.objects.create(group=group, workshop=workshop, created_by=actor, **fields)


def action_update(*, action: Action, actor: User, **fields) -> Action:
    """Change an action: its workshop's facilitators, or the group's, who follow it through."""
    check_perm(actor, "workshops.change_action", action)
    fields = _check_action_fields(fields)
    objective = fields.get("objective")
    if objective is not None and objective.workshop_id != action.workshop_id:
        raise ValidationError(_("Cet objectif n'appartient pas à l'atelier."))
    for name, value in fields.items():
        setattr(action, name, value)
    action.save()
    return action


def pledge_save(*, participant: Participant, can_do: str, need: str) -> Pledge:
    if participant.workshop.phase not in ACTION_PHASES:
        raise ValidationError(_("Ce moment de l'atelier n'est pas ouvert."))
    can_do, need = (can_do or "").strip(), (need or "").strip()
    if not can_do and not need:
        raise ValidationError(_("Répondez à au moins une des deux questions."))
    if len(can_do) > PLEDGE_MAX or len(need) > PLEDGE_MAX:
        raise ValidationError(_("Trop long : %(max)d caractères au plus.") % {"max": PLEDGE_MAX})
    pledge, _created = Pledge.objects.update_or_create(
        participant=participant,
        defaults={"can_do": can_do, "need": need, "updated_at": timezone.now()},
    )
    return pledge
