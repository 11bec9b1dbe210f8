"""Reads for the library's pages: search with facets, an item's page, queues."""

import hashlib
import math
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import BooleanField, Count, Q
from django.db.models.expressions import RawSQL
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_noop as N_
from wagtail.models import Page, Site, TaskState, WorkflowState
from wagtail.rich_text import expand_db_html

from mille.core.cache import cached
from mille.core.text import squash_spaces
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
from mille.territories.models import Departement

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
    """Slug → label for each kind of term, from the cached terms."""
    found: dict[str, dict[str, str]] = {kind: {} for kind in Term.Kind.values}
    for term in _terms():
        found[term.kind][term.slug] = term.label
    return found


def parse_query(params: QueryDict) -> LibraryQuery:
    vocabulary = _vocabulary()

    def picked(name: str, allowed) -> tuple[str, ...]:
        return tuple(sorted({value for value in params.getlist(name) if value in allowed}))[:20]

    try:
        page = max(1, min(int(params.get("page", "1")), 10_000))
    except ValueError:
        page = 1
    return LibraryQuery(
        q=squash_spaces(params.get("q"))[:MAX_QUERY],
        kinds=picked("type", ItemKind.values),
        themes=picked("theme", vocabulary["theme"]),
        schemes=picked("scheme", vocabulary["scheme"]),
        audiences=picked("audience", vocabulary["audience"]),
        levels=picked("level", PartnershipLevel.values),
        departements=picked("departement", _departement_names()),
        page=page,
    )


def _departement_names() -> dict[str, str]:
    return cached(
        LIST_NAMESPACE,
        "departements",
        lambda: dict(Departement.objects.values_list("code", "name")),
    )


def _filtered(query: LibraryQuery):
    """Live items (their search entries) kept by the chosen facets."""
    entries = SearchEntry.objects.all()
    if query.kinds:
        entries = entries.filter(kind__in=query.kinds)
    if query.levels:
        entries = entries.filter(partnership_level__in=query.levels)
    if query.departements:
        entries = entries.filter(departement_code__in=query.departements)
    for kind, relation in TERM_FACETS.items():
        wanted = getattr(query, relation)
        if wanted:
            through = getattr(LibraryItemPage, relation).through
            entries = entries.filter(
                page_id__in=through.objects.filter(term__kind=kind, term__slug__in=wanted).values(
                    "libraryitempage_id"
                )
            )
    return entries


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
        lambda: compute_results(query),
        timeout=10 * 60,
    )


def results_html(query: LibraryQuery) -> str:
    """The facets and results, rendered once per query, language and version of the library."""

    def render() -> str:
        params = QueryDict(mutable=True)
        for name, values in (
            ("q", [query.q] if query.q else []),
            ("type", query.kinds),
            ("theme", query.themes),
            ("scheme", query.schemes),
            ("audience", query.audiences),
            ("level", query.levels),
            ("departement", query.departements),
        ):
            params.setlist(name, list(values))
        return render_to_string(
            "library/_results.html",
            {
                "results": library_results(query),
                "query": query,
                "querystring": params.urlencode(),
            },
        )

    return mark_safe(cached(LIST_NAMESPACE, f"html:{get_language()}:{query.cache_key()}", render))  # noqa: S308 — our template


def compute_results(query: LibraryQuery) -> Results:
    """Results hold French labels (the catalogue's keys): templates translate them, so one cached
    result serves every language."""
    with translation.override(settings.LANGUAGE_CODE):
        if not query.q:
            return _compute_results(query)
        with search.planned_for_text_search():
            return _compute_results(query)


def _compute_results(query: LibraryQuery) -> Results:
    """Four queries whatever the size: the ranked page of ids, counts by kind/level/place,
    counts by term, the page's rows with their texts."""
    filtered = _filtered(query).order_by()
    offset = (query.page - 1) * PER_PAGE
    if query.q:
        match = search.match_sql(query.q)
        if match is None:
            return Results(query=query, rows=(), total=0, pages=1, facets=())
        match_sql, match_params = match
        condition, condition_params = search.match_condition(query.q)
        within, within_params = "", []
        if query.filtered:
            filter_sql, within_params = filtered.values("page_id").query.sql_with_params()
            within = f"WHERE m.page_id IN ({filter_sql}) "
        with connection.cursor() as cursor:
            cursor.execute(
                # Materialised: SQLite would otherwise flatten the match into the filter and
                # rank each row again (6 s instead of 20 ms on 20,000 items).
                f"WITH m AS MATERIALIZED ({match_sql}) SELECT m.page_id FROM m {within}"
                f"ORDER BY m.score, m.page_id LIMIT {PER_PAGE} OFFSET {offset}",
                [*match_params, *within_params],
            )
            ids = [row[0] for row in cursor.fetchall()]
        matching = filtered.filter(RawSQL(condition, condition_params, output_field=BooleanField()))
    else:
        ids = list(
            filtered.order_by("-published_at", "-page_id").values_list("page_id", flat=True)[
                offset : offset + PER_PAGE
            ]
        )
        matching = filtered
    groups = list(
        matching.values_list("kind", "partnership_level", "departement_code")
        .annotate(n=Count("page_id"))
        .order_by()
    )
    total = sum(row[3] for row in groups)
    suggestions: tuple[str, ...] = ()
    if query.q and total == 0:
        suggestions = tuple(search.close_terms(query.q))
    return Results(
        query=query,
        rows=_rows(ids, query.q),
        total=total,
        pages=max(1, math.ceil(total / PER_PAGE)),
        facets=_facets(matching, groups, query) if total else (),
        suggestions=suggestions,
    )


def _rows(ids: list[int], q: str) -> tuple[ItemRow, ...]:
    if not ids:
        return ()
    entries = {entry.page_id: entry for entry in SearchEntry.objects.filter(page_id__in=ids)}
    pages = {
        pk: (url_path, place)
        for pk, url_path, place in LibraryItemPage.objects.filter(pk__in=ids).values_list(
            "pk", "url_path", "place"
        )
    }
    root = _site_root_path()
    departements = _departement_names()
    rows = []
    for pk in ids:
        entry = entries.get(pk)
        if entry is None or pk not in pages:
            continue
        url_path, place = pages[pk]
        text = ""
        if q:
            for candidate in (entry.summary, entry.body, entry.title):
                marked, found = search.excerpt(candidate, q)
                if found:
                    text = marked
                    break
        if not text:
            text, _ = search.excerpt(entry.summary, "")
        place = place or departements.get(entry.departement_code, "")
        rows.append(
            ItemRow(
                pk=pk,
                title=entry.title,
                url=url_path[len(root) - 1 :],
                kind=entry.kind,
                kind_label=str(ItemKind(entry.kind).label),
                place=place,
                icon=KIND_ICONS.get(entry.kind, "book"),
                excerpt=text,
            )
        )
    return tuple(rows)


def _site_root_path() -> str:
    def compute():
        site = Site.objects.select_related("root_page").filter(is_default_site=True).first()
        return site.root_page.url_path if site else "/"

    return cached(LIST_NAMESPACE, "root-path", compute)


def _facets(matching, groups: list[tuple], query: LibraryQuery) -> tuple[Facet, ...]:
    vocabulary = _vocabulary()
    kinds: Counter = Counter()
    levels: Counter = Counter()
    places: Counter = Counter()
    for kind, level, departement, count in groups:
        kinds[kind] += count
        if level:
            levels[level] += count
        if departement:
            places[departement] += count
    by_term: dict[str, Counter] = {kind: Counter() for kind in TERM_FACETS}
    ids_sql, ids_params = matching.values("page_id").query.sql_with_params()
    term_kinds = {term.pk: (term.kind, term.slug) for term in _terms()}
    with connection.cursor() as cursor:
        cursor.execute(search.term_counts_sql(ids_sql), ids_params)
        for term_id, count in cursor.fetchall():
            if int(term_id) in term_kinds:
                kind, slug = term_kinds[int(term_id)]
                by_term[kind][slug] += count
    departements = _departement_names()
    facets = [
        Facet(
            "type",
            N_("Type"),
            tuple(
                FacetOption(value, str(label), kinds[value], value in query.kinds)
                for value, label in ItemKind.choices
                if kinds[value]
            ),
        ),
    ]
    for kind, relation, label in (
        ("theme", "themes", N_("Thème")),
        ("scheme", "schemes", N_("Dispositif")),
        ("audience", "audiences", N_("Public")),
    ):
        selected = getattr(query, relation)
        facets.append(
            Facet(
                kind,
                label,
                tuple(
                    FacetOption(slug, term_label, by_term[kind][slug], slug in selected)
                    for slug, term_label in vocabulary[kind].items()
                    if by_term[kind][slug]
                ),
            )
        )
    facets.append(
        Facet(
            "level",
            N_("Niveau de partenariat"),
            tuple(
                FacetOption(value, str(label), levels[value], value in query.levels)
                for value, label in PartnershipLevel.choices
                if levels[value]
            ),
        )
    )
    facets.append(
        Facet(
            "departement",
            N_("Territoire"),
            tuple(
                FacetOption(
                    code,
                    f"{departements.get(code, code)} ({code})",
                    places[code],
                    code in query.departements,
                )
                for code in sorted(places)
            ),
        )
    )
    return tuple(facet for facet in facets if facet.options)


def _terms() -> list[Term]:
    return cached(LIST_NAMESPACE, "terms", lambda: list(Term.objects.all()))


def index_content(page: LibraryIndexPage | None = None) -> dict | None:
    """The library page's title and introduction (cached; straight from `page` for previews)."""

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


@dataclass(frozen=True)
class Submission:
    page: LibraryItemPage
    state: str  # see submission_state
    comment: str  # the national coordination's last message, when it asked for changes


def group_submissions(group) -> list[Submission]:
    """A group's proposals with their review state, in three queries whatever their number."""
    pages = list(
        LibraryItemPage.objects.filter(local_group=group).order_by(
            "-latest_revision_created_at", "-pk"
        )
    )
    for page in pages:
        page.local_group = group  # one group instance: its membership look-up is done once
    states = {
        int(state.object_id): state
        for state in WorkflowState.objects.active().filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id__in=[str(page.pk) for page in pages],
        )
    }
    asking = [s.pk for s in states.values() if s.status == WorkflowState.STATUS_NEEDS_CHANGES]
    comments: dict[int, str] = {}
    for task_state in (
        TaskState.objects.filter(workflow_state_id__in=asking)
        .exclude(comment="")
        .order_by("finished_at", "pk")
    ):
        comments[task_state.workflow_state_id] = task_state.comment
    return [
        Submission(
            page,
            _state_label(page, states.get(page.pk)),
            comments.get(states[page.pk].pk, "") if page.pk in states else "",
        )
        for page in pages
    ]


def submission_state(page: Page) -> str:
    """« draft », « in_review », « needs_changes » or « live » (the newest version is what counts)."""
    return _state_label(page, WorkflowState.objects.for_instance(page).active().first())


def _state_label(page: Page, active_state) -> str:
    """The state word for a page and its active workflow state (None when it has none)."""
    if active_state is not None:
        if active_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            return "needs_changes"
        return "in_review"
    return "live" if page.live and not page.has_unpublished_changes else "draft"


def published_items(*, theme: str = "", departement: str = ""):
    """Published, public library items, oldest first, optionally on a theme (its code) or in a
    département."""
    items = (
        LibraryItemPage.objects.live()
        .public()
        .prefetch_related("themes", "schemes", "audiences")
        .order_by("first_published_at", "pk")
    )
    if theme:
        items = items.filter(themes__slug=theme).distinct()
    if departement:
        items = items.filter(departement_id=departement.upper())
    return items


def published_item_rows(items=None) -> list[dict]:
    """Every published, public library item (or those given) with its facets, for the open
    data and the API."""
    root = _site_root_path()
    if items is None:
        items = published_items()

    def labels(terms) -> str:
        return " | ".join(sorted(term.label for term in terms.all()))

    return [
        {
            "titre": item.title,
            "sorte": str(ItemKind(item.kind).label) if item.kind else "",
            "page": item.url_path[len(root) - 1 :],
            "resume": item.summary,
            "themes": labels(item.themes),
            "dispositifs": labels(item.schemes),
            "publics": labels(item.audiences),
            "niveau_de_partenariat": item.partnership_level,
            "departement": item.departement_id or "",
            "lieu": item.place,
            "credit": item.credit,
            "publie_le": item.first_published_at.date().isoformat()
            if item.first_published_at
            else "",
            "mis_a_jour_le": item.last_published_at.date().isoformat()
            if item.last_published_at
            else "",
        }
        for item in items
    ]
