"""« Mes données »: read everything Mille holds about me, take it away (JSON), erase my account."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from mille.core.permissions import permission_required
from mille.core.views_helpers import error_text, file_response
from mille.privacy import services
from mille.privacy.forms import ErasureForm


@require_GET
@permission_required("privacy.export_own_data")
def my_data(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/my_data.html", {"data": services.personal_data(request.user)})


@require_GET
@permission_required("privacy.export_own_data")
def my_data_json(request: HttpRequest) -> HttpResponse:
    body = json.dumps(services.personal_data(request.user), ensure_ascii=False, indent=2)
    response = file_response(body, "mes-donnees-mille.json", "application/json; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
@permission_required("privacy.erase_own_account")
def erase(request: HttpRequest) -> HttpResponse:
    """After a confirmation, the person's account and what it holds are erased."""
    form = ErasureForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_erase(
                user=request.user,
                actor=request.user,
                keep_contributions=form.cleaned_data["contributions"] == "keep",
            )
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            logout(request)
            messages.success(request, _("Votre compte est supprimé. Merci d'avoir pris part."))
            return redirect("portal:home")
    context = {"form": form, "blockers": services.erasure_blockers(request.user)}
    return render(request, "privacy/erase.html", context, status=400 if form.errors else 200)
