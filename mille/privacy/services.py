"""Export and erasure of a person's data across every app, and the retention purge. Each domain
app says what it holds in its own `privacy` module (`personal_data`, `erase`, `purge`)."""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mille.accounts import privacy as accounts_privacy
from mille.accounts.models import User
from mille.core.permissions import check_perm
from mille.governance import privacy as governance_privacy
from mille.groups import privacy as groups_privacy
from mille.inventory import privacy as inventory_privacy
from mille.library import privacy as library_privacy
from mille.network import privacy as network_privacy
from mille.partnerships import privacy as partnerships_privacy
from mille.privacy.models import PurgeRun
from mille.workshops import privacy as workshops_privacy

logger = logging.getLogger("mille.purge")

# (section, module): the order erasure follows; the account itself goes last.
SECTIONS = (
    ("groupes", groups_privacy),
    ("ateliers", workshops_privacy),
    ("etat_des_lieux", inventory_privacy),
    ("bibliotheque", library_privacy),
    ("partenariats", partnerships_privacy),
    ("reseau", network_privacy),
    ("collectif", governance_privacy),
)


def personal_data(user: User) -> dict:
    """Everything Mille holds about the person, by part of the platform (GDPR art. 15 and 20)."""
    data = {"compte": accounts_privacy.personal_data(user)}
    for section, module in SECTIONS:
        data[section] = module.personal_data(user)
    return data


def erasure_blockers(user: User) -> list[str]:
    """What must happen before the account can go (a group that would lose its coordination)."""
    return groups_privacy.blockers(user)


@transaction.atomic
def account_erase(*, user: User, actor: User, keep_contributions: bool) -> None:
    """Erase a person's account and what it holds in every app. Their contributions go too, or
    stay without their name if they choose so. A person erases only their own account."""
    if actor.pk != user.pk:
        raise PermissionDenied
    check_perm(actor, "privacy.erase_own_account")
    blockers = erasure_blockers(user)
    if blockers:
        raise ValidationError(blockers)
    _erase(user, keep_contributions=keep_contributions)


def _erase(user: User, *, keep_contributions: bool) -> None:
    for _section, module in SECTIONS:
        module.erase(user, keep_contributions=keep_contributions)
    accounts_privacy.erase_account(user)


def _warn_inactive(user: User) -> None:
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        subject = _("[Mille] Votre compte va être supprimé")
        body = render_to_string(
            "privacy/email/inactive.txt",
            {"user": user, "days": settings.RETENTION["inactive_account_after_warning"]},
        )
    send_mail(subject, body, None, [user.email])


def purge_accounts(now) -> dict[str, int]:
    """Accounts unused for long are warned by e-mail, then erased (their contributions kept,
    without their name) if still unused after the notice. The national coordination and
    administrators are never removed this way."""
    retention = settings.RETENTION
    idle_since = now - timedelta(days=retention["inactive_account_warning"])
    people = User.objects.filter(is_active=True, is_staff=False, is_national_coordinator=False)
    idle = people.filter(
        Q(last_login__lt=idle_since) | Q(last_login=None, date_joined__lt=idle_since),
        inactivity_warned_at=None,
    )
    warned = 0
    for user in idle.iterator():
        User.objects.filter(pk=user.pk).update(inactivity_warned_at=now)
        transaction.on_commit(lambda user=user: _warn_inactive(user))
        warned += 1
    due = people.filter(
        inactivity_warned_at__lt=now - timedelta(days=retention["inactive_account_after_warning"])
    ).filter(Q(last_login=None) | Q(last_login__lt=idle_since))
    removed = 0
    for user in due.iterator():
        if erasure_blockers(user):
            logger.warning("purge: account %s kept, it coordinates a group alone", user.pk)
            continue
        with transaction.atomic():
            _erase(user, keep_contributions=True)
        removed += 1
    return {"comptes_prevenus": warned, "comptes_supprimes": removed}


def purge_sessions(now) -> dict[str, int]:
    """Expired log-in sessions (they name the account and keep the last pages' messages)."""
    removed, _ = Session.objects.filter(expire_date__lt=now).delete()
    return {"sessions_expirees": removed}


def purge(now=None) -> PurgeRun:
    """Erase or anonymise what has passed its retention period, in every app; log the counts."""
    now = now or timezone.now()
    run = PurgeRun.objects.create(started_at=now)
    counts: dict[str, int] = {}
    with transaction.atomic():
        for _section, module in SECTIONS:
            if hasattr(module, "purge"):
                counts.update(module.purge(now))
        counts.update(purge_accounts(now))
        counts.update(purge_sessions(now))
    run.counts, run.finished_at = counts, timezone.now()
    run.save(update_fields=["counts", "finished_at"])
    logger.info("purge: %s", counts)
    return run
