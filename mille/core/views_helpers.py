"""Small helpers shared by thin views."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse


def require_perm(request: HttpRequest, perm: str, obj=None) -> HttpResponse | None:
    """None when allowed; a log-in redirect for anonymous people; 403 for the others."""
    if request.user.has_perm(perm, obj):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


def paginate(request: HttpRequest, object_list, per_page: int = 20) -> Page:
    paginator = Paginator(object_list, per_page)
    return paginator.get_page(request.GET.get("page"))


def querystring_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
