from django.urls import path

from mille.accounts import views

app_name = "accounts"

urlpatterns = [
    path("profil/", views.profile, name="profile"),
    path("langue/", views.language, name="language"),
]
