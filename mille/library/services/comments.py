"""Comments on published items: write, report, hide; the people concerned are told by e-mail."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mille.core.permissions import check_perm
from mille.library.models import CommentReport, ItemComment, LibraryItemPage

COMMENT_MAX = 2000
# At most this many comments per person in the window; reports the same.
COMMENTS_PER_WINDOW = 5
REPORTS_PER_WINDOW = 10
WINDOW = datetime.timedelta(minutes=10)
# A comment reported by this many different people is hidden until the coordination looks.
AUTO_HIDE_REPORTS = 3
NEW_ACCOUNT_AGE = datetime.timedelta(days=7)


def notify(recipient, subject: str, body: str) -> None:
    if recipient is None or not recipient.email or not recipient.is_active:
        return
    transaction.on_commit(
        lambda: send_mail(subject, body, None, [recipient.email], fail_silently=True)
    )


def _recent(queryset) -> int:
    return queryset.filter(created_at__gte=timezone.now() - WINDOW).count()


@transaction.atomic
def comment_create(*, author, page: LibraryItemPage, body: str) -> ItemComment:
    """Post a comment on a live item; its author (the person who proposed it) is told."""
    check_perm(author, "library.comment", page)
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Écrivez votre commentaire."))
    if len(body) > COMMENT_MAX:
        raise ValidationError(
            _("Le commentaire est trop long : %(max)d caractères au plus (vous en avez %(count)d).")
            % {"max": COMMENT_MAX, "count": len(body)}
        )
    if not page.live:
        raise PermissionDenied
    if _recent(ItemComment.objects.filter(author=author)) >= COMMENTS_PER_WINDOW:
        raise ValidationError(
            _("Vous avez écrit beaucoup de commentaires. Réessayez dans 10 minutes.")
        )
    comment = ItemComment.objects.create(page=page, author=author, body=body)
    if page.owner_id and page.owner_id != author.pk:
        notify(
            page.owner,
            _("[Mille] Un commentaire sur « %(title)s »") % {"title": page.title},
            _("Bonjour,\n\nQuelqu'un a commenté « %(title)s » dans la bibliothèque :\n\n%(body)s\n")
            % {"title": page.title, "body": body},
        )
    return comment


@transaction.atomic
def comment_report(*, reporter, comment: ItemComment, reason: str) -> CommentReport:
    check_perm(reporter, "library.report_comment", comment)
    reason = (reason or "").strip()[:200]
    if not reason:
        raise ValidationError(_("Dites en quelques mots pourquoi vous signalez ce commentaire."))
    if comment.author_id == reporter.pk:
        raise ValidationError(_("Vous ne pouvez pas signaler votre propre commentaire."))
    if _recent(CommentReport.objects.filter(reporter=reporter)) >= REPORTS_PER_WINDOW:
        raise ValidationError(
            _("Vous avez fait beaucoup de signalements. Réessayez dans 10 minutes.")
        )
    try:
        with transaction.atomic():
            report = CommentReport.objects.create(comment=comment, reporter=reporter, reason=reason)
    except IntegrityError as error:
        raise ValidationError(_("Vous avez déjà signalé ce commentaire.")) from error
    # Reports from accounts opened in the last days reach the coordination but do not hide a
    # comment by themselves: three fresh accounts must not silence anyone.
    seasoned = CommentReport.objects.filter(
        comment=comment,
        resolved_at=None,
        reporter__date_joined__lte=timezone.now() - NEW_ACCOUNT_AGE,
    ).count()
    if comment.hidden_at is None and seasoned >= AUTO_HIDE_REPORTS:
        ItemComment.objects.filter(pk=comment.pk).update(
            hidden_at=timezone.now(),
            hidden_reason=_("Signalé plusieurs fois : en attente de relecture."),
        )
    return report


@transaction.atomic
def comment_delete(*, author, comment: ItemComment) -> None:
    """Its author takes a comment back, hidden or not: it and its reports are deleted."""
    check_perm(author, "library.delete_comment", comment)
    comment.delete()


@transaction.atomic
def comment_hide(*, moderator, comment: ItemComment, reason: str) -> None:
    """Hide a comment (its author still sees it, with the reason) and close its reports."""
    check_perm(moderator, "library.moderate", comment)
    reason = (reason or "").strip()[:200]
    if not reason:
        raise ValidationError(_("Dites pourquoi ce commentaire est masqué : son auteur le verra."))
    now = timezone.now()
    comment.hidden_at, comment.hidden_by, comment.hidden_reason = now, moderator, reason
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    CommentReport.objects.filter(comment=comment, resolved_at=None).update(resolved_at=now)
    notify(
        comment.author,
        _("[Mille] Votre commentaire a été masqué"),
        _(
            "Bonjour,\n\nVotre commentaire sur « %(title)s » a été masqué par la coordination "
            "nationale.\nRaison : %(reason)s\n"
        )
        % {"title": comment.page.title, "reason": reason},
    )


@transaction.atomic
def comment_restore(*, moderator, comment: ItemComment) -> None:
    """Show a comment again and close its reports (they were not founded)."""
    check_perm(moderator, "library.moderate", comment)
    now = timezone.now()
    comment.hidden_at, comment.hidden_by, comment.hidden_reason = None, None, ""
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    CommentReport.objects.filter(comment=comment, resolved_at=None).update(resolved_at=now)
