from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("mille.core.urls")),
    path("", include("mille.groups.urls")),
    path("", include("mille.workshops.urls")),
    path("", include("mille.inventory.urls")),
    path("territoires/", include("mille.territories.urls")),
    path("compte/", include("mille.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
