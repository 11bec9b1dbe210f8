"""Who may do what in the network's life. Predicates take (user), (user, event), (user, group),
(user, departement), (user, request) or (user, survey).

A « référent départemental » holds its role here (`Referent`), never as a group membership: it
follows the groups of its département through this app's pages (their recognition file, their
requests, the gatherings it convenes) and sees nothing of a group's private pages.
"""

import rules

from mille.accounts.rules import is_active_user, is_national_coordinator
from mille.groups.models import Membership, Role
from mille.groups.rules import is_group_facilitator
from mille.network.models import (
    Audience,
    EventLevel,
    EventStatus,
    Referent,
    SurveyStatus,
)


def _active(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


def referent_departements(user) -> frozenset[str]:
    """The codes of the départements the user is référent of (looked up once per request user)."""
    if not _active(user):
        return frozenset()
    if "_referent_memo" not in user.__dict__:
        user.__dict__["_referent_memo"] = frozenset(
            Referent.objects.filter(user=user, revoked_at__isnull=True).values_list(
                "departement_id", flat=True
            )
        )
    return user.__dict__["_referent_memo"]


def facilitated_group_ids(user) -> frozenset[int]:
    if not _active(user):
        return frozenset()
    if "_facilitated_memo" not in user.__dict__:
        user.__dict__["_facilitated_memo"] = frozenset(
            Membership.objects.filter(
                user=user, role__in=[Role.COORDINATOR, Role.FACILITATOR]
            ).values_list("group_id", flat=True)
        )
    return user.__dict__["_facilitated_memo"]


@rules.predicate
def is_referent(user) -> bool:
    return bool(referent_departements(user))


@rules.predicate
def is_referent_of(user, departement) -> bool:
    return departement is not None and departement.pk in referent_departements(user)


@rules.predicate
def follows_the_group(user, group) -> bool:
    return group is not None and group.departement_id in referent_departements(user)


@rules.predicate
def facilitates_a_group(user) -> bool:
    return bool(facilitated_group_ids(user))


@rules.predicate
def is_member_of_a_group(user) -> bool:
    return _active(user) and Membership.objects.filter(user=user).exists()


# --- Events


@rules.predicate
def is_published(user, event) -> bool:
    return event is not None and event.status != EventStatus.DRAFT


@rules.predicate
def takes_registrations(user, event) -> bool:
    return event is not None and event.status == EventStatus.PUBLISHED


@rules.predicate
def organises_the_event(user, event) -> bool:
    """The référent of the event's département (any level below national), or a facilitator of
    the group whose own occasion it is."""
    if event is None or not _active(user):
        return False
    if event.level != EventLevel.NATIONAL and event.departement_id in referent_departements(user):
        return True
    return event.group_id is not None and event.group_id in facilitated_group_ids(user)


@rules.predicate
def convenes_in_its_departement(user, event) -> bool:
    return (
        event is not None
        and event.level == EventLevel.DEPARTEMENTAL
        and event.departement_id in referent_departements(user)
    )


@rules.predicate
def is_departemental(user, event) -> bool:
    return event is not None and event.level == EventLevel.DEPARTEMENTAL


# --- Requests to the national coordination


@rules.predicate
def facilitates_its_group(user, request) -> bool:
    return request is not None and is_group_facilitator(user, request.group)


@rules.predicate
def follows_its_group(user, request) -> bool:
    return request is not None and follows_the_group(user, request.group)


# --- The survey


@rules.predicate
def survey_is_open(user, survey) -> bool:
    return survey is not None and survey.status == SurveyStatus.OPEN


@rules.predicate
def open_to_everyone(user, survey) -> bool:
    return survey is not None and survey.audience == Audience.EVERYONE


@rules.predicate
def open_to_members(user, survey) -> bool:
    return survey is not None and survey.audience == Audience.MEMBERS


@rules.predicate
def open_to_groups(user, survey) -> bool:
    return survey is not None and survey.audience == Audience.ONE_PER_GROUP


@rules.predicate
def survey_is_visible(user, survey) -> bool:
    return survey is not None and survey.status != SurveyStatus.DRAFT


@rules.predicate
def results_are_public(user, survey) -> bool:
    return survey is not None and survey.results_public and survey.status != SurveyStatus.DRAFT


# Gatherings
rules.add_perm("network.add_event", is_national_coordinator | is_referent | facilitates_a_group)
rules.add_perm("network.view_event", is_published | is_national_coordinator | organises_the_event)
rules.add_perm("network.manage_event", is_national_coordinator | organises_the_event)
rules.add_perm("network.register", takes_registrations)
rules.add_perm(
    "network.convene_groups",
    (is_national_coordinator & is_departemental) | convenes_in_its_departement,
)
# The départemental level
rules.add_perm("network.manage_referents", is_national_coordinator)
rules.add_perm("network.follow_departement", is_national_coordinator | is_referent_of)
rules.add_perm("network.follow_group", is_national_coordinator | follows_the_group)
rules.add_perm("network.give_opinion", follows_the_group)
# Requests to the national coordination, and visitors' questions
rules.add_perm("network.ask_coordination", is_group_facilitator)
rules.add_perm(
    "network.list_coordination_requests",
    is_group_facilitator | is_national_coordinator | follows_the_group,
)
rules.add_perm(
    "network.view_request", facilitates_its_group | is_national_coordinator | follows_its_group
)
rules.add_perm("network.write_on_request", facilitates_its_group | is_national_coordinator)
rules.add_perm("network.answer_request", is_national_coordinator)
rules.add_perm("network.answer_questions", is_national_coordinator)
# The newsletter
rules.add_perm("network.compose_newsletter", is_national_coordinator)
# The survey
rules.add_perm("network.build_surveys", is_national_coordinator)
rules.add_perm("network.view_survey", survey_is_visible | is_national_coordinator)
rules.add_perm(
    "network.answer_survey",
    survey_is_open
    & (
        open_to_everyone
        | (open_to_members & is_active_user & is_member_of_a_group)
        | (open_to_groups & facilitates_a_group)
    ),
)
rules.add_perm("network.view_survey_results", results_are_public | is_national_coordinator)
rules.add_perm("network.read_free_text", is_national_coordinator)
