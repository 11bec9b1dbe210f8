from dataclasses import dataclass
from datetime import date

import pytest

from mille.governance import services
from mille.governance.models import Body, BodyKind, MemberAssociation, Seat, SeatRole
from tests.factories import UserFactory


@pytest.fixture
def assistant(db):
    return UserFactory(
        email="assistance@example.org", display_name="Assistance", is_coordination_assistant=True
    )


@pytest.fixture
def plenary(db):
    return Body.objects.create(kind=BodyKind.PLENARY, mission="Définit les orientations.")


@pytest.fixture
def representative(plenary):
    """Paul, elected by the FCPE to the Assemblée plénière."""
    person = UserFactory(email="fcpe@example.org", display_name="Paul")
    fcpe = MemberAssociation.objects.create(name="FCPE", website="https://www.fcpe.asso.fr")
    fcpe.representatives.add(person)
    Seat.objects.create(
        body=plenary,
        user=person,
        association=fcpe,
        role=SeatRole.ELECTED,
        start_on=date(2024, 1, 1),
    )
    return person


@dataclass
class Governance:
    meeting: object
    decision: object


@pytest.fixture
def governance(plenary, assistant, representative):
    meeting = services.meeting_create(
        body=plenary,
        actor=assistant,
        held_on=date(2025, 3, 14),
        place="Paris",
        online=False,
        agenda=["Bilan de l'année", "", "  Les orientations  "],
    )
    decision = services.decision_record(
        meeting=meeting,
        actor=assistant,
        title="Priorité aux familles éloignées de l'école",
        text="Chaque association relaie la démarche.",
    )
    return Governance(meeting, decision)


@pytest.fixture
def sent_report(group, coordinator):
    report = services.report_create(
        group=group,
        actor=coordinator,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 6, 30),
        happened="Deux ateliers.",
        needs="Une formation.",
    )
    return services.report_send(report=report, actor=coordinator)


@pytest.fixture
def draft_report(group, coordinator):
    return services.report_create(
        group=group,
        actor=coordinator,
        period_start=date(2025, 7, 1),
        period_end=date(2025, 12, 31),
        happened="Un café des parents.",
        needs="",
    )
