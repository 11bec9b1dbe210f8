from django.urls import path

from mille.network.views import (
    departements,
    events,
    newsletter,
    organise,
    registrations,
    survey,
    survey_builder,
)

app_name = "network"

E = "evenements/<slug:slug>/"
R = "inscription/<str:token>/"
S = "enquetes/<slug:slug>/"
C = "coordination/enquetes/<int:pk>/"

urlpatterns = [
    # --- Gatherings: the calendar, the map, the feed, an event's page
    path("evenements/", events.events, name="events"),
    path("evenements.ics", events.events_feed, name="events_feed"),
    path("evenements/carte/", events.events_map, name="events_map"),
    path("evenements/carte.geojson", events.events_geojson, name="events_geojson"),
    path("evenements/nouveau/", organise.event_new, name="event_new"),
    path("evenements/<slug:slug>.ics", events.event_ics, name="event_ics"),
    path(E, events.event, name="event"),
    path(E + "inscription/", events.register, name="register"),
    # A person's own registration, by the link of their e-mails
    path(R, registrations.registration, name="registration"),
    path(R + "confirmer/", registrations.registration_confirm, name="registration_confirm"),
    path(R + "annuler/", registrations.registration_cancel, name="registration_cancel"),
    path(R + "seances/<int:session_pk>/annuler/", registrations.seat_cancel, name="seat_cancel"),
    path(R + "seances/<int:session_pk>/accepter/", registrations.offer_accept, name="offer_accept"),
    path(
        R + "seances/<int:session_pk>/refuser/", registrations.offer_decline, name="offer_decline"
    ),
    # The organiser's side
    path(E + "gerer/", organise.manage, name="manage"),
    path(E + "modifier/", organise.event_edit, name="event_edit"),
    path(E + "seances/nouvelle/", organise.session_add, name="session_add"),
    path(E + "seances/<int:session_pk>/", organise.session_edit, name="session_edit"),
    path(E + "seances/<int:session_pk>/retirer/", organise.session_delete, name="session_delete"),
    path(E + "publier/", organise.publish, name="publish"),
    path(E + "annuler/", organise.cancel, name="cancel"),
    path(E + "inscrire/", organise.register_for, name="register_for"),
    path(E + "places/<int:seat_pk>/confirmer/", organise.seat_confirm, name="seat_confirm"),
    path(E + "places/<int:seat_pk>/suivant/", organise.seat_pass, name="seat_pass"),
    path(E + "presences/", organise.attendance_list, name="attendance"),
    path(E + "accueil/<str:code>/", organise.checkin, name="checkin"),
    path(E + "feuille-de-presence.pdf", organise.attendance_pdf, name="attendance_pdf"),
    path(E + "badges.pdf", organise.badges_pdf, name="badges_pdf"),
    path(E + "effacer-la-liste/", organise.erase, name="erase"),
    path(E + "convier/", organise.convene, name="convene"),
    # --- The départemental level
    path("coordination/referents/", departements.referents, name="referents"),
    path(
        "coordination/referents/<int:pk>/retirer/",
        departements.referent_revoke,
        name="referent_revoke",
    ),
    path("reseau/departements/<str:code>/", departements.departement, name="departement"),
    path("reseau/groupes/<slug:slug>/", departements.group_follow, name="group_follow"),
    path("reseau/groupes/<slug:slug>/avis/", departements.opinion, name="opinion"),
    # Requests to the national coordination
    path("groupes/<slug:slug>/coordination/", departements.group_requests, name="group_requests"),
    path(
        "groupes/<slug:slug>/coordination/nouvelle/", departements.request_new, name="request_new"
    ),
    path(
        "groupes/<slug:slug>/coordination/<int:request_pk>/",
        departements.request_detail,
        name="request",
    ),
    path(
        "groupes/<slug:slug>/coordination/<int:request_pk>/message/",
        departements.request_message,
        name="request_message",
    ),
    path(
        "groupes/<slug:slug>/coordination/<int:request_pk>/statut/",
        departements.request_status,
        name="request_status",
    ),
    path("coordination/demandes/", departements.requests_queue, name="requests_queue"),
    # Visitors' questions for the FAQ
    path("questions/poser/", departements.question_ask, name="question_ask"),
    path("coordination/questions/", departements.questions_queue, name="questions_queue"),
    path("coordination/questions/<int:pk>/", departements.question_answer, name="question_answer"),
    path(
        "coordination/questions/<int:pk>/ecarter/",
        departements.question_set_aside,
        name="question_set_aside",
    ),
    # --- The newsletter
    path("lettre/", newsletter.issues, name="issues"),
    path("lettre/<int:number>/", newsletter.issue, name="issue"),
    path("lettre/inscription/", newsletter.subscribe, name="subscribe"),
    path(
        "lettre/confirmer/<str:token>/",
        newsletter.subscription_confirm,
        name="subscription_confirm",
    ),
    path("lettre/desinscription/<str:token>/", newsletter.unsubscribe, name="unsubscribe"),
    path("coordination/lettre/", newsletter.newsletter_admin, name="newsletter_admin"),
    path("coordination/lettre/nouvelle/", newsletter.issue_new, name="issue_new"),
    path("coordination/lettre/<int:pk>/", newsletter.issue_compose, name="issue_compose"),
    path("coordination/lettre/<int:pk>/apercu/", newsletter.issue_preview, name="issue_preview"),
    path("coordination/lettre/<int:pk>/envoyer/", newsletter.issue_send, name="issue_send"),
    path("coordination/lettre/<int:pk>/envois/", newsletter.issue_log, name="issue_log"),
    # --- The national survey
    path(S, survey.survey, name="survey"),
    path(S + "vous/", survey.survey_profile, name="survey_profile"),
    path(S + "questions/<int:question_pk>/", survey.survey_question, name="survey_question"),
    path(S + "envoyer/", survey.survey_review, name="survey_review"),
    path(S + "merci/", survey.survey_thanks, name="survey_thanks"),
    path(S + "resultats/", survey.survey_results, name="survey_results"),
    path(S + "reponses-libres/", survey.survey_free_text, name="survey_free_text"),
    path(S + "reponses.csv", survey.survey_csv, name="survey_csv"),
    path("coordination/enquetes/", survey_builder.surveys, name="surveys_admin"),
    path(C, survey_builder.survey_edit, name="survey_edit"),
    path(C + "reglages/", survey_builder.survey_settings, name="survey_settings"),
    path(C + "questions/nouvelle/", survey_builder.question_add, name="question_add"),
    path(C + "questions/<int:question_pk>/", survey_builder.question_edit, name="question_edit"),
    path(
        C + "questions/<int:question_pk>/retirer/",
        survey_builder.question_delete,
        name="question_delete",
    ),
    path(
        C + "questions/<int:question_pk>/deplacer/",
        survey_builder.question_move,
        name="question_move",
    ),
    path(C + "ouvrir/", survey_builder.survey_open, name="survey_open"),
    path(C + "fermer/", survey_builder.survey_close, name="survey_close"),
]
