"""Contributions to a guide's open parts: proposed by anyone signed in, added once accepted."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from wagtail.rich_text import RichText

from mille.core.permissions import check_perm
from mille.core.ratelimit import Quota, over_quota
from mille.library.models import GuideContribution, GuidePage
from mille.library.services.comments import notify
from mille.library.services.items import paragraphs_html

CONTRIBUTION_MAX = 4000
CONTRIBUTIONS_QUOTA = (Quota(5, timedelta(minutes=10)), Quota(20, timedelta(days=1)))


def open_sections(page: GuidePage) -> dict[str, str]:
    return {
        block.id: block.value["title"]
        for block in page.sections
        if block.value.get("open_for_contributions")
    }


@transaction.atomic
def contribution_create(*, author, page: GuidePage, section_id: str, text: str, group=None):
    check_perm(author, "library.contribute_to_guide", page)
    text = (text or "").strip()
    sections = open_sections(page)
    if section_id not in sections:
        raise ValidationError(_("Cette partie du guide n'est pas ouverte aux contributions."))
    if not text:
        raise ValidationError(_("Écrivez votre texte."))
    if len(text) > CONTRIBUTION_MAX:
        raise ValidationError(
            _("Le texte est trop long : %(max)d caractères au plus (vous en avez %(count)d).")
            % {"max": CONTRIBUTION_MAX, "count": len(text)}
        )
    if over_quota(GuideContribution.objects.filter(author=author), *CONTRIBUTIONS_QUOTA):
        raise ValidationError(
            _(
                "Vous avez envoyé beaucoup de textes. Votre texte est resté dans le formulaire : "
                "envoyez-le un peu plus tard."
            )
        )
    return GuideContribution.objects.create(
        page=page,
        section_id=section_id,
        section_title=sections[section_id],
        author=author,
        local_group=group,
        text=text,
    )


@transaction.atomic
def contribution_accept(*, reviewer, contribution: GuideContribution) -> None:
    """Add the text at the end of its part, credited, as a new published revision of the guide."""
    check_perm(reviewer, "library.review", contribution)
    if contribution.status != GuideContribution.Status.PENDING:
        raise ValidationError(_("Cette contribution a déjà été relue."))
    page = contribution.page.get_latest_revision_as_object()
    by = contribution.local_group.name if contribution.local_group else _("un membre du réseau")
    for block in page.sections:
        if block.id == contribution.section_id:
            before = str(block.value["body"] or "")
            credit = "<p><em>" + escape(_("Contribution de %(by)s") % {"by": by}) + "</em></p>"
            block.value["body"] = RichText(before + paragraphs_html(contribution.text) + credit)
            break
    else:
        raise ValidationError(_("Cette partie n'existe plus dans le guide."))
    page.save_revision(user=reviewer, log_action=True).publish(user=reviewer)
    contribution.status = GuideContribution.Status.ACCEPTED
    contribution.reviewed_by, contribution.reviewed_at = reviewer, timezone.now()
    contribution.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    notify(
        contribution.author,
        _("[Mille] Votre contribution est dans le guide"),
        _(
            "Bonjour,\n\nVotre texte a été ajouté à « %(section)s » dans le guide « %(title)s ». "
            "Merci !\n"
        )
        % {"section": contribution.section_title, "title": page.title},
    )


@transaction.atomic
def contribution_decline(*, reviewer, contribution: GuideContribution, comment: str) -> None:
    check_perm(reviewer, "library.review", contribution)
    if contribution.status != GuideContribution.Status.PENDING:
        raise ValidationError(_("Cette contribution a déjà été relue."))
    if not comment.strip():
        raise ValidationError(_("Dites pourquoi ce texte n'est pas retenu : son auteur le lira."))
    contribution.status = GuideContribution.Status.DECLINED
    contribution.reviewed_by, contribution.reviewed_at = reviewer, timezone.now()
    contribution.review_comment = comment.strip()[:500]
    contribution.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_comment"])
    notify(
        contribution.author,
        _("[Mille] Votre contribution au guide"),
        _("Bonjour,\n\nVotre texte pour « %(section)s » n'a pas été retenu.\n%(comment)s\n")
        % {"section": contribution.section_title, "comment": contribution.review_comment},
    )
