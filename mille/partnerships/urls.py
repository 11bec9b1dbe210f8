from django.urls import path

from mille.partnerships.views import actions, convention, evaluation, partners

app_name = "partnerships"

P = "groupes/<slug:slug>/partenariats/<int:pk>/"
A = "groupes/<slug:slug>/actions/<int:action_pk>/"

urlpatterns = [
    path("groupes/<slug:slug>/partenariats/", partners.partnerships, name="list"),
    path("groupes/<slug:slug>/partenariats/nouveau/", partners.create, name="create"),
    path(P, partners.detail, name="detail"),
    path(P + "reglages/", partners.settings_page, name="settings"),
    path(P + "objet/", partners.update, name="update"),
    path(P + "niveau/", partners.level, name="level"),
    path(P + "attentes/", partners.expectations, name="expectations"),
    path(P + "contacts/", partners.contact_add, name="contact_add"),
    path(P + "contacts/<int:item_pk>/depart/", partners.contact_leave, name="contact_leave"),
    path(P + "fil/", partners.hand_over, name="hand_over"),
    path(P + "representants/inviter/", partners.invite, name="invite"),
    path(
        P + "representants/<int:item_pk>/retirer/",
        partners.representative_remove,
        name="representative_remove",
    ),
    path("partenaires/invitation/<str:token>/", partners.invitation, name="invitation"),
    # The convention
    path(P + "convention/", convention.convention, name="convention"),
    path(P + "convention/ecrire/", convention.convention_write, name="convention_write"),
    path(
        P + "convention/<int:number>/prendre-connaissance/",
        convention.acknowledge,
        name="acknowledge",
    ),
    path(P + "convention.pdf", convention.convention_pdf, name="convention_pdf"),
    # Meetings
    path(P + "reunions/nouvelle/", convention.meeting_new, name="meeting_new"),
    path(P + "reunions/<int:item_pk>/", convention.meeting, name="meeting"),
    path(P + "reunions/<int:item_pk>/modifier/", convention.meeting_edit, name="meeting_edit"),
    path(P + "reunions/<int:item_pk>/invitation.ics", convention.meeting_ics, name="meeting_ics"),
    # Actions, followed through
    path("groupes/<slug:slug>/actions/", actions.actions, name="actions"),
    path("groupes/<slug:slug>/actions/nouvelle/", actions.action_new, name="action_new"),
    path(A, actions.action, name="action"),
    path(A + "suivi/", actions.action_edit, name="action_edit"),
    path(A + "indicateurs/", actions.indicator_add, name="indicator_add"),
    path(
        A + "indicateurs/<int:item_pk>/valeurs/",
        actions.indicator_value_add,
        name="indicator_value_add",
    ),
    path(A + "documents/", actions.document_add, name="document_add"),
    path(A + "documents/<int:item_pk>/", actions.document, name="document"),
    path(A + "documents/<int:item_pk>/supprimer/", actions.document_delete, name="document_delete"),
    # The shared evaluation
    path(P + "bilans/nouveau/", evaluation.evaluation_new, name="evaluation_new"),
    path(
        "bilans/atelier/<int:workshop_pk>/",
        evaluation.evaluation_of_workshop,
        name="evaluation_of_workshop",
    ),
    path(
        "groupes/<slug:slug>/bilans/<int:evaluation_pk>/", evaluation.evaluation, name="evaluation"
    ),
    path(
        "groupes/<slug:slug>/bilans/<int:evaluation_pk>/actions/<int:action_pk>/decision/",
        evaluation.decide,
        name="decide",
    ),
    path(
        "groupes/<slug:slug>/bilans/<int:evaluation_pk>/plan/",
        evaluation.plan_next_year,
        name="plan_next_year",
    ),
    path(
        "groupes/<slug:slug>/bilans/<int:evaluation_pk>/rapport.pdf",
        evaluation.report,
        name="evaluation_report",
    ),
    path(
        "groupes/<slug:slug>/bilans/<int:evaluation_pk>/fiche/",
        evaluation.experience,
        name="experience",
    ),
]
