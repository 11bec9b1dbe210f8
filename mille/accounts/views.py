from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language

from mille.accounts.forms import ProfileForm
from mille.accounts.services import user_language_set, user_profile_update
from mille.core.permissions import permission_required


@require_http_methods(["GET", "POST"])
@permission_required("accounts.change_profile")
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = user_profile_update(user=request.user, **form.cleaned_data)
        messages.success(request, _("Votre profil est enregistré."))
        response = redirect("accounts:profile")
        translation.activate(user.preferred_language)
        response.set_cookie(
            "django_language", user.preferred_language, samesite="Lax", max_age=365 * 24 * 3600
        )
        return response
    return render(request, "accounts/profile.html", {"form": form})


@require_POST
def language(request: HttpRequest) -> HttpResponse:
    """The language picker: the cookie for everyone (Django's own view), and the profile for people
    with an account."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        user_language_set(user=request.user, language=language)
    return response
