from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mille.groups import services
from mille.groups.models import (
    Criterion,
    CriterionAssessment,
    JoinRequest,
    LocalGroup,
    Membership,
    Recognition,
    RecognitionEvent,
    Role,
)
from mille.territories.models import Commune
from tests.factories import UserFactory, add_member, make_group

pytestmark = pytest.mark.django_db


def communes(*codes):
    return list(Commune.objects.filter(insee__in=codes).order_by("insee"))


class TestGroupCreate:
    def test_creator_becomes_coordinator_and_territory_is_derived(self):
        user = UserFactory(category="school_staff")
        group = services.group_create(
            creator=user,
            name="  Parents de Lille et Roubaix ",
            communes=communes("59350", "59512"),
            anchors=[("centre_social", "Centre social Mosaïque")],
        )
        assert group.name == "Parents de Lille et Roubaix"
        assert group.departement_id == "59"
        assert set(group.communes.values_list("insee", flat=True)) == {"59350", "59512"}
        lille, roubaix = communes("59350", "59512")
        assert group.latitude == pytest.approx((lille.latitude + roubaix.latitude) / 2)
        membership = Membership.objects.get(group=group)
        assert (membership.user, membership.role, membership.category) == (
            user,
            Role.COORDINATOR,
            "school_staff",
        )
        assert group.anchors.get().name == "Centre social Mosaïque"
        assert CriterionAssessment.objects.filter(group=group).count() == len(Criterion.values)
        assert "roubaix" in group.search_text and "59100" in group.search_text

    def test_no_commune_is_refused_and_writes_nothing(self):
        with pytest.raises(ValidationError) as error:
            services.group_create(creator=UserFactory(), name="Sans territoire", communes=[])
        assert "au moins une commune" in str(error.value)
        assert not LocalGroup.objects.exists()

    def test_duplicate_name_in_same_commune_is_refused(self):
        make_group(name="Parents et école", insee=("59350",))
        with pytest.raises(ValidationError) as error:
            services.group_create(
                creator=UserFactory(), name="PARENTS ET ÉCOLE", communes=communes("59350", "59512")
            )
        assert "existe déjà à Lille" in str(error.value)
        assert LocalGroup.objects.count() == 1

    def test_same_name_elsewhere_is_allowed_with_distinct_slug(self):
        first = make_group(name="Parents et école", insee=("59350",))
        second = make_group(name="Parents et école", insee=("42218",))
        assert first.slug != second.slug


class TestLastCoordinator:
    def test_sole_coordinator_cannot_step_down_or_leave(self, group, coordinator):
        membership = Membership.objects.get(group=group, user=coordinator)
        with pytest.raises(ValidationError):
            services.membership_role_change(
                membership=membership, actor=coordinator, role=Role.MEMBER
            )
        with pytest.raises(ValidationError):
            services.membership_remove(membership=membership, actor=coordinator)
        membership.refresh_from_db()
        assert membership.role == Role.COORDINATOR

    def test_can_step_down_once_another_coordinator_exists(self, group, coordinator, member):
        other = Membership.objects.get(group=group, user=member)
        services.membership_role_change(membership=other, actor=coordinator, role=Role.COORDINATOR)
        mine = Membership.objects.get(group=group, user=coordinator)
        services.membership_role_change(membership=mine, actor=coordinator, role=Role.MEMBER)
        assert group.memberships.filter(role=Role.COORDINATOR).count() == 1

    def test_unknown_role_is_refused(self, group, coordinator, member):
        with pytest.raises(ValidationError):
            services.membership_role_change(
                membership=Membership.objects.get(user=member), actor=coordinator, role="king"
            )


class TestInvitations:
    def test_accept_makes_member_and_counts_use(self, group, coordinator, outsider):
        invitation = services.invitation_create(
            group=group, actor=coordinator, role=Role.FACILITATOR
        )
        membership = services.invitation_accept(invitation=invitation, user=outsider)
        assert membership.role == Role.FACILITATOR
        invitation.refresh_from_db()
        assert invitation.uses == 1

    def test_expired_invitation_is_refused_and_writes_nothing(self, group, coordinator, outsider):
        invitation = services.invitation_create(group=group, actor=coordinator)
        invitation.expires_at = timezone.now() - timedelta(minutes=1)
        invitation.save()
        with pytest.raises(services.InvitationError) as error:
            services.invitation_accept(invitation=invitation, user=outsider)
        assert "expiré" in str(error.value)
        assert not Membership.objects.filter(user=outsider).exists()

    def test_revoked_invitation_is_refused(self, group, coordinator, outsider):
        invitation = services.invitation_revoke(
            invitation=services.invitation_create(group=group, actor=coordinator),
            actor=coordinator,
        )
        with pytest.raises(services.InvitationError) as error:
            services.invitation_accept(invitation=invitation, user=outsider)
        assert "annulé" in str(error.value)
        assert not Membership.objects.filter(user=outsider).exists()

    def test_coordinator_role_cannot_be_given_by_link(self, group, coordinator):
        with pytest.raises(ValidationError):
            services.invitation_create(group=group, actor=coordinator, role=Role.COORDINATOR)

    @pytest.mark.parametrize("days", [0, 91])
    def test_duration_is_bounded(self, group, coordinator, days):
        with pytest.raises(ValidationError):
            services.invitation_create(group=group, actor=coordinator, days=days)


class TestJoinRequests:
    def test_request_then_accept(self, group, coordinator, outsider):
        request = services.join_request_create(group=group, user=outsider, message="Bonjour")
        with pytest.raises(ValidationError):
            services.join_request_create(group=group, user=outsider)
        services.join_request_decide(request=request, actor=coordinator, accept=True)
        assert Membership.objects.filter(group=group, user=outsider, role=Role.MEMBER).exists()
        with pytest.raises(ValidationError):
            services.join_request_decide(request=request, actor=coordinator, accept=False)

    def test_refuse(self, group, coordinator, outsider):
        request = services.join_request_create(group=group, user=outsider)
        services.join_request_decide(request=request, actor=coordinator, accept=False)
        assert JoinRequest.objects.get().status == JoinRequest.Status.REFUSED
        assert not Membership.objects.filter(user=outsider).exists()

    def test_member_cannot_request(self, group, member):
        with pytest.raises(ValidationError):
            services.join_request_create(group=group, user=member)


class TestRecognition:
    def test_submission_needs_the_charter(self, group, coordinator):
        with pytest.raises(ValidationError):
            services.recognition_submit(group=group, actor=coordinator)
        services.charter_commit(group=group, actor=coordinator)
        group.refresh_from_db()
        assert group.charter_committed_by == coordinator
        services.recognition_submit(group=group, actor=coordinator)
        group.refresh_from_db()
        assert group.recognition == Recognition.SUBMITTED

    def test_return_needs_a_comment_then_recognise(self, group, coordinator, national):
        services.charter_commit(group=group, actor=coordinator)
        services.recognition_submit(group=group, actor=coordinator)
        with pytest.raises(ValidationError):
            services.recognition_decide(
                group=group, reviewer=national, recognise=False, comment="  "
            )
        services.recognition_decide(
            group=group, reviewer=national, recognise=False, comment="Précisez le critère 2."
        )
        group.refresh_from_db()
        assert group.recognition == Recognition.RETURNED
        assert group.recognition_comment == "Précisez le critère 2."
        services.recognition_submit(group=group, actor=coordinator)
        services.recognition_decide(group=group, reviewer=national, recognise=True)
        group.refresh_from_db()
        assert group.is_recognised and group.recognised_at
        assert list(
            RecognitionEvent.objects.filter(group=group).values_list("kind", flat=True)
        ) == [
            "recognised",
            "submitted",
            "returned",
            "submitted",
        ]

    def test_criterion_assessment_validates(self, group, coordinator):
        services.criterion_assess(
            group=group, actor=coordinator, criterion=2, status="met", evidence="Réunion"
        )
        assert group.assessments.get(criterion=2).status == "met"
        with pytest.raises(ValidationError):
            services.criterion_assess(
                group=group, actor=coordinator, criterion=9, status="met", evidence=""
            )
        with pytest.raises(ValidationError):
            services.criterion_assess(
                group=group, actor=coordinator, criterion=2, status="done", evidence=""
            )


def test_shown_publicly_only_for_coordinators(group, member):
    membership = Membership.objects.get(user=member)
    services.membership_preferences_update(
        membership=membership, actor=member, category="parent", shown_publicly=True
    )
    membership.refresh_from_db()
    assert membership.shown_publicly is False


def test_group_update_recomputes_territory(group, coordinator):
    services.group_update(
        group=group, actor=coordinator, name=group.name, communes=communes("42218")
    )
    group.refresh_from_db()
    assert group.departement_id == "42" and group.territory_label == "Saint-Étienne"


def test_add_member_helper_roles(group):
    membership = add_member(group, role=Role.FACILITATOR)
    assert membership.role == Role.FACILITATOR
