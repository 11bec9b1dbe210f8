"""Content Security Policy: strict everywhere, loosened for Wagtail's editor only; request bodies
bounded before they are read."""

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from csp.middleware import PolicyParts
from django.conf import settings
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from mille.core.text import parse_int

# The editor renders inline styles and a few inline scripts; it is only open to the national
# coordination, behind login. Public pages keep the strict policy, and so do the editor's previews:
# they render pages whose content groups submitted.
EDITOR_ALLOWANCES = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
}


PREVIEWS = frozenset(
    {
        "preview_on_add",
        "preview_on_edit",
        "preview_on_create",
        "view_draft",
        "workflow_preview",
        "revisions_view",
        "preview_revision",
        "preview_for_moderation",
    }
)


def is_editor_page(request) -> bool:
    if not request.path_info.startswith(settings.CMS_URL_PREFIX):
        return False
    match = getattr(request, "resolver_match", None)
    return not (match and match.url_name in PREVIEWS)


class CSPMiddleware(BaseCSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and is_editor_page(request):
            parts.replace = {**(parts.replace or {}), **EDITOR_ALLOWANCES}
        return parts


class RequestSizeMiddleware:
    """Refuse a body larger than its page accepts from its announced length, before reading it.

    ``REQUEST_BODY_MAX_BYTES`` bounds every request; ``REQUEST_BODY_LIMITS`` raises the bound for
    the few pages that take files, by URL name ("inventory:import") or path prefix ("/cms/"). The
    reverse proxy in front keeps its own ceiling at the largest of these (nginx
    ``client_max_body_size``), so a body without an announced length is bounded there.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        length = parse_int(request.META.get("CONTENT_LENGTH") or "0", default=-1)
        if length < 0:
            return _too_large(request, status=400)
        if length > settings.REQUEST_BODY_MAX_BYTES and length > _limit_for(request):
            return _too_large(request, status=413)
        return self.get_response(request)


def _limit_for(request) -> int:
    limits = settings.REQUEST_BODY_LIMITS
    for key, limit in limits.items():
        if key.startswith("/") and request.path_info.startswith(key):
            return limit
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return settings.REQUEST_BODY_MAX_BYTES
    return limits.get(match.view_name, settings.REQUEST_BODY_MAX_BYTES)


def _too_large(request, *, status: int):
    message = (
        _("Ce que vous envoyez est trop lourd pour cette page. Rien n'a été enregistré.")
        if status == 413
        else _("La demande est mal formée. Rien n'a été enregistré.")
    )
    # Nothing was read: the connection is closed rather than kept for a body left unread.
    response = render(request, "413.html", {"message": message}, status=status)
    response["Connection"] = "close"
    return response
