"""Secrets in URLs (codes, tokens) never reach the logs."""

import logging

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from mille.core.logfilters import MaskSecrets, mask

SECRET_ARGUMENTS = {"token", "key"}
# Parameters named `code` that are secrets (a département's code is not).
SECRET_CODES = {"workshops:join", "workshops:recover", "network:checkin"}


def _patterns(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if pattern.namespace else namespace
            yield from _patterns(pattern, prefix + str(pattern.pattern), inner.strip(":"))
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}".strip(":"), prefix + str(pattern.pattern)


def _secret_routes():
    for name, route in _patterns():
        if route.startswith(("cms/", "admin/", "^")):
            continue
        arguments = {part.split(">")[0].split(":")[-1] for part in route.split("<")[1:]}
        if arguments & SECRET_ARGUMENTS or (name in SECRET_CODES):
            yield name, route


@pytest.mark.parametrize(("name", "route"), sorted(_secret_routes()))
def test_every_secret_in_a_path_is_masked(name, route):
    kwargs = {}
    for part in route.split("<")[1:]:
        converter, _, argument = part.split(">")[0].rpartition(":")
        kwargs[argument] = (
            7 if converter == "int" else ("un-lieu" if converter == "slug" else "S3CRETvalue")
        )
    try:
        path = reverse(name, kwargs=kwargs)
    except Exception:  # allauth's regex routes: built by hand below
        path = "/" + route.replace("<str:key>", "S3CRETvalue")
    assert "S3CRETvalue" in path
    assert "S3CRETvalue" not in mask(f'"GET {path} HTTP/1.1" 404 1234'), path


def test_the_routes_with_secrets_are_found():
    names = {name for name, _route in _secret_routes()}
    assert {"workshops:join", "groups:invitation", "network:unsubscribe"} <= names


class _Kept(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.addFilter(MaskSecrets())
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())


def test_django_s_request_log_is_masked(db):
    # The same filter as the settings' handlers, on a handler of our own.
    kept = _Kept()
    logger = logging.getLogger("django.request")
    logger.addHandler(kept)
    try:
        Client().get("/invitation/UnJetonSecretQuiNExistePas/")
        Client().get("/rejoindre/CODE42/retrouver/")
    finally:
        logger.removeHandler(kept)
    assert kept.lines
    assert all("UnJetonSecret" not in line and "CODE42" not in line for line in kept.lines)
