"""The account page of personal API tokens: list, create (the token is shown once), revoke."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from mille.api import selectors, services
from mille.api.forms import TokenForm
from mille.core.permissions import permission_required


def _page(request: HttpRequest, form: TokenForm, raw: str = "") -> HttpResponse:
    return render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": selectors.tokens_of(request.user), "raw": raw},
    )


@require_GET
@permission_required("api.view_tokens")
def tokens(request: HttpRequest) -> HttpResponse:
    return _page(request, TokenForm())


@never_cache
@require_POST
@permission_required("api.add_token")
def token_create(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form)
    try:
        _token, raw = services.api_token_create(
            user=request.user, name=form.cleaned_data["name"], scopes=form.cleaned_data["scopes"]
        )
    except services.PermissionDenied:
        form.add_error(None, _("Vous avez déjà 10 jetons actifs : révoquez-en un d'abord."))
        return _page(request, form)
    # Shown once, on this response only: nothing keeps it.
    return _page(request, TokenForm(), raw=raw)


@require_POST
@permission_required("api.view_tokens")
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = selectors.token_of(request.user, pk)
    if token is None:
        raise Http404
    services.api_token_revoke(token=token, actor=request.user)
    messages.success(request, _("Le jeton « %(name)s » est révoqué.") % {"name": token.name})
    return redirect("api:tokens")
