from django.urls import path

from mille.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("compte/", views.dashboard, name="dashboard"),
]
