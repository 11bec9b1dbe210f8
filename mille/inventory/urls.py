from django.urls import path

from mille.inventory import views

app_name = "inventory"

urlpatterns = [
    path("groupes/<slug:slug>/etat-des-lieux/", views.inventory, name="inventory"),
    path(
        "groupes/<slug:slug>/etat-des-lieux/carte.geojson", views.inventory_geojson, name="geojson"
    ),
    path("groupes/<slug:slug>/etat-des-lieux/ajouter/", views.create, name="create"),
    path("groupes/<slug:slug>/etat-des-lieux/importer/", views.import_file, name="import"),
    path(
        "groupes/<slug:slug>/etat-des-lieux/importer/confirmer/",
        views.import_confirm,
        name="import_confirm",
    ),
    path("groupes/<slug:slug>/etat-des-lieux/export.<str:fmt>", views.export, name="export"),
    path("groupes/<slug:slug>/etat-des-lieux/imprimer.pdf", views.print_pdf, name="pdf"),
    path("groupes/<slug:slug>/etat-des-lieux/personnes/", views.persons, name="persons"),
    path(
        "groupes/<slug:slug>/etat-des-lieux/personnes/ajouter/",
        views.person_add,
        name="person_add",
    ),
    path(
        "groupes/<slug:slug>/etat-des-lieux/personnes/<int:item_pk>/accord/",
        views.person_renew,
        name="person_renew",
    ),
    path(
        "groupes/<slug:slug>/etat-des-lieux/difficultes/", views.difficulties, name="difficulties"
    ),
    path(
        "groupes/<slug:slug>/etat-des-lieux/difficultes/ajouter/",
        views.difficulty_add,
        name="difficulty_add",
    ),
    path("groupes/<slug:slug>/etat-des-lieux/aller-vers/", views.outreach, name="outreach"),
    path(
        "groupes/<slug:slug>/etat-des-lieux/aller-vers/lieux/ajouter/",
        views.outreach_add,
        {"kind": "place"},
        name="outreach_place_add",
    ),
    path(
        "groupes/<slug:slug>/etat-des-lieux/aller-vers/relais/ajouter/",
        views.outreach_add,
        {"kind": "relay"},
        name="outreach_relay_add",
    ),
    path(
        "groupes/<slug:slug>/etat-des-lieux/aller-vers/sorties/ajouter/",
        views.outreach_add,
        {"kind": "outing"},
        name="outing_add",
    ),
    path(
        "groupes/<slug:slug>/etat-des-lieux/<str:kind>/<int:item_pk>/effacer/",
        views.knowledge_erase,
        name="erase",
    ),
    path("ressources/<int:pk>/", views.detail, name="detail"),
    path("ressources/<int:pk>/modifier/", views.edit, name="edit"),
    path("ressources/<int:pk>/supprimer/", views.delete, name="delete"),
    path("ressources/<int:pk>/partager/", views.share, name="share"),
    path(
        "territoires/departements/<str:code>/ressources.geojson",
        views.departement_geojson,
        name="departement_geojson",
    ),
]
