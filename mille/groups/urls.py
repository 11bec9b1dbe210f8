from django.urls import path

from mille.groups import views

app_name = "groups"

urlpatterns = [
    path("groupes/", views.directory, name="directory"),
    path("groupes/nouveau/", views.create, name="create"),
    path("groupes/carte/", views.map_page, name="map"),
    path("groupes/carte.geojson", views.geojson, name="geojson"),
    path("groupes/departements/", views.departements, name="departements"),
    path("groupes/departements/<str:departement>/", views.directory, name="departement"),
    path("groupes/<slug:slug>/", views.detail, name="detail"),
    path("groupes/<slug:slug>/modifier/", views.edit, name="edit"),
    path("groupes/<slug:slug>/journal/", views.audit_journal, name="audit"),
    path("groupes/<slug:slug>/lieux/", views.anchor_add, name="anchor_add"),
    path("groupes/<slug:slug>/lieux/<int:pk>/retirer/", views.anchor_remove, name="anchor_remove"),
    path("groupes/<slug:slug>/membres/", views.members, name="members"),
    path("groupes/<slug:slug>/membres/<int:pk>/role/", views.member_role, name="member_role"),
    path(
        "groupes/<slug:slug>/membres/<int:pk>/retirer/", views.member_remove, name="member_remove"
    ),
    path("groupes/<slug:slug>/quitter/", views.leave, name="leave"),
    path("groupes/<slug:slug>/mes-choix/", views.preferences, name="preferences"),
    path("groupes/<slug:slug>/demande/", views.join_request, name="join_request"),
    path(
        "groupes/<slug:slug>/demandes/<int:pk>/",
        views.join_request_decide,
        name="join_request_decide",
    ),
    path("groupes/<slug:slug>/invitations/", views.invitations, name="invitations"),
    path(
        "groupes/<slug:slug>/invitations/<int:pk>/annuler/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("groupes/<slug:slug>/criteres/", views.criteria, name="criteria"),
    path(
        "groupes/<slug:slug>/criteres/<int:criterion>/", views.criterion_save, name="criterion_save"
    ),
    path("groupes/<slug:slug>/charte/", views.charter_commit, name="charter_commit"),
    path(
        "groupes/<slug:slug>/reconnaissance/", views.recognition_submit, name="recognition_submit"
    ),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation"),
    path("coordination/reconnaissance/", views.review_queue, name="review_queue"),
    path("coordination/reconnaissance/<slug:slug>/", views.review, name="review"),
]
