"""The public API, version 1 (django-ninja): public data without a token, a group's own data for
its coordinators with a personal token (`Authorization: Bearer <jeton>`).

Every request is counted (`guarded`): per network without a token, per token with one; every
successful GET carries an ETag and answers 304 to a matching If-None-Match. Errors are JSON with
a French `detail`. The documentation page is off: ninja's loads its scripts from a CDN, which the
site's CSP refuses; the OpenAPI document is enough (docs/api.md)."""

from __future__ import annotations

import functools
import hashlib

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer

from mille.api import schemas, services
from mille.api import selectors as api_selectors
from mille.api.models import Scope
from mille.core import ratelimit
from mille.groups import selectors as groups
from mille.inventory import selectors as inventory
from mille.library import selectors as library
from mille.network.selectors import events
from mille.observatory import publication
from mille.observatory import selectors as observatory
from mille.workshops import selectors as workshops

ANONYMOUS_LIMIT = ratelimit.Limit(
    "api-network", attempts=settings.API_RATE_LIMIT_NETWORK, window=60
)
TOKEN_LIMIT = ratelimit.Limit("api-token", attempts=settings.API_RATE_LIMIT_TOKEN, window=60)


class TokenAuth(HttpBearer):
    """A personal token, not revoked, of an active account."""

    def authenticate(self, request: HttpRequest, token: str):
        found = api_selectors.token_from_raw(token)
        if found is None or not found.is_active or not found.user.is_active:
            return None
        services.api_token_used(token=found)
        return found


api = NinjaAPI(
    title="Mille et un territoires",
    version="1",
    description="Les données publiques du réseau, et celles d'un groupe pour ses coordinateurs.",
    urls_namespace="v1",
    docs_url=None,
)


def _error(request, message: str, status: int, **headers) -> HttpResponse:
    response = api.create_response(request, {"detail": message}, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


@api.exception_handler(ValidationError)
def _invalid(request, exc: ValidationError):
    fields = sorted({".".join(str(part) for part in error["loc"][1:]) for error in exc.errors})
    return _error(
        request,
        _("Paramètre invalide : %(fields)s.") % {"fields": ", ".join(fields) or "?"},
        400,
    )


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return _error(request, _("Jeton absent, inconnu ou révoqué."), 401, WWW_Authenticate="Bearer")


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return _error(request, str(exc) or _("Vous n'avez pas accès à ces données."), 403)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, _("Introuvable."), 404)


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    return _error(request, str(exc), exc.status_code)


def guarded(run):
    """Rate limit, then ETag: each operation's view goes through here."""

    @functools.wraps(run)
    def wrapper(request: HttpRequest, *args, **kwargs):
        header = request.headers.get("Authorization", "")
        if header:
            scope = hashlib.sha256(header.encode("utf-8", "replace")).hexdigest()[:32]
            limit = TOKEN_LIMIT
        else:
            scope, limit = ratelimit.client_network(request), ANONYMOUS_LIMIT
        if wait := ratelimit.take([(limit, scope)]):
            return _error(
                request,
                _("Trop de requêtes : réessayez dans %(seconds)d secondes.") % {"seconds": wait},
                429,
                Retry_After=str(wait),
            )
        response = run(request, *args, **kwargs)
        if request.method == "GET" and response.status_code == 200:
            etag = f'"{hashlib.sha256(response.content).hexdigest()[:40]}"'
            response["ETag"] = etag
            patch_vary_headers(response, ["Authorization"])
            wanted = [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]
            if etag in wanted or "*" in wanted:
                not_modified = HttpResponse(status=304)
                for header in ("ETag", "Vary"):
                    not_modified[header] = response[header]
                return not_modified
        return response

    return wrapper


api.add_decorator(guarded, mode="view")

ERRORS = {400: schemas.Error, 404: schemas.Error, 429: schemas.Error}
TOKEN_ERRORS = {**ERRORS, 401: schemas.Error, 403: schemas.Error}


def _page(queryset, query: schemas.PageQuery) -> tuple[int, list]:
    return queryset.count(), list(queryset[query.offset : query.offset + query.limit])


# --- Public data ---------------------------------------------------------------------------------


def _group(group, detail: str) -> dict:
    return {
        "nom": group.name,
        "identifiant": group.slug,
        "page": detail.replace("__slug__", group.slug),
        "departement": group.departement_id,
        "territoire": group.territory_label,
        "quartier": group.neighbourhood,
        "communes_insee": [commune.insee for commune in group.communes.all()],
        "latitude": round(group.latitude, 5),
        "longitude": round(group.longitude, 5),
        "reconnu": group.is_recognised,
        "reconnu_le": group.recognised_at.date() if group.recognised_at else None,
        "cree_le": group.created_at.date(),
    }


@api.get("/groupes", response={200: schemas.GroupPage, **ERRORS}, tags=["Public"])
def group_list(request, query: Query[schemas.PlaceQuery]):
    """Les groupes locaux (champs publics : ni membres, ni contacts)."""
    total, items = _page(
        groups.public_groups(departement=query.departement, commune=query.commune), query
    )
    detail = reverse("groups:detail", kwargs={"slug": "__slug__"})
    return {"total": total, "items": [_group(group, detail) for group in items]}


@api.get("/groupes/{slug}", response={200: schemas.Group, **ERRORS}, tags=["Public"])
def group_detail(request, slug: str):
    """Un groupe local."""
    group = groups.public_group(slug[:100])
    if group is None:
        raise Http404
    return _group(group, reverse("groups:detail", kwargs={"slug": "__slug__"}))


@api.get("/structures", response={200: schemas.StructurePage, **ERRORS}, tags=["Public"])
def structure_list(request, query: Query[schemas.ResourceQuery]):
    """Les lieux publics des états des lieux, au format data·inclusion (structures et services)."""
    total, items = _page(
        inventory.public_resources(
            departement=query.departement, commune=query.commune, scheme=query.dispositif
        ),
        query,
    )
    return {"total": total, "items": inventory.data_inclusion_structures(items)}


@api.get("/bibliotheque", response={200: schemas.LibraryPage, **ERRORS}, tags=["Public"])
def library_list(request, query: Query[schemas.LibraryQuery]):
    """Les fiches publiées de la bibliothèque."""
    total, items = _page(
        library.published_items(theme=query.theme, departement=query.departement), query
    )
    return {"total": total, "items": library.published_item_rows(items)}


def _event(event) -> dict:
    return {
        "identifiant": event.slug,
        "titre": event.title,
        "resume": event.summary,
        "niveau": event.level,
        "debut": event.starts_at,
        "fin": event.ends_at,
        "departement": event.departement_id,
        "commune_insee": event.commune_id,
        "lieu": event.place_name,
        "en_ligne": bool(event.online_url),
        "groupe": event.group.slug if event.group else None,
    }


@api.get("/evenements", response={200: schemas.EventPage, **ERRORS}, tags=["Public"])
def event_list(request, query: Query[schemas.EventQuery]):
    """Les rencontres publiées du réseau."""
    total, items = _page(
        events.published_events(
            departement=query.departement,
            commune=query.commune,
            since=query.depuis,
            until=query.jusqu_au,
        ),
        query,
    )
    return {"total": total, "items": [_event(event) for event in items]}


def _values(figures) -> list[int | None]:
    return [None if figure.suppressed else figure.value for figure in figures]


def _observatory(territory: str, dashboard: publication.Dashboard) -> dict:
    return {
        "territoire": territory,
        "chiffres_cles": [
            {
                "identifiant": figure.ident,
                "libelle": str(figure.label),
                "valeur": None if figure.cell.suppressed else figure.cell.value,
                "personnes": figure.people,
                "cache": figure.cell.suppressed,
                "arrondi": figure.cell.rounded,
            }
            for figure in dashboard.key
        ],
        "part_sans_compte": dashboard.share_without_account,
        "tableaux": [
            {
                "identifiant": table.ident,
                "titre": str(table.title),
                "remarque": str(table.note),
                "colonnes": [str(column.label) for column in table.columns],
                "colonnes_personnes": [column.people for column in table.columns],
                "lignes": [
                    {"libelle": str(label), "valeurs": _values(cells)}
                    for label, cells in table.rows
                ],
                "totaux": _values(table.totals) if table.totals is not None else None,
            }
            for table in dashboard.tables
        ],
    }


@api.get("/observatoire", response={200: schemas.Observatory, **ERRORS}, tags=["Public"])
def observatory_national(request):
    """Les chiffres publics de l'observatoire pour la France : nombres de personnes arrondis à 5
    près, cachés sous 5."""
    return _observatory("FR", publication.dashboard(None, exact_counts=False))


@api.get("/observatoire/{code}", response={200: schemas.Observatory, **ERRORS}, tags=["Public"])
def observatory_departement(request, code: str):
    """Les chiffres publics de l'observatoire pour un département."""
    import re

    if not re.fullmatch(schemas.DEPARTEMENT, code):
        raise Http404
    departement = observatory.departement(code)
    return _observatory(
        departement.code, publication.dashboard(departement.code, exact_counts=False)
    )


# --- A group's own data, with a token ------------------------------------------------------------


def _token_group(request, slug: str, scope: str, permission: str):
    """The group of `slug`, if the token has `scope` and its user `permission` on the group and
    coordinates it (a token never gives more than its user has)."""
    token = request.auth
    if scope not in token.scopes:
        raise PermissionDenied(_("Ce jeton n'a pas la portée « %(scope)s ».") % {"scope": scope})
    group = groups.public_group(slug[:100])
    if group is None:
        raise Http404
    user = token.user
    if not (user.has_perm("api.read_group", group) and user.has_perm(permission, group)):
        raise PermissionDenied(_("Vous ne coordonnez pas ce groupe."))
    return group


@api.get(
    "/moi/groupes",
    response={200: schemas.GroupPage, **TOKEN_ERRORS},
    auth=TokenAuth(),
    tags=["Avec un jeton"],
)
def my_groups(request, query: Query[schemas.PageQuery]):
    """Les groupes que coordonne la personne du jeton (portée groups:read)."""
    if Scope.GROUPS_READ not in request.auth.scopes:
        raise PermissionDenied(_("Ce jeton n'a pas la portée « groups:read »."))
    total, items = _page(groups.coordinated_groups(request.auth.user), query)
    detail = reverse("groups:detail", kwargs={"slug": "__slug__"})
    return {"total": total, "items": [_group(group, detail) for group in items]}


@api.get(
    "/moi/groupes/{slug}/etat-des-lieux",
    response={200: schemas.StructurePage, **TOKEN_ERRORS},
    auth=TokenAuth(),
    tags=["Avec un jeton"],
)
def my_group_inventory(request, slug: str, query: Query[schemas.PageQuery]):
    """Toutes les entrées de l'état des lieux du groupe, y compris celles réservées au groupe
    (portée inventory:read), au format data·inclusion."""
    group = _token_group(request, slug, Scope.INVENTORY_READ, "inventory.view_inventory")
    total, items = _page(inventory.group_resources(group, member=True), query)
    return {"total": total, "items": inventory.data_inclusion_structures(items)}


@api.get(
    "/moi/groupes/{slug}/actions",
    response={200: schemas.ActionPage, **TOKEN_ERRORS},
    auth=TokenAuth(),
    tags=["Avec un jeton"],
)
def my_group_actions(request, slug: str, query: Query[schemas.PageQuery]):
    """Les actions du groupe (portée actions:read)."""
    group = _token_group(request, slug, Scope.ACTIONS_READ, "partnerships.list_actions")
    total, items = _page(workshops.group_actions(group).order_by("-created_at", "pk"), query)
    return {
        "total": total,
        "items": [
            {
                "identifiant": str(action.uuid),
                "titre": action.title,
                "description": action.description,
                "etat": action.status,
                "quand": action.when,
                "porteur": action.lead,
                "partenaires": action.partners,
                "atelier": action.workshop_id,
                "cree_le": action.created_at,
            }
            for action in items
        ],
    }
