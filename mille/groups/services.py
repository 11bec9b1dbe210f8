"""Writes on local groups: creation, charter, criteria, recognition, members and invitations."""

import secrets
from collections.abc import Iterable, Sequence
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mille.accounts.models import User
from mille.core.cache import invalidate
from mille.core.permissions import check_perm
from mille.core.ratelimit import Quota, over_quota
from mille.core.text import normalize_search
from mille.groups.models import (
    AnchorKind,
    AnchorPlace,
    AuditEntry,
    Criterion,
    CriterionAssessment,
    CriterionStatus,
    Invitation,
    JoinRequest,
    LocalGroup,
    Membership,
    Recognition,
    RecognitionEvent,
    Role,
)
from mille.territories.models import Commune

PUBLIC_NAMESPACE = "groups"
# What one account may do before being asked to wait: a few groups at a time (a territory rarely
# needs more; the national coordination, who sets groups up for others, has no bound), a day's
# worth of requests to join.
GROUPS_CREATED_QUOTA = (Quota(3, timedelta(days=1)), Quota(10, timedelta(days=30)))
JOIN_REQUESTS_QUOTA = (Quota(10, timedelta(days=1)),)


def _territory_fields(communes: Sequence[Commune]) -> dict:
    """Département, map point and label of a group, derived from its communes."""
    first = communes[0]
    return {
        "departement_id": first.departement_id,
        "latitude": sum(c.latitude for c in communes) / len(communes),
        "longitude": sum(c.longitude for c in communes) / len(communes),
        "territory_label": ", ".join(c.name for c in communes)[:300],
    }


def _search_text(group: LocalGroup, communes: Iterable[Commune]) -> str:
    parts = [group.name, group.neighbourhood]
    for commune in communes:
        parts += [commune.name, commune.postal_codes, commune.insee]
    return normalize_search(" ".join(parts))


def _unique_slug(name: str, commune: Commune) -> str:
    base = slugify(f"{name} {commune.name}")[:120] or "groupe"
    slug, index = base, 2
    while LocalGroup.objects.filter(slug=slug).exists():
        slug, index = f"{base}-{index}", index + 1
    return slug


def _check_communes(communes: Sequence[Commune]) -> None:
    if not communes:
        raise ValidationError(
            {"communes": _("Choisissez au moins une commune pour le territoire du groupe.")}
        )


def _check_duplicate(name: str, communes: Sequence[Commune], exclude_pk: int | None = None) -> None:
    key = normalize_search(name)
    candidates = LocalGroup.objects.filter(communes__in=communes).distinct()
    if exclude_pk:
        candidates = candidates.exclude(pk=exclude_pk)
    for other in candidates.prefetch_related("communes"):
        if normalize_search(other.name) == key:
            shared = sorted({c.name for c in other.communes.all()} & {c.name for c in communes})
            raise ValidationError(
                {
                    "name": _(
                        "Un groupe nommé « %(name)s » existe déjà à %(commune)s. "
                        "Rejoignez-le, ou choisissez un autre nom."
                    )
                    % {"name": other.name, "commune": ", ".join(shared)}
                }
            )


def _record_recognition(group: LocalGroup, kind: str, by: User | None, comment: str = "") -> None:
    RecognitionEvent.objects.create(group=group, kind=kind, by=by, comment=comment)


@transaction.atomic
def group_create(
    *,
    creator: User,
    name: str,
    communes: Sequence[Commune],
    neighbourhood: str = "",
    description: str = "",
    public_contact: str = "",
    anchors: Sequence[tuple[str, str]] = (),
) -> LocalGroup:
    """Create a local group on one or more communes; its creator becomes coordinator."""
    check_perm(creator, "groups.add_localgroup")
    created = LocalGroup.objects.filter(
        memberships__user=creator, memberships__role=Role.COORDINATOR
    )
    if not creator.is_national_coordinator and over_quota(created, *GROUPS_CREATED_QUOTA):
        raise ValidationError(
            _(
                "Vous avez créé plusieurs groupes ces derniers jours. Écrivez à la coordination "
                "nationale pour en créer un autre."
            )
        )
    name = name.strip()
    communes = list(dict.fromkeys(communes))
    _check_communes(communes)
    _check_duplicate(name, communes)
    group = LocalGroup(
        name=name,
        slug=_unique_slug(name, communes[0]),
        neighbourhood=neighbourhood.strip(),
        description=description.strip(),
        public_contact=public_contact.strip(),
        **_territory_fields(communes),
    )
    group.search_text = _search_text(group, communes)
    group.full_clean(exclude=["communes", "search_text"])
    group.save()
    group.communes.set(communes)
    AnchorPlace.objects.bulk_create(
        [
            AnchorPlace(group=group, kind=kind, name=place.strip())
            for kind, place in anchors
            if place.strip()
        ]
    )
    Membership.objects.create(
        group=group, user=creator, role=Role.COORDINATOR, category=creator.category
    )
    _count_members(group.pk, +1)
    CriterionAssessment.objects.bulk_create(
        [CriterionAssessment(group=group, criterion=criterion) for criterion in Criterion.values]
    )
    invalidate(PUBLIC_NAMESPACE)
    return group


@transaction.atomic
def group_update(
    *,
    group: LocalGroup,
    actor: User,
    name: str,
    communes: Sequence[Commune],
    neighbourhood: str = "",
    description: str = "",
    public_contact: str = "",
) -> LocalGroup:
    """Change what a group says of itself and its territory."""
    check_perm(actor, "groups.change_localgroup", group)
    name = name.strip()
    communes = list(dict.fromkeys(communes))
    _check_communes(communes)
    _check_duplicate(name, communes, exclude_pk=group.pk)
    group.name = name
    group.neighbourhood = neighbourhood.strip()
    group.description = description.strip()
    group.public_contact = public_contact.strip()
    for field, value in _territory_fields(communes).items():
        setattr(group, field, value)
    group.search_text = _search_text(group, communes)
    group.full_clean(exclude=["communes", "search_text"])
    group.save()
    group.communes.set(communes)
    invalidate(PUBLIC_NAMESPACE)
    return group


def anchor_add(*, group: LocalGroup, actor: User, kind: str, name: str) -> AnchorPlace:
    """Add a place the group is built around."""
    check_perm(actor, "groups.change_localgroup", group)
    if kind not in AnchorKind.values:
        raise ValidationError({"kind": _("Choisissez un type de lieu dans la liste.")})
    if not name.strip():
        raise ValidationError({"name": _("Donnez le nom du lieu.")})
    return AnchorPlace.objects.create(group=group, kind=kind, name=name.strip()[:160])


def anchor_remove(*, anchor: AnchorPlace, actor: User) -> None:
    """Remove one of the places the group is built around."""
    check_perm(actor, "groups.change_localgroup", anchor.group)
    anchor.delete()


@transaction.atomic
def charter_commit(*, group: LocalGroup, actor: User) -> LocalGroup:
    """Record that the coordinator committed the group to the charter (who and when)."""
    check_perm(actor, "groups.commit_charter", group)
    if group.charter_committed_at is None:
        group.charter_committed_at = timezone.now()
        group.charter_committed_by = actor
        group.save(update_fields=["charter_committed_at", "charter_committed_by", "updated_at"])
        invalidate(PUBLIC_NAMESPACE)
    return group


def criterion_assess(
    *, group: LocalGroup, actor: User, criterion: int, status: str, evidence: str
) -> CriterionAssessment:
    """Save the group's self-assessment of one of the 7 criteria."""
    check_perm(actor, "groups.assess_criteria", group)
    if criterion not in Criterion.values:
        raise ValidationError(_("Ce critère n'existe pas."))
    if status not in CriterionStatus.values:
        raise ValidationError({"status": _("Choisissez : pas encore, en cours ou atteint.")})
    assessment, _created = CriterionAssessment.objects.update_or_create(
        group=group,
        criterion=criterion,
        defaults={"status": status, "evidence": evidence.strip()[:2000], "updated_by": actor},
    )
    return assessment


@transaction.atomic
def recognition_submit(*, group: LocalGroup, actor: User) -> LocalGroup:
    """Ask the national coordination to recognise the group."""
    check_perm(actor, "groups.submit_recognition", group)
    group = LocalGroup.objects.select_for_update().get(pk=group.pk)
    if group.charter_committed_at is None:
        raise ValidationError(_("Engagez d'abord le groupe dans la charte."))
    if group.recognition in {Recognition.SUBMITTED, Recognition.RECOGNISED}:
        raise ValidationError(_("La demande est déjà en examen, ou le groupe est déjà reconnu."))
    group.recognition = Recognition.SUBMITTED
    group.save(update_fields=["recognition", "updated_at"])
    _record_recognition(group, RecognitionEvent.Kind.SUBMITTED, actor)
    invalidate(PUBLIC_NAMESPACE)
    return group


@transaction.atomic
def recognition_decide(
    *, group: LocalGroup, reviewer: User, recognise: bool, comment: str = ""
) -> LocalGroup:
    """The national coordination recognises the group, or returns it with a comment."""
    check_perm(reviewer, "groups.review_recognition")
    group = LocalGroup.objects.select_for_update().get(pk=group.pk)
    if group.recognition != Recognition.SUBMITTED:
        raise ValidationError(_("Ce groupe n'a pas de demande en examen."))
    comment = comment.strip()
    if not recognise and not comment:
        raise ValidationError(
            {"comment": _("Dites au groupe ce qu'il doit revoir : le commentaire est obligatoire.")}
        )
    group.recognition = Recognition.RECOGNISED if recognise else Recognition.RETURNED
    group.recognition_comment = comment
    group.recognised_at = timezone.now() if recognise else None
    group.save(update_fields=["recognition", "recognition_comment", "recognised_at", "updated_at"])
    kind = RecognitionEvent.Kind.RECOGNISED if recognise else RecognitionEvent.Kind.RETURNED
    _record_recognition(group, kind, reviewer, comment)
    invalidate(PUBLIC_NAMESPACE)
    return group


# --- Members ---------------------------------------------------------------------------------

# Lazy: translated when a refusal is shown, in the language of the person who sees it.
LAST_COORDINATOR = gettext_lazy(
    "Le groupe doit garder au moins une personne à la coordination. Nommez quelqu'un d'autre avant."
)


def _guard_last_coordinator(membership: Membership) -> None:
    if membership.role != Role.COORDINATOR:
        return
    others = (
        Membership.objects.select_for_update()
        .filter(group_id=membership.group_id, role=Role.COORDINATOR)
        .exclude(pk=membership.pk)
    )
    if not others.exists():
        raise ValidationError(str(LAST_COORDINATOR))


def _count_members(group_pk: int, delta: int) -> None:
    LocalGroup.objects.filter(pk=group_pk).update(member_count=F("member_count") + delta)
    invalidate(PUBLIC_NAMESPACE)


def _join(group: LocalGroup, user: User, role: str) -> Membership:
    membership, created = Membership.objects.get_or_create(
        group=group, user=user, defaults={"role": role, "category": user.category}
    )
    if created:
        _count_members(group.pk, +1)
        JoinRequest.objects.filter(
            group=group, user=user, status=JoinRequest.Status.PENDING
        ).update(status=JoinRequest.Status.ACCEPTED, decided_at=timezone.now())
    return membership


@transaction.atomic
def membership_role_change(*, membership: Membership, actor: User, role: str) -> Membership:
    """Give a member another role; a group always keeps a coordinator."""
    check_perm(actor, "groups.manage_members", membership.group)
    if role not in Role.values:
        raise ValidationError(_("Ce rôle n'existe pas."))
    if role != Role.COORDINATOR:
        _guard_last_coordinator(membership)
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, actor: User) -> None:
    """Remove a member (or let a member leave); a group always keeps a coordinator."""
    if membership.user_id == actor.pk:
        check_perm(actor, "groups.leave", membership.group)
    else:
        check_perm(actor, "groups.manage_members", membership.group)
    _guard_last_coordinator(membership)
    membership.delete()
    _count_members(membership.group_id, -1)


def membership_preferences_update(
    *, membership: Membership, actor: User, category: str, shown_publicly: bool
) -> Membership:
    """A member's own choices in a group: category, and (coordinators) being shown in public."""
    if membership.user_id != actor.pk:
        raise PermissionDenied
    check_perm(actor, "groups.change_own_membership", membership.group)
    membership.category = category
    membership.shown_publicly = shown_publicly and membership.role == Role.COORDINATOR
    membership.full_clean()
    membership.save(update_fields=["category", "shown_publicly"])
    invalidate(PUBLIC_NAMESPACE)
    return membership


# --- Invitations -----------------------------------------------------------------------------


def invitation_create(
    *, group: LocalGroup, actor: User, role: str = Role.MEMBER, days: int | None = None
) -> Invitation:
    """A new invitation link, valid for some days."""
    check_perm(actor, "groups.invite", group)
    if role not in {Role.MEMBER, Role.FACILITATOR}:
        raise ValidationError({"role": _("Une invitation donne le rôle de membre ou d'animation.")})
    days = settings.INVITATION_DAYS if days is None else days
    if not 1 <= days <= 90:
        raise ValidationError({"days": _("Une invitation dure de 1 à 90 jours.")})
    return Invitation.objects.create(
        group=group,
        token=secrets.token_urlsafe(24),
        role=role,
        created_by=actor,
        expires_at=timezone.now() + timedelta(days=days),
    )


def invitation_revoke(*, invitation: Invitation, actor: User) -> Invitation:
    """The link stops working at once."""
    check_perm(actor, "groups.invite", invitation.group)
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


class InvitationError(ValidationError):
    pass


def invitation_check(invitation: Invitation | None) -> Invitation:
    """The invitation if it can still be used, else a clear reason."""
    if invitation is None:
        raise InvitationError(_("Ce lien d'invitation n'existe pas. Vérifiez qu'il est complet."))
    if invitation.revoked_at is not None:
        raise InvitationError(
            _(
                "Ce lien d'invitation a été annulé. Demandez un nouveau lien à la coordination du groupe."
            )
        )
    if invitation.expires_at <= timezone.now():
        raise InvitationError(
            _(
                "Ce lien d'invitation a expiré. Demandez un nouveau lien à la coordination du groupe."
            )
        )
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """Join the group through a valid invitation link."""
    invitation = invitation_check(
        Invitation.objects.select_for_update().filter(pk=invitation.pk).first()
    )
    existing = Membership.objects.filter(group_id=invitation.group_id, user=user).first()
    if existing:
        return existing
    membership = _join(invitation.group, user, invitation.role)
    Invitation.objects.filter(pk=invitation.pk).update(uses=invitation.uses + 1)
    return membership


# --- Join requests ---------------------------------------------------------------------------


def join_request_create(*, group: LocalGroup, user: User, message: str = "") -> JoinRequest:
    """Ask to join a group; the coordination accepts or refuses."""
    if Membership.objects.filter(group=group, user=user).exists():
        raise ValidationError(_("Vous êtes déjà membre de ce groupe."))
    check_perm(user, "groups.request_join", group)
    if over_quota(JoinRequest.objects.filter(user=user), *JOIN_REQUESTS_QUOTA):
        raise ValidationError(
            _("Vous avez envoyé beaucoup de demandes aujourd'hui. Réessayez demain.")
        )
    try:
        with transaction.atomic():
            return JoinRequest.objects.create(
                group=group, user=user, message=message.strip()[:1000]
            )
    except IntegrityError as error:
        raise ValidationError(
            _("Votre demande est déjà envoyée. La coordination va répondre.")
        ) from error


@transaction.atomic
def join_request_decide(*, request: JoinRequest, actor: User, accept: bool) -> JoinRequest:
    """Accept (the person becomes a member) or refuse a pending request."""
    check_perm(actor, "groups.manage_members", request.group)
    request = JoinRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != JoinRequest.Status.PENDING:
        raise ValidationError(_("Cette demande a déjà reçu une réponse."))
    if accept:
        _join(request.group, request.user, Role.MEMBER)
        request.status = JoinRequest.Status.ACCEPTED
    else:
        request.status = JoinRequest.Status.REFUSED
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_at"])
    return request


# --- The audit journal ---------------------------------------------------------------------------


def audit(
    *,
    group: LocalGroup,
    actor: User | None,
    action: str,
    record: str,
    record_id: int | None = None,
    detail: str = "",
) -> None:
    """Note in the group's journal that a sensitive record was viewed, changed, erased or exported
    (its kind and number only, never its content)."""
    AuditEntry.objects.create(
        group=group,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        record=record[:60],
        record_id=record_id,
        detail=detail[:200],
    )
