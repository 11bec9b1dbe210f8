"""Every named permission, one at a time, for every role: the predicates behind the views and the
services. A permission added to an app's `rules.py` without a row here fails."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from rules.permissions import permissions

from mille.api import services as api_services
from mille.governance import services as governance_services
from mille.inventory import services as inventory_services
from mille.library.models import ItemComment
from mille.library.services import comments, submissions
from mille.network.models import Referent
from mille.network.services import events as event_services
from mille.network.services import requests as request_services
from mille.network.services import survey as survey_services
from mille.partnerships import services as partnership_services
from mille.partnerships.models import Representative
from mille.territories.models import Commune, Departement
from mille.workshops import services as workshop_services
from tests.factories import UserFactory, add_member
from tests.library.conftest import EXPERIENCE

ANONYMOUS, INACTIVE, OUTSIDER = "anonymous", "inactive", "outsider"
MEMBER, FACILITATOR, WORKSHOP_FACILITATOR = "member", "facilitator", "workshop_facilitator"
COORDINATOR, OTHER_COORDINATOR, NATIONAL = "coordinator", "other_coordinator", "national"
PARTNER = "partner"  # the representative of the partnership checked: not a member of the group
REFERENT = "referent"  # the référent départemental of the Nord, where the group is
ASSISTANT = "assistant"  # the assistant to the coordination: fewer rights than the national one
ROLES = (
    ASSISTANT,
    PARTNER,
    ANONYMOUS,
    INACTIVE,
    OUTSIDER,
    MEMBER,
    FACILITATOR,
    WORKSHOP_FACILITATOR,
    COORDINATOR,
    OTHER_COORDINATOR,
    NATIONAL,
    REFERENT,
)
SIGNED_IN = {OUTSIDER, MEMBER, FACILITATOR, WORKSHOP_FACILITATOR, COORDINATOR, OTHER_COORDINATOR}
SIGNED_IN |= {NATIONAL, PARTNER, REFERENT, ASSISTANT}
EVERYONE = set(ROLES)
MEMBERS = {MEMBER, FACILITATOR, WORKSHOP_FACILITATOR, COORDINATOR}
FACILITATORS = {FACILITATOR, WORKSHOP_FACILITATOR, COORDINATOR}

# permission: (the object it is checked on, the roles that hold it)
TABLE = {
    "accounts.change_profile": (None, SIGNED_IN),
    "accounts.view_own_space": (None, SIGNED_IN),
    "groups.add_localgroup": (None, SIGNED_IN),
    "groups.change_localgroup": ("group", {COORDINATOR}),
    "groups.view_members": ("group", MEMBERS | {NATIONAL}),
    "groups.view_criteria": ("group", MEMBERS | {NATIONAL}),
    "groups.manage_members": ("group", {COORDINATOR}),
    "groups.invite": ("group", {COORDINATOR}),
    "groups.commit_charter": ("group", {COORDINATOR}),
    "groups.assess_criteria": ("group", {COORDINATOR}),
    "groups.submit_recognition": ("group", {COORDINATOR}),
    "groups.request_join": (
        "group",
        {OUTSIDER, OTHER_COORDINATOR, NATIONAL, PARTNER, REFERENT, ASSISTANT},
    ),
    "groups.leave": ("group", MEMBERS),
    "groups.change_own_membership": ("group", MEMBERS),
    "groups.review_recognition": (None, {NATIONAL}),
    "groups.view_audit": ("group", {COORDINATOR, NATIONAL}),
    "privacy.export_own_data": (None, SIGNED_IN),
    "privacy.erase_own_account": (None, SIGNED_IN),
    "workshops.add_workshop": ("group", FACILITATORS),
    "workshops.list_workshops": ("group", MEMBERS | {NATIONAL}),
    # A facilitator of the group who is not among the workshop's facilitators does not run it.
    "workshops.manage_workshop": ("workshop", {WORKSHOP_FACILITATOR, COORDINATOR}),
    "workshops.add_action": ("group", FACILITATORS),
    "workshops.change_action": ("action", FACILITATORS),
    # The bundle: carried out by those who run the workshop, brought in by the group's coordinators.
    "workshops.export_workshop": ("workshop", {WORKSHOP_FACILITATOR, COORDINATOR}),
    "workshops.import_workshop": ("group", {COORDINATOR}),
    "inventory.view_inventory": ("group", MEMBERS | {NATIONAL}),
    "inventory.edit_inventory": ("group", MEMBERS),
    "inventory.change_resource": ("resource", MEMBERS),
    "inventory.share_resource": ("resource", FACILITATORS),
    "inventory.delete_resource": ("resource", FACILITATORS),
    "inventory.view_knowledge": ("group", MEMBERS),
    "inventory.change_knowledge": ("group", MEMBERS),
    "library.submit_item": ("group", FACILITATORS),
    "library.view_group_submissions": ("group", FACILITATORS | {NATIONAL}),
    # The coordinator proposed it; the group's facilitators may change it too.
    "library.edit_submission": ("proposal", FACILITATORS),
    "library.review": ("proposal", {NATIONAL}),
    "library.comment": ("published", SIGNED_IN),
    "library.report_comment": ("comment", SIGNED_IN),
    "library.moderate": ("comment", {NATIONAL}),
    "library.delete_comment": ("comment", {MEMBER}),
    "library.contribute_to_guide": (None, SIGNED_IN),
    "partnerships.list_partnerships": ("group", MEMBERS),
    "partnerships.add_partnership": ("group", FACILITATORS),
    "partnerships.view_partnership": ("partnership", MEMBERS | {PARTNER}),
    "partnerships.change_partnership": ("partnership", FACILITATORS),
    "partnerships.invite_representative": ("partnership", {COORDINATOR}),
    "partnerships.write_convention": ("partnership", FACILITATORS),
    "partnerships.acknowledge_convention": ("partnership", {COORDINATOR, PARTNER}),
    "partnerships.record_meeting": ("partnership", FACILITATORS),
    "partnerships.run_evaluation": ("partnership", FACILITATORS),
    "partnerships.list_actions": ("group", MEMBERS),
    "partnerships.add_action": ("group", FACILITATORS),
    # An action shared with the partnership: its representative sees it and measures it.
    "partnerships.view_action": ("shared_action", MEMBERS | {PARTNER}),
    "partnerships.follow_action": ("shared_action", FACILITATORS),
    "partnerships.measure_action": ("shared_action", FACILITATORS | {PARTNER}),
    # The network's life. The event is the group's café des parents, published: its facilitators,
    # the référent of its département and the national coordination organise it.
    "network.add_event": (None, FACILITATORS | {OTHER_COORDINATOR, NATIONAL, REFERENT}),
    "network.view_event": ("event", EVERYONE),
    "network.manage_event": ("event", FACILITATORS | {NATIONAL, REFERENT}),
    "network.register": ("event", EVERYONE),
    "network.convene_groups": ("gathering", {NATIONAL, REFERENT}),
    "network.manage_referents": (None, {NATIONAL}),
    "network.follow_departement": ("departement", {NATIONAL, REFERENT}),
    "network.follow_group": ("group", {NATIONAL, REFERENT}),
    "network.give_opinion": ("group", {REFERENT}),
    "network.ask_coordination": ("group", FACILITATORS),
    "network.list_coordination_requests": ("group", FACILITATORS | {NATIONAL, REFERENT}),
    "network.view_request": ("coordination_request", FACILITATORS | {NATIONAL, REFERENT}),
    "network.write_on_request": ("coordination_request", FACILITATORS | {NATIONAL}),
    "network.answer_request": ("coordination_request", {NATIONAL}),
    "network.answer_questions": (None, {NATIONAL}),
    "network.compose_newsletter": (None, {NATIONAL}),
    "network.build_surveys": (None, {NATIONAL}),
    # The survey is open to everyone, without an account; free texts are the coordination's.
    "network.view_survey": ("survey", EVERYONE),
    "network.answer_survey": ("survey", EVERYONE),
    "network.view_survey_results": ("survey", EVERYONE),
    "observatory.view_figures": (None, EVERYONE),
    "observatory.view_exact_figures": (None, {NATIONAL}),
    "observatory.view_open_data": (None, EVERYONE),
    "observatory.view_voices": (None, {NATIONAL, ASSISTANT}),
    "network.read_free_text": ("survey", {NATIONAL}),
    # Personal API tokens: any account for itself; the token is the coordinator's own. A token
    # reads a group's own data for its coordinators only (and the domain's permission on top).
    "api.add_token": (None, SIGNED_IN),
    "api.view_tokens": (None, SIGNED_IN),
    "api.revoke_token": ("api_token", {COORDINATOR}),
    "api.read_group": ("group", {COORDINATOR}),
    # The collective's governance: the assistant prepares and records, grants no seat.
    "governance.view_governance": (None, {NATIONAL, ASSISTANT}),
    "governance.prepare_meeting": (None, {NATIONAL, ASSISTANT}),
    "governance.record_decision": (None, {NATIONAL, ASSISTANT}),
    "governance.manage_seats": (None, {NATIONAL}),
    "governance.view_reports_inbox": (None, {NATIONAL, ASSISTANT}),
    "governance.answer_report": ("sent_report", {NATIONAL, ASSISTANT}),
    "governance.view_group_reports": ("group", MEMBERS | {NATIONAL, ASSISTANT}),
    "governance.write_report": ("group", {COORDINATOR}),
    "governance.view_draft_reports": ("group", MEMBERS),
    "governance.view_report": ("sent_report", MEMBERS | {NATIONAL, ASSISTANT}),
    "governance.send_report": ("draft_report", {COORDINATOR}),
}


def test_every_permission_has_its_row():
    assert set(permissions) == set(TABLE)


@pytest.fixture
def people(group, coordinator, member, facilitator, outsider, other_coordinator, national):
    workshop_facilitator = add_member(group, role="facilitator").user
    inactive = add_member(group, role="coordinator").user
    inactive.is_active = False
    inactive.save()
    referent = UserFactory(email="referent59@example.org")
    Referent.objects.create(user=referent, departement_id="59")
    return {
        ASSISTANT: UserFactory(email="assistance@example.org", is_coordination_assistant=True),
        REFERENT: referent,
        PARTNER: UserFactory(email="partenaire@example.org"),
        ANONYMOUS: AnonymousUser(),
        INACTIVE: inactive,
        OUTSIDER: outsider,
        MEMBER: member,
        FACILITATOR: facilitator,
        WORKSHOP_FACILITATOR: workshop_facilitator,
        COORDINATOR: coordinator,
        OTHER_COORDINATOR: other_coordinator,
        NATIONAL: national,
    }


@pytest.fixture
def objects(group, coordinator, member, people, national):
    workshop = workshop_services.workshop_create(
        group=group, actor=people[WORKSHOP_FACILITATOR], blueprint="croisement"
    )
    resource = inventory_services.resource_create(
        group=group,
        actor=member,
        commune=Commune.objects.get(insee="59350"),
        name="Centre social Mosaïque",
        category="centre_social",
        visibility="group",
    )
    api_token, _raw = api_services.api_token_create(
        user=coordinator, name="Tableur", scopes=["groups:read"]
    )
    proposal = submissions.submission_create(
        user=coordinator, group=group, kind="experience", data=dict(EXPERIENCE)
    )
    published = submissions.submission_create(
        user=coordinator, group=group, kind="experience", data={**EXPERIENCE, "title": "Autre"}
    )
    submissions.review_publish(reviewer=national, page=published)
    published.refresh_from_db()
    comment = comments.comment_create(author=member, page=published, body="Merci !")
    action = workshop_services.action_create(
        group=group, actor=coordinator, workshop=workshop, title="Café des parents"
    )
    partnership = partnership_services.partnership_create(
        group=group, actor=coordinator, structure=resource
    )
    Representative.objects.create(partnership=partnership, user=people[PARTNER])
    shared = partnership_services.action_create_direct(
        group=group, actor=coordinator, title="Visites de l'école", partnerships=[partnership]
    )
    starts = timezone.now() + datetime.timedelta(days=10)
    event = event_services.event_create(
        actor=coordinator,
        level="local",
        group=group,
        title="Café des parents",
        summary="Un café entre parents.",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        commune=Commune.objects.get(insee="59350"),
    )
    event = event_services.event_publish(event=event, actor=coordinator)
    gathering = event_services.event_create(
        actor=national,
        level="departemental",
        title="Regroupement du Nord",
        summary="Les groupes du Nord.",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        commune=Commune.objects.get(insee="59350"),
    )
    coordination_request = request_services.request_create(
        group=group,
        actor=coordinator,
        kind="question",
        subject="Une question",
        message="Laquelle ?",
    )
    survey = survey_services.survey_create(actor=national, title="Enquête")
    survey_services.question_save(
        survey=survey, actor=national, kind="single", text="Oui ?", choices=["Oui", "Non"]
    )
    survey_services.survey_open(survey=survey, actor=national)
    period = {"period_start": datetime.date(2025, 1, 1), "period_end": datetime.date(2025, 6, 30)}
    sent_report = governance_services.report_send(
        report=governance_services.report_create(
            group=group, actor=coordinator, happened="Deux ateliers.", needs="", **period
        ),
        actor=coordinator,
    )
    draft_report = governance_services.report_create(
        group=group, actor=coordinator, happened="Un café.", needs="", **period
    )
    return {
        "sent_report": sent_report,
        "draft_report": draft_report,
        None: None,
        "group": group,
        "event": event,
        "gathering": gathering,
        "departement": Departement.objects.get(code="59"),
        "coordination_request": coordination_request,
        "survey": survey,
        "workshop": workshop,
        "resource": resource,
        "proposal": proposal,
        "published": published,
        "comment": ItemComment.objects.get(pk=comment.pk),
        "api_token": api_token,
        "action": action,
        "partnership": partnership,
        "shared_action": shared,
    }


@pytest.mark.parametrize("permission", sorted(TABLE))
def test_who_holds_each_permission(permission, people, objects):
    kind, allowed = TABLE[permission]
    obj = objects[kind]
    held = {role for role in ROLES if people[role].has_perm(permission, obj)}
    assert held == allowed, f"{permission} on {kind}: held by {sorted(held)}"
