from django.urls import path

from mille.core import views

app_name = "core"

urlpatterns = [
    path("accessibilite/", views.page("core/accessibility.html"), name="accessibility"),
    path(
        "confidentialite/", views.page("core/privacy.html", views.privacy_context), name="privacy"
    ),
    path("mentions-legales/", views.page("core/legal.html"), name="legal"),
    path("demarrer/", views.page("core/start.html"), name="start"),
    path("sante/", views.health, name="health"),
]
