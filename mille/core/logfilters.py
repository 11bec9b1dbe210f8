"""Secrets kept out of logs: join codes, invitation tokens and recovery links appear in request
paths (a 404 for a mistyped code, a 410 for an expired link) that servers write to their logs."""

import logging
import re

# /rejoindre/<code>/, /invitation/<token>/, /partenaires/invitation/<token>/, a registration's
# /inscription/<token>/, the newsletter's /lettre/confirmer|desinscription/<token>/, a badge's
# /evenements/<slug>/accueil/<code>/, allauth's keys: the secret part becomes « … ».
SECRET_PATHS = re.compile(
    r"(/(?:rejoindre|invitation|partenaires/invitation|inscription|lettre/confirmer"
    r"|lettre/desinscription|evenements/[\w-]+/accueil|accounts/[\w-]+/key)/)[^/\s?\"']+"
)


def mask(text: str) -> str:
    return SECRET_PATHS.sub(r"\1…", text)


class MaskSecrets(logging.Filter):
    """Rewrite a log record's message and arguments, whatever logger wrote it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = mask(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(mask(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: mask(v) if isinstance(v, str) else v for k, v in record.args.items()}
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            request.path = mask(request.path)
            request.path_info = mask(request.path_info)
        return True
