"""Every figure of the observatory, traced to a query of its own and checked against the small
network of conftest.py: exact figures first, then what the public sees (`mille.observatory.publication`)."""

from datetime import date

import pytest
from django.db.models import Q, Sum

from mille.groups.models import CriterionAssessment, LocalGroup, Membership
from mille.inventory.models import Outing
from mille.observatory import figures, publication
from mille.partnerships.models import ActionFollowUp, Partnership
from mille.workshops.models import (
    Action,
    Participant,
    PeerGroup,
    RoomCount,
    Statement,
    Vote,
    Workshop,
)

pytestmark = pytest.mark.django_db


def column(raw: figures.RawFigures, ident: str, index: int = 0) -> dict[str, int]:
    (table,) = [table for table in raw.tables if table.ident == ident]
    return {label: counts[index] for label, counts in table.rows}


def total(raw: figures.RawFigures, ident: str) -> tuple[int, ...]:
    (table,) = [table for table in raw.tables if table.ident == ident]
    return table.totals


def key(raw: figures.RawFigures) -> dict[str, int]:
    return {figure.ident: figure.count for figure in raw.key}


def in_59(queryset, path="group__"):
    return queryset.filter(**{f"{path}departement_id": "59"})


def test_groups_by_recognition_and_criteria(network):
    raw = figures.compute(None)
    assert column(raw, "groupes") == {
        "Reconnaissance non demandée": 1,
        "Reconnaissance en examen": 1,
        "Reconnaissance à revoir": 0,
        "Groupe reconnu": 1,
    }
    assert total(raw, "groupes") == (LocalGroup.objects.count(),) == (3,)
    met_all = [
        group
        for group in LocalGroup.objects.all()
        if CriterionAssessment.objects.filter(group=group, status="met").count() == 7
    ]
    assert key(raw)["criteres"] == len(met_all) == 1
    assert key(raw)["reconnus"] == LocalGroup.objects.filter(recognition="recognised").count()
    nord = figures.compute("59")
    assert key(nord)["groupes"] == LocalGroup.objects.filter(departement_id="59").count() == 2


def test_group_trends_count_the_last_two_years(network):
    raw = figures.compute(None)
    created = column(raw, "groupes-tendance", 0)
    recognised = column(raw, "groupes-tendance", 1)
    assert len(created) == figures.QUARTERS
    # Saint-Étienne was created three years ago: outside the window.
    assert sum(created.values()) == 2
    assert sum(recognised.values()) == 1


def test_members_counted_once_by_category(network):
    raw = figures.compute(None)
    by_category = column(raw, "membres")
    for code, label in (("parent", "Parent"), ("school_staff", "Personnel de l'école")):
        expected = Membership.objects.filter(category=code).values("user").distinct().count()
        assert by_category[label] == expected
    assert by_category["Parent"] == 15  # the parent in two groups counts once
    assert by_category["Élu ou élue"] == 1
    people = Membership.objects.values("user").distinct().count()
    assert total(raw, "membres") == (people,) == (19,)
    assert key(raw)["membres"] == 19
    nord = figures.compute("59")
    assert total(nord, "membres") == (in_59(Membership.objects).values("user").distinct().count(),)
    assert column(nord, "membres")["Parent"] == 9
    assert sum(column(raw, "membres-tendance").values()) == 19


def test_workshops_by_phase_and_peer_groups(network):
    raw = figures.compute(None)
    phases = column(raw, "ateliers")
    assert phases["Préparation"] == Workshop.objects.filter(phase="preparation").count() == 1
    assert phases["Travail entre pairs"] == 1 and phases["Atelier terminé"] == 1
    assert phases["Croisement"] == 0
    assert total(raw, "ateliers") == (Workshop.objects.count(),)
    workshops = column(raw, "groupes-de-pairs", 0)
    people = column(raw, "groupes-de-pairs", 1)
    assert workshops == {
        "Parents": PeerGroup.objects.filter(name="Parents").values("workshop").distinct().count(),
        "Enseignants": 1,
    }
    assert people == {
        "Parents": Participant.objects.filter(peer_group__name="Parents").count(),
        "Enseignants": 3,
    }
    assert people["Parents"] == 8


def test_participants_and_the_share_without_an_account(network):
    raw = figures.compute(None)
    assert raw.participants == Participant.objects.count() == 11
    assert raw.without_account == Participant.objects.filter(user__isnull=True).count() == 9
    assert key(raw)["participants"] == 11
    assert publication.publish(raw, exact_counts=True).share_without_account == 82
    # Two participants with an account: the public share would give them away.
    assert publication.publish(raw, exact_counts=False).share_without_account is None
    trend = column(raw, "ateliers-tendance", 1)
    assert sum(trend.values()) == 11


def test_statements_and_votes(network):
    raw = figures.compute(None)
    figures_by_key = key(raw)
    in_vote = Statement.objects.filter(hidden=False, merged_into__isnull=True)
    assert figures_by_key["enonces"] == in_vote.count() == 2
    assert figures_by_key["votes"] == Vote.objects.count() == 12
    assert figures_by_key["votants"] == Vote.objects.values("participant").distinct().count() == 6
    hands = RoomCount.objects.aggregate(a=Sum("agree"), d=Sum("disagree"), p=Sum("passes"))
    assert figures_by_key["votes-salle"] == sum(hands.values()) == 4
    assert sum(column(raw, "enonces-tendance", 0).values()) == 2
    assert sum(column(raw, "enonces-tendance", 1).values()) == 12


def test_actions_by_status_and_scheme(network):
    raw = figures.compute(None)
    statuses = column(raw, "actions")
    assert statuses == {
        "Prévue": Action.objects.filter(status="planned").count(),
        "En cours": 1,
        "Réalisée": 1,
        "Abandonnée": 0,
    }
    schemes = column(raw, "actions-dispositifs")
    clas = [f for f in ActionFollowUp.objects.all() if "clas" in f.schemes]
    assert schemes["CLAS (accompagnement à la scolarité)"] == len(clas) == 2
    assert schemes["REP"] == 1
    assert (
        schemes["Sans dispositif"]
        == Action.objects.filter(Q(follow_up__isnull=True) | Q(follow_up__schemes=[])).count()
    )
    assert schemes["Sans dispositif"] == 1
    assert sum(column(raw, "actions-tendance").values()) == 3


def test_partnerships_by_level_and_outreach(network):
    raw = figures.compute(None)
    assert column(raw, "partenariats") == {
        "Minimal": Partnership.objects.filter(level="minimal").count(),
        "Intermédiaire": 1,
        "Maximal": 1,
    }
    assert key(raw)["sorties"] == Outing.objects.count() == 2
    assert key(raw)["rencontres"] == Outing.objects.aggregate(n=Sum("people_met"))["n"] == 12
    loire = figures.compute("42")
    assert column(loire, "partenariats")["Intermédiaire"] == 1
    assert key(loire)["sorties"] == 0


def test_quarters_end_with_the_current_one():
    assert figures.quarters_until(date(2026, 2, 10), 3) == [(2025, 3), (2025, 4), (2026, 1)]


def test_the_public_sees_protected_figures_and_the_national_coordination_exact_ones(network):
    raw = figures.compute("59")
    public = publication.publish(raw, exact_counts=False)
    members = public.table("membres")
    cells = {label: cell for label, (cell,) in members.rows}
    assert cells["Parent"].value == 10  # 9, rounded to 5
    assert cells["Personnel de l'école"].suppressed  # 2
    assert cells["Élu ou élue"].suppressed  # 1
    assert cells["Jeune de 15 ans ou plus"].value == 0
    assert members.totals[0].value == 15  # 13, rounded
    # Groups, workshops, actions and partnerships are not people: exact for everyone.
    assert [cell.value for _l, (cell,) in public.table("groupes").rows] == [0, 1, 0, 1]
    exact = publication.publish(raw, exact_counts=True)
    cells = {label: cell for label, (cell,) in exact.table("membres").rows}
    assert cells["Personnel de l'école"].value == 2 and cells["Parent"].value == 9


def test_figures_are_cached_a_while(network, django_assert_num_queries):
    figures.raw_figures(None)
    with django_assert_num_queries(0):
        figures.raw_figures(None)
