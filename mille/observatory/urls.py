from django.urls import path, re_path

from mille.observatory import views

app_name = "observatory"

# A département's code: two digits, 2A or 2B (Corsica), or three digits overseas.
DEPARTEMENT = r"(?P<code>\d{2,3}|2[ABab])"
TABLE = r"(?P<ident>[a-z-]{2,40})"

urlpatterns = [
    path("observatoire/", views.national, name="national"),
    re_path(rf"^observatoire/tableaux/{TABLE}\.csv$", views.national_csv, name="national_csv"),
    re_path(rf"^observatoire/{DEPARTEMENT}/$", views.departement, name="departement"),
    re_path(
        rf"^observatoire/{DEPARTEMENT}/tableaux/{TABLE}\.csv$",
        views.departement_csv,
        name="departement_csv",
    ),
    path("observatoire/ce-qui-remonte/", views.voices, name="voices"),
    path("donnees/", views.open_data, name="open_data"),
    re_path(r"^donnees/(?P<name>[a-z-]+\.(?:csv|json))$", views.open_data_file, name="file"),
]
