"""Writes on the inventory. Bad input raises ValidationError with a French message; nothing is
written then."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from mille.accounts.models import User
from mille.core.cache import invalidate
from mille.core.permissions import check_perm
from mille.core.text import normalize_search, squash_spaces
from mille.groups.models import LocalGroup
from mille.inventory.models import Category, Resource, ResourceScheme, Scheme, Visibility
from mille.territories.models import Commune

# Cache namespace of public, aggregate inventory data (the départemental maps).
PUBLIC_NAMESPACE = "inventory-public"
TEXT_FIELDS = {
    "name": 200,
    "address": 250,
    "public_contact": 200,
    "opening_hours": 300,
    "audience": 300,
    "description": 3000,
    "uai": 8,
}
# Metropolitan France and the overseas départements, generously.
LATITUDE_RANGE = (-22.0, 52.0)
LONGITUDE_RANGE = (-63.0, 56.0)


def _clean(fields: dict) -> dict:
    cleaned = {}
    for name, limit in TEXT_FIELDS.items():
        value = (
            squash_spaces(str(fields.get(name) or ""))
            if name != "description"
            else str(fields.get(name) or "").strip()
        )
        if len(value) > limit:
            raise ValidationError(
                _("« %(field)s » est trop long : %(max)d caractères au plus.")
                % {"field": name, "max": limit}
            )
        cleaned[name] = value
    if not cleaned["name"]:
        raise ValidationError(_("Donnez le nom du lieu ou du service."))
    if fields.get("category") not in Category.values:
        raise ValidationError(_("Choisissez une catégorie."))
    cleaned["category"] = fields["category"]
    visibility = fields.get("visibility") or Visibility.GROUP
    if visibility not in Visibility.values:
        raise ValidationError(_("Choisissez qui peut voir cette fiche."))
    cleaned["visibility"] = visibility
    return cleaned


def _point(commune: Commune, latitude, longitude) -> tuple[float, float]:
    """The point picked on the map, else the commune's centre."""
    if latitude in (None, "") or longitude in (None, ""):
        return commune.latitude, commune.longitude
    try:
        lat, lon = float(latitude), float(longitude)
    except (TypeError, ValueError) as error:
        raise ValidationError(_("Le point choisi sur la carte n'est pas valable.")) from error
    if not (
        LATITUDE_RANGE[0] <= lat <= LATITUDE_RANGE[1]
        and LONGITUDE_RANGE[0] <= lon <= LONGITUDE_RANGE[1]
    ):
        raise ValidationError(_("Le point choisi sur la carte est hors de France."))
    return lat, lon


def _search_text(cleaned: dict, commune: Commune) -> str:
    parts = (
        cleaned["name"],
        cleaned["address"],
        cleaned["description"],
        cleaned["audience"],
        commune.name,
    )
    return normalize_search(" ".join(parts))


def _schemes(codes) -> list[str]:
    codes = list(dict.fromkeys(codes or []))
    if any(code not in Scheme.values for code in codes):
        raise ValidationError(_("Ce dispositif n'existe pas dans la liste."))
    return codes


@transaction.atomic
def resource_create(
    *,
    group: LocalGroup,
    actor: User,
    commune: Commune,
    latitude=None,
    longitude=None,
    schemes=(),
    **fields,
) -> Resource:
    """A new entry of the group's inventory, placed at its commune or at the point picked."""
    check_perm(actor, "inventory.edit_inventory", group)
    cleaned = _clean(fields)
    lat, lon = _point(commune, latitude, longitude)
    resource = _insert(group, actor, commune, lat, lon, cleaned, _schemes(schemes))
    invalidate(PUBLIC_NAMESPACE)
    return resource


def _insert(group, actor, commune, lat, lon, cleaned: dict, codes: list[str]) -> Resource:
    """Write one checked entry and its schemes (callers hold the transaction)."""
    resource = Resource.objects.create(
        group=group,
        commune=commune,
        departement_id=commune.departement_id,
        latitude=lat,
        longitude=lon,
        created_by=actor,
        search_text=_search_text(cleaned, commune),
        **cleaned,
    )
    ResourceScheme.objects.bulk_create(ResourceScheme(resource=resource, code=c) for c in codes)
    return resource


@transaction.atomic
def resource_update(
    *,
    resource: Resource,
    actor: User,
    commune: Commune,
    latitude=None,
    longitude=None,
    schemes=(),
    **fields,
) -> Resource:
    """Correct an entry; moved to another commune without a point, it goes to its centre."""
    check_perm(actor, "inventory.change_resource", resource)
    cleaned = _clean(fields)
    moved = commune.pk != resource.commune_id
    lat, lon = _point(commune, latitude, longitude)
    if moved and latitude in (None, ""):
        lat, lon = commune.latitude, commune.longitude
    for name, value in cleaned.items():
        setattr(resource, name, value)
    resource.commune, resource.latitude, resource.longitude = commune, lat, lon
    resource.departement_id = commune.departement_id
    resource.search_text = _search_text(cleaned, commune)
    resource.save()
    codes = _schemes(schemes)
    resource.schemes.exclude(code__in=codes).delete()
    existing = set(resource.schemes.values_list("code", flat=True))
    ResourceScheme.objects.bulk_create(
        ResourceScheme(resource=resource, code=c) for c in codes if c not in existing
    )
    invalidate(PUBLIC_NAMESPACE)
    return resource


def resource_delete(*, resource: Resource, actor: User) -> None:
    """Remove an entry (facilitators), from every group it is shared with."""
    check_perm(actor, "inventory.delete_resource", resource)
    try:
        with transaction.atomic():
            resource.delete()
    except ProtectedError as error:
        raise ValidationError(
            _(
                "Cette fiche ne peut pas être supprimée : le groupe la suit ailleurs (un "
                "partenariat, par exemple). Corrigez-la plutôt."
            )
        ) from error
    invalidate(PUBLIC_NAMESPACE)


def resource_share(*, resource: Resource, actor: User, group: LocalGroup, shared: bool) -> None:
    """List the entry in a neighbouring group's inventory too (same entry, no copy)."""
    check_perm(actor, "inventory.share_resource", resource)
    if group.pk == resource.group_id:
        raise ValidationError(_("Cette fiche appartient déjà à ce groupe."))
    if shared:
        resource.shared_with.add(group)
    else:
        resource.shared_with.remove(group)


def _import_commune(row, by_insee: dict, by_postal: dict) -> Commune | None:
    if row.insee and row.insee in by_insee:
        return by_insee[row.insee]
    candidates = by_postal.get(row.postal_code, [])
    if len(candidates) == 1:
        return candidates[0]
    name = normalize_search(row.commune_name)
    named = [c for c in candidates if c.search_name == name]
    return named[0] if len(named) == 1 else None


def resources_import(*, group: LocalGroup, actor: User, report, dry_run: bool = True):
    """Check every row (communes known, entries valid, schools not already listed); unless
    `dry_run`, write them all in one transaction — or none when any row has a problem.
    Returns (rows ready, problems, already listed)."""
    from mille.inventory.exchange import Problem

    check_perm(actor, "inventory.edit_inventory", group)
    problems = list(report.problems)
    insee = {row.insee for row in report.rows if row.insee}
    postal = {row.postal_code for row in report.rows if row.postal_code}
    by_insee = {c.insee: c for c in Commune.objects.filter(insee__in=insee)}
    by_postal: dict[str, list[Commune]] = {}
    if postal:
        query = Q()
        for code in postal:
            query |= Q(postal_codes__contains=code)
        for commune in Commune.objects.filter(query):
            for code in commune.postal_codes.split():
                by_postal.setdefault(code, []).append(commune)
    listed_uai = set(
        Resource.objects.filter(group=group).exclude(uai="").values_list("uai", flat=True)
    )
    ready, already = [], 0
    for row in report.rows:
        if row.uai and row.uai in listed_uai:
            already += 1
            continue
        commune = _import_commune(row, by_insee, by_postal)
        if commune is None:
            problems.append(
                Problem(
                    row.line,
                    "commune",
                    "Commune introuvable : vérifiez le code INSEE ou le code postal.",
                )
            )
            continue
        fields = {
            "name": row.name,
            "category": row.category,
            "address": row.address,
            "public_contact": row.public_contact,
            "opening_hours": row.opening_hours,
            "audience": "",
            "description": row.description,
            "uai": row.uai,
            "visibility": row.visibility,
        }
        try:
            cleaned = _clean(fields)
            lat, lon = _point(commune, row.latitude, row.longitude)
            codes = _schemes(row.schemes)
        except ValidationError as error:
            problems.append(Problem(row.line, "—", " ".join(error.messages)))
            continue
        ready.append((commune, lat, lon, cleaned, codes))
    if dry_run or problems:
        return ready, problems, already
    with transaction.atomic():
        for commune, lat, lon, cleaned, codes in ready:
            _insert(group, actor, commune, lat, lon, cleaned, codes)
        invalidate(PUBLIC_NAMESPACE)
    return ready, problems, already


# --- Persons, difficulties, outreach ----------------------------------------------------------


def person_create(*, group: LocalGroup, actor: User, consent_on, consent_means: str, **fields):
    """A resource person — only with the consent they gave, recorded with its date and means."""
    from mille.inventory.models import ConsentMeans, ResourcePerson

    check_perm(actor, "inventory.change_knowledge", group)
    if consent_on is None or consent_on > timezone.localdate():
        raise ValidationError(
            _("Indiquez la date où la personne a donné son accord (pas dans le futur).")
        )
    if consent_means not in ConsentMeans.values:
        raise ValidationError(_("Indiquez comment la personne a donné son accord."))
    if (
        not (fields.get("name_or_role") or "").strip()
        or not (fields.get("can_help_with") or "").strip()
    ):
        raise ValidationError(
            _("Indiquez le nom ou le rôle, et ce en quoi la personne peut aider.")
        )
    return ResourcePerson.objects.create(
        group=group,
        consent_on=consent_on,
        consent_means=consent_means,
        consent_recorded_by=actor,
        **fields,
    )


def group_item_delete(*, item, actor: User) -> None:
    """Erase a person, difficulty, place, relay or outing of the group (on request, at once)."""
    check_perm(actor, "inventory.change_knowledge", item.group)
    item.delete()


def difficulty_create(
    *, group: LocalGroup, actor: User, text: str, themes, raised_by, statements=(), resources=()
):
    from mille.accounts.models import Category as PersonCategory
    from mille.inventory.models import Difficulty, Theme

    check_perm(actor, "inventory.change_knowledge", group)
    text = squash_spaces(text)
    if not text or len(text) > 300:
        raise ValidationError(_("Décrivez la difficulté en une phrase (300 caractères au plus)."))
    if not themes or any(theme not in Theme.values for theme in themes):
        raise ValidationError(_("Choisissez au moins un thème dans la liste."))
    if any(category not in PersonCategory.values for category in raised_by):
        raise ValidationError(_("Ce profil n'existe pas dans la liste."))
    if any(statement.workshop.group_id != group.pk for statement in statements):
        raise ValidationError(_("Ces phrases ne viennent pas des ateliers du groupe."))
    if any(
        r.group_id != group.pk and not r.shared_with.filter(pk=group.pk).exists() for r in resources
    ):
        raise ValidationError(_("Ces ressources ne sont pas dans l'état des lieux du groupe."))
    with transaction.atomic():
        difficulty = Difficulty.objects.create(
            group=group, text=text, themes=sorted(set(themes)), raised_by=sorted(set(raised_by))
        )
        difficulty.statements.set(statements)
        difficulty.resources.set(resources)
    return difficulty


def outreach_place_create(
    *, group: LocalGroup, actor: User, kind: str, label: str, moment: str = ""
):
    from mille.inventory.models import OutreachPlace, PlaceKind

    check_perm(actor, "inventory.change_knowledge", group)
    label = squash_spaces(label)
    if kind not in PlaceKind.values or not label:
        raise ValidationError(_("Choisissez le type de lieu et nommez-le."))
    return OutreachPlace.objects.create(
        group=group, kind=kind, label=label[:150], moment=(moment or "")[:150]
    )


def outreach_relay_create(*, group: LocalGroup, actor: User, kind: str, label: str):
    from mille.inventory.models import OutreachRelay, RelayKind

    check_perm(actor, "inventory.change_knowledge", group)
    label = squash_spaces(label)
    if kind not in RelayKind.values or not label:
        raise ValidationError(_("Choisissez le type de relais et nommez-le."))
    return OutreachRelay.objects.create(group=group, kind=kind, label=label[:150])


def outing_create(
    *, group: LocalGroup, actor: User, on, people_met: int, place=None, what_was_said=""
):
    from mille.inventory.models import Outing

    check_perm(actor, "inventory.change_knowledge", group)
    if on is None or on > timezone.localdate():
        raise ValidationError(_("Indiquez la date de la sortie (pas dans le futur)."))
    if not isinstance(people_met, int) or not 0 <= people_met <= 1000:
        raise ValidationError(_("Indiquez combien de personnes ont été rencontrées (0 à 1000)."))
    if place is not None and place.group_id != group.pk:
        raise ValidationError(_("Ce lieu n'est pas un lieu du groupe."))
    return Outing.objects.create(
        group=group,
        on=on,
        people_met=people_met,
        place=place,
        what_was_said=(what_was_said or "").strip()[:2000],
        created_by=actor,
    )
