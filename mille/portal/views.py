from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from mille.core.permissions import permission_required
from mille.library.views.editorial import render_home
from mille.portal import selectors


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render_home(request, figures=selectors.home_figures())


@require_GET
@permission_required("accounts.view_own_space")
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/dashboard.html", selectors.dashboard(request.user))
