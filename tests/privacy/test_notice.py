"""The privacy notice: public, in step with the retention settings, and pointing to the pages
where each right is used."""

import re

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse


def notice(client) -> str:
    response = client.get(reverse("core:privacy"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_anyone_reads_the_notice_with_the_periods_in_force(client):
    html = notice(client)
    assert "<h1>" in html and "CNIL" in html and "cnil.fr" in html
    # The defaults: 90 days for voices, 3 years for the journal, a year for consent.
    assert "effacées 90 jours après la fin de l'atelier" in html
    assert "3 ans" in html and "après 1 an" in html
    for name in ("privacy:my_data", "privacy:my_data_json", "privacy:erase"):
        assert f'href="{reverse(name)}"' in html
    assert f'href="{reverse("workshops:join_start")}"' in html


@pytest.mark.django_db
def test_the_notice_follows_the_settings(client):
    retention = {**settings.RETENTION, "audio_after_closing": 45, "audit_journal": 400}
    with override_settings(RETENTION=retention, CONSENT_REVIEW_MONTHS=18):
        html = notice(client)
    assert "effacées 45 jours après la fin de l'atelier" in html
    assert "90 jours après la fin" not in html
    assert "400 jours" in html and "après 18 mois" in html


@pytest.mark.django_db
def test_contact_and_processors_are_shown_only_when_set(client):
    html = notice(client)
    assert "mailto:" not in html
    assert "donné sur simple demande" in html
    with override_settings(
        PRIVACY_CONTACT_EMAIL="donnees@example.org",
        PRIVACY_HOST_NAME="Hébergeur Exemple",
        PRIVACY_MAIL_PROCESSOR="Envoi Exemple",
    ):
        html = notice(client)
    assert 'href="mailto:donnees@example.org"' in html
    assert "Hébergeur Exemple" in html and "Envoi Exemple" in html
    assert "donné sur simple demande" not in html


@pytest.mark.django_db
def test_headings_go_in_order(client):
    levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", notice(client))]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False))
