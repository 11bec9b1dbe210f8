"""Partnerships' writes: what they keep, and bad input refused with a French message, nothing
written."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from mille.partnerships import services
from mille.partnerships.models import (
    Acknowledgement,
    ActionFollowUp,
    Contact,
    ConventionVersion,
    IndicatorValue,
    LevelChange,
    Meeting,
    Partnership,
    ThreadHolding,
)
from mille.workshops.models import Action
from tests.factories import make_group
from tests.partnerships.conftest import structure


def test_a_partnership_needs_a_structure_of_the_groups_inventory(group, coordinator, other_group):
    elsewhere = structure(other_group, other_group.memberships.get().user, "École de Roubaix")
    with pytest.raises(ValidationError, match="état des lieux"):
        services.partnership_create(group=group, actor=coordinator, structure=elsewhere)
    assert not Partnership.objects.exists()


def test_only_facilitators_create_and_change(group, member, partnership, school):
    with pytest.raises(PermissionDenied):
        services.partnership_update(partnership=partnership, actor=member, purpose="x")
    with pytest.raises(ValidationError, match="déjà un partenariat"):
        services.partnership_create(group=group, actor=partnership.created_by, structure=school)


def test_level_history_is_kept(partnership, coordinator):
    services.partnership_level_change(
        partnership=partnership, actor=coordinator, level="intermediate", note="Le café"
    )
    assert [c.level for c in LevelChange.objects.filter(partnership=partnership)] == [
        "minimal",
        "intermediate",
    ]
    with pytest.raises(ValidationError, match="déjà à ce niveau"):
        services.partnership_level_change(
            partnership=partnership, actor=coordinator, level="intermediate"
        )
    with pytest.raises(ValidationError):
        services.partnership_level_change(partnership=partnership, actor=coordinator, level="top")
    assert LevelChange.objects.filter(partnership=partnership).count() == 2


def test_hand_over_keeps_the_history_and_the_note(partnership, coordinator):
    services.thread_hand_over(
        partnership=partnership,
        actor=coordinator,
        holder="M. Martin",
        side="partner",
        on=datetime.date(2024, 9, 2),
    )
    services.thread_hand_over(
        partnership=partnership,
        actor=coordinator,
        holder="Mme Lefebvre",
        side="partner",
        note="Présenter le café des parents dès la rentrée.",
        on=datetime.date(2025, 9, 1),
    )
    old, new = ThreadHolding.objects.filter(partnership=partnership).order_by("since")
    assert old.until == datetime.date(2025, 9, 1) and "café" in old.handover_note
    assert new.until is None and new.holder == "Mme Lefebvre"
    with pytest.raises(ValidationError):
        services.thread_hand_over(
            partnership=partnership,
            actor=coordinator,
            holder="Quelqu'un",
            side="partner",
            on=datetime.date(2025, 1, 1),
        )
    assert ThreadHolding.objects.count() == 2


def test_a_contact_who_leaves_stays_in_the_history(partnership, coordinator):
    contact = services.contact_add(
        partnership=partnership,
        actor=coordinator,
        name="M. Martin",
        role="head",
        since=datetime.date(2019, 9, 1),
    )
    with pytest.raises(ValidationError):
        services.contact_leave(
            contact=contact, actor=coordinator, left_on=datetime.date(2018, 1, 1)
        )
    services.contact_leave(contact=contact, actor=coordinator, left_on=datetime.date(2025, 7, 4))
    assert Contact.objects.get().left_on == datetime.date(2025, 7, 4)
    with pytest.raises(ValidationError):
        services.contact_add(partnership=partnership, actor=coordinator, name="", role="head")
    with pytest.raises(ValidationError):
        services.contact_add(partnership=partnership, actor=coordinator, name="X", role="king")


def test_expectations_by_side_and_aspect(partnership, coordinator):
    services.expectations_save(
        partnership=partnership,
        actor=coordinator,
        texts={("group", "availability"): "Une enseignante au café", ("partner", "limit"): ""},
    )
    assert partnership.expectations.get().text == "Une enseignante au café"
    services.expectations_save(
        partnership=partnership, actor=coordinator, texts={("group", "availability"): "  "}
    )
    assert not partnership.expectations.exists()
    with pytest.raises(ValidationError):
        services.expectations_save(
            partnership=partnership, actor=coordinator, texts={("school", "availability"): "x"}
        )


def _convention(partnership, actor, **extra):
    return services.convention_write(
        partnership=partnership,
        actor=actor,
        objectives="Ouvrir l'école aux parents.",
        rhythm_weeks=6,
        parts=[{"party": "Le groupe", "brings": ["premises", "time"]}],
        **extra,
    )


def test_convention_versions_and_acknowledgements(partnership, coordinator, partner):
    first = _convention(partnership, coordinator)
    assert first.number == 1 and partnership.meeting_every_weeks == 6
    services.convention_acknowledge(version=first, actor=partner)
    services.convention_acknowledge(version=first, actor=coordinator)
    assert {a.party for a in Acknowledgement.objects.all()} == {
        partnership.structure.name,
        partnership.group.name,
    }
    with pytest.raises(ValidationError, match="déjà pris connaissance"):
        services.convention_acknowledge(version=first, actor=partner)
    second = _convention(partnership, coordinator)
    assert second.number == 2
    # An old version cannot be acknowledged any more.
    first.refresh_from_db()
    with pytest.raises(ValidationError, match="version 2"):
        services.convention_acknowledge(version=first, actor=partner)
    assert Acknowledgement.objects.count() == 2


def test_convention_bad_input_writes_nothing(partnership, coordinator, member):
    with pytest.raises(ValidationError):
        services.convention_write(
            partnership=partnership, actor=coordinator, objectives="", parts=[]
        )
    with pytest.raises(ValidationError):
        services.convention_write(
            partnership=partnership,
            actor=coordinator,
            objectives="x",
            parts=[{"party": "Nous", "brings": ["gold"]}],
        )
    with pytest.raises(ValidationError, match="1 à 52"):
        services.convention_write(
            partnership=partnership,
            actor=coordinator,
            objectives="x",
            rhythm_weeks=60,
            parts=[{"party": "Nous"}],
        )
    with pytest.raises(PermissionDenied):
        _convention(partnership, member)
    assert not ConventionVersion.objects.exists()


def test_a_past_meeting_needs_its_minutes(partnership, coordinator):
    past = timezone.now() - datetime.timedelta(days=3)
    with pytest.raises(ValidationError, match="compte rendu"):
        services.meeting_save(partnership=partnership, actor=coordinator, starts_at=past)
    assert not Meeting.objects.exists()
    meeting = services.meeting_save(
        partnership=partnership,
        actor=coordinator,
        starts_at=past,
        minutes="On a parlé du café.",
        attendance={"parents": 6, "school": 2, "city": None},
    )
    assert meeting.attendance == {"parents": 6, "school": 2}
    with pytest.raises(ValidationError, match="0 à 1000"):
        services.meeting_save(
            partnership=partnership,
            actor=coordinator,
            starts_at=timezone.now() + datetime.timedelta(days=3),
            attendance={"parents": -2},
        )
    assert Meeting.objects.count() == 1


def test_meetings_of_another_group_cannot_point_to_our_actions(
    partnership, coordinator, other_group, action
):
    other = make_group(name="Parents du Nord", insee=("59512",))
    other_coordinator = other.memberships.get().user
    theirs = services.partnership_create(
        group=other,
        actor=other_coordinator,
        structure=structure(other, other_coordinator, "École de Roubaix"),
    )
    with pytest.raises(ValidationError, match="pas celles du groupe"):
        services.meeting_save(
            partnership=theirs,
            actor=other_coordinator,
            starts_at=timezone.now() + datetime.timedelta(days=3),
            next_actions=[action],
        )


def test_an_action_needs_a_partner_of_the_group(group, coordinator, partnership, other_group):
    with pytest.raises(ValidationError, match="au moins un partenaire"):
        services.action_create_direct(group=group, actor=coordinator, title="Café", partnerships=[])
    other_coordinator = other_group.memberships.get().user
    theirs = services.partnership_create(
        group=other_group,
        actor=other_coordinator,
        structure=structure(other_group, other_coordinator, "École de Roubaix"),
    )
    with pytest.raises(ValidationError, match="pas ceux du groupe"):
        services.action_create_direct(
            group=group, actor=coordinator, title="Café", partnerships=[theirs]
        )
    assert not Action.objects.filter(group=group).exists()


def test_counts_are_never_below_zero(action, coordinator, partnership):
    with pytest.raises(ValidationError, match="jamais de noms"):
        services.follow_up_save(
            action=action, actor=coordinator, partnerships=[partnership], children_count=-1
        )
    assert ActionFollowUp.objects.get(action=action).children_count == 20
    with pytest.raises(ValidationError, match="fin"):
        services.follow_up_save(
            action=action,
            actor=coordinator,
            partnerships=[partnership],
            starts_on=datetime.date(2026, 3, 1),
            ends_on=datetime.date(2026, 2, 1),
        )


def test_indicators_and_their_values(action, coordinator, partner, member):
    indicator = services.indicator_add(action=action, actor=coordinator, kind="attendance")
    assert indicator.label.startswith("Assiduité")
    services.indicator_value_add(
        indicator=indicator, actor=partner, measured_on=datetime.date(2026, 10, 1), number=12
    )
    for bad in (
        {"measured_on": datetime.date(2026, 10, 1), "number": -3},
        {"measured_on": None, "number": 3},
        {"measured_on": datetime.date(2026, 10, 1)},
        {"measured_on": timezone.localdate() + datetime.timedelta(days=5), "number": 3},
    ):
        with pytest.raises(ValidationError):
            services.indicator_value_add(indicator=indicator, actor=coordinator, **bad)
    with pytest.raises(PermissionDenied):
        services.indicator_value_add(
            indicator=indicator, actor=member, measured_on=datetime.date(2026, 10, 1), number=1
        )
    assert IndicatorValue.objects.count() == 1


def test_documents_are_recognised_by_their_bytes(action, coordinator):
    document = services.document_add(
        action=action, actor=coordinator, title="", name="programme.pdf", content=b"%PDF-1.4 x"
    )
    assert document.content_type == "application/pdf" and document.title == "programme.pdf"
    with pytest.raises(ValidationError, match="pas accepté"):
        services.document_add(
            action=action, actor=coordinator, title="", name="photo.pdf", content=b"MZ\x90\x00"
        )
    with pytest.raises(ValidationError, match="trop lourd"):
        services.document_add(
            action=action,
            actor=coordinator,
            title="",
            name="gros.pdf",
            content=b"%PDF" + b"0" * (10 * 1024 * 1024),
        )
    assert action.documents.count() == 1
