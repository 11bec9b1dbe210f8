"""E-mails of the network, through Django's mail API, templated in French, sent after the
transaction that decided them has committed (a refused write sends nothing)."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


def absolute(path: str) -> str:
    """The full address of a page of the site, for a link in an e-mail or a calendar."""
    return settings.SITE_URL + path


def render(template: str, context: dict) -> str:
    return render_to_string(
        f"network/emails/{template}.txt", {**context, "SITE_URL": settings.SITE_URL}
    ).strip()


def send_later(*, to: str, subject: str, template: str, context: dict) -> None:
    """Send one plain-text message to one address, once the transaction commits. A failure is
    logged: the page the person sees never depends on a mail server."""
    if not to:
        return
    body = render(template, context)

    def send() -> None:
        try:
            EmailMultiAlternatives(subject, body, None, [to]).send()
        except Exception:  # noqa: BLE001 — the mail server's failure must not break the page
            logger.exception("network: e-mail « %s » not sent", subject)

    transaction.on_commit(send)


def send_now(*, to: str, subject: str, template: str, context: dict) -> None:
    """Send at once, whatever the transaction: for a message about what already exists (the link
    of a registration, sent again when someone tries to register twice)."""
    if not to:
        return
    try:
        EmailMultiAlternatives(subject, render(template, context), None, [to]).send()
    except Exception:  # noqa: BLE001
        logger.exception("network: e-mail « %s » not sent", subject)
