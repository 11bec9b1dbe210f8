"""The convention: « la part de chacun » (seed 001), written in versions and acknowledged."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from mille.accounts.models import User
from mille.core.permissions import check_perm
from mille.core.text import squash_spaces
from mille.groups.rules import is_group_coordinator
from mille.partnerships.models import (
    Acknowledgement,
    Contribution,
    ConventionPart,
    ConventionVersion,
    Partnership,
)
from mille.partnerships.rules import represents_the_partner


@transaction.atomic
def convention_write(
    *,
    partnership: Partnership,
    actor: User,
    objectives: str,
    coordination: str = "",
    rhythm_weeks: int | None = None,
    rhythm_note: str = "",
    autonomy: str = "",
    parts: list[dict] = (),
) -> ConventionVersion:
    """A new version of the convention (the previous ones are kept). `parts`: one dict per party
    with `party`, `brings` (codes of `Contribution`), `details` and `limits`."""
    check_perm(actor, "partnerships.write_convention", partnership)
    objectives = (objectives or "").strip()
    if not objectives:
        raise ValidationError(_("Écrivez au moins vos objectifs communs."))
    if rhythm_weeks is not None and not 1 <= rhythm_weeks <= 52:
        raise ValidationError(_("Le rythme des réunions va de 1 à 52 semaines."))
    cleaned = []
    for part in parts:
        party = squash_spaces(part.get("party"))
        brings = list(dict.fromkeys(part.get("brings") or []))
        if not party:
            continue
        if any(code not in Contribution.values for code in brings):
            raise ValidationError(_("Cet apport n'existe pas dans la liste."))
        cleaned.append(
            {
                "party": party[:150],
                "brings": brings,
                "details": squash_spaces(part.get("details"))[:300],
                "limits": squash_spaces(part.get("limits"))[:300],
            }
        )
    if not cleaned:
        raise ValidationError(_("Dites ce que chacun apporte : au moins une partie."))
    latest = (
        ConventionVersion.objects.select_for_update()
        .filter(partnership=partnership)
        .order_by("-number")
        .first()
    )
    version = ConventionVersion.objects.create(
        partnership=partnership,
        number=(latest.number + 1) if latest else 1,
        objectives=objectives[:2000],
        coordination=squash_spaces(coordination)[:200],
        rhythm_weeks=rhythm_weeks,
        rhythm_note=squash_spaces(rhythm_note)[:300],
        autonomy=(autonomy or "").strip()[:1000],
        created_by=actor,
    )
    ConventionPart.objects.bulk_create(
        ConventionPart(version=version, order=order, **part) for order, part in enumerate(cleaned)
    )
    partnership.meeting_every_weeks = rhythm_weeks
    partnership.save(update_fields=["meeting_every_weeks"])
    return version


def party_of(user: User, partnership: Partnership) -> str | None:
    """For whom this person acknowledges: the partner (its representatives) or the local group
    (its coordination)."""
    if represents_the_partner(user, partnership):
        return partnership.structure.name
    if is_group_coordinator(user, partnership.group):
        return partnership.group.name
    return None


@transaction.atomic
def convention_acknowledge(*, version: ConventionVersion, actor: User) -> Acknowledgement:
    """Acknowledge the current version, for one's party. An older version cannot be acknowledged:
    what counts is what is agreed now."""
    partnership = version.partnership
    check_perm(actor, "partnerships.acknowledge_convention", partnership)
    latest = partnership.conventions.order_by("-number").values_list("number", flat=True).first()
    if version.number != latest:
        raise ValidationError(
            _("Cette version n'est plus la dernière : prenez connaissance de la version %(n)d.")
            % {"n": latest}
        )
    party = party_of(actor, partnership)
    try:
        with transaction.atomic():
            return Acknowledgement.objects.create(version=version, by=actor, party=party)
    except IntegrityError as error:
        raise ValidationError(
            _("« %(party)s » a déjà pris connaissance de cette version.") % {"party": party}
        ) from error
