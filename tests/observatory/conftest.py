"""A small network whose every figure is known, with small counts on purpose (two school staff,
one elected member, two participants with an account...), so that suppression has work to do.

Nord (59): Lille-Fives (recognised, the 7 criteria met) and Roubaix (submitted, 6 met).
Loire (42): Saint-Étienne, created three years ago (outside the trends' two years).
"""

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.utils import timezone

from mille.groups.models import (
    Criterion,
    CriterionAssessment,
    CriterionStatus,
    LocalGroup,
    Membership,
    Recognition,
    Role,
)
from mille.inventory.models import Outing, Resource, Visibility
from mille.partnerships.models import ActionFollowUp, Partnership
from mille.territories.models import Commune
from mille.workshops.models import (
    Action,
    ActionStatus,
    Participant,
    PeerGroup,
    Phase,
    RoomCount,
    Statement,
    Vote,
    Workshop,
)
from tests.factories import UserFactory


@dataclass
class Network:
    fives: LocalGroup
    roubaix: LocalGroup
    loire: LocalGroup
    users: dict = field(default_factory=dict)


def _group(name, slug, insee, recognition, created_at, recognised_at=None) -> LocalGroup:
    commune = Commune.objects.get(insee=insee)
    group = LocalGroup.objects.create(
        name=name,
        slug=slug,
        departement_id=commune.departement_id,
        latitude=commune.latitude,
        longitude=commune.longitude,
        territory_label=commune.name,
        recognition=recognition,
        recognised_at=recognised_at,
        created_at=created_at,
    )
    group.communes.add(commune)
    return group


def _members(group, category, count, role=Role.MEMBER) -> list:
    users = [UserFactory() for _ in range(count)]
    for user in users:
        Membership.objects.create(group=group, user=user, category=category, role=role)
    return users


def _participants(workshop, peer_group, count, with_account=0) -> list[Participant]:
    people = []
    for index in range(count):
        user = UserFactory() if index < with_account else None
        people.append(
            Participant.objects.create(
                workshop=workshop,
                peer_group=peer_group,
                nickname=f"P{index}",
                user=user,
                recovery_hash=f"{peer_group.pk}-{index}",
            )
        )
    return people


def _structure(group, name, insee) -> Resource:
    commune = Commune.objects.get(insee=insee)
    return Resource.objects.create(
        group=group,
        name=name,
        category="ecole_elementaire",
        commune=commune,
        departement_id=commune.departement_id,
        latitude=commune.latitude,
        longitude=commune.longitude,
        visibility=Visibility.PUBLIC,
    )


@pytest.fixture
def network(db) -> Network:
    now = timezone.now()
    fives = _group(
        "Lille-Fives",
        "lille-fives",
        "59350",
        Recognition.RECOGNISED,
        now - timedelta(days=200),
        recognised_at=now - timedelta(days=30),
    )
    roubaix = _group(
        "Roubaix", "roubaix", "59512", Recognition.SUBMITTED, now - timedelta(days=100)
    )
    loire = _group(
        "Saint-Étienne",
        "saint-etienne",
        "42218",
        Recognition.NOT_REQUESTED,
        now - timedelta(days=3 * 365),
    )
    for criterion in Criterion.values:
        CriterionAssessment.objects.create(
            group=fives, criterion=criterion, status=CriterionStatus.MET
        )
        CriterionAssessment.objects.create(
            group=roubaix,
            criterion=criterion,
            status=CriterionStatus.MET if criterion < 7 else CriterionStatus.IN_PROGRESS,
        )

    # Members: 7 parents, 2 school staff, 1 socio-educational coordinator at Fives; 3 parents
    # (one of them also at Fives) and 1 elected member at Roubaix; 6 parents in the Loire.
    fives_parents = _members(fives, "parent", 7)
    school_staff = _members(fives, "school_staff", 2)
    (coordinator,) = _members(fives, "socio_educational", 1, role=Role.COORDINATOR)
    roubaix_parents = _members(roubaix, "parent", 2)
    Membership.objects.create(group=roubaix, user=fives_parents[0], category="parent")
    _members(roubaix, "elected", 1)
    _members(loire, "parent", 6)

    # Workshops: two at Fives (peer work, closed), one in the Loire (preparation).
    first = Workshop.objects.create(group=fives, title="Réussir à l'école", phase=Phase.PEER_WORK)
    second = Workshop.objects.create(group=fives, title="Bilan", phase=Phase.CLOSED)
    Workshop.objects.create(group=loire, title="Arbre", phase=Phase.PREPARATION)
    parents = PeerGroup.objects.create(workshop=first, name="Parents")
    teachers = PeerGroup.objects.create(workshop=first, name="Enseignants")
    second_parents = PeerGroup.objects.create(workshop=second, name="Parents")
    loire_parents = PeerGroup.objects.create(
        workshop=Workshop.objects.get(title="Arbre"), name="Parents"
    )
    voters = _participants(first, parents, 6, with_account=2)
    _participants(first, teachers, 3)
    _participants(second, second_parents, 2)
    del loire_parents

    # Statements: three written, one hidden; each of the six parents votes on both in the vote.
    shown = [Statement.objects.create(workshop=first, text=f"Énoncé {n}") for n in (1, 2)]
    Statement.objects.create(workshop=first, text="Caché", hidden=True)
    for statement in shown:
        for voter in voters:
            Vote.objects.create(statement=statement, participant=voter, value=1)
    RoomCount.objects.create(statement=shown[0], peer_group=teachers, agree=3, disagree=1)

    # Actions: two at Fives (running, planned), one done in the Loire.
    running = Action.objects.create(
        group=fives, title="Café des parents", status=ActionStatus.RUNNING
    )
    planned = Action.objects.create(
        group=fives, title="Visite du collège", status=ActionStatus.PLANNED
    )
    Action.objects.create(group=loire, title="Fête de quartier", status=ActionStatus.DONE)
    ActionFollowUp.objects.create(action=running, schemes=["clas", "rep"])
    ActionFollowUp.objects.create(action=planned, schemes=["clas"])

    # Partnerships: minimal and maximal at Fives, intermediate in the Loire.
    for group, name, insee, level in (
        (fives, "École Jules Ferry", "59350", "minimal"),
        (fives, "Centre social Mosaïque", "59350", "maximal"),
        (loire, "Collège Jean Moulin", "42218", "intermediate"),
    ):
        Partnership.objects.create(
            group=group, structure=_structure(group, name, insee), level=level
        )

    # Outings: two at Fives, 3 and 9 people met.
    today = timezone.localdate()
    Outing.objects.create(group=fives, on=today, people_met=3)
    Outing.objects.create(group=fives, on=today, people_met=9)

    return Network(
        fives=fives,
        roubaix=roubaix,
        loire=loire,
        users={
            "member": fives_parents[1],
            "coordinator": coordinator,
            "school_staff": school_staff,
            "roubaix_parents": roubaix_parents,
            "national": UserFactory(email="nationale@example.org", is_national_coordinator=True),
        },
    )
