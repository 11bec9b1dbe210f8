from django.urls import path

from mille.privacy import views

app_name = "privacy"

urlpatterns = [
    path("compte/mes-donnees/", views.my_data, name="my_data"),
    path("compte/mes-donnees.json", views.my_data_json, name="my_data_json"),
    path("compte/supprimer/", views.erase, name="erase"),
]
