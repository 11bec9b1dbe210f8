from django.urls import path

from mille.library.views import contribute, editorial, public, review

app_name = "library"

urlpatterns = [
    # The charter and the FAQ are Wagtail pages, served here at fixed addresses.
    path("charte/", editorial.charter, name="charter"),
    path("faq/", editorial.faq, name="faq"),
    # The library's own page is a Wagtail page; this route serves it without walking the tree.
    path("bibliotheque/", public.library_index, name="index"),
    path("bibliotheque/relecture/", review.review_queue, name="review_queue"),
    path("bibliotheque/relecture/<int:pk>/", review.review_item, name="review_item"),
    path("bibliotheque/relecture/<int:pk>/publier/", review.review_publish, name="review_publish"),
    path(
        "bibliotheque/relecture/<int:pk>/changements/",
        review.review_changes,
        name="review_changes",
    ),
    path(
        "bibliotheque/contributions/<int:pk>/ajouter/",
        review.contribution_accept,
        name="contribution_accept",
    ),
    path(
        "bibliotheque/contributions/<int:pk>/ne-pas-retenir/",
        review.contribution_decline,
        name="contribution_decline",
    ),
    path("bibliotheque/contenus/<int:pk>/commenter/", public.comment_post, name="comment_post"),
    path("bibliotheque/contenus/<int:pk>/voix/", public.testimony_audio, name="testimony_audio"),
    path(
        "bibliotheque/contenus/<int:pk>/contribuer/",
        public.guide_contribute,
        name="guide_contribute",
    ),
    path(
        "bibliotheque/commentaires/<int:pk>/signaler/", public.comment_report, name="comment_report"
    ),
    path("bibliotheque/commentaires/<int:pk>/masquer/", review.comment_hide, name="comment_hide"),
    path(
        "bibliotheque/commentaires/<int:pk>/effacer/", public.comment_delete, name="comment_delete"
    ),
    path(
        "bibliotheque/commentaires/<int:pk>/retablir/",
        review.comment_restore,
        name="comment_restore",
    ),
    path("groupes/<slug:slug>/bibliotheque/", contribute.group_library, name="group_library"),
    path(
        "groupes/<slug:slug>/bibliotheque/proposer/<str:kind>/",
        contribute.submission_new,
        name="submission_new",
    ),
    path(
        "groupes/<slug:slug>/bibliotheque/<int:pk>/modifier/",
        contribute.submission_edit,
        name="submission_edit",
    ),
    path(
        "groupes/<slug:slug>/bibliotheque/<int:pk>/retirer/",
        contribute.submission_withdraw,
        name="submission_withdraw",
    ),
]
