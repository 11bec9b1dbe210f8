from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from mille.api.v1 import api as api_v1

# dbfiles' URLs are never included: uploaded files are read only through Mille's pages (its admin
# is unregistered in mille.core's AppConfig).
urlpatterns = [
    path("", include("mille.portal.urls")),
    path("", include("mille.core.urls")),
    path("", include("mille.groups.urls")),
    path("", include("mille.workshops.urls")),
    path("", include("mille.inventory.urls")),
    path("", include("mille.library.urls")),
    path("", include("mille.partnerships.urls")),
    path("", include("mille.privacy.urls")),
    path("", include("mille.network.urls")),
    path("", include("mille.governance.urls")),
    path("", include("mille.observatory.urls")),
    path("", include("mille.api.urls")),
    # The public API: ninja names its own namespace (`v1`), so it sits here, not in mille.api.urls.
    path("api/v1/", api_v1.urls),
    path("territoires/", include("mille.territories.urls")),
    path("compte/", include("mille.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Wagtail's page tree: the library and its items (home, charter and FAQ have named routes above).
    path("", include(wagtail_urls)),
]
