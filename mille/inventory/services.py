"""Writes on the inventory. Bad input raises ValidationError with a French message; nothing is
written then."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mille.accounts.models import User
from mille.core.cache import invalidate
from mille.core.permissions import check_perm
from mille.core.text import is_ascii_digits, normalize_search, squash_spaces
from mille.groups import services as group_services
from mille.groups.models import AuditEntry, LocalGroup
from mille.inventory.exchange import SOURCE, ImportReport, Reason, Tally
from mille.inventory.exchange import mille_id as exported_id
from mille.inventory.models import Category, Resource, ResourceScheme, Scheme, Visibility
from mille.territories.models import Commune
from mille.territories.selectors import communes_covered

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
    "phone": 30,
    "email": 254,
    "website": 300,
    "siret": 14,
}
# Read once: `TextChoices.values` builds a new list at each call, and an import checks 50,000 rows.
CATEGORIES = frozenset(Category.values)
VISIBILITIES = frozenset(Visibility.values)
SCHEMES = frozenset(Scheme.values)
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
    if fields.get("category") not in CATEGORIES:
        raise ValidationError(_("Choisissez une catégorie."))
    cleaned["category"] = fields["category"]
    visibility = fields.get("visibility") or Visibility.GROUP
    if visibility not in VISIBILITIES:
        raise ValidationError(_("Choisissez qui peut voir cette fiche."))
    cleaned["visibility"] = visibility
    if cleaned["email"]:
        try:
            validate_email(cleaned["email"])
        except ValidationError as error:
            raise ValidationError(_("L'adresse e-mail n'est pas valable.")) from error
    if cleaned["website"]:
        try:
            URLValidator(schemes=["http", "https"])(cleaned["website"])
        except ValidationError as error:
            raise ValidationError(
                _("L'adresse du site web n'est pas valable (elle commence par https://).")
            ) from error
    if cleaned["siret"] and not (is_ascii_digits(cleaned["siret"]) and len(cleaned["siret"]) == 14):
        raise ValidationError(_("Le numéro SIRET compte 14 chiffres."))
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
    if any(code not in SCHEMES for code in codes):
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
    resource = Resource.objects.create(
        group=group,
        commune=commune,
        departement_id=commune.departement_id,
        latitude=lat,
        longitude=lon,
        created_by=actor,
        search_text=_search_text(cleaned, commune),
        data_updated_on=timezone.localdate(),
        **cleaned,
    )
    ResourceScheme.objects.bulk_create(
        ResourceScheme(resource=resource, code=c) for c in _schemes(schemes)
    )
    invalidate(PUBLIC_NAMESPACE)
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
    resource.data_updated_on = timezone.localdate()
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
    """List the entry in a neighbouring group's inventory too (same entry, no copy): a group of
    the same département. Stopping is always possible."""
    check_perm(actor, "inventory.share_resource", resource)
    if group.pk == resource.group_id:
        raise ValidationError(_("Cette fiche appartient déjà à ce groupe."))
    if shared and group.departement_id != resource.group.departement_id:
        raise ValidationError(
            _("Une fiche se partage avec les groupes du même département seulement.")
        )
    if shared:
        resource.shared_with.add(group)
    else:
        resource.shared_with.remove(group)


@dataclass
class PlannedEntry:
    """An entry the import will add, checked."""

    commune: Commune
    latitude: float
    longitude: float
    fields: dict
    schemes: list[str]
    updated_on: date


@dataclass
class PlannedUpdate:
    """Services of a file that go onto an entry already in the état des lieux."""

    resource: Resource
    schemes: list[str]
    services: list[str]


@dataclass
class ImportPlan(Tally):
    """What an import would do (or did): entries to add, entries completed by services, rows
    set aside (with the reason), and problems — any problem and nothing is written."""

    ready: list[PlannedEntry] = field(default_factory=list)
    updates: list[PlannedUpdate] = field(default_factory=list)


class _CommuneIndex:
    """The communes a file names, found by INSEE code or postal code (and name), with the
    arrondissement of Paris, Lyon or Marseille when a postal code says which."""

    FIELDS = ("insee", "name", "search_name", "postal_codes", "departement_id", "latitude")
    FIELDS += ("longitude", "parent_id")

    def __init__(self, rows):
        codes = {row.insee for row in rows if row.insee}
        postal = {row.postal_code for row in rows if row.postal_code and not row.insee}
        departements = set()
        for code in postal:
            if code.startswith("97"):
                departements.add(code[:3])
            elif code.startswith("20"):
                departements.update({"2A", "2B"})
            else:
                departements.add(code[:2])
        communes = list(Commune.objects.filter(parent__isnull=False).only(*self.FIELDS))
        codes_list = sorted(codes)
        for start in range(0, len(codes_list), 500):
            communes += Commune.objects.filter(insee__in=codes_list[start : start + 500]).only(
                *self.FIELDS
            )
        if departements:
            communes += Commune.objects.filter(departement_id__in=departements).only(*self.FIELDS)
        self.by_insee = {commune.insee: commune for commune in communes}
        self.by_postal: dict[str, list[Commune]] = {}
        self.arrondissements: dict[str, list[Commune]] = {}
        for commune in self.by_insee.values():
            for code in commune.postal_codes.split():
                self.by_postal.setdefault(code, []).append(commune)
            if commune.parent_id:
                self.arrondissements.setdefault(commune.parent_id, []).append(commune)

    def find(self, row) -> Commune | None:
        commune = self.by_insee.get(row.insee) if row.insee else None
        if commune is None:
            candidates = [c for c in self.by_postal.get(row.postal_code, []) if not c.parent_id]
            if len(candidates) > 1:
                name = normalize_search(row.commune_name)
                candidates = [c for c in candidates if c.search_name == name]
            commune = candidates[0] if len(candidates) == 1 else None
        if commune is not None and commune.insee in self.arrondissements and row.postal_code:
            precise = [
                a
                for a in self.arrondissements[commune.insee]
                if row.postal_code in a.postal_codes.split()
            ]
            if len(precise) == 1:
                return precise[0]
        return commune


def _with_services(description: str, names: list[str]) -> str:
    """The description, with the names of the record's services it does not list yet."""
    missing = [name for name in names if name not in description]
    if not missing:
        return description
    line = _("Services : %(names)s") % {"names": ", ".join(missing)}
    room = TEXT_FIELDS["description"] - len(description) - 2
    return f"{description}\n\n{line[:room]}".strip() if room > 20 else description


def _listed(group: LocalGroup) -> tuple[set[str], dict[tuple[str, str], Resource]]:
    """UAI codes of the group's entries, and its entries by provenance (and by the id its own
    exports give them)."""
    uai, by_key = set(), {}
    for resource in Resource.objects.filter(group=group).only(
        "pk", "uai", "source", "source_id", "description", "name", "address", "audience"
    ):
        if resource.uai:
            uai.add(resource.uai)
        if resource.source_id:
            by_key[(resource.source, resource.source_id)] = resource
        by_key[(SOURCE, exported_id(resource))] = resource
    return uai, by_key


def resources_import(
    *,
    group: LocalGroup,
    actor: User,
    report: ImportReport,
    dry_run: bool = True,
    public: bool = False,
) -> ImportPlan:
    """Check every row of a read file (commune known and in the group's territory, entry valid,
    not listed yet) and every service (its structure in the état des lieux); unless `dry_run`,
    write it all in one transaction — or nothing when any row has a problem.

    Imported entries stay within the group, with their telephone and e-mail, unless the person
    importing chooses to make them `public` (a row marked group-only stays so)."""
    check_perm(actor, "inventory.edit_inventory", group)
    plan = ImportPlan(
        problems=list(report.problems),
        problem_count=report.problem_count,
        set_aside=list(report.set_aside),
        counts=dict(report.counts),
        content=report.content,
    )
    covered = communes_covered(group.communes.values_list("insee", flat=True))
    communes = _CommuneIndex(report.rows)
    listed_uai, listed = _listed(group)
    today = timezone.localdate()
    for row in report.rows:
        place = row.commune_name or row.postal_code or row.insee
        if (row.uai and row.uai in listed_uai) or (row.source, row.source_id) in listed:
            plan.aside(row.line, row.name, place, Reason.ALREADY)
            continue
        commune = communes.find(row)
        if commune is None:
            plan.problem(
                row.line,
                "commune",
                _("Commune introuvable : vérifiez le code INSEE ou le code postal."),
            )
            continue
        if commune.insee not in covered:
            plan.aside(row.line, row.name, commune.name, Reason.OUTSIDE)
            continue
        fields = {
            "name": row.name,
            "category": row.category,
            "address": row.address,
            "public_contact": row.public_contact,
            "opening_hours": row.opening_hours,
            "audience": row.audience,
            "description": _with_services(row.description, row.services),
            "uai": row.uai,
            "visibility": row.visibility if public else Visibility.GROUP,
            "phone": row.phone,
            "email": row.email,
            "website": row.website,
            "siret": row.siret,
        }
        try:
            cleaned = _clean(fields)
            lat, lon = _point(commune, row.latitude, row.longitude)
            codes = _schemes(row.schemes)
        except ValidationError as error:
            plan.problem(row.line, "—", " ".join(error.messages))
            continue
        cleaned["source"], cleaned["source_id"] = row.source[:100], row.source_id[:300]
        try:
            updated_on = date.fromisoformat(row.updated_on) if row.updated_on else today
        except ValueError:
            updated_on = today
        plan.ready.append(PlannedEntry(commune, lat, lon, cleaned, codes, updated_on))
    _plan_services(plan, report, listed)
    if report.content == "services" and not plan.updates and not plan.problem_count:
        plan.problem(
            0,
            _("fichier"),
            _(
                "Ce fichier décrit des services, pas des lieux. Aucun ne s'ajoute : leurs "
                "structures ne sont pas dans l'état des lieux du groupe, ou ils y sont déjà. "
                "Importez d'abord le fichier des structures."
            ),
        )
    if dry_run or plan.problem_count:
        return plan
    with transaction.atomic():
        _write(plan, group, actor)
        invalidate(PUBLIC_NAMESPACE)
    return plan


def _plan_services(plan: ImportPlan, report: ImportReport, listed: dict) -> None:
    """Services for entries already listed: their scheme, or their name in the description."""
    updates: dict[int, PlannedUpdate] = {}
    existing: dict[int, set[str]] = {}
    found = {
        id(service): next((listed[key] for key in service.keys if key in listed), None)
        for service in report.services
    }
    targets = {resource.pk for resource in found.values() if resource is not None}
    for resource_id, code in ResourceScheme.objects.filter(resource_id__in=targets).values_list(
        "resource_id", "code"
    ):
        existing.setdefault(resource_id, set()).add(code)
    for service in report.services:
        resource = found[id(service)]
        if resource is None:
            plan.aside(service.line, service.name, service.structure_id, Reason.NO_STRUCTURE)
            continue
        update = updates.setdefault(resource.pk, PlannedUpdate(resource, [], []))
        known = existing.setdefault(resource.pk, set())
        if service.scheme:
            if service.scheme in known or service.scheme in update.schemes:
                plan.aside(service.line, service.name, resource.name, Reason.KNOWN_SERVICE)
            else:
                update.schemes.append(service.scheme)
        elif service.name in resource.description or service.name in update.services:
            plan.aside(service.line, service.name, resource.name, Reason.KNOWN_SERVICE)
        else:
            update.services.append(service.name)
    plan.updates = [u for u in updates.values() if u.schemes or u.services]


WRITE_BATCH = 1000


def _write(plan: ImportPlan, group: LocalGroup, actor: User) -> None:
    """Write a checked plan: new entries batch by batch (a batch's objects are let go before the
    next one is built), then the services of entries already listed."""
    for start in range(0, len(plan.ready), WRITE_BATCH):
        batch = plan.ready[start : start + WRITE_BATCH]
        resources = Resource.objects.bulk_create(
            [
                Resource(
                    group=group,
                    commune=entry.commune,
                    departement_id=entry.commune.departement_id,
                    latitude=entry.latitude,
                    longitude=entry.longitude,
                    created_by=actor,
                    search_text=_search_text(entry.fields, entry.commune),
                    data_updated_on=entry.updated_on,
                    **entry.fields,
                )
                for entry in batch
            ]
        )
        ResourceScheme.objects.bulk_create(
            ResourceScheme(resource=resource, code=code)
            for resource, entry in zip(resources, batch, strict=True)
            for code in entry.schemes
        )
    schemes = []
    for update in plan.updates:
        schemes += [ResourceScheme(resource=update.resource, code=c) for c in update.schemes]
        if update.services:
            resource = Resource.objects.select_related("commune").get(pk=update.resource.pk)
            resource.description = _with_services(resource.description, update.services)
            resource.search_text = normalize_search(
                " ".join(
                    (
                        resource.name,
                        resource.address,
                        resource.description,
                        resource.audience,
                        resource.commune.name,
                    )
                )
            )
            resource.save(update_fields=["description", "search_text", "updated_at"])
    ResourceScheme.objects.bulk_create(schemes, batch_size=2000)


# --- Persons, difficulties, outreach ----------------------------------------------------------
# Sensitive records: every addition and erasure goes to the group's audit journal.

AUDIT_RECORDS = {
    "ResourcePerson": gettext_lazy("personne ressource"),
    "Difficulty": gettext_lazy("difficulté"),
    "Outing": gettext_lazy("sortie"),
    "OutreachPlace": gettext_lazy("lieu pour aller vers les familles"),
    "OutreachRelay": gettext_lazy("relais"),
}


def audit_item(item, actor, action: str, detail: str = "") -> None:
    """Write the record's kind and number to the group's journal (never its content)."""
    group_services.audit(
        group=item.group,
        actor=actor,
        action=action,
        record=str(AUDIT_RECORDS[type(item).__name__]),
        record_id=item.pk,
        detail=detail,
    )


def consent_review_date(consent_on):
    """Consent is asked again after CONSENT_REVIEW_MONTHS (a year by default)."""
    months = settings.CONSENT_REVIEW_MONTHS
    year, month = divmod(consent_on.month - 1 + months, 12)
    day = min(consent_on.day, 28)
    return consent_on.replace(year=consent_on.year + year, month=month + 1, day=day)


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
    person = ResourcePerson.objects.create(
        group=group,
        consent_on=consent_on,
        consent_review_on=consent_review_date(consent_on),
        consent_means=consent_means,
        consent_recorded_by=actor,
        **fields,
    )
    audit_item(person, actor, AuditEntry.Action.CREATE)
    return person


def person_consent_renew(*, person, actor: User, on=None, consent_means: str = ""):
    """The person agrees again to be listed: the consent date moves, and its next review."""
    from mille.inventory.models import ConsentMeans

    check_perm(actor, "inventory.change_knowledge", person.group)
    on = on or timezone.localdate()
    if on > timezone.localdate() or on < person.consent_on:
        raise ValidationError(_("Indiquez la date du nouvel accord (pas dans le futur)."))
    if consent_means and consent_means not in ConsentMeans.values:
        raise ValidationError(_("Indiquez comment la personne a donné son accord."))
    person.consent_on = on
    person.consent_review_on = consent_review_date(on)
    person.consent_means = consent_means or person.consent_means
    person.consent_recorded_by = actor
    person.save(
        update_fields=["consent_on", "consent_review_on", "consent_means", "consent_recorded_by"]
    )
    audit_item(person, actor, AuditEntry.Action.CHANGE, str(_("accord renouvelé")))
    return person


def group_item_delete(*, item, actor: User) -> None:
    """Erase a person, difficulty, place, relay or outing of the group (on request, at once)."""
    check_perm(actor, "inventory.change_knowledge", item.group)
    audit_item(item, actor, AuditEntry.Action.DELETE)
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
        audit_item(difficulty, actor, AuditEntry.Action.CREATE)
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
    outing = Outing.objects.create(
        group=group,
        on=on,
        people_met=people_met,
        place=place,
        what_was_said=(what_was_said or "").strip()[:2000],
        created_by=actor,
    )
    audit_item(outing, actor, AuditEntry.Action.CREATE)
    return outing
