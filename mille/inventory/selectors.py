"""Reads for the inventory pages. What a person sees: a group's members (and the national
coordination) see every entry of the group and those neighbours share with it; everyone else sees
public entries only — on every page, export and GeoJSON."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from mille.core.cache import cached
from mille.core.text import normalize_search
from mille.groups.models import LocalGroup
from mille.inventory.models import Resource, ResourceScheme, Visibility
from mille.inventory.services import PUBLIC_NAMESPACE


@dataclass(frozen=True)
class Filters:
    query: str = ""
    category: str = ""
    scheme: str = ""


def _filtered(queryset: QuerySet[Resource], filters: Filters) -> QuerySet[Resource]:
    if filters.category:
        queryset = queryset.filter(category=filters.category)
    if filters.scheme:
        # Checked row by row on the rows already narrowed down (unique index resource + code),
        # rather than listing every resource of the scheme nationwide.
        queryset = queryset.filter(
            Exists(ResourceScheme.objects.filter(resource=OuterRef("pk"), code=filters.scheme))
        )
    if filters.query:
        words = normalize_search(filters.query).split()
        for word in words[:6]:
            queryset = queryset.filter(search_text__contains=word)
    return queryset


def group_resources(
    group: LocalGroup, *, member: bool, filters: Filters = Filters()
) -> QuerySet[Resource]:
    """The group's own entries and those shared with it; public ones only for non-members."""
    shared = Resource.shared_with.through.objects.filter(localgroup=group).values("resource_id")
    queryset = Resource.objects.filter(Q(group=group) | Q(pk__in=shared))
    if not member:
        queryset = queryset.filter(visibility=Visibility.PUBLIC)
    return (
        _filtered(queryset, filters)
        .select_related("commune", "group")
        .prefetch_related(Prefetch("schemes", queryset=ResourceScheme.objects.order_by("code")))
        .order_by("category", "name", "pk")
    )


def resources_fingerprint(queryset: QuerySet[Resource]) -> str:
    """A short text that changes whenever the entries listed change: added, removed, shared,
    unshared or edited (one aggregate query)."""
    figures = queryset.order_by().aggregate(
        count=Count("pk"), ids=Sum("pk"), latest=Max("updated_at")
    )
    latest = figures["latest"].isoformat() if figures["latest"] else "-"
    return f"{figures['count']}.{figures['ids'] or 0}.{latest}"


def visible_resource(resource_id: int, *, user) -> Resource | None:
    resource = (
        Resource.objects.select_related("commune", "group")
        .prefetch_related("schemes", "shared_with")
        .filter(pk=resource_id)
        .first()
    )
    if resource is None:
        return None
    if resource.is_public:
        return resource
    groups = [resource.group, *resource.shared_with.all()]
    if any(user.has_perm("inventory.view_inventory", group) for group in groups):
        return resource
    return None


def _feature(resource_id, name, category_label, lat, lon) -> dict:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]},
        "properties": {
            "name": name,
            "category": category_label,
            "url": reverse("inventory:detail", kwargs={"pk": resource_id}),
        },
    }


def group_geojson(
    group: LocalGroup, *, member: bool, filters: Filters = Filters(), zoom: int | None = None
) -> str:
    """The group's map: every entry, or clusters when a zoom level is given."""
    rows = (
        group_resources(group, member=member, filters=filters)
        .order_by()
        .values_list("pk", "name", "category", "latitude", "longitude")
    )
    return _clustered(rows, zoom)


def _clustered(rows, zoom: int | None) -> str:
    """Cluster on a grid that halves with each zoom level: a cell holding one entry is a point, a
    cell holding more is a cluster with its count. Without a zoom, every entry is a point."""
    from mille.inventory.models import Category

    labels = dict(Category.choices)
    if zoom is None:
        features = [
            _feature(pk, name, str(labels[cat]), lat, lon) for pk, name, cat, lat, lon in rows
        ]
    else:
        cell = 360 / (2 ** max(3, min(int(zoom), 18))) / 4  # degrees: about a quarter of a tile
        cells: dict[tuple[int, int], list] = {}
        for row in rows:
            cells.setdefault((math.floor(row[3] / cell), math.floor(row[4] / cell)), []).append(row)
        features = []
        for members in cells.values():
            if len(members) == 1:
                pk, name, cat, lat, lon = members[0]
                features.append(_feature(pk, name, str(labels[cat]), lat, lon))
                continue
            lat = sum(m[3] for m in members) / len(members)
            lon = sum(m[4] for m in members) / len(members)
            features.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]},
                    "properties": {"cluster": True, "count": len(members)},
                }
            )
    return json.dumps(
        {"type": "FeatureCollection", "features": features},
        ensure_ascii=False,
        separators=(",", ":"),
    )


def departement_geojson(code: str, *, zoom: int, filters: Filters = Filters()) -> str:
    """Public entries of a département, clustered on the server on a grid that halves with each
    zoom level: a cell holding one entry is a point, a cell holding more is a cluster with its
    count. At national scale this keeps the answer small whatever the number of entries."""
    key = f"dep:{code}:{max(5, min(int(zoom), 18))}:{filters.query}:{filters.category}:{filters.scheme}"
    return cached(PUBLIC_NAMESPACE, key, lambda: _departement_geojson(code, zoom, filters))


def _departement_geojson(code: str, zoom: int, filters: Filters) -> str:
    rows = _filtered(
        Resource.objects.filter(visibility=Visibility.PUBLIC, departement__code=code), filters
    ).values_list("pk", "name", "category", "latitude", "longitude")
    return _clustered(rows, max(5, min(int(zoom), 18)))


# --- Persons, difficulties, outreach (members only: the views check) --------------------------


def difficulties(group: LocalGroup):
    from mille.inventory.models import Difficulty

    return Difficulty.objects.filter(group=group).prefetch_related("statements", "resources")


@dataclass(frozen=True)
class MonthCount:
    label: str
    outings: int
    people: int


def outreach_trend(group: LocalGroup, *, months: int = 6, today=None) -> list[MonthCount]:
    """Outings and people met per month over the last months, oldest first."""
    from django.utils import timezone
    from django.utils.formats import date_format

    from mille.inventory.models import Outing

    today = today or timezone.localdate()
    starts = []
    year, month = today.year, today.month
    for _index in range(months):
        starts.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    starts.reverse()
    first = starts[0]
    rows = Outing.objects.filter(
        group=group, on__gte=f"{first[0]:04d}-{first[1]:02d}-01"
    ).values_list("on", "people_met")
    totals = {key: [0, 0] for key in starts}
    for day, people in rows:
        key = (day.year, day.month)
        if key in totals:
            totals[key][0] += 1
            totals[key][1] += people
    from datetime import date

    return [
        MonthCount(date_format(date(y, m, 1), "F Y"), totals[(y, m)][0], totals[(y, m)][1])
        for y, m in starts
    ]


# --- Open data and the observatory ------------------------------------------------------------


def public_resources_export() -> dict:
    """Every public entry of every état des lieux in the data·inclusion shape (structures and
    services), for the open data. Group-only entries never leave."""
    from mille.inventory import exchange

    resources = (
        Resource.objects.filter(visibility=Visibility.PUBLIC)
        .select_related("commune")
        .prefetch_related(Prefetch("schemes", queryset=ResourceScheme.objects.order_by("code")))
        .order_by("pk")
    )
    data = exchange.export(resources)
    return {
        **data,
        "structures_csv": exchange.to_csv(data["structures"], exchange.STRUCTURE_COLUMNS),
    }


def public_resources(
    *, departement: str = "", commune: str = "", scheme: str = ""
) -> QuerySet[Resource]:
    """Public entries of every état des lieux, for the public API, with what the data·inclusion
    shape needs (see `data_inclusion_structures`)."""
    resources = Resource.objects.filter(visibility=Visibility.PUBLIC)
    if departement:
        resources = resources.filter(commune__departement_id=departement.upper())
    if commune:
        resources = resources.filter(commune__insee=commune.upper())
    return (
        _filtered(resources, Filters(scheme=scheme))
        .select_related("commune")
        .prefetch_related(Prefetch("schemes", queryset=ResourceScheme.objects.order_by("code")))
        .order_by("pk")
    )


def data_inclusion_structures(resources) -> list[dict]:
    """The entries as data·inclusion structures, each with its services (`services`), checked
    against the schema as in the open data export."""
    from mille.inventory import exchange

    resources = list(resources)
    data = exchange.export(resources)
    services: dict[str, list[dict]] = {}
    for service in data["services"]:
        services.setdefault(service["structure_id"], []).append(service)
    return [
        {**structure, "services": services.get(structure["id"], [])}
        for structure in data["structures"]
    ]


def outreach_figures(departement: str | None = None, *, since) -> dict:
    """Outings toward families far from school: how many, how many people were met (a sum of
    counts typed by the groups), and outings per quarter."""
    from mille.core.tallies import count_per_quarter
    from mille.inventory.models import Outing

    outings = Outing.objects.all()
    if departement:
        outings = outings.filter(group__departement_id=departement)
    totals = outings.order_by().aggregate(outings=Count("pk"), people=Sum("people_met"))
    return {
        "outings": totals["outings"],
        "people_met": totals["people"] or 0,
        "per_quarter": count_per_quarter(outings, "on", since=since),
    }


# --- What rises from the groups (the « processus ascendant »): difficulty themes from the états
# des lieux, and the statements that found consensus in crossings, by theme -------------------


@dataclass(frozen=True)
class RisingTheme:
    code: str  # a Theme value; "" for consensus statements tied to no difficulty
    label: str
    groups: int  # groups that raised a difficulty of this theme
    difficulties: int
    consensus: int  # statements of consensus tied to a difficulty of this theme


@dataclass(frozen=True)
class RisingVoice:
    text: str
    group: str
    departement: str
    on: object  # a date


@dataclass(frozen=True)
class RisingThemeVoices:
    theme: RisingTheme
    difficulties: list[RisingVoice]
    consensus: list[RisingVoice]


def _difficulties(departement: str | None):
    from mille.inventory.models import Difficulty

    found = Difficulty.objects.all()
    return found.filter(group__departement_id=departement) if departement else found


def _consensus_themes(departement: str | None) -> dict[str, set[int]]:
    """Statement ids of consensus per theme (through the difficulties they are tied to); under ""
    the ids of consensus tied to no difficulty."""
    from mille.inventory.models import Difficulty
    from mille.workshops import selectors as workshops

    consensus = workshops.consensus_statement_ids(departement)
    links = Difficulty.statements.through.objects.filter(statement_id__in=consensus)
    by_theme: dict[str, set[int]] = {}
    tied: set[int] = set()
    for statement_id, themes in links.values_list("statement_id", "difficulty__themes"):
        tied.add(statement_id)
        for theme in themes or ():
            by_theme.setdefault(theme, set()).add(statement_id)
    by_theme[""] = consensus - tied
    return by_theme


def rising_themes(departement: str | None = None) -> list[RisingTheme]:
    """Per theme: how many groups raised it, how many difficulties, how many statements of
    consensus; the themes nobody raised are left out. Exact counts (of groups and sentences)."""
    return _rising_themes(departement, _consensus_themes(departement))


def _rising_themes(departement: str | None, consensus: dict[str, set[int]]) -> list[RisingTheme]:
    from mille.inventory.models import Theme

    groups: dict[str, set[int]] = {}
    difficulties: dict[str, int] = {}
    for group_id, themes in _difficulties(departement).values_list("group_id", "themes"):
        for theme in themes or ():
            groups.setdefault(theme, set()).add(group_id)
            difficulties[theme] = difficulties.get(theme, 0) + 1
    untied = consensus[""]
    rows = [
        RisingTheme(
            code,
            str(label),
            len(groups.get(code, ())),
            difficulties.get(code, 0),
            len(consensus.get(code, ())),
        )
        for code, label in Theme.choices
        if code in groups or code in consensus
    ]
    rows.sort(key=lambda row: (-row.groups, -row.difficulties, row.label))
    if untied:
        rows.append(RisingTheme("", str(_("Sans difficulté reliée")), 0, 0, len(untied)))
    return rows


def rising_voices(
    departement: str | None = None, *, per_theme: int = 10
) -> list[RisingThemeVoices]:
    """The latest difficulties and statements of consensus of each theme, each with its group and
    département: what the national coordination carries to the network's partners."""
    from mille.workshops import selectors as workshops

    consensus = _consensus_themes(departement)
    themes = _rising_themes(departement, consensus)
    wanted = {
        theme.code: sorted(consensus.get(theme.code, ()), reverse=True)[:per_theme]
        for theme in themes
    }
    statements = {
        s.pk: s
        for s in workshops.statements_with_group({pk for ids in wanted.values() for pk in ids})
    }
    difficulties: dict[str, list[RisingVoice]] = {}
    recent = _difficulties(departement).select_related("group").order_by("-created_at", "-pk")
    for difficulty in recent[: per_theme * 40]:
        for theme in difficulty.themes or ():
            found = difficulties.setdefault(theme, [])
            if len(found) < per_theme:
                found.append(
                    RisingVoice(
                        difficulty.text,
                        difficulty.group.name,
                        difficulty.group.departement_id or "",
                        difficulty.created_at.date(),
                    )
                )

    def voice(statement) -> RisingVoice:
        group = statement.workshop.group
        return RisingVoice(
            statement.text, group.name, group.departement_id or "", statement.created_at.date()
        )

    return [
        RisingThemeVoices(
            theme,
            difficulties.get(theme.code, []),
            [voice(statements[pk]) for pk in wanted[theme.code] if pk in statements],
        )
        for theme in themes
    ]
