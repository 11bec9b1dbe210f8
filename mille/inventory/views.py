from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mille.accounts.models import Category as PersonCategory
from mille.core.pdf import render_pdf
from mille.core.ratelimit import Limit, client_network, take, too_many
from mille.core.text import parse_int
from mille.core.views_helpers import (
    csv_download,
    error_text,
    file_response,
    json_download,
    paginate,
    querystring_without_page,
)
from mille.groups import services as group_services
from mille.groups.decorators import group_view
from mille.groups.models import AuditEntry, LocalGroup
from mille.inventory import exchange, selectors, services, stash
from mille.inventory.decorators import resource_view
from mille.inventory.forms import (
    DifficultyForm,
    FilterForm,
    OutingForm,
    PersonForm,
    PlaceForm,
    RelayForm,
    ResourceForm,
)
from mille.inventory.models import (
    Category,
    ConsentMeans,
    Difficulty,
    Outing,
    OutreachPlace,
    OutreachRelay,
    Resource,
    ResourcePerson,
    Theme,
)
from mille.territories.models import Departement
from mille.territories.selectors import communes_covered


def _filters(request: HttpRequest) -> tuple[FilterForm, selectors.Filters]:
    form = FilterForm(request.GET or None)
    if form.is_valid():
        data = form.cleaned_data
        return form, selectors.Filters(data["q"], data["category"], data["scheme"])
    return form, selectors.Filters()


@require_GET
@group_view(None)
def inventory(request: HttpRequest, group: LocalGroup) -> HttpResponse:
    """The group's état des lieux: members see everything; others, the public entries only."""
    member = request.user.has_perm("inventory.view_inventory", group)
    form, filters = _filters(request)
    page = paginate(request, selectors.group_resources(group, member=member, filters=filters), 50)
    context = {
        "group": group,
        "member": member,
        "can_edit": request.user.has_perm("inventory.edit_inventory", group),
        "form": form,
        "page": page,
        "querystring": querystring_without_page(request),
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        "categories": dict(Category.choices),
    }
    return render(request, "inventory/inventory.html", context)


@require_GET
@group_view(None)
def inventory_geojson(request: HttpRequest, group: LocalGroup) -> HttpResponse:
    member = request.user.has_perm("inventory.view_inventory", group)
    _form, filters = _filters(request)
    raw = request.GET.get("zoom", "")
    zoom = parse_int(raw, high=30)
    response = HttpResponse(
        selectors.group_geojson(group, member=member, filters=filters, zoom=zoom),
        content_type="application/geo+json",
    )
    response["Cache-Control"] = "private, no-cache"
    return response


@require_GET
def departement_geojson(request: HttpRequest, code: str) -> HttpResponse:
    get_object_or_404(Departement, code=code)
    raw = request.GET.get("zoom", "9")
    zoom = parse_int(raw, default=9, high=30)
    _form, filters = _filters(request)
    response = HttpResponse(
        selectors.departement_geojson(code, zoom=zoom, filters=filters),
        content_type="application/geo+json",
    )
    response["Cache-Control"] = "public, max-age=60"
    return response


def _form_context(group, form, resource=None) -> dict:
    return {
        "group": group,
        "form": form,
        "resource": resource,
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
    }


def _save_kwargs(form) -> dict:
    data = form.cleaned_data
    keep = ["name", "category", "address", "public_contact", "opening_hours", "audience"]
    keep += ["phone", "email", "website"]
    return {
        **{name: data[name] for name in keep},
        "description": data["description"],
        "visibility": data["visibility"],
        "commune": data["commune"],
        "latitude": data.get("latitude"),
        "longitude": data.get("longitude"),
        "schemes": data.get("schemes") or [],
    }


@require_http_methods(["GET", "POST"])
@group_view("inventory.edit_inventory")
def create(request: HttpRequest, group: LocalGroup) -> HttpResponse:
    form = ResourceForm(request.POST or None, group=group)
    if request.method == "POST" and form.is_valid():
        try:
            resource = services.resource_create(
                group=group, actor=request.user, **_save_kwargs(form)
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("La fiche « %(name)s » est ajoutée.") % {"name": resource.name}
            )
            return redirect("inventory:inventory", slug=group.slug)
    status = 400 if form.errors else 200
    return render(request, "inventory/form.html", _form_context(group, form), status=status)


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One entry: public ones for everyone, group-only ones for the members of the groups that
    keep or share it (`selectors.visible_resource`)."""
    resource = selectors.visible_resource(pk, user=request.user)
    if resource is None:
        raise Http404
    can_edit = request.user.has_perm("inventory.change_resource", resource)
    neighbours = []
    if request.user.has_perm("inventory.share_resource", resource):
        shared_ids = {group.pk for group in resource.shared_with.all()}
        neighbours = [
            (group, group.pk in shared_ids)
            for group in LocalGroup.objects.filter(departement_id=resource.group.departement_id)
            .exclude(pk=resource.group_id)
            .order_by("name")[:50]
        ]
    context = {
        "resource": resource,
        "can_edit": can_edit,
        "can_delete": request.user.has_perm("inventory.delete_resource", resource),
        "neighbours": neighbours,
    }
    return render(request, "inventory/detail.html", context)


@require_http_methods(["GET", "POST"])
@resource_view("inventory.change_resource")
def edit(request: HttpRequest, resource: Resource) -> HttpResponse:
    form = ResourceForm(request.POST or None, instance=resource, group=resource.group)
    if request.method == "POST" and form.is_valid():
        try:
            services.resource_update(resource=resource, actor=request.user, **_save_kwargs(form))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("La fiche est enregistrée."))
            return redirect(resource)
    status = 400 if form.errors else 200
    return render(
        request, "inventory/form.html", _form_context(resource.group, form, resource), status=status
    )


@require_POST
@resource_view("inventory.delete_resource")
def delete(request: HttpRequest, resource: Resource) -> HttpResponse:
    try:
        services.resource_delete(resource=resource, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect(resource)
    messages.success(request, _("La fiche est supprimée."))
    return redirect("inventory:inventory", slug=resource.group.slug)


# --- Exchange and paper -----------------------------------------------------------------------

IMPORT_SESSION_KEY = "inventory_import"
# Files are read as streams. Measured by `make bench` (bench_inventory_import, SQLite): 50,000
# data·inclusion structures (40 MB of JSON) are checked in 6 s and written in 14 s, with 150 MB
# of memory at most; a département's Annuaire (2,500 schools) in under a second. 100 MB takes the
# whole national Annuaire (some 70,000 rows, the group's own communes kept); the readers stop at
# 100,000 data·inclusion records.
IMPORT_MAX_BYTES = 100 * 1024 * 1024
IMPORT_MAX_MB = IMPORT_MAX_BYTES // (1024 * 1024)


@require_GET
@group_view(None)
def export(request: HttpRequest, group: LocalGroup, fmt: str) -> HttpResponse:
    """data·inclusion v1: what the person may see (members: every entry; others: public ones)."""
    member = request.user.has_perm("inventory.view_inventory", group)
    if member:
        group_services.audit(
            group=group,
            actor=request.user,
            action=AuditEntry.Action.EXPORT,
            record=_("état des lieux (avec les fiches du groupe)"),
            detail=fmt,
        )
    data = exchange.export(selectors.group_resources(group, member=member))
    name = f"{group.slug}-structures"
    if fmt == "json":
        return json_download(data, f"{name}.json")
    if fmt != "csv":
        raise Http404
    if request.GET.get("type") == "services":
        body, name = (
            exchange.to_csv(data["services"], exchange.SERVICE_COLUMNS),
            f"{group.slug}-services",
        )
    else:
        body = exchange.to_csv(data["structures"], exchange.STRUCTURE_COLUMNS)
    return csv_download(body, f"{name}.csv")


def _read(group: LocalGroup, kind: str, token: str, filename: str) -> exchange.ImportReport | None:
    """The report on a waiting file, or None when it is gone."""
    codes = communes_covered(group.communes.values_list("insee", flat=True), with_cities=True)
    stream = stash.open_file(token)
    if stream is None:
        return None
    with stream:
        if kind == "annuaire":
            return exchange.read_annuaire(stream, insee_codes=codes)
        return exchange.read_data_inclusion(stream, filename, insee_codes=codes)


def _import_context(group: LocalGroup, plan=None, **extra) -> dict:
    context = {"group": group, "kinds": IMPORT_KINDS, "max_mb": IMPORT_MAX_MB, **extra}
    if plan is not None:
        context.update(
            checked=True,
            plan=plan,
            ready=plan.ready,
            problems=plan.problems,
            set_aside=[
                (row, SET_ASIDE_REASONS.get(row.reason, ""))
                for row in sorted(plan.set_aside, key=lambda row: row.line)
            ],
            counts=[
                (count, SET_ASIDE_REASONS[reason])
                for reason, count in plan.counts.items()
                if reason in SET_ASIDE_REASONS
            ],
        )
    return context


@require_http_methods(["GET", "POST"])
@group_view("inventory.edit_inventory")
def import_file(request: HttpRequest, group: LocalGroup) -> HttpResponse:
    """Step 1: read the file and show what would be written, problem by problem."""
    if request.method != "POST":
        return render(request, "inventory/import.html", _import_context(group))
    upload = request.FILES.get("file")
    kind = request.POST.get("kind")
    if upload is None or kind not in IMPORT_KINDS:
        context = _import_context(group, error=_("Choisissez le type de fichier et le fichier."))
        return render(request, "inventory/import.html", context, status=400)
    if upload.size > IMPORT_MAX_BYTES:
        error = _("Le fichier est trop lourd : %(max)d Mo au plus.") % {"max": IMPORT_MAX_MB}
        context = _import_context(group, error=error)
        return render(request, "inventory/import.html", context, status=400)
    token = stash.keep(upload)
    report = _read(group, kind, token, upload.name)
    if report is None:
        return _expired(request, group)
    plan = services.resources_import(group=group, actor=request.user, report=report, dry_run=True)
    if plan.problem_count or not (plan.ready or plan.updates):
        stash.discard(token)
        token = ""
    else:
        previous = request.session.get(IMPORT_SESSION_KEY) or {}
        stash.discard(previous.get("token", ""))
        request.session[IMPORT_SESSION_KEY] = {
            "token": token,
            "group": group.pk,
            "kind": kind,
            "filename": upload.name,
        }
    context = _import_context(group, plan, token=token)
    return render(
        request, "inventory/import.html", context, status=400 if plan.problem_count else 200
    )


def _expired(request: HttpRequest, group: LocalGroup) -> HttpResponse:
    messages.error(request, _("Cet import a expiré. Choisissez le fichier à nouveau."))
    return redirect("inventory:import", slug=group.slug)


@require_POST
@group_view("inventory.edit_inventory")
def import_confirm(request: HttpRequest, group: LocalGroup) -> HttpResponse:
    """Step 2, with the token of step 1: read the file again and write every row, or nothing."""
    stash_info = request.session.get(IMPORT_SESSION_KEY) or {}
    token = stash_info.get("token")
    if not token or token != request.POST.get("confirm") or stash_info.get("group") != group.pk:
        return _expired(request, group)
    request.session.pop(IMPORT_SESSION_KEY, None)
    report = _read(group, stash_info["kind"], token, stash_info["filename"])
    if report is None:
        return _expired(request, group)
    stash.discard(token)
    plan = services.resources_import(
        group=group,
        actor=request.user,
        report=report,
        dry_run=False,
        public=request.POST.get("public") == "1",
    )
    if plan.problem_count:
        return render(request, "inventory/import.html", _import_context(group, plan), status=400)
    if plan.ready:
        messages.success(
            request,
            ngettext(
                "%(count)d fiche est importée.", "%(count)d fiches sont importées.", len(plan.ready)
            )
            % {"count": len(plan.ready)},
        )
    if plan.updates:
        messages.success(
            request,
            ngettext(
                "%(count)d fiche est complétée par ses services.",
                "%(count)d fiches sont complétées par leurs services.",
                len(plan.updates),
            )
            % {"count": len(plan.updates)},
        )
    return redirect("inventory:inventory", slug=group.slug)


IMPORT_KINDS = {
    "data_inclusion": gettext_lazy(
        "Un fichier data·inclusion : structures ou services, en JSON (export, pages de l'API) "
        "ou en CSV"
    ),
    "annuaire": gettext_lazy(
        "L'Annuaire de l'éducation (CSV téléchargé sur data.education.gouv.fr)"
    ),
}
SET_ASIDE_REASONS = {
    exchange.Reason.OUTSIDE: gettext_lazy("hors de vos communes"),
    exchange.Reason.CLOSING: gettext_lazy("établissement marqué « A FERMER » dans l'Annuaire"),
    exchange.Reason.DUPLICATE: gettext_lazy("en double dans le fichier (gardé une fois)"),
    exchange.Reason.NOT_SCHOOL: gettext_lazy("ni école, ni collège, ni lycée, ni EREA"),
    exchange.Reason.TEMPLATE: gettext_lazy("ligne de description ou d'exemple du modèle"),
    exchange.Reason.ALREADY: gettext_lazy("déjà dans l'état des lieux"),
    exchange.Reason.NO_STRUCTURE: gettext_lazy(
        "service dont la structure n'est pas dans l'état des lieux"
    ),
    exchange.Reason.KNOWN_SERVICE: gettext_lazy("service déjà indiqué sur sa fiche"),
}


@require_GET
@group_view(None)
def print_pdf(request: HttpRequest, group: LocalGroup) -> HttpResponse:
    """The inventory to print. The public one is made once per state of the data (and day, and
    language) and kept in the cache; visitors who are not members ask for it a bounded number of
    times, so that nobody can keep the server busy making PDFs."""
    member = request.user.has_perm("inventory.view_inventory", group)
    if member:
        content = _inventory_pdf(group, member=True)
    else:
        if wait := take([(PUBLIC_PDF_LIMIT, client_network(request))]):
            return too_many(request, wait)
        queryset = selectors.group_resources(group, member=False)
        fingerprint = selectors.resources_fingerprint(queryset)
        day = timezone.localdate().isoformat()
        key = f"inventory-pdf:{group.pk}:{translation.get_language()}:{day}:{fingerprint}"
        content = cache.get(key)
        if content is None:
            content = _inventory_pdf(group, member=False)
            cache.set(key, content, PUBLIC_PDF_CACHE_SECONDS)
    return file_response(content, f"{group.slug}-ressources.pdf", "application/pdf", inline=True)


PUBLIC_PDF_LIMIT = Limit("inventory-pdf", attempts=30, window=10 * 60)
PUBLIC_PDF_CACHE_SECONDS = 24 * 3600


def _inventory_pdf(group: LocalGroup, *, member: bool) -> bytes:
    resources = list(selectors.group_resources(group, member=member))
    return render_pdf(
        "inventory/pdf.html",
        {"group": group, "resources": resources, "member": member, "now": timezone.now()},
    )


def _audit_view(request, group, what: str) -> None:
    group_services.audit(
        group=group, actor=request.user, action=AuditEntry.Action.VIEW, record=what
    )


# --- Persons, difficulties, outreach: members only ---------------------------------------------
# One page each (GET); each addition and each deletion has its own URL.


def _persons_page(request, group, form=None) -> HttpResponse:
    context = {
        "group": group,
        "form": form or PersonForm(),
        "persons": group.resource_persons.all(),
        "consent_means": ConsentMeans.choices,
        # Reviews due within a month are shown as a warning.
        "review_soon": timezone.localdate() + timedelta(days=30),
    }
    return render(request, "inventory/persons.html", context, status=400 if form else 200)


@require_GET
@group_view("inventory.view_knowledge")
def persons(request: HttpRequest, group: LocalGroup) -> HttpResponse:
    _audit_view(request, group, _("liste des personnes ressources"))
    return _persons_page(request, group)


@require_POST
@group_view("inventory.change_knowledge")
def person_add(request: HttpRequest, group: LocalGroup) -> HttpResponse:
    form = PersonForm(request.POST)
    if form.is_valid():
        try:
            services.person_create(group=group, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("La personne ressource est ajoutée."))
            return redirect("inventory:persons", slug=group.slug)
    return _persons_page(request, group, form)


@require_POST
@group_view("inventory.change_knowledge")
def person_renew(request: HttpRequest, group: LocalGroup, item_pk: int) -> HttpResponse:
    """The person said yes again (today, in the way chosen): their consent's next review moves."""
    person = get_object_or_404(ResourcePerson, pk=item_pk, group=group)
    try:
        services.person_consent_renew(
            person=person, actor=request.user, consent_means=request.POST.get("consent_means", "")
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("L'accord de %(name)s est noté. Il sera redemandé avant le %(day)s.")
            % {"name": person.name_or_role, "day": date_format(person.consent_review_on)},
        )
    return redirect("inventory:persons", slug=group.slug)


def _difficulties_page(request, group, form=None) -> HttpResponse:
    themes, profiles = dict(Theme.choices), dict(PersonCategory.choices)
    items = list(selectors.difficulties(group))
    for item in items:
        item.theme_labels = [str(themes.get(code, code)) for code in item.themes]
        item.profile_labels = [str(profiles.get(code, code)) for code in item.raised_by]
    context = {
        "group": group,
        "form": form or DifficultyForm(group=group),
        "difficulties": items,
    }
    return render(request, "inventory/difficulties.html", context, status=400 if form else 200)


@require_GET
@group_view("inventory.view_knowledge")
def difficulties(request: HttpRequest, group: LocalGroup) -> HttpResponse:
    _audit_view(request, group, _("liste des difficultés"))
    return _difficulties_page(request, group)


@require_POST
@group_view("inventory.change_knowledge")
def difficulty_add(request: HttpRequest, group: LocalGroup) -> HttpResponse:
    form = DifficultyForm(request.POST, group=group)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.difficulty_create(
                group=group,
                actor=request.user,
                text=data["text"],
                themes=data["themes"],
                raised_by=data["raised_by"],
                statements=list(data["statements"]),
                resources=list(data["resources"]),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("La difficulté est ajoutée."))
            return redirect("inventory:difficulties", slug=group.slug)
    return _difficulties_page(request, group, form)


OUTREACH_FORMS = {
    "place": (PlaceForm, services.outreach_place_create),
    "relay": (RelayForm, services.outreach_relay_create),
    "outing": (OutingForm, services.outing_create),
}


def _outreach_page(request, group, failed: str = "", form=None) -> HttpResponse:
    forms = {
        kind: (form if kind == failed else None)
        or (
            form_class(group=group, prefix=kind)
            if form_class is OutingForm
            else form_class(prefix=kind)
        )
        for kind, (form_class, _create) in OUTREACH_FORMS.items()
    }
    trend = selectors.outreach_trend(group)
    context = {
        "group": group,
        "place_form": forms["place"],
        "relay_form": forms["relay"],
        "outing_form": forms["outing"],
        "places": group.outreach_places.all(),
        "relays": group.outreach_relays.all(),
        "outings": group.outings.select_related("place")[:50],
        "trend": trend,
        "trend_max": max([m.people for m in trend] + [1]),
    }
    return render(request, "inventory/outreach.html", context, status=400 if failed else 200)


@require_GET
@group_view("inventory.view_knowledge")
def outreach(request: HttpRequest, group: LocalGroup) -> HttpResponse:
    _audit_view(request, group, _("sorties et relais"))
    return _outreach_page(request, group)


@require_POST
@group_view("inventory.change_knowledge")
def outreach_add(request: HttpRequest, group: LocalGroup, kind: str) -> HttpResponse:
    """A place or moment to meet families, a relay, or an outing (in aggregate, no names)."""
    form_class, create = OUTREACH_FORMS[kind]
    kwargs = {"group": group} if form_class is OutingForm else {}
    form = form_class(request.POST, prefix=kind, **kwargs)
    if form.is_valid():
        try:
            create(group=group, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("C'est enregistré."))
            return redirect("inventory:outreach", slug=group.slug)
    return _outreach_page(request, group, kind, form)


# What a member may erase at once, on request: (model, the page to go back to).
ERASABLE = {
    "personnes": (ResourcePerson, "inventory:persons"),
    "difficultes": (Difficulty, "inventory:difficulties"),
    "lieux": (OutreachPlace, "inventory:outreach"),
    "relais": (OutreachRelay, "inventory:outreach"),
    "sorties": (Outing, "inventory:outreach"),
}


@require_POST
@group_view("inventory.change_knowledge")
def knowledge_erase(request: HttpRequest, group: LocalGroup, kind: str, item_pk: int):
    """Erase a person, difficulty, place, relay or outing of the group."""
    if kind not in ERASABLE:
        raise Http404
    model, back = ERASABLE[kind]
    item = get_object_or_404(model, pk=item_pk, group=group)
    services.group_item_delete(item=item, actor=request.user)
    messages.success(request, _("C'est effacé."))
    return redirect(back, slug=group.slug)


@require_POST
@resource_view("inventory.share_resource")
def share(request: HttpRequest, resource: Resource) -> HttpResponse:
    """List an entry in a neighbouring group's inventory too, or stop."""
    raw = request.POST.get("group", "")
    neighbour = get_object_or_404(LocalGroup, pk=parse_int(raw, default=0))
    shared = request.POST.get("shared") == "1"
    try:
        services.resource_share(
            resource=resource, actor=request.user, group=neighbour, shared=shared
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        message = (
            _("La fiche apparaît aussi dans l'état des lieux de « %(name)s ».")
            if shared
            else _("La fiche n'apparaît plus chez « %(name)s ».")
        )
        messages.success(request, message % {"name": neighbour.name})
    return redirect(resource)
