from django.urls import path

from mille.workshops.views import action, board, crossing, paper, participate, setup

app_name = "workshops"

urlpatterns = [
    # Facilitators
    path("groupes/<slug:slug>/ateliers/", setup.group_workshops, name="group_workshops"),
    path("groupes/<slug:slug>/ateliers/nouveau/", setup.create, name="create"),
    path("ateliers/<int:pk>/", setup.detail, name="detail"),
    path("ateliers/<int:pk>/modifier/", setup.edit, name="edit"),
    path("ateliers/<int:pk>/etape/", setup.phase, name="phase"),
    path("ateliers/<int:pk>/guide/", setup.guide, name="guide"),
    path("ateliers/<int:pk>/seances/ajouter/", setup.session_form, name="session_add"),
    path("ateliers/<int:pk>/seances/<int:item_pk>/", setup.session_form, name="session_edit"),
    path("ateliers/<int:pk>/groupes/ajouter/", setup.peer_group_form, name="peer_group_add"),
    path("ateliers/<int:pk>/groupes/<int:item_pk>/", setup.peer_group_form, name="peer_group_edit"),
    path("ateliers/<int:pk>/questions/ajouter/", setup.question_form, name="question_add"),
    path("ateliers/<int:pk>/questions/<int:item_pk>/", setup.question_form, name="question_edit"),
    path(
        "ateliers/<int:pk>/questions/<int:item_pk>/deplacer/",
        setup.question_move,
        name="question_move",
    ),
    path("ateliers/<int:pk>/contributions/", board.board, name="board"),
    path("ateliers/<int:pk>/contributions/mur/", board.board_wall, name="board_wall"),
    path("ateliers/<int:pk>/contributions/fusionner/", board.merge, name="merge"),
    path(
        "ateliers/<int:pk>/contributions/<int:contribution_pk>/moderer/",
        board.moderate,
        name="moderate",
    ),
    path("ateliers/<int:pk>/enonces/", crossing.statements, name="statements"),
    path(
        "ateliers/<int:pk>/enonces/fusionner/", crossing.statements_merge, name="statements_merge"
    ),
    path(
        "ateliers/<int:pk>/enonces/<int:statement_pk>/",
        crossing.statement_edit,
        name="statement_edit",
    ),
    path("ateliers/<int:pk>/resultats/", crossing.facilitator_results, name="facilitator_results"),
    path("ateliers/<int:pk>/presentation/", crossing.presentation, name="presentation"),
    path("ateliers/<int:pk>/arbre/", action.tree_edit, name="tree_edit"),
    path("ateliers/<int:pk>/actions/", action.action_plan, name="action_plan"),
    path("ateliers/<int:pk>/actions/<int:action_pk>/", action.action_edit, name="action_edit"),
    path("ateliers/<int:pk>/imprimer/rapport.pdf", action.report, name="report"),
    path("ateliers/<int:pk>/imprimer/arbre-a3.pdf", action.tree_poster, name="tree_poster"),
    path("groupes/<slug:slug>/actions/", action.group_actions, name="group_actions"),
    path("ateliers/<int:pk>/croisement.<str:fmt>", action.crossing_export, name="crossing_export"),
    path("ateliers/<int:pk>/qr/<str:code>.svg", paper.qr, name="qr"),
    path("ateliers/<int:pk>/imprimer/<str:kind>.pdf", paper.pdf, name="pdf"),
    path("ateliers/<int:pk>/export.<str:fmt>", paper.export, name="export"),
    # Participants, with or without an account
    path("rejoindre/", participate.join_start, name="join_start"),
    path("rejoindre/<str:code>/", participate.join, name="join"),
    path("rejoindre/<str:code>/retrouver/", participate.recover, name="recover"),
    path("atelier/<int:pk>/", participate.participate, name="participate"),
    path("atelier/<int:pk>/croisement/", crossing.board, name="crossing"),
    path("atelier/<int:pk>/voter/", crossing.vote, name="vote"),
    path("atelier/<int:pk>/resultats/", crossing.results, name="results"),
    path("atelier/<int:pk>/arbre/", action.tree, name="tree"),
    path("atelier/<int:pk>/priorites/", action.dots, name="dots"),
    path("atelier/<int:pk>/actions/", action.my_actions, name="my_actions"),
    path("atelier/<int:pk>/rapport.pdf", action.participant_report, name="participant_report"),
    path("atelier/<int:pk>/oublier/", participate.leave_device, name="leave_device"),
    path("atelier/<int:pk>/questions/<int:question_pk>/", participate.question, name="question"),
    path("atelier/<int:pk>/questions/<int:question_pk>/mur/", participate.wall, name="wall"),
    path(
        "atelier/<int:pk>/questions/<int:question_pk>/audio/",
        participate.question_audio,
        name="question_audio",
    ),
    path(
        "atelier/<int:pk>/contributions/<int:contribution_pk>/",
        participate.contribution_edit,
        name="contribution_edit",
    ),
    path(
        "atelier/<int:pk>/contributions/<int:contribution_pk>/audio/",
        participate.contribution_audio,
        name="contribution_audio",
    ),
]
