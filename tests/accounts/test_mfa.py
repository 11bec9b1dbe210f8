"""Two-factor authentication: offered to every account, required of the national coordination."""

import time

import pytest
from allauth.mfa.adapter import get_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _opens(response) -> bool:
    """The page shows, or allauth first asks to confirm the password (a fresh log-in)."""
    return response.status_code == 200 or response["Location"].startswith(
        reverse("account_reauthenticate")
    )


def _totp_for(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def test_profile_offers_a_second_factor(client, member):
    client.force_login(member)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert reverse("mfa_index") in page
    assert _opens(client.get(reverse("mfa_activate_totp")))


def test_not_required_by_default_in_development(client, national, settings):
    settings.MFA_REQUIRED_FOR_NATIONAL = False
    client.force_login(national)
    assert client.get(reverse("portal:dashboard")).status_code == 200


def test_national_coordination_must_set_up_a_second_factor(client, national, settings):
    settings.MFA_REQUIRED_FOR_NATIONAL = True
    client.force_login(national)
    response = client.get(reverse("portal:dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    # htmx requests are sent to the same page rather than swapped in place.
    response = client.get(reverse("portal:dashboard"), headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == reverse("mfa_activate_totp")
    # The account pages stay open: to set it up, or to leave.
    assert _opens(client.get(reverse("mfa_activate_totp")))
    assert client.get(reverse("account_logout")).status_code == 200


def test_a_coordinator_with_a_second_factor_goes_in_and_cannot_remove_it(
    client, national, settings
):
    settings.MFA_REQUIRED_FOR_NATIONAL = True
    _totp_for(national)
    client.force_login(national)
    assert client.get(reverse("portal:dashboard")).status_code == 200
    authenticator = Authenticator.objects.get(user=national, type=Authenticator.Type.TOTP)
    assert not get_adapter().can_delete_authenticator(authenticator)
    settings.MFA_REQUIRED_FOR_NATIONAL = False
    assert get_adapter().can_delete_authenticator(authenticator)


def test_other_accounts_are_never_forced(client, coordinator, settings):
    settings.MFA_REQUIRED_FOR_NATIONAL = True
    client.force_login(coordinator)
    assert client.get(reverse("portal:dashboard")).status_code == 200


def test_login_asks_for_the_code_once_activated(client, member):
    member.set_password("un mot de passe long")
    member.save()
    secret = _totp_for(member)
    response = client.post(
        reverse("account_login"), {"login": member.email, "password": "un mot de passe long"}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)
