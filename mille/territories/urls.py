from django.urls import path

from mille.territories import views

app_name = "territories"

urlpatterns = [
    path("communes/suggestions/", views.commune_suggestions, name="suggestions"),
    path("communes/<str:insee>/choisie/", views.commune_chosen, name="chosen"),
]
