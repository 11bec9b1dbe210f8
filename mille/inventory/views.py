from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mille.core.views_helpers import paginate, querystring_without_page, require_perm
from mille.groups.models import LocalGroup
from mille.inventory import selectors, services
from mille.inventory.forms import FilterForm, ResourceForm
from mille.inventory.models import Category, Resource
from mille.territories.models import Departement


def _filters(request: HttpRequest) -> tuple[FilterForm, selectors.Filters]:
    form = FilterForm(request.GET or None)
    if form.is_valid():
        data = form.cleaned_data
        return form, selectors.Filters(data["q"], data["category"], data["scheme"])
    return form, selectors.Filters()


@require_GET
def inventory(request: HttpRequest, slug: str) -> HttpResponse:
    """The group's état des lieux: members see everything; others, the public entries only."""
    group = get_object_or_404(LocalGroup, slug=slug)
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
def inventory_geojson(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_object_or_404(LocalGroup, slug=slug)
    member = request.user.has_perm("inventory.view_inventory", group)
    _form, filters = _filters(request)
    response = HttpResponse(
        selectors.group_geojson(group, member=member, filters=filters),
        content_type="application/geo+json",
    )
    response["Cache-Control"] = "private, no-cache"
    return response


@require_GET
def departement_geojson(request: HttpRequest, code: str) -> HttpResponse:
    get_object_or_404(Departement, code=code)
    raw = request.GET.get("zoom", "9")
    zoom = int(raw) if raw.isdigit() else 9
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
    return {
        **{name: data[name] for name in keep},
        "description": data["description"],
        "visibility": data["visibility"],
        "commune": data["commune"],
        "latitude": data.get("latitude"),
        "longitude": data.get("longitude"),
        "schemes": data.get("schemes") or [],
    }


@login_required
def create(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_object_or_404(LocalGroup, slug=slug)
    if denied := require_perm(request, "inventory.edit_inventory", group):
        return denied
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


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    resource = selectors.visible_resource(pk, user=request.user)
    if resource is None:
        raise Http404
    context = {
        "resource": resource,
        "can_edit": request.user.has_perm("inventory.edit_inventory", resource.group),
        "can_delete": request.user.has_perm("inventory.delete_resource", resource.group),
    }
    return render(request, "inventory/detail.html", context)


def edit(request: HttpRequest, pk: int) -> HttpResponse:
    resource = get_object_or_404(Resource.objects.select_related("group", "commune"), pk=pk)
    if denied := require_perm(request, "inventory.edit_inventory", resource.group):
        return denied
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
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    resource = get_object_or_404(Resource.objects.select_related("group"), pk=pk)
    if denied := require_perm(request, "inventory.delete_resource", resource.group):
        return denied
    services.resource_delete(resource=resource, actor=request.user)
    messages.success(request, _("La fiche est supprimée."))
    return redirect("inventory:inventory", slug=resource.group.slug)
