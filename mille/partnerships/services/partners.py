"""Writes on partnerships themselves: creation, level and its history, what each side expects,
contact persons, who holds the thread, and the partner's representatives."""

import secrets
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mille.accounts.models import User
from mille.core.permissions import check_perm
from mille.core.text import squash_spaces
from mille.groups.models import LocalGroup
from mille.inventory.models import Resource, Scheme
from mille.partnerships.models import (
    Aspect,
    Contact,
    ContactRole,
    Expectation,
    Level,
    LevelChange,
    PartnerInvitation,
    Partnership,
    Representative,
    Side,
    ThreadHolding,
)

INVITATION_DAYS = 14


def check_schemes(codes) -> list[str]:
    codes = list(dict.fromkeys(codes or []))
    if any(code not in Scheme.values for code in codes):
        raise ValidationError(_("Ce dispositif n'existe pas dans la liste."))
    return codes


def _check_level(level: str) -> None:
    if level not in Level.values:
        raise ValidationError(_("Choisissez un niveau : minimal, intermédiaire ou maximal."))


def structure_is_in_the_inventory(group: LocalGroup, structure: Resource) -> bool:
    return structure.group_id == group.pk or structure.shared_with.filter(pk=group.pk).exists()


@transaction.atomic
def partnership_create(
    *,
    group: LocalGroup,
    actor: User,
    structure: Resource,
    level: str = Level.MINIMAL,
    schemes=(),
    purpose: str = "",
) -> Partnership:
    """A partnership between the group and a structure of its état des lieux."""
    check_perm(actor, "partnerships.add_partnership", group)
    _check_level(level)
    if not structure_is_in_the_inventory(group, structure):
        raise ValidationError(
            _(
                "Choisissez une structure de l'état des lieux du groupe. Ajoutez-la d'abord s'il le faut."
            )
        )
    if Partnership.objects.filter(group=group, structure=structure).exists():
        raise ValidationError(_("Le groupe a déjà un partenariat avec cette structure."))
    partnership = Partnership.objects.create(
        group=group,
        structure=structure,
        level=level,
        schemes=check_schemes(schemes),
        purpose=squash_spaces(purpose)[:300],
        created_by=actor,
    )
    LevelChange.objects.create(partnership=partnership, level=level, by=actor, note=_("Début"))
    return partnership


def partnership_update(
    *, partnership: Partnership, actor: User, schemes=(), purpose: str = ""
) -> Partnership:
    """What the partnership is for, and the schemes it involves."""
    check_perm(actor, "partnerships.change_partnership", partnership)
    partnership.schemes = check_schemes(schemes)
    partnership.purpose = squash_spaces(purpose)[:300]
    partnership.save(update_fields=["schemes", "purpose"])
    return partnership


@transaction.atomic
def partnership_level_change(
    *, partnership: Partnership, actor: User, level: str, note: str = "", on: date | None = None
) -> Partnership:
    """A new level, kept in the history with its date and reason."""
    check_perm(actor, "partnerships.change_partnership", partnership)
    _check_level(level)
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError(_("La date du changement ne peut pas être dans le futur."))
    if level == partnership.level:
        raise ValidationError(_("Le partenariat est déjà à ce niveau."))
    partnership.level = level
    partnership.save(update_fields=["level"])
    LevelChange.objects.create(
        partnership=partnership,
        level=level,
        changed_on=on,
        note=squash_spaces(note)[:300],
        by=actor,
    )
    return partnership


@transaction.atomic
def expectations_save(*, partnership: Partnership, actor: User, texts: dict) -> None:
    """What each side expects of the other, aspect by aspect; an empty text removes it.
    `texts` maps (side, aspect) to a short text."""
    check_perm(actor, "partnerships.change_partnership", partnership)
    for (side, aspect), text in texts.items():
        if side not in Side.values or aspect not in Aspect.values:
            raise ValidationError(_("Cette attente n'existe pas."))
        text = squash_spaces(text)
        if len(text) > 300:
            raise ValidationError(_("Une attente tient en 300 caractères au plus."))
        if text:
            Expectation.objects.update_or_create(
                partnership=partnership, side=side, aspect=aspect, defaults={"text": text}
            )
        else:
            Expectation.objects.filter(partnership=partnership, side=side, aspect=aspect).delete()


def contact_add(
    *,
    partnership: Partnership,
    actor: User,
    name: str,
    role: str,
    reach: str = "",
    since: date | None = None,
) -> Contact:
    """A contact person of the partner, by role (professional details only)."""
    check_perm(actor, "partnerships.change_partnership", partnership)
    name = squash_spaces(name)
    if not name or len(name) > 120:
        raise ValidationError(_("Donnez le nom de la personne (120 caractères au plus)."))
    if role not in ContactRole.values:
        raise ValidationError(_("Choisissez son rôle dans la liste."))
    since = since or timezone.localdate()
    if since > timezone.localdate():
        raise ValidationError(_("La date d'arrivée ne peut pas être dans le futur."))
    return Contact.objects.create(
        partnership=partnership, name=name, role=role, reach=squash_spaces(reach)[:200], since=since
    )


def contact_leave(*, contact: Contact, actor: User, left_on: date | None = None) -> Contact:
    """The person has left: they stay in the history, marked as gone."""
    check_perm(actor, "partnerships.change_partnership", contact.partnership)
    left_on = left_on or timezone.localdate()
    if contact.left_on is not None:
        raise ValidationError(_("Cette personne est déjà notée comme partie."))
    if left_on < contact.since or left_on > timezone.localdate():
        raise ValidationError(_("La date de départ doit être entre son arrivée et aujourd'hui."))
    contact.left_on = left_on
    contact.save(update_fields=["left_on"])
    return contact


@transaction.atomic
def thread_hand_over(
    *,
    partnership: Partnership,
    actor: User,
    holder: str,
    side: str,
    note: str = "",
    on: date | None = None,
) -> ThreadHolding:
    """Someone new holds the thread. The one who leaves says what the next must know; the
    history keeps every holder."""
    check_perm(actor, "partnerships.change_partnership", partnership)
    holder = squash_spaces(holder)
    if not holder or len(holder) > 120:
        raise ValidationError(_("Dites qui tient le fil maintenant (120 caractères au plus)."))
    if side not in Side.values:
        raise ValidationError(_("Dites de quel côté est cette personne."))
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError(_("La date du passage de relais ne peut pas être dans le futur."))
    current = (
        ThreadHolding.objects.select_for_update()
        .filter(partnership=partnership, until__isnull=True)
        .first()
    )
    if current is not None:
        if on < current.since:
            raise ValidationError(
                _("Le relais ne peut pas être passé avant l'arrivée de la personne.")
            )
        current.until = on
        current.handover_note = (note or "").strip()[:2000]
        current.save(update_fields=["until", "handover_note"])
    return ThreadHolding.objects.create(
        partnership=partnership, holder=holder, side=side, since=on, by=actor
    )


def representative_invite(*, partnership: Partnership, actor: User) -> PartnerInvitation:
    """A link for the partner's representative, valid two weeks, usable once."""
    check_perm(actor, "partnerships.invite_representative", partnership)
    return PartnerInvitation.objects.create(
        partnership=partnership,
        token=secrets.token_urlsafe(24),
        created_by=actor,
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )


class InvitationError(ValidationError):
    pass


def invitation_check(invitation: PartnerInvitation | None) -> PartnerInvitation:
    if invitation is None:
        raise InvitationError(_("Ce lien n'existe pas. Vérifiez qu'il est complet."))
    if invitation.used_at is not None:
        raise InvitationError(_("Ce lien a déjà servi. Demandez-en un nouveau au groupe."))
    if invitation.expires_at <= timezone.now():
        raise InvitationError(_("Ce lien a expiré. Demandez-en un nouveau au groupe."))
    return invitation


@transaction.atomic
def representative_accept(*, invitation: PartnerInvitation, user: User) -> Representative:
    """The signed-in person becomes the partner's representative."""
    invitation = invitation_check(
        PartnerInvitation.objects.select_for_update().filter(pk=invitation.pk).first()
    )
    if not (user.is_authenticated and user.is_active):
        raise InvitationError(_("Connectez-vous d'abord."))
    try:
        with transaction.atomic():
            representative = Representative.objects.create(
                partnership=invitation.partnership, user=user
            )
    except IntegrityError:
        representative = Representative.objects.get(partnership=invitation.partnership, user=user)
    invitation.used_by, invitation.used_at = user, timezone.now()
    invitation.save(update_fields=["used_by", "used_at"])
    return representative


def representative_remove(*, representative: Representative, actor: User) -> None:
    check_perm(actor, "partnerships.invite_representative", representative.partnership)
    representative.delete()
