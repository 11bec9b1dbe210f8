"""Actions followed through: created from a workshop (as before) or directly, with their partners,
schemes, dates, counts of children and parents (never names), indicators and documents."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from mille.accounts.models import User
from mille.core.documents import DOCUMENT_MAX_BYTES, document_type
from mille.core.permissions import check_perm
from mille.core.text import squash_spaces
from mille.groups.models import LocalGroup
from mille.partnerships.models import (
    ActionDocument,
    ActionFollowUp,
    Indicator,
    IndicatorKind,
    IndicatorValue,
    Partnership,
)
from mille.partnerships.services.partners import check_schemes
from mille.workshops import services as workshop_services
from mille.workshops.models import Action


def _count(value, label: str) -> int | None:
    if value in (None, ""):
        return None
    if not isinstance(value, int) or value < 0 or value > 100_000:
        raise ValidationError(
            _("%(what)s : un nombre à partir de 0 (jamais de noms).") % {"what": label}
        )
    return value


def _partners(group: LocalGroup, partnerships) -> list[Partnership]:
    partnerships = list(partnerships or [])
    if not partnerships:
        raise ValidationError(_("Choisissez au moins un partenaire du groupe pour cette action."))
    if any(p.group_id != group.pk for p in partnerships):
        raise ValidationError(_("Ces partenaires ne sont pas ceux du groupe."))
    return partnerships


@transaction.atomic
def follow_up_save(
    *,
    action: Action,
    actor: User,
    partnerships,
    schemes=(),
    starts_on: date | None = None,
    ends_on: date | None = None,
    children_count: int | None = None,
    parents_count: int | None = None,
) -> ActionFollowUp:
    """The action's partners (structures the group works with), schemes, dates and the number of
    children and parents it concerns."""
    check_perm(actor, "partnerships.follow_action", action)
    partners = _partners(action.group, partnerships)
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError(_("La fin ne peut pas être avant le début."))
    follow_up, _created = ActionFollowUp.objects.get_or_create(action=action)
    follow_up.schemes = check_schemes(schemes)
    follow_up.starts_on, follow_up.ends_on = starts_on, ends_on
    follow_up.children_count = _count(children_count, _("Enfants concernés"))
    follow_up.parents_count = _count(parents_count, _("Parents concernés"))
    follow_up.save()
    follow_up.partnerships.set(partners)
    return follow_up


@transaction.atomic
def action_create_direct(
    *,
    group: LocalGroup,
    actor: User,
    title: str,
    partnerships,
    description: str = "",
    lead: str = "",
    when: str = "",
    resources: str = "",
    status: str = "planned",
    schemes=(),
    starts_on: date | None = None,
    ends_on: date | None = None,
    children_count: int | None = None,
    parents_count: int | None = None,
) -> Action:
    """An action decided outside a workshop (a meeting, a bilan), followed from the start."""
    check_perm(actor, "partnerships.add_action", group)
    _partners(group, partnerships)
    action = workshop_services.action_create(
        group=group,
        actor=actor,
        title=title,
        description=description,
        lead=lead,
        when=when,
        resources=resources,
        status=status,
        partners=", ".join(p.structure.name for p in partnerships)[:300],
    )
    follow_up_save(
        action=action,
        actor=actor,
        partnerships=partnerships,
        schemes=schemes,
        starts_on=starts_on,
        ends_on=ends_on,
        children_count=children_count,
        parents_count=parents_count,
    )
    return action


def indicator_add(
    *, action: Action, actor: User, kind: str, label: str = "", target: str = ""
) -> Indicator:
    """An indicator agreed beforehand (seed 003): attendance, what became of the pupils at six and
    twelve months, the parents' own view..."""
    check_perm(actor, "partnerships.follow_action", action)
    if kind not in IndicatorKind.values:
        raise ValidationError(_("Choisissez ce que l'on mesure dans la liste."))
    label = squash_spaces(label) or str(IndicatorKind(kind).label)
    return Indicator.objects.create(
        action=action,
        kind=kind,
        label=label[:150],
        target=squash_spaces(target)[:150],
        created_by=actor,
    )


def indicator_value_add(
    *,
    indicator: Indicator,
    actor: User,
    measured_on: date | None,
    number=None,
    text: str = "",
) -> IndicatorValue:
    """A value of the indicator at a date: a number (never below zero), words, or both."""
    check_perm(actor, "partnerships.measure_action", indicator.action)
    if measured_on is None or measured_on > timezone.localdate():
        raise ValidationError(_("Indiquez la date de la mesure (pas dans le futur)."))
    text = squash_spaces(text)[:500]
    if number in (None, ""):
        number = None
    else:
        try:
            number = Decimal(str(number))
        except InvalidOperation as error:
            raise ValidationError(_("Écrivez un nombre, par exemple 12 ou 8,5.")) from error
        if number < 0 or number >= Decimal("100000000"):
            raise ValidationError(_("Le nombre ne peut pas être en dessous de zéro."))
    if number is None and not text:
        raise ValidationError(_("Donnez un nombre ou quelques mots."))
    return IndicatorValue.objects.create(
        indicator=indicator, measured_on=measured_on, number=number, text=text, by=actor
    )


def document_add(*, action: Action, actor: User, title: str, name: str, content: bytes):
    """A document of the action (a programme, a photo of the poster, a sign-in sheet...)."""
    check_perm(actor, "partnerships.follow_action", action)
    title = squash_spaces(title)[:150] or name[:150]
    if not content:
        raise ValidationError(_("Choisissez un fichier."))
    if len(content) > DOCUMENT_MAX_BYTES:
        raise ValidationError(_("Le fichier est trop lourd : 10 Mo au plus."))
    content_type = document_type(name, content[:4096])
    document = ActionDocument(
        action=action, title=title, content_type=content_type, uploaded_by=actor
    )
    document.file.save(
        get_valid_filename(name)[-80:] or "document", ContentFile(content), save=False
    )
    document.save()
    return document


def document_delete(*, document: ActionDocument, actor: User) -> None:
    check_perm(actor, "partnerships.follow_action", document.action)
    document.file.delete(save=False)
    document.delete()
