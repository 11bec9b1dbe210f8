from django.urls import path

from mille.governance import views

app_name = "governance"

urlpatterns = [
    path("collectif/", views.home, name="home"),
    path("collectif/decisions/", views.decisions, name="decisions"),
    path("collectif/instances/<slug:kind>/", views.body, name="body"),
    path(
        "collectif/instances/<slug:kind>/reunions/nouvelle/",
        views.meeting_create,
        name="meeting_create",
    ),
    path("collectif/reunions/<int:pk>/", views.meeting, name="meeting"),
    path("collectif/reunions/<int:pk>/compte-rendu/", views.minutes, name="minutes"),
    path("collectif/reunions/<int:pk>/documents/", views.document_add, name="document_add"),
    path(
        "collectif/reunions/<int:pk>/documents/<int:document_pk>/",
        views.document,
        name="document",
    ),
    path("collectif/reunions/<int:pk>/decisions/", views.decision_add, name="decision_add"),
    path("collectif/bilans/", views.reports_inbox, name="reports_inbox"),
    path("collectif/bilans/<int:pk>/reponse/", views.report_answer, name="report_answer"),
    path("groupes/<slug:slug>/bilans-periodiques/", views.group_reports, name="group_reports"),
    path(
        "groupes/<slug:slug>/bilans-periodiques/nouveau/", views.report_create, name="report_create"
    ),
    path("groupes/<slug:slug>/bilans-periodiques/<int:pk>/", views.report, name="report"),
    path(
        "groupes/<slug:slug>/bilans-periodiques/<int:pk>/modifier/",
        views.report_edit,
        name="report_edit",
    ),
    path(
        "groupes/<slug:slug>/bilans-periodiques/<int:pk>/envoyer/",
        views.report_send,
        name="report_send",
    ),
]
