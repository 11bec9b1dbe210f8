"""A person's data in the library: export and erasure. What the network published stays; what
the person wrote is deleted, or kept without their name if they choose so."""

from mille.accounts.models import User
from mille.library.models import CommentReport, GuideContribution, ItemComment, LibraryItemPage


def personal_data(user: User) -> dict:
    return {
        "propositions": [
            {"titre": page.title, "publiee": page.live}
            for page in LibraryItemPage.objects.filter(owner=user)
        ],
        "commentaires": [
            {"contenu": c.page.title, "texte": c.body, "le": c.created_at.isoformat()}
            for c in ItemComment.objects.filter(author=user).select_related("page")
        ],
        "signalements": [
            {"raison": r.reason, "le": r.created_at.isoformat()}
            for r in CommentReport.objects.filter(reporter=user)
        ],
        "contributions_aux_guides": [
            {"partie": c.section_title, "texte": c.text, "etat": c.get_status_display()}
            for c in GuideContribution.objects.filter(author=user)
        ],
    }


def erase(user: User, *, keep_contributions: bool) -> None:
    CommentReport.objects.filter(reporter=user).delete()
    if keep_contributions:
        ItemComment.objects.filter(author=user).update(author=None)
        GuideContribution.objects.filter(author=user).update(author=None)
        return
    ItemComment.objects.filter(author=user).delete()
    # Accepted contributions are part of the guide now; the others go.
    GuideContribution.objects.filter(author=user).exclude(
        status=GuideContribution.Status.ACCEPTED
    ).delete()
    GuideContribution.objects.filter(author=user).update(author=None)
    for page in LibraryItemPage.objects.filter(owner=user, live=False, first_published_at=None):
        page.delete()
