from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from mille.accounts.forms import ProfileForm
from mille.accounts.services import user_profile_update


@login_required
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
