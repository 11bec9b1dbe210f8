"""Reads for the library's pages: search with facets, an item's page, queues."""

import hashlib
import math
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Count, Q
from django.db.models.expressions import RawSQL
from django.http import QueryDict
from wagtail.models import Page

from mille.core.cache import cached
from mille.library import search
from mille.library.models import (
    CommentReport,
    GuideContribution,
    ItemComment,
    ItemKind,
    LibraryIndexPage,
    LibraryItemPage,
    PartnershipLevel,
    SearchEntry,
    Term,
)
from mille.library.services.items import LIST_NAMESPACE

PER_PAGE = 20
MAX_QUERY = 200
KIND_ICONS = {
    ItemKind.TEACHING: "charter",
    ItemKind.EXPERIENCE: "groups",
    ItemKind.TESTIMONY: "speech",
    ItemKind.TOOL: "download",
    ItemKind.GUIDE: "book",
}
TERM_FACETS = {"theme": "themes", "scheme": "schemes", "audience": "audiences"}


@dataclass(frozen=True)
class LibraryQuery:
    """What a visitor asked for, checked against known values (unknown ones are dropped)."""

    q: str = ""
    kinds: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    schemes: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    departements: tuple[str, ...] = ()
    page: int = 1

    @property
    def filtered(self) -> bool:
        return bool(
            self.kinds
            or self.themes
            or self.schemes
            or self.audiences
            or self.levels
            or self.departements
        )

    def cache_key(self) -> str:
        return hashlib.sha256(repr(self).encode()).hexdigest()[:32]


def _vocabulary() -> dict[str, dict[str, str]]:
    def compute():
        found: dict[str, dict[str, str]] = {kind: {} for kind in Term.Kind.values}
        for kind, slug, label in Term.objects.values_list("kind", "slug", "label"):
            found[kind][slug] = label
        return found

    return cached(LIST_NAMESPACE, "vocabulary", compute)


def parse_query(params: QueryDict) -> LibraryQuery:
    vocabulary = _vocabulary()

    def picked(name: str, allowed) -> tuple[str, ...]:
        return tuple(sorted({value for value in params.getlist(name) if value in allowed}))[:20]

    try:
        page = max(1, min(int(params.get("page", "1")), 10_000))
    except ValueError:
        page = 1
    return LibraryQuery(
        q=" ".join((params.get("q") or "").split())[:MAX_QUERY],
        kinds=picked("type", ItemKind.values),
        themes=picked("theme", vocabulary["theme"]),
        schemes=picked("scheme", vocabulary["scheme"]),
        audiences=picked("audience", vocabulary["audience"]),
        levels=picked("level", PartnershipLevel.values),
        departements=picked("departement", _departement_names()),
        page=page,
    )


def _departement_names() -> dict[str, str]:
    from mille.territories.models import Departement

    return cached(
        LIST_NAMESPACE,
        "departements",
        lambda: dict(Departement.objects.values_list("code", "name")),
    )


def _filtered(query: LibraryQuery):
    items = LibraryItemPage.objects.live()
    if query.kinds:
        items = items.filter(kind__in=query.kinds)
    if query.levels:
        items = items.filter(partnership_level__in=query.levels)
    if query.departements:
        items = items.filter(departement_id__in=query.departements)
    for kind, relation in TERM_FACETS.items():
        wanted = getattr(query, relation)
        if wanted:
            through = getattr(LibraryItemPage, relation).through
            items = items.filter(
                pk__in=through.objects.filter(term__kind=kind, term__slug__in=wanted).values(
                    "libraryitempage_id"
                )
            )
    return items


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    name: str  # the query parameter
    label: str
    options: tuple[FacetOption, ...]


@dataclass(frozen=True)
class ItemRow:
    pk: int
    title: str
    url: str
    kind: str
    kind_label: str
    place: str
    icon: str
    excerpt: str  # HTML: escaped text with <mark> around matches


@dataclass(frozen=True)
class Results:
    query: LibraryQuery
    rows: tuple[ItemRow, ...]
    total: int
    pages: int
    facets: tuple[Facet, ...]
    suggestions: tuple[str, ...] = field(default=())

    @property
    def has_previous(self) -> bool:
        return self.query.page > 1

    @property
    def has_next(self) -> bool:
        return self.query.page < self.pages


def library_results(query: LibraryQuery) -> Results:
    """One page of results with its facets; cached until the library changes."""
    return cached(
        LIST_NAMESPACE,
        f"results:{query.cache_key()}",
        lambda: _compute_results(query),
        timeout=10 * 60,
    )


def _compute_results(query: LibraryQuery) -> Results:
    filtered = _filtered(query)
    match = search.match_sql(query.q) if query.q else None
    offset = (query.page - 1) * PER_PAGE
    if match is not None:
        match_sql, match_params = match
        filter_sql, filter_params = filtered.values("pk").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT m.page_id FROM ({match_sql}) m WHERE m.page_id IN ({filter_sql}) "
                f"ORDER BY m.score, m.page_id LIMIT {PER_PAGE} OFFSET {offset}",
                [*match_params, *filter_params],
            )
            ids = [row[0] for row in cursor.fetchall()]
            cursor.execute(
                f"SELECT COUNT(*) FROM ({match_sql}) m WHERE m.page_id IN ({filter_sql})",
                [*match_params, *filter_params],
            )
            total = cursor.fetchone()[0]
        matching = filtered.filter(
            pk__in=RawSQL(f"SELECT mm.page_id FROM ({match_sql}) mm", match_params)
        )
    elif query.q:
        ids, total, matching = [], 0, filtered.none()
    else:
        ordered = filtered.order_by("-first_published_at", "-pk")
        total = ordered.count()
        ids = list(ordered.values_list("pk", flat=True)[offset : offset + PER_PAGE])
        matching = filtered
    rows = _rows(ids, query.q)
    suggestions: tuple[str, ...] = ()
    if query.q and total == 0:
        suggestions = tuple(search.close_terms(query.q))
    return Results(
        query=query,
        rows=rows,
        total=total,
        pages=max(1, math.ceil(total / PER_PAGE)),
        facets=_facets(matching, query) if total else (),
        suggestions=suggestions,
    )


def _rows(ids: list[int], q: str) -> tuple[ItemRow, ...]:
    if not ids:
        return ()
    pages = {
        page.pk: page
        for page in LibraryItemPage.objects.filter(pk__in=ids)
        .select_related("departement")
        .only("pk", "title", "url_path", "kind", "summary", "place", "departement__name")
    }
    texts = (
        {entry.page_id: entry for entry in SearchEntry.objects.filter(page_id__in=ids)} if q else {}
    )
    root = _site_root_path()
    rows = []
    for pk in ids:
        page = pages.get(pk)
        if page is None:
            continue
        text = page.summary
        if q and pk in texts:
            entry = texts[pk]
            for candidate in (entry.summary, entry.body, entry.title):
                marked, found = search.excerpt(candidate, q)
                if found:
                    text = marked
                    break
            else:
                text, _ = search.excerpt(page.summary, "")
        else:
            text, _ = search.excerpt(page.summary, "")
        place = page.place or (page.departement.name if page.departement else "")
        rows.append(
            ItemRow(
                pk=pk,
                title=page.title,
                url=page.url_path[len(root) - 1 :],
                kind=page.kind,
                kind_label=str(ItemKind(page.kind).label),
                place=place,
                icon=KIND_ICONS.get(page.kind, "book"),
                excerpt=text,
            )
        )
    return tuple(rows)


def _site_root_path() -> str:
    from wagtail.models import Site

    def compute():
        site = Site.objects.select_related("root_page").filter(is_default_site=True).first()
        return site.root_page.url_path if site else "/"

    return cached(LIST_NAMESPACE, "root-path", compute)


def _facets(matching, query: LibraryQuery) -> tuple[Facet, ...]:
    vocabulary = _vocabulary()
    ids = matching.order_by().values("pk")
    facets = []
    kinds = dict(matching.order_by().values_list("kind").annotate(n=Count("pk")))
    facets.append(
        Facet(
            "type",
            "Type",
            tuple(
                FacetOption(value, str(label), kinds[value], value in query.kinds)
                for value, label in ItemKind.choices
                if value in kinds
            ),
        )
    )
    for kind, relation, label in (
        ("theme", "themes", "Thème"),
        ("scheme", "schemes", "Dispositif"),
        ("audience", "audiences", "Public"),
    ):
        through = getattr(LibraryItemPage, relation).through
        counts = dict(
            through.objects.filter(libraryitempage_id__in=ids)
            .values_list("term__slug")
            .annotate(n=Count("pk"))
        )
        selected = getattr(query, relation)
        facets.append(
            Facet(
                kind,
                label,
                tuple(
                    FacetOption(slug, term_label, counts[slug], slug in selected)
                    for slug, term_label in vocabulary[kind].items()
                    if slug in counts
                ),
            )
        )
    levels = dict(
        matching.order_by()
        .exclude(partnership_level="")
        .values_list("partnership_level")
        .annotate(n=Count("pk"))
    )
    facets.append(
        Facet(
            "level",
            "Niveau de partenariat",
            tuple(
                FacetOption(value, str(label), levels[value], value in query.levels)
                for value, label in PartnershipLevel.choices
                if value in levels
            ),
        )
    )
    places = (
        matching.order_by()
        .exclude(departement=None)
        .values_list("departement_id", "departement__name")
        .annotate(n=Count("pk"))
        .order_by("departement_id")
    )
    facets.append(
        Facet(
            "departement",
            "Territoire",
            tuple(
                FacetOption(code, f"{name} ({code})", count, code in query.departements)
                for code, name, count in places
            ),
        )
    )
    return tuple(facet for facet in facets if facet.options)


def index_content(page: LibraryIndexPage | None = None) -> dict | None:
    """The library page's title and introduction (cached; straight from `page` for previews)."""
    from wagtail.rich_text import expand_db_html

    def render(index):
        return {"title": index.title, "intro": expand_db_html(index.intro)} if index else {}

    if page is not None:
        return render(page)
    return cached(LIST_NAMESPACE, "index", lambda: render(library_index_page())) or None


def library_index_page() -> LibraryIndexPage | None:
    return LibraryIndexPage.objects.live().first()


def visible_comments(page: LibraryItemPage, user) -> list[ItemComment]:
    comments = ItemComment.objects.filter(page=page).select_related("author")
    if not (user.is_authenticated and user.is_national_coordinator):
        visibility = Q(hidden_at=None)
        if user.is_authenticated:
            visibility |= Q(author=user)
        comments = comments.filter(visibility)
    return list(comments)


def reported_comments():
    return (
        ItemComment.objects.filter(reports__resolved_at=None)
        .distinct()
        .select_related("author", "page")
        .annotate(report_count=Count("reports"))
        .order_by("-report_count", "created_at")
    )


def open_reports_of(comment: ItemComment):
    return CommentReport.objects.filter(comment=comment, resolved_at=None)


def review_queue() -> list[LibraryItemPage]:
    """Items waiting for the national coordination, oldest first."""
    from wagtail.models import WorkflowState

    states = (
        WorkflowState.objects.active()
        .filter(
            status=WorkflowState.STATUS_IN_PROGRESS,
            base_content_type=ContentType.objects.get_for_model(Page),
        )
        .order_by("created_at")
    )
    page_ids = [int(state.object_id) for state in states]
    pages = {
        page.pk: page
        for page in LibraryItemPage.objects.filter(pk__in=page_ids).select_related(
            "local_group", "owner"
        )
    }
    return [pages[pk] for pk in page_ids if pk in pages]


def pending_guide_contributions():
    return GuideContribution.objects.filter(status=GuideContribution.Status.PENDING).select_related(
        "page", "author", "local_group"
    )


def group_submissions(group) -> list[LibraryItemPage]:
    return list(
        LibraryItemPage.objects.filter(local_group=group)
        .select_related("owner")
        .order_by("-latest_revision_created_at", "-pk")
    )


def submission_state(page: Page) -> str:
    """« draft », « in_review », « needs_changes » or « live » (the newest version is what counts)."""
    from wagtail.models import WorkflowState

    state = WorkflowState.objects.for_instance(page).active().first()
    if state is not None:
        return (
            "needs_changes" if state.status == WorkflowState.STATUS_NEEDS_CHANGES else "in_review"
        )
    if page.live and not page.has_unpublished_changes:
        return "live"
    return "draft"
