"""Reads for the pages of local groups."""

import json
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from mille.core.cache import cached
from mille.core.tallies import count_by_choice, count_per_quarter
from mille.core.text import normalize_search
from mille.groups.models import (
    Invitation,
    JoinRequest,
    LocalGroup,
    Membership,
    Recognition,
    Role,
)
from mille.territories.models import Commune, Departement

PUBLIC_NAMESPACE = "groups"


def audit_entries(group: LocalGroup) -> QuerySet:
    return group.audit_entries.select_related("actor")


def membership_of(user, group: LocalGroup) -> Membership | None:
    """The user's membership in the group, looked up once per group instance. A deactivated
    account has none: it keeps no right in any group."""
    if not (user.is_authenticated and user.is_active):
        return None
    memo = group.__dict__.setdefault("_membership_memo", {})
    if user.pk not in memo:
        memo[user.pk] = Membership.objects.filter(group=group, user=user).first()
    return memo[user.pk]


@dataclass(frozen=True)
class DirectoryFilters:
    query: str = ""
    departement: str = ""
    recognised: bool = False


def group_directory(filters: DirectoryFilters) -> QuerySet[LocalGroup]:
    """Groups matching a search on name, neighbourhood, commune or postal code."""
    qs = LocalGroup.objects.select_related("departement").only(
        "name",
        "slug",
        "territory_label",
        "neighbourhood",
        "recognition",
        "member_count",
        "departement__code",
        "departement__name",
    )
    for word in normalize_search(filters.query).split():
        qs = qs.filter(search_text__contains=word)
    if filters.departement:
        qs = qs.filter(departement_id=filters.departement)
    if filters.recognised:
        qs = qs.filter(recognition=Recognition.RECOGNISED)
    return qs.order_by("name", "pk")


def group_public(slug: str) -> LocalGroup:
    """A group with what its public page shows (raises DoesNotExist)."""
    shown = Membership.objects.filter(role=Role.COORDINATOR, shown_publicly=True).select_related(
        "user"
    )
    return (
        LocalGroup.objects.select_related("departement", "charter_committed_by")
        .prefetch_related(
            Prefetch("communes", queryset=Commune.objects.order_by("name")),
            "anchors",
            Prefetch("memberships", queryset=shown, to_attr="shown_coordinators"),
        )
        .get(slug=slug)
    )


def group_members(group: LocalGroup) -> list[Membership]:
    return list(
        group.memberships.select_related("user").order_by(
            "role", "user__display_name", "user__email"
        )
    )


def group_pending_requests(group: LocalGroup) -> list[JoinRequest]:
    return list(
        group.join_requests.filter(status=JoinRequest.Status.PENDING).select_related("user")
    )


def group_active_invitations(group: LocalGroup) -> list[Invitation]:
    return list(
        group.invitations.filter(revoked_at__isnull=True, expires_at__gt=timezone.now()).order_by(
            "-created_at"
        )
    )


def groups_of_user(user) -> list[Membership]:
    return list(
        Membership.objects.filter(user=user)
        .select_related("group", "group__departement")
        .order_by("group__name")
    )


def recognition_queue() -> QuerySet[LocalGroup]:
    return (
        LocalGroup.objects.filter(recognition=Recognition.SUBMITTED)
        .select_related("departement")
        .order_by("updated_at")
    )


def departements_with_counts() -> list[dict]:
    """Every département with its number of groups and of recognised groups."""

    def compute() -> list[dict]:
        rows = Departement.objects.annotate(
            group_count=Count("local_groups"),
            recognised_count=Count(
                "local_groups", filter=Q(local_groups__recognition=Recognition.RECOGNISED)
            ),
        ).values("code", "name", "group_count", "recognised_count")
        return list(rows.order_by("code"))

    return cached(PUBLIC_NAMESPACE, "departements", compute)


def network_figures() -> dict:
    """Headline figures of the network for the home page."""

    def compute() -> dict:
        totals = LocalGroup.objects.aggregate(
            groups=Count("pk"),
            recognised=Count("pk", filter=Q(recognition=Recognition.RECOGNISED)),
            departements=Count("departement", distinct=True),
        )
        totals["members"] = Membership.objects.count()
        return totals

    return cached(PUBLIC_NAMESPACE, "figures", compute)


def groups_geojson() -> str:
    """Every group as a GeoJSON point (public data only), serialised once per change."""

    def compute() -> str:
        detail = reverse("groups:detail", kwargs={"slug": "__slug__"})
        rows = LocalGroup.objects.values_list(
            "slug", "name", "territory_label", "latitude", "longitude", "recognition"
        ).order_by("name")
        features = [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]},
                "properties": {
                    "name": name,
                    "territory": territory,
                    "url": detail.replace("__slug__", slug),
                    "recognised": recognition == Recognition.RECOGNISED,
                },
            }
            for slug, name, territory, lat, lon, recognition in rows
        ]
        return json.dumps(
            {"type": "FeatureCollection", "features": features},
            ensure_ascii=False,
            separators=(",", ":"),
        )

    return cached(PUBLIC_NAMESPACE, "geojson", compute)


# --- Figures for the observatory (counts only; the observatory suppresses small counts) --------


def _groups_in(departement: str | None) -> QuerySet[LocalGroup]:
    groups = LocalGroup.objects.all()
    return groups.filter(departement_id=departement) if departement else groups


def group_figures(departement: str | None = None) -> dict:
    """Local groups of the network or of one département: their number, by recognition, and how
    many have all seven criteria met."""
    from mille.groups.models import Criterion, CriterionAssessment, CriterionStatus

    groups = _groups_in(departement)
    met = (
        CriterionAssessment.objects.filter(group__in=groups, status=CriterionStatus.MET)
        .order_by()
        .values("group_id")
        .annotate(n=Count("pk"))
        .filter(n=len(Criterion.values))
    )
    by_recognition = count_by_choice(groups, "recognition", Recognition.choices)
    return {
        "total": sum(n for _code, _label, n in by_recognition),
        "by_recognition": by_recognition,
        "criteria_met": met.count(),
    }


def group_trends(departement: str | None, *, since) -> dict[str, dict]:
    """Groups created, and groups recognised, per quarter since `since`."""
    groups = _groups_in(departement)
    return {
        "created": count_per_quarter(groups, "created_at", since=since),
        "recognised": count_per_quarter(
            groups.filter(recognition=Recognition.RECOGNISED), "recognised_at", since=since
        ),
    }


def member_figures(departement: str | None = None, *, since) -> dict:
    """People with an account in the groups (counted once), by the category they gave their
    group, and people who joined a group per quarter."""
    from django.utils.translation import gettext

    from mille.accounts.models import Category

    memberships = Membership.objects.filter(group__in=_groups_in(departement))
    choices = [*Category.choices, ("", gettext("Non renseignée"))]
    return {
        "people": memberships.order_by().aggregate(n=Count("user", distinct=True))["n"],
        "by_category": count_by_choice(memberships, "category", choices, distinct="user"),
        "joined": count_per_quarter(memberships, "joined_at", since=since, distinct="user"),
    }


def public_group_rows() -> list[dict]:
    """Every local group with its public fields only, for the open data (no member counts, no
    contact: a contact may name a person)."""
    detail = reverse("groups:detail", kwargs={"slug": "__slug__"})
    groups = LocalGroup.objects.select_related("departement").prefetch_related("communes")
    return [
        {
            "nom": group.name,
            "identifiant": group.slug,
            "page": detail.replace("__slug__", group.slug),
            "departement": group.departement_id,
            "territoire": group.territory_label,
            "quartier": group.neighbourhood,
            "communes_insee": " ".join(sorted(c.insee for c in group.communes.all())),
            "latitude": round(group.latitude, 5),
            "longitude": round(group.longitude, 5),
            "reconnu": "oui" if group.is_recognised else "non",
            "reconnu_le": group.recognised_at.date().isoformat() if group.recognised_at else "",
            "cree_le": group.created_at.date().isoformat(),
        }
        for group in groups.order_by("departement_id", "name", "pk")
    ]


def public_groups(*, departement: str = "", commune: str = "") -> QuerySet[LocalGroup]:
    """Every local group for the public API (its public fields: see `public_group_rows`),
    optionally in a département or covering a commune (INSEE code)."""
    groups = LocalGroup.objects.select_related("departement").prefetch_related(
        Prefetch("communes", queryset=Commune.objects.order_by("insee"))
    )
    if departement:
        groups = groups.filter(departement_id=departement.upper())
    if commune:
        groups = groups.filter(communes__insee=commune.upper()).distinct()
    return groups.order_by("departement_id", "name", "pk")


def public_group(slug: str) -> LocalGroup | None:
    return public_groups().filter(slug=slug).first()


def coordinated_groups(user) -> QuerySet[LocalGroup]:
    """The groups `user` coordinates (for the API's tokens)."""
    if not (user.is_authenticated and user.is_active):
        return LocalGroup.objects.none()
    return (
        LocalGroup.objects.filter(memberships__user=user, memberships__role=Role.COORDINATOR)
        .select_related("departement")
        .prefetch_related(Prefetch("communes", queryset=Commune.objects.order_by("insee")))
        .order_by("name", "pk")
    )
