"""Reads that gather several apps for one page."""

from mille.accounts.models import User
from mille.groups.selectors import groups_of_user, network_figures, recognition_queue
from mille.network.selectors.departements import departements_of
from mille.network.selectors.events import events_organised_by, registrations_of
from mille.partnerships.selectors import partnerships_of_representative
from mille.workshops.selectors import workshops_of_user


def home_figures() -> dict:
    """The network's headline figures on the home page (each app's figures are cached by it)."""
    return network_figures()


def dashboard(user: User) -> dict:
    """What a signed-in person finds in « Mon espace »: their groups, their workshops, the
    partnerships they follow for a partner, the gatherings they are registered for or organise,
    the départements they are référent of and, for the national coordination, what waits for
    them."""
    return {
        "memberships": groups_of_user(user),
        "partner_roles": list(partnerships_of_representative(user)),
        "workshops": workshops_of_user(user),
        "queue_size": recognition_queue().count() if user.is_national_coordinator else None,
        "registrations": registrations_of(user),
        "organised": list(events_organised_by(user)[:10]),
        "referent_of": departements_of(user),
    }
