from django.urls import path

from mille.api import views

app_name = "api"

urlpatterns = [
    path("compte/api/", views.tokens, name="tokens"),
    path("compte/api/nouveau/", views.token_create, name="token_create"),
    path("compte/api/<int:pk>/revoquer/", views.token_revoke, name="token_revoke"),
]
