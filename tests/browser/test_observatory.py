"""axe-core (WCAG 2.2 AA tags) finds no violation on the observatory and open data pages, at 360
and 1280 px, for the public (protected figures) and the national coordination (exact ones)."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from mille.inventory.models import Difficulty
from tests.browser.conftest import axe_check, login_cookie
from tests.observatory.conftest import network  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("width", [360, 1280])
def test_no_axe_violation_on_the_observatory(page_at, network, width):  # noqa: F811
    call_command("opendata_export", stdout=io.StringIO())
    paths = [
        reverse("observatory:national"),
        reverse("observatory:departement", args=["59"]),
        reverse("observatory:open_data"),
    ]
    page = page_at(width=width)
    for path in paths:
        axe_check(page, path)
    national = page_at(width=width)
    login_cookie(national, network.users["national"])
    for path in paths[:2]:
        axe_check(national, path)
    # What rises from the groups, with something to read.
    Difficulty.objects.create(
        group=network.fives,
        text="Des parents n'osent pas entrer dans l'école",
        themes=["school_access"],
    )
    voices = reverse("observatory:voices")
    for path in (voices, voices + "?departement=59"):
        axe_check(national, path)
