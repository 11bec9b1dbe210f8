import re

import pytest
from django.core import mail
from django.urls import reverse

from mille.accounts.models import User

pytestmark = pytest.mark.django_db


def test_signup_by_emailed_code_logs_in(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "Maman@Example.org", "display_name": "Aïcha", "category": "parent"},
    )
    assert response.status_code == 302
    code = re.search(r"\b([A-Z0-9]{4}-[A-Z0-9]{4})\b", mail.outbox[-1].body).group(1)
    response = client.post(response["Location"], {"code": code})
    assert response.status_code == 302
    user = User.objects.get(email__iexact="maman@example.org")
    assert user.display_name == "Aïcha" and user.category == "parent"
    assert client.get(reverse("portal:dashboard")).status_code == 200


def test_login_by_code_and_wrong_codes_are_limited(client, member):
    response = client.post(reverse("account_request_login_code"), {"email": member.email})
    assert response.status_code == 302
    confirm = response["Location"]
    for _ in range(3):
        response = client.post(confirm, {"code": "AAAAAA"})
    assert client.get(reverse("portal:dashboard")).status_code == 302


def test_login_by_password(client, member):
    response = client.post(
        reverse("account_login"), {"login": member.email, "password": "un-mot-de-passe-solide"}
    )
    assert response.status_code == 302
    assert client.get(reverse("portal:dashboard")).status_code == 200


def test_profile_update_and_language(client, member):
    client.force_login(member)
    response = client.post(
        reverse("accounts:profile"),
        {"display_name": " Fatou D. ", "preferred_language": "en", "category": "parent"},
    )
    assert response.status_code == 302 and response.cookies["django_language"].value == "en"
    member.refresh_from_db()
    assert member.display_name == "Fatou D." and member.preferred_language == "en"


def test_profile_bad_category_changes_nothing(client, member):
    client.force_login(member)
    response = client.post(
        reverse("accounts:profile"),
        {"display_name": "X", "preferred_language": "fr", "category": "roi"},
    )
    assert (
        response.status_code == 200 and "Sélectionnez un choix valide" in response.content.decode()
    )
    member.refresh_from_db()
    assert member.display_name == "Fatou"


def test_dashboard_lists_groups_and_national_queue(client, group, member, national):
    client.force_login(member)
    assert group.name in client.get(reverse("portal:dashboard")).content.decode()
    client.force_login(national)
    assert "Examiner les demandes" in client.get(reverse("portal:dashboard")).content.decode()


def test_dashboard_needs_login(client):
    assert client.get(reverse("portal:dashboard")).status_code == 302


def test_the_language_picker_keeps_the_choice_in_the_profile(client, member):
    client.force_login(member)
    response = client.post(reverse("accounts:language"), {"language": "tr", "next": "/"})
    assert response.status_code == 302 and response.cookies["django_language"].value == "tr"
    member.refresh_from_db()
    assert member.preferred_language == "tr"


def test_a_language_not_offered_changes_nothing(client, member):
    client.force_login(member)
    response = client.post(reverse("accounts:language"), {"language": "xx", "next": "/"})
    assert response.status_code == 302 and "django_language" not in response.cookies
    member.refresh_from_db()
    assert member.preferred_language == "fr"


@pytest.mark.django_db
def test_the_language_picker_needs_no_account_and_only_posts(client):
    response = client.post(reverse("accounts:language"), {"language": "ar", "next": "/"})
    assert response.cookies["django_language"].value == "ar"
    assert client.get(reverse("accounts:language")).status_code == 405
