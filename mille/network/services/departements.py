"""The départemental level: référents, their word on recognitions, the groups they convene."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mille.accounts.models import User
from mille.core.permissions import check_perm
from mille.groups.models import LocalGroup, Recognition, Role
from mille.network.models import Convocation, Event, Opinion, RecognitionOpinion, Referent
from mille.network.services import mail
from mille.territories.models import Departement


@transaction.atomic
def referent_grant(*, actor: User, email: str, departement: Departement) -> Referent:
    """The national coordination gives the role of référent for a département to an account."""
    check_perm(actor, "network.manage_referents")
    user = User.objects.filter(email=(email or "").strip().lower(), is_active=True).first()
    if user is None:
        raise ValidationError(
            _(
                "Aucun compte n'utilise cette adresse. La personne doit d'abord créer son compte, "
                "puis vous lui donnez le rôle."
            )
        )
    if Referent.objects.filter(
        user=user, departement=departement, revoked_at__isnull=True
    ).exists():
        raise ValidationError(_("Cette personne est déjà référente de ce département."))
    try:
        referent = Referent.objects.create(user=user, departement=departement, granted_by=actor)
    except IntegrityError as error:
        raise ValidationError(_("Cette personne est déjà référente de ce département.")) from error
    mail.send_later(
        to=user.email,
        subject=_("Vous êtes référent·e du département : %(name)s") % {"name": departement.name},
        template="referent_granted",
        context={"referent": referent, "departement": departement},
    )
    return referent


@transaction.atomic
def referent_revoke(*, actor: User, referent: Referent) -> None:
    check_perm(actor, "network.manage_referents")
    if referent.revoked_at is not None:
        raise ValidationError(_("Ce rôle est déjà retiré."))
    referent.revoked_at = timezone.now()
    referent.revoked_by = actor
    referent.save(update_fields=["revoked_at", "revoked_by"])


@transaction.atomic
def opinion_give(
    *, group: LocalGroup, actor: User, opinion: str, comment: str = ""
) -> RecognitionOpinion:
    """The référent's word on a recognition request, which the national coordination reads before
    it decides."""
    check_perm(actor, "network.give_opinion", group)
    if opinion not in Opinion.values:
        raise ValidationError(_("Choisissez : avis favorable, ou des points à revoir."))
    if group.recognition != Recognition.SUBMITTED:
        raise ValidationError(
            _(
                "Ce groupe n'a pas de demande de reconnaissance en cours : rien à donner pour l'instant."
            )
        )
    comment = (comment or "").strip()[:2000]
    if opinion == Opinion.RESERVED and not comment:
        raise ValidationError(
            _("Dites quels points sont à revoir : le groupe et la coordination les liront.")
        )
    return RecognitionOpinion.objects.create(
        group=group, by=actor, opinion=opinion, comment=comment
    )


@transaction.atomic
def groups_convene(*, event: Event, actor: User, groups) -> int:
    """Invite the chosen groups of the département to a départemental gathering: their coordinators
    and facilitators get the invitation by e-mail, each on their own (no address is shown to
    anyone). A group already convened is not convened twice. Returns how many groups were."""
    check_perm(actor, "network.convene_groups", event)
    if event.status != "published":
        raise ValidationError(_("Publiez l'événement avant d'y convier les groupes."))
    if event.is_past:
        raise ValidationError(_("Cet événement a déjà eu lieu."))
    groups = list(groups)
    if not groups:
        raise ValidationError(_("Cochez au moins un groupe."))
    if any(group.departement_id != event.departement_id for group in groups):
        raise ValidationError(
            _("Ces groupes ne sont pas tous dans le département de la rencontre.")
        )
    already = set(event.convocations.values_list("group_id", flat=True))
    new = [group for group in groups if group.pk not in already]
    if not new:
        raise ValidationError(_("Ces groupes sont déjà conviés."))
    Convocation.objects.bulk_create([Convocation(event=event, group=g, by=actor) for g in new])
    recipients = (
        User.objects.filter(
            is_active=True,
            memberships__group__in=new,
            memberships__role__in=[Role.COORDINATOR, Role.FACILITATOR],
        )
        .distinct()
        .order_by("pk")
    )
    for user in recipients:
        mail.send_later(
            to=user.email,
            subject=_("Vous êtes convié·e : %(title)s") % {"title": event.title},
            template="convocation",
            context={"event": event, "user": user, "by": actor},
        )
    return len(new)
