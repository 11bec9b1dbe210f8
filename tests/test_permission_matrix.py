"""Every URL of Mille × every role, against a table that declares who may do what.

The URL patterns are read from the URL conf: a new pattern without a declaration here fails, so no
view can be forgotten. Arguments are resolved from the demo data (the Lille-Fives group, its two
workshops, its état des lieux, the library's proposal in review...). Each request runs in a
savepoint that is rolled back, so one request never changes what the next one sees; a refused
request must write nothing at all.

Roles: anonymous; a workshop participant known by the device cookie (no account); a member, a
facilitator and the coordinator of Lille-Fives; the coordinator of other groups; the national
coordination; a partner's representative (the school's head, role « partenaire »); the référent
départemental of the Nord, where Lille-Fives is (it follows the Nord's groups through the network's
pages, and sees no group's private page).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from http.cookies import SimpleCookie

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from mille.accounts.models import User
from mille.api import services as api_services
from mille.demo.loader import load_demo
from mille.governance import services as governance_services
from mille.governance.models import Meeting as GovernanceMeeting
from mille.governance.models import PeriodicReport
from mille.groups import services as group_services
from mille.groups.models import JoinRequest, LocalGroup
from mille.library.models import GuidePage, ItemComment, TeachingPage
from mille.library.models import TestimonyPage as Testimony
from mille.library.services import guide as guide_services
from mille.network.models import (
    CoordinationRequest,
    Issue,
    Referent,
    Subscriber,
    Survey,
    VisitorQuestion,
)
from mille.network.models import Event as NetworkEvent
from mille.network.services import newsletter as newsletter_services
from mille.observatory.exports import opendata_export
from mille.partnerships import services as partnership_services
from mille.workshops import selectors as workshop_selectors
from mille.workshops import services as workshop_services
from mille.workshops.models import Phase
from tests.workshops.samples import webm

ANONYMOUS, PARTICIPANT = "anonymous", "participant"
MEMBER, FACILITATOR, COORDINATOR = "member", "facilitator", "coordinator"
OTHER_COORDINATOR, NATIONAL, PARTNER = "other_coordinator", "national", "partner"
REFERENT = "referent"
ROLES = (
    ANONYMOUS,
    PARTICIPANT,
    MEMBER,
    FACILITATOR,
    COORDINATOR,
    OTHER_COORDINATOR,
    NATIONAL,
    PARTNER,
    REFERENT,
)

EVERYONE = frozenset(ROLES)
SIGNED_IN = frozenset(
    {MEMBER, FACILITATOR, COORDINATOR, OTHER_COORDINATOR, NATIONAL, PARTNER, REFERENT}
)
MEMBERS = frozenset({MEMBER, FACILITATOR, COORDINATOR})
MEMBERS_AND_NATIONAL = MEMBERS | {NATIONAL}
FACILITATORS = frozenset({FACILITATOR, COORDINATOR})
COORDINATION = frozenset({COORDINATOR})
NATIONAL_ONLY = frozenset({NATIONAL})
PARTICIPANTS = frozenset({PARTICIPANT})
NOT_MEMBERS = frozenset({OTHER_COORDINATOR, NATIONAL, PARTNER, REFERENT})
MEMBERS_AND_PARTNER = MEMBERS | {PARTNER}
# The network's life: who organises the café des parents of Lille-Fives (its facilitators, the
# référent of the Nord, the national coordination); who may organise at all.
ORGANISERS = FACILITATORS | {NATIONAL, REFERENT}
MAY_ORGANISE = FACILITATORS | {OTHER_COORDINATOR, NATIONAL, REFERENT}
NATIONAL_AND_REFERENT = frozenset({NATIONAL, REFERENT})
FOLLOWERS = FACILITATORS | {NATIONAL, REFERENT}

# URL patterns that are not Mille's own: each app there checks its own permissions (Django's
# admin and Wagtail's editor: staff only; allauth: the log-in pages; Wagtail's page tree: the
# library's published pages, tested in tests/library).
THIRD_PARTY_PREFIXES = ("admin/", "cms/", "accounts/", "i18n/", "documents/", "_util/")
THIRD_PARTY_VIEWS = {"wagtail.views.serve"}  # the page tree, and `_util/` its private pages
# The public API: Mille's own operations, served by django-ninja's views. A session gives nothing
# there: the token routes are refused (401) to every browser, and checked role by role with each
# role's own token in `test_api_tokens_give_a_group_s_data_to_its_coordinator_only`.
API_PREFIX = "api/v1/"


@dataclass
class World:
    """The demo data, and a few objects it lacks (an audio, a pending request...)."""

    lille: LocalGroup
    users: dict[str, User]
    objects: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.objects[name]
        except KeyError as error:
            raise AttributeError(name) from error


def build_world() -> World:
    load_demo()
    lille = LocalGroup.objects.get(neighbourhood="Fives")
    emails = {
        MEMBER: "parent@example.org",
        FACILITATOR: "animateur@example.org",
        COORDINATOR: "coordinatrice@example.org",
        OTHER_COORDINATOR: "coordinateur.stetienne@example.org",
        NATIONAL: "coordination@example.org",
        PARTNER: "partenaire@example.org",
        REFERENT: "referent59@example.org",
    }
    users = {role: User.objects.get(email=email) for role, email in emails.items()}
    world = World(lille=lille, users=users)
    current = lille.workshops.get(phase=Phase.PEER_WORK)
    finished = lille.workshops.get(phase=Phase.CLOSED, evaluation__isnull=True)
    amina = current.participants.get(nickname="Amina")
    question = current.questions.first()
    question.audio.save("question.webm", ContentFile(webm(2)), save=False)
    question.audio_type = "audio/webm"
    question.save()
    voice, _created = workshop_services.contribution_create(
        participant=amina, question=question, audio_bytes=webm(2)
    )
    visitor = User.objects.create_user("visiteur@example.org", "x", display_name="Yasmine")
    testimony = Testimony.objects.get(local_group=lille)
    testimony.audio.save("temoignage.webm", ContentFile(webm(2)), save=True)
    guide = GuidePage.objects.live().get()
    school = lille.partnerships.get(structure__name="École Jules Ferry")
    atd = lille.partnerships.get(structure__name__startswith="ATD")
    shared_action = school.actions.first().action
    document = partnership_services.document_add(
        action=shared_action,
        actor=users[COORDINATOR],
        title="Programme",
        name="programme.pdf",
        content=b"%PDF-1.4 programme",
    )
    open_part = next(iter(guide_services.open_sections(guide)))
    plenary_meeting = GovernanceMeeting.objects.filter(body__kind="pleniere").first()
    governance_document = governance_services.meeting_document_add(
        meeting=plenary_meeting,
        actor=users[NATIONAL],
        title="Ordre du jour",
        name="odj.pdf",
        content=b"%PDF-1.4 ordre du jour",
    )
    draft_report = governance_services.report_create(
        group=lille,
        actor=users[COORDINATOR],
        period_start=date(2025, 1, 1),
        period_end=date(2025, 6, 30),
        happened="Un café des parents.",
        needs="",
    )
    cafe = NetworkEvent.objects.get(level="local", group=lille)
    cafe_registration = cafe.registrations.filter(cancelled_at__isnull=True).first()
    survey = Survey.objects.get()
    # The open data files, as the daily export writes them (into the test's folder).
    opendata_export()
    api_token, _raw = api_services.api_token_create(
        user=users[COORDINATOR], name="Tableur", scopes=["groups:read"]
    )
    subscriber = Subscriber.objects.filter(status="confirmed").first()
    world.objects.update(
        current=current,
        finished=finished,
        amina=amina,
        finished_participant=finished.participants.order_by("pk").first(),
        question=question,
        voice=voice,
        on_paper=current.contributions.filter(entered_by__isnull=False).first(),
        statement=finished.statements.first(),
        node=finished.tree_nodes.exclude(kind="problem").first(),
        action=finished.actions.first(),
        session=current.sessions.first(),
        peer_group=current.peer_groups.first(),
        code=workshop_selectors.general_join_code(current).code,
        code_pk=workshop_selectors.general_join_code(current).pk,
        anchor=lille.anchors.first(),
        parent_membership=lille.memberships.get(user=users[MEMBER]),
        invitation=group_services.invitation_create(group=lille, actor=users[COORDINATOR]),
        join_request=JoinRequest.objects.create(group=lille, user=visitor),
        submitted=LocalGroup.objects.get(recognition="submitted"),
        neighbour=LocalGroup.objects.get(name__contains="Valenciennois"),
        private_resource=lille.resources.filter(visibility="group").first(),
        person=lille.resource_persons.first(),
        testimony=testimony,
        teaching=TeachingPage.objects.live().first(),
        guide=guide,
        comment=ItemComment.objects.first(),
        guide_contribution=guide_services.contribution_create(
            author=users[MEMBER], page=guide, section_id=open_part, text="Un conseil."
        ),
        school=school,
        school_contact=school.contacts.filter(left_on=None).first(),
        school_meeting=school.meetings.first(),
        school_representative=school.representatives.get(),
        school_version=school.conventions.get(),
        partner_invitation=partnership_services.representative_invite(
            partnership=atd, actor=users[COORDINATOR]
        ),
        shared_action=shared_action,
        indicator=shared_action.indicators.first(),
        document=document,
        evaluation=atd.evaluations.get(),
        cafe=cafe,
        cafe_session=cafe.sessions.get(),
        cafe_registration=cafe_registration,
        cafe_seat=cafe_registration.seats.get(),
        nord=NetworkEvent.objects.get(level="departemental"),
        referent=Referent.objects.get(user=users[REFERENT]),
        lille_request=CoordinationRequest.objects.get(group=lille),
        visitor_question=VisitorQuestion.objects.get(),
        draft_issue=Issue.objects.get(status="draft"),
        sent_issue=Issue.objects.get(status="sent"),
        confirm_token=newsletter_services.confirm_token(subscriber),
        unsubscribe_token=newsletter_services.unsubscribe_token(subscriber),
        survey=survey,
        api_token=api_token,
        survey_question=survey.questions.order_by("position").first(),
        plenary_meeting=plenary_meeting,
        governance_document=governance_document,
        sent_report=PeriodicReport.objects.get(group=lille, status="sent"),
        draft_report=draft_report,
    )
    return world


@dataclass(frozen=True)
class Route:
    """Who may GET and who may POST; the URL's arguments and a POST body, from the world."""

    get: frozenset = frozenset()
    post: frozenset = frozenset()
    args: Callable[[World], dict] = lambda w: {}
    data: Callable[[World], dict] = lambda w: {}
    # Forgetting a device ends on the join page, which is otherwise where refusals lead.
    ends_on_join_page: bool = False


def page(roles, args=lambda w: {}) -> Route:
    return Route(get=roles, args=args)


def form(roles, args=lambda w: {}, data=lambda w: {}) -> Route:
    return Route(get=roles, post=roles, args=args, data=data)


def action(roles, args=lambda w: {}, data=lambda w: {}) -> Route:
    return Route(post=roles, args=args, data=data)


def lille(w):
    return {"slug": w.lille.slug}


def current(w):
    return {"pk": w.current.pk}


def finished(w):
    return {"pk": w.finished.pk}


def school(w):
    return {"slug": w.lille.slug, "pk": w.school.pk}


def shared_action(w):
    return {"slug": w.lille.slug, "action_pk": w.shared_action.pk}


def evaluation(w):
    return {"slug": w.lille.slug, "evaluation_pk": w.evaluation.pk}


def cafe(w):
    return {"slug": w.cafe.slug}


def token(w):
    return {"token": w.cafe_registration.token}


def survey(w):
    return {"slug": w.survey.slug}


def built(w):
    return {"pk": w.survey.pk}


ROUTES: dict[str, Route] = {
    # --- Home, plain pages, the personal space
    "portal:home": page(EVERYONE),
    "portal:dashboard": page(SIGNED_IN),
    "core:accessibility": page(EVERYONE),
    "core:privacy": page(EVERYONE),
    "core:legal": page(EVERYONE),
    "core:start": page(EVERYONE),
    "core:health": page(EVERYONE),
    "accounts:profile": form(SIGNED_IN),
    "accounts:language": action(EVERYONE, data=lambda w: {"language": "ar", "next": "/"}),
    "privacy:my_data": page(SIGNED_IN),
    "privacy:my_data_json": page(SIGNED_IN),
    "privacy:erase": form(SIGNED_IN),
    "territories:suggestions": page(EVERYONE),
    "territories:chosen": page(EVERYONE, lambda w: {"insee": "59350"}),
    # --- The observatory (protected figures for all, exact for the national coordination) and
    # the open data (files exist once `opendata_export` has run: 404 before, for everyone)
    "observatory:national": page(EVERYONE),
    "observatory:departement": page(EVERYONE, lambda w: {"code": "59"}),
    "observatory:national_csv": page(EVERYONE, lambda w: {"ident": "membres"}),
    "observatory:departement_csv": page(EVERYONE, lambda w: {"code": "59", "ident": "membres"}),
    "observatory:open_data": page(EVERYONE),
    "observatory:voices": page(frozenset({NATIONAL})),
    "observatory:file": page(EVERYONE, lambda w: {"name": "observatoire.csv"}),
    # --- The public API (/api/v1/): public data for everyone; a group's own data with a token
    # only (a session gives none: 401), see test_api_tokens_give_a_group_s_data_to_its_coordinator_only
    "v1:openapi-json": page(EVERYONE),
    "v1:api-root": Route(),  # no documentation page (ninja's loads a CDN): 404
    "v1:group_list": page(EVERYONE),
    "v1:group_detail": page(EVERYONE, lille),
    "v1:structure_list": page(EVERYONE),
    "v1:library_list": page(EVERYONE),
    "v1:event_list": page(EVERYONE),
    "v1:observatory_national": page(EVERYONE),
    "v1:observatory_departement": page(EVERYONE, lambda w: {"code": "59"}),
    "v1:my_groups": page(frozenset()),
    "v1:my_group_inventory": page(frozenset(), lille),
    "v1:my_group_actions": page(frozenset(), lille),
    # --- Personal API tokens, in the account area
    "api:tokens": page(SIGNED_IN),
    "api:token_create": action(
        SIGNED_IN, data=lambda w: {"name": "Tableur", "scopes": ["groups:read"]}
    ),
    "api:token_revoke": action(COORDINATION, lambda w: {"pk": w.api_token.pk}),  # its owner
    # --- Local groups
    "groups:directory": page(EVERYONE),
    "groups:create": form(SIGNED_IN),
    "groups:map": page(EVERYONE),
    "groups:geojson": page(EVERYONE),
    "groups:departements": page(EVERYONE),
    "groups:departement": page(EVERYONE, lambda w: {"departement": "59"}),
    "groups:detail": page(EVERYONE, lille),
    "groups:edit": form(COORDINATION, lille),
    "groups:anchor_add": action(COORDINATION, lille),
    "groups:anchor_remove": action(COORDINATION, lambda w: {**lille(w), "pk": w.anchor.pk}),
    "groups:members": page(MEMBERS_AND_NATIONAL, lille),
    "groups:member_role": action(
        COORDINATION, lambda w: {**lille(w), "pk": w.parent_membership.pk}
    ),
    "groups:member_remove": action(
        COORDINATION, lambda w: {**lille(w), "pk": w.parent_membership.pk}
    ),
    "groups:leave": form(MEMBERS, lille),
    "groups:preferences": action(MEMBERS, lille),
    "groups:join_request": action(NOT_MEMBERS, lille),
    "groups:join_request_decide": action(
        COORDINATION, lambda w: {**lille(w), "pk": w.join_request.pk}
    ),
    "groups:invitations": form(COORDINATION, lille),
    "groups:invitation_revoke": action(COORDINATION, lambda w: {**lille(w), "pk": w.invitation.pk}),
    "groups:invitation": form(EVERYONE, lambda w: {"token": w.invitation.token}),
    "groups:criteria": page(MEMBERS_AND_NATIONAL, lille),
    "groups:criterion_save": action(COORDINATION, lambda w: {**lille(w), "criterion": 1}),
    "groups:charter_commit": action(COORDINATION, lille),
    "groups:recognition_submit": action(COORDINATION, lille),
    "groups:audit": page(COORDINATION | {NATIONAL}, lille),
    "groups:review_queue": page(NATIONAL_ONLY),
    "groups:review": form(NATIONAL_ONLY, lambda w: {"slug": w.submitted.slug}),
    # --- Workshops: the facilitators' side
    "workshops:group_workshops": page(MEMBERS_AND_NATIONAL, lille),
    "workshops:create": form(FACILITATORS, lille),
    # The bundle of a workshop led without network: brought in by the group's coordinators, and
    # carried out by the workshop's facilitators.
    "workshops:bundle_import": form(COORDINATION, lille),
    "workshops:bundle_export": page(FACILITATORS, finished),
    "workshops:detail": page(FACILITATORS, current),
    "workshops:edit": form(FACILITATORS, current),
    "workshops:phase": action(FACILITATORS, current),
    "workshops:guide": page(FACILITATORS, current),
    "workshops:code_open": action(FACILITATORS, lambda w: {**current(w), "code_pk": w.code_pk}),
    "workshops:code_close": action(FACILITATORS, lambda w: {**current(w), "code_pk": w.code_pk}),
    "workshops:code_regenerate": action(
        FACILITATORS, lambda w: {**current(w), "code_pk": w.code_pk}
    ),
    "workshops:participants": page(FACILITATORS, current),
    "workshops:participant_move": action(
        FACILITATORS, lambda w: {**current(w), "participant_pk": w.amina.pk}
    ),
    "workshops:session_add": form(FACILITATORS, current),
    "workshops:session_edit": form(FACILITATORS, lambda w: {**current(w), "item_pk": w.session.pk}),
    "workshops:session_delete": action(
        FACILITATORS, lambda w: {**current(w), "item_pk": w.session.pk}
    ),
    "workshops:peer_group_add": form(FACILITATORS, current),
    "workshops:peer_group_edit": form(
        FACILITATORS, lambda w: {**current(w), "item_pk": w.peer_group.pk}
    ),
    "workshops:peer_group_delete": action(
        FACILITATORS, lambda w: {**current(w), "item_pk": w.peer_group.pk}
    ),
    "workshops:question_add": form(FACILITATORS, current),
    "workshops:question_edit": form(
        FACILITATORS, lambda w: {**current(w), "item_pk": w.question.pk}
    ),
    "workshops:question_delete": action(
        FACILITATORS, lambda w: {**current(w), "item_pk": w.question.pk}
    ),
    "workshops:question_move": action(
        FACILITATORS, lambda w: {**current(w), "item_pk": w.question.pk}
    ),
    "workshops:board": page(FACILITATORS, current),
    "workshops:board_enter": action(FACILITATORS, current),
    "workshops:board_paste": action(FACILITATORS, current),
    "workshops:board_wall": page(FACILITATORS, current),
    "workshops:merge": action(FACILITATORS, current),
    "workshops:contribution_hide": action(
        FACILITATORS, lambda w: {**current(w), "contribution_pk": w.on_paper.pk}
    ),
    "workshops:contribution_erase": action(
        FACILITATORS, lambda w: {**current(w), "contribution_pk": w.on_paper.pk}
    ),
    "workshops:contribution_show": action(
        FACILITATORS, lambda w: {**current(w), "contribution_pk": w.on_paper.pk}
    ),
    "workshops:statements": form(FACILITATORS, finished),
    "workshops:statements_grouped": form(FACILITATORS, finished),
    "workshops:statements_merge": action(FACILITATORS, finished),
    **{
        f"workshops:statement_{name}": (page if name == "edit" else action)(
            FACILITATORS, lambda w: {**finished(w), "statement_pk": w.statement.pk}
        )
        for name in ("edit", "text", "hide", "show", "split", "hands")
    },
    "workshops:facilitator_results": page(FACILITATORS, finished),
    "workshops:presentation": page(FACILITATORS, finished),
    "workshops:tree_edit": page(FACILITATORS, finished),
    "workshops:tree_node_add": action(FACILITATORS, finished),
    **{
        f"workshops:tree_node_{name}": action(
            FACILITATORS, lambda w: {**finished(w), "node_pk": w.node.pk}
        )
        for name in ("edit", "move", "delete")
    },
    "workshops:action_plan": form(FACILITATORS, finished),
    "workshops:action_edit": form(
        FACILITATORS, lambda w: {**finished(w), "action_pk": w.action.pk}
    ),
    "workshops:report": page(FACILITATORS, finished),
    "workshops:tree_poster": page(FACILITATORS, finished),
    "workshops:crossing_export": page(FACILITATORS, lambda w: {**finished(w), "fmt": "json"}),
    "workshops:qr": page(FACILITATORS, lambda w: {**current(w), "code": w.code}),
    "workshops:pdf": page(FACILITATORS, lambda w: {**current(w), "kind": "questions"}),
    "workshops:export": page(FACILITATORS, lambda w: {**current(w), "fmt": "json"}),
    # --- Workshops: joining, and the participants' side (no account needed)
    "workshops:join_start": form(EVERYONE),
    "workshops:join": form(EVERYONE, lambda w: {"code": w.code}),
    "workshops:recover": form(EVERYONE, lambda w: {"code": w.code}),
    "workshops:leave_device": Route(post=EVERYONE, args=current, ends_on_join_page=True),
    "workshops:forget_me": action(PARTICIPANTS, current),
    "workshops:participate": page(PARTICIPANTS, current),
    "workshops:question": form(
        PARTICIPANTS, lambda w: {**current(w), "question_pk": w.question.pk}
    ),
    "workshops:wall": page(PARTICIPANTS, lambda w: {**current(w), "question_pk": w.question.pk}),
    "workshops:question_audio": page(
        PARTICIPANTS | FACILITATORS, lambda w: {**current(w), "question_pk": w.question.pk}
    ),
    "workshops:contribution_edit": form(
        PARTICIPANTS, lambda w: {**current(w), "contribution_pk": w.voice.pk}
    ),
    "workshops:contribution_delete": action(
        PARTICIPANTS, lambda w: {**current(w), "contribution_pk": w.voice.pk}
    ),
    "workshops:contribution_audio": page(
        PARTICIPANTS | FACILITATORS, lambda w: {**current(w), "contribution_pk": w.voice.pk}
    ),
    "workshops:crossing": page(PARTICIPANTS, finished),
    "workshops:vote": form(PARTICIPANTS, finished),
    "workshops:propose": action(PARTICIPANTS, finished),
    "workshops:results": page(PARTICIPANTS, finished),
    "workshops:tree": page(PARTICIPANTS, finished),
    "workshops:dots": page(PARTICIPANTS, finished),
    "workshops:dot_place": action(PARTICIPANTS, finished, lambda w: {"target": f"a{w.action.pk}"}),
    "workshops:dot_remove": action(PARTICIPANTS, finished, lambda w: {"target": f"a{w.action.pk}"}),
    "workshops:my_actions": form(PARTICIPANTS, finished),
    "workshops:participant_report": page(PARTICIPANTS, finished),
    # --- The état des lieux: public entries for everyone, the rest for the group's members
    "inventory:inventory": page(EVERYONE, lille),
    "inventory:geojson": page(EVERYONE, lille),
    "inventory:export": page(EVERYONE, lambda w: {**lille(w), "fmt": "json"}),
    "inventory:pdf": page(EVERYONE, lille),
    "inventory:departement_geojson": page(EVERYONE, lambda w: {"code": "59"}),
    "inventory:create": form(MEMBERS, lille),
    "inventory:import": form(MEMBERS, lille),
    "inventory:import_confirm": action(MEMBERS, lille),
    "inventory:detail": page(MEMBERS_AND_NATIONAL, lambda w: {"pk": w.private_resource.pk}),
    "inventory:edit": form(MEMBERS, lambda w: {"pk": w.private_resource.pk}),
    "inventory:delete": action(FACILITATORS, lambda w: {"pk": w.private_resource.pk}),
    "inventory:share": action(
        FACILITATORS,
        lambda w: {"pk": w.private_resource.pk},
        lambda w: {"group": w.neighbour.pk, "shared": "1"},
    ),
    "inventory:persons": page(MEMBERS, lille),
    "inventory:person_add": action(MEMBERS, lille),
    "inventory:person_renew": action(
        MEMBERS, lambda w: {"slug": w.lille.slug, "item_pk": w.person.pk}, lambda w: {}
    ),
    "inventory:difficulties": page(MEMBERS, lille),
    "inventory:difficulty_add": action(MEMBERS, lille),
    "inventory:outreach": page(MEMBERS, lille),
    "inventory:outreach_place_add": action(MEMBERS, lille),
    "inventory:outreach_relay_add": action(MEMBERS, lille),
    "inventory:outing_add": action(MEMBERS, lille),
    "inventory:erase": action(
        MEMBERS, lambda w: {**lille(w), "kind": "personnes", "item_pk": w.person.pk}
    ),
    # --- The library
    "library:charter": page(EVERYONE),
    "library:faq": page(EVERYONE),
    "library:index": page(EVERYONE),
    "library:review_queue": page(NATIONAL_ONLY),
    "library:review_item": page(NATIONAL_ONLY, lambda w: {"pk": w.testimony.pk}),
    "library:review_publish": action(NATIONAL_ONLY, lambda w: {"pk": w.testimony.pk}),
    "library:review_changes": action(NATIONAL_ONLY, lambda w: {"pk": w.testimony.pk}),
    "library:contribution_accept": action(NATIONAL_ONLY, lambda w: {"pk": w.guide_contribution.pk}),
    "library:contribution_decline": action(
        NATIONAL_ONLY, lambda w: {"pk": w.guide_contribution.pk}
    ),
    "library:comment_post": action(SIGNED_IN, lambda w: {"pk": w.teaching.pk}),
    "library:testimony_audio": page(FACILITATORS | {NATIONAL}, lambda w: {"pk": w.testimony.pk}),
    "library:guide_contribute": action(SIGNED_IN, lambda w: {"pk": w.guide.pk}),
    "library:comment_report": action(SIGNED_IN, lambda w: {"pk": w.comment.pk}),
    "library:comment_hide": action(NATIONAL_ONLY, lambda w: {"pk": w.comment.pk}),
    # The demo's comment is the parent's: only its author takes it back.
    "library:comment_delete": action(frozenset({MEMBER}), lambda w: {"pk": w.comment.pk}),
    "library:comment_restore": action(NATIONAL_ONLY, lambda w: {"pk": w.comment.pk}),
    "library:group_library": page(FACILITATORS | {NATIONAL}, lille),
    "library:submission_new": form(FACILITATORS, lambda w: {**lille(w), "kind": "experience"}),
    "library:submission_edit": form(FACILITATORS, lambda w: {**lille(w), "pk": w.testimony.pk}),
    "library:submission_withdraw": action(
        FACILITATORS, lambda w: {**lille(w), "pk": w.testimony.pk}
    ),
    # --- Partnerships: the group's members; the partner's representative sees their partnership
    # (the school's), its convention, meetings and shared actions; never another partnership.
    "partnerships:list": page(MEMBERS, lille),
    "partnerships:create": form(FACILITATORS, lille),
    "partnerships:detail": page(MEMBERS_AND_PARTNER, school),
    "partnerships:settings": page(FACILITATORS, school),
    "partnerships:update": action(FACILITATORS, school),
    "partnerships:level": action(FACILITATORS, school),
    "partnerships:expectations": action(FACILITATORS, school),
    "partnerships:contact_add": action(FACILITATORS, school),
    "partnerships:contact_leave": action(
        FACILITATORS, lambda w: {**school(w), "item_pk": w.school_contact.pk}
    ),
    "partnerships:hand_over": action(FACILITATORS, school),
    "partnerships:invite": action(COORDINATION, school),
    "partnerships:representative_remove": action(
        COORDINATION, lambda w: {**school(w), "item_pk": w.school_representative.pk}
    ),
    "partnerships:invitation": form(EVERYONE, lambda w: {"token": w.partner_invitation.token}),
    "partnerships:convention": page(MEMBERS_AND_PARTNER, school),
    "partnerships:convention_write": form(FACILITATORS, school),
    "partnerships:acknowledge": action(
        COORDINATION | {PARTNER}, lambda w: {**school(w), "number": w.school_version.number}
    ),
    "partnerships:convention_pdf": page(MEMBERS_AND_PARTNER, school),
    "partnerships:meeting_new": form(FACILITATORS, school),
    "partnerships:meeting": page(
        MEMBERS_AND_PARTNER, lambda w: {**school(w), "item_pk": w.school_meeting.pk}
    ),
    "partnerships:meeting_edit": form(
        FACILITATORS, lambda w: {**school(w), "item_pk": w.school_meeting.pk}
    ),
    "partnerships:meeting_ics": page(
        MEMBERS_AND_PARTNER, lambda w: {**school(w), "item_pk": w.school_meeting.pk}
    ),
    "partnerships:actions": page(MEMBERS, lille),
    "partnerships:action_new": form(FACILITATORS, lille),
    "partnerships:action": page(MEMBERS_AND_PARTNER, shared_action),
    "partnerships:action_edit": form(FACILITATORS, shared_action),
    "partnerships:indicator_add": action(FACILITATORS, shared_action),
    "partnerships:indicator_value_add": action(
        FACILITATORS | {PARTNER}, lambda w: {**shared_action(w), "item_pk": w.indicator.pk}
    ),
    "partnerships:document_add": action(FACILITATORS, shared_action),
    "partnerships:document": page(
        MEMBERS_AND_PARTNER, lambda w: {**shared_action(w), "item_pk": w.document.pk}
    ),
    "partnerships:document_delete": action(
        FACILITATORS, lambda w: {**shared_action(w), "item_pk": w.document.pk}
    ),
    "partnerships:evaluation_new": form(FACILITATORS, school),
    # The bilan is ATD Quart Monde's: the school's representative does not see it.
    "partnerships:evaluation": page(MEMBERS, evaluation),
    "partnerships:evaluation_of_workshop": page(
        MEMBERS, lambda w: {"workshop_pk": w.evaluation.workshop_id}
    ),
    "partnerships:decide": action(
        FACILITATORS, lambda w: {**evaluation(w), "action_pk": w.evaluation.actions.first().pk}
    ),
    "partnerships:plan_next_year": action(FACILITATORS, evaluation),
    "partnerships:evaluation_report": page(MEMBERS, evaluation),
    "partnerships:experience": form(FACILITATORS, evaluation),
    # --- The network's life. Gatherings: the calendar, the feed and an event's page for everyone,
    # registration with no account; a person's registration by its secret link (the token is the
    # right); the café des parents of Lille-Fives organised by its facilitators, the référent of
    # the Nord and the national coordination.
    "network:events": page(EVERYONE),
    "network:events_feed": page(EVERYONE),
    "network:events_map": page(EVERYONE),
    "network:events_geojson": page(EVERYONE),
    "network:event_new": form(MAY_ORGANISE),
    "network:event": page(EVERYONE, cafe),
    "network:event_ics": page(EVERYONE, cafe),
    "network:register": action(EVERYONE, cafe),
    "network:registration": page(EVERYONE, token),
    "network:registration_confirm": form(EVERYONE, token),
    "network:registration_cancel": form(EVERYONE, token),
    **{
        f"network:{name}": action(EVERYONE, lambda w: {**token(w), "session_pk": w.cafe_session.pk})
        for name in ("seat_cancel", "offer_accept", "offer_decline")
    },
    "network:manage": page(ORGANISERS, cafe),
    "network:event_edit": form(ORGANISERS, cafe),
    "network:session_add": form(ORGANISERS, cafe),
    "network:session_edit": form(
        ORGANISERS, lambda w: {**cafe(w), "session_pk": w.cafe_session.pk}
    ),
    "network:session_delete": action(
        ORGANISERS, lambda w: {**cafe(w), "session_pk": w.cafe_session.pk}
    ),
    "network:publish": action(ORGANISERS, cafe),
    "network:cancel": action(ORGANISERS, cafe),
    "network:register_for": form(ORGANISERS, cafe),
    "network:seat_confirm": action(ORGANISERS, lambda w: {**cafe(w), "seat_pk": w.cafe_seat.pk}),
    "network:seat_pass": action(ORGANISERS, lambda w: {**cafe(w), "seat_pk": w.cafe_seat.pk}),
    "network:attendance": form(ORGANISERS, cafe),
    "network:checkin": form(
        ORGANISERS, lambda w: {**cafe(w), "code": w.cafe_registration.checkin_code}
    ),
    "network:attendance_pdf": page(ORGANISERS, cafe),
    "network:badges_pdf": page(ORGANISERS, cafe),
    "network:erase": action(ORGANISERS, cafe),
    "network:convene": form(NATIONAL_AND_REFERENT, lambda w: {"slug": w.nord.slug}),
    # The départemental level: the référent of the Nord follows the Nord's groups.
    "network:referents": form(NATIONAL_ONLY),
    "network:referent_revoke": action(NATIONAL_ONLY, lambda w: {"pk": w.referent.pk}),
    "network:departement": page(NATIONAL_AND_REFERENT, lambda w: {"code": "59"}),
    "network:group_follow": page(NATIONAL_AND_REFERENT, lille),
    "network:opinion": action(frozenset({REFERENT}), lille),
    "network:group_requests": page(FOLLOWERS, lille),
    "network:request_new": form(FACILITATORS, lille),
    "network:request": page(FOLLOWERS, lambda w: {**lille(w), "request_pk": w.lille_request.pk}),
    "network:request_message": action(
        FACILITATORS | {NATIONAL}, lambda w: {**lille(w), "request_pk": w.lille_request.pk}
    ),
    "network:request_status": action(
        NATIONAL_ONLY, lambda w: {**lille(w), "request_pk": w.lille_request.pk}
    ),
    "network:requests_queue": page(NATIONAL_ONLY),
    "network:question_ask": form(EVERYONE),
    "network:questions_queue": page(NATIONAL_ONLY),
    "network:question_answer": form(NATIONAL_ONLY, lambda w: {"pk": w.visitor_question.pk}),
    "network:question_set_aside": action(NATIONAL_ONLY, lambda w: {"pk": w.visitor_question.pk}),
    # The newsletter: subscribing and the two links of an address for everyone.
    "network:issues": page(EVERYONE),
    "network:issue": page(EVERYONE, lambda w: {"number": w.sent_issue.number}),
    "network:subscribe": form(EVERYONE),
    "network:subscription_confirm": form(EVERYONE, lambda w: {"token": w.confirm_token}),
    "network:unsubscribe": form(EVERYONE, lambda w: {"token": w.unsubscribe_token}),
    "network:newsletter_admin": page(NATIONAL_ONLY),
    "network:issue_new": action(NATIONAL_ONLY),
    "network:issue_compose": form(NATIONAL_ONLY, lambda w: {"pk": w.draft_issue.pk}),
    "network:issue_preview": page(NATIONAL_ONLY, lambda w: {"pk": w.draft_issue.pk}),
    "network:issue_send": action(NATIONAL_ONLY, lambda w: {"pk": w.draft_issue.pk}),
    "network:issue_log": page(NATIONAL_ONLY, lambda w: {"pk": w.sent_issue.pk}),
    # The national survey, open to everyone without an account; free texts and the export for
    # the national coordination only.
    "network:survey": page(EVERYONE, survey),
    "network:survey_profile": form(EVERYONE, survey),
    "network:survey_question": form(
        EVERYONE, lambda w: {**survey(w), "question_pk": w.survey_question.pk}
    ),
    "network:survey_review": form(EVERYONE, survey),
    "network:survey_thanks": page(EVERYONE, survey),
    "network:survey_results": page(EVERYONE, survey),
    "network:survey_free_text": page(NATIONAL_ONLY, survey),
    "network:survey_csv": page(NATIONAL_ONLY, survey),
    "network:surveys_admin": form(NATIONAL_ONLY),
    "network:survey_edit": page(NATIONAL_ONLY, built),
    "network:survey_settings": action(NATIONAL_ONLY, built),
    "network:question_add": form(NATIONAL_ONLY, built),
    **{
        f"network:question_{name}": (form if name == "edit" else action)(
            NATIONAL_ONLY, lambda w: {**built(w), "question_pk": w.survey_question.pk}
        )
        for name in ("edit", "delete", "move")
    },
    "network:survey_open": action(NATIONAL_ONLY, built),
    "network:survey_close": action(NATIONAL_ONLY, built),
    # --- The collective's governance: none of the roles here sits in a body (the representatives
    # and the coordination assistant are tested in tests/governance/test_views.py).
    "governance:home": page(NATIONAL_ONLY),
    "governance:decisions": page(NATIONAL_ONLY),
    "governance:body": page(NATIONAL_ONLY, lambda w: {"kind": "pleniere"}),
    "governance:meeting_create": form(
        NATIONAL_ONLY,
        lambda w: {"kind": "pleniere"},
        lambda w: {"held_on": "2026-01-10", "place": "Lyon", "agenda": "Accueil"},
    ),
    "governance:meeting": page(NATIONAL_ONLY, lambda w: {"pk": w.plenary_meeting.pk}),
    "governance:minutes": action(
        NATIONAL_ONLY, lambda w: {"pk": w.plenary_meeting.pk}, lambda w: {"minutes": "Notes."}
    ),
    "governance:document_add": action(
        NATIONAL_ONLY,
        lambda w: {"pk": w.plenary_meeting.pk},
        lambda w: {"title": "Note", "file": SimpleUploadedFile("note.txt", b"Une note.")},
    ),
    "governance:document": page(
        NATIONAL_ONLY,
        lambda w: {"pk": w.plenary_meeting.pk, "document_pk": w.governance_document.pk},
    ),
    "governance:decision_add": action(
        NATIONAL_ONLY, lambda w: {"pk": w.plenary_meeting.pk}, lambda w: {"title": "Décidé."}
    ),
    "governance:reports_inbox": page(NATIONAL_ONLY),
    "governance:report_answer": action(
        NATIONAL_ONLY, lambda w: {"pk": w.sent_report.pk}, lambda w: {"answer": "Merci."}
    ),
    "governance:group_reports": page(MEMBERS_AND_NATIONAL, lille),
    "governance:report_create": form(
        COORDINATION,
        lille,
        lambda w: {
            "period_start": "2025-07-01",
            "period_end": "2025-12-31",
            "happened": "Un atelier.",
            "needs": "",
        },
    ),
    "governance:report": page(
        MEMBERS_AND_NATIONAL, lambda w: {"slug": w.lille.slug, "pk": w.sent_report.pk}
    ),
    "governance:report_edit": form(
        COORDINATION,
        lambda w: {"slug": w.lille.slug, "pk": w.draft_report.pk},
        lambda w: {
            "period_start": "2025-01-01",
            "period_end": "2025-06-30",
            "happened": "Deux cafés.",
            "needs": "",
        },
    ),
    "governance:report_send": action(
        COORDINATION, lambda w: {"slug": w.lille.slug, "pk": w.draft_report.pk}
    ),
}


def _is_mille(route: str, view: str) -> bool:
    return view.startswith("mille.") or route.startswith(API_PREFIX)


def url_patterns(patterns=None, prefix="", namespace=""):
    """(route, "namespace:name", view) for every pattern of the URL conf."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace]))
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            callback = getattr(pattern.callback, "func", pattern.callback)  # ninja's partials
            view = f"{callback.__module__}.{callback.__name__}"
            yield prefix + str(pattern.pattern), name, view


def mille_url_names() -> set[str]:
    return {name for route, name, view in url_patterns() if _is_mille(route, view)}


def test_every_url_is_declared_and_only_third_parties_are_left_out():
    names = mille_url_names()
    assert len(names) == len([1 for route, _, view in url_patterns() if _is_mille(route, view)])
    assert not names - ROUTES.keys(), "declare who may use these URLs"
    assert not ROUTES.keys() - names, "these declared URLs no longer exist"
    for route, _name, view in url_patterns():
        if not _is_mille(route, view):
            assert route.startswith(THIRD_PARTY_PREFIXES) or view in THIRD_PARTY_VIEWS, (
                route,
                view,
            )


def _clients(world: World) -> dict[str, Client]:
    clients = {ANONYMOUS: Client()}
    participant = Client()
    for person in (world.amina, world.finished_participant):
        participant.cookies[workshop_selectors.cookie_name(person.workshop_id)] = (
            workshop_selectors.participant_cookie_value(person)
        )
    clients[PARTICIPANT] = participant
    for role, user in world.users.items():
        client = Client()
        client.force_login(user)
        clients[role] = client
    return clients


def refused(response, route: Route) -> bool:
    """403 or 404, the log-in page for someone not signed in, the join page for someone who has
    not joined the workshop."""
    if response.status_code in (401, 403, 404):
        return True
    location = response.headers.get("Location", "") if response.status_code == 302 else ""
    pages = (reverse("account_login"),)
    if not route.ends_on_join_page:
        pages += (reverse("workshops:join_start"),)
    return location.startswith(pages)


WRITES = ("INSERT", "UPDATE", "DELETE")


def _writes(queries) -> list[str]:
    return [
        query["sql"]
        for query in queries
        if query["sql"].lstrip().upper().startswith(WRITES) and "django_session" not in query["sql"]
    ]


def _namespaces() -> list[str]:
    return sorted({name.split(":")[0] for name in ROUTES})


@pytest.mark.django_db
@pytest.mark.parametrize("namespace", _namespaces())
def test_each_role_gets_what_the_table_declares(namespace, django_capture_on_commit_callbacks):
    world = build_world()
    clients = _clients(world)
    # Each request starts from the same cookies (forgetting a device or choosing a language
    # changes them, and the database's rollback does not).
    cookies = {role: SimpleCookie(client.cookies) for role, client in clients.items()}
    problems, checked = [], 0
    for name, route in sorted(ROUTES.items()):
        if not name.startswith(f"{namespace}:"):
            continue
        url = reverse(name, kwargs=route.args(world))
        for method, allowed in (("get", route.get), ("post", route.post)):
            if not allowed:
                continue
            for role in ROLES:
                clients[role].cookies = SimpleCookie(cookies[role])
                with transaction.atomic(), CaptureQueriesContext(connection) as queries:
                    send = getattr(clients[role], method)
                    response = send(url, route.data(world)) if method == "post" else send(url)
                    transaction.set_rollback(True)
                checked += 1
                expected = role in allowed
                if response.status_code >= 500:
                    problems.append(f"{method.upper()} {name} as {role}: server error")
                elif expected and refused(response, route):
                    problems.append(
                        f"{method.upper()} {name} as {role}: refused ({response.status_code}) "
                        "but declared allowed"
                    )
                elif not expected and not refused(response, route):
                    problems.append(
                        f"{method.upper()} {name} as {role}: answered {response.status_code} "
                        "but declared refused"
                    )
                elif not expected and (writes := _writes(queries.captured_queries)):
                    problems.append(
                        f"{method.upper()} {name} as {role}: refused but wrote {writes}"
                    )
    assert checked, namespace
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_the_referent_of_the_nord_sees_nord_groups_only(django_capture_on_commit_callbacks):
    """The same pages, for a group and a département outside the Nord: the référent of the Nord
    is refused, the national coordination is not; and no private page of a Nord group opens."""
    from mille.network.services import events as event_services
    from mille.network.services import requests as request_services
    from mille.territories.models import Commune

    world = build_world()
    referent, national = world.users[REFERENT], world.users[NATIONAL]
    loire = LocalGroup.objects.get(name__contains="Babet")
    assert loire.departement_id == "42" and world.lille.departement_id == "59"
    with django_capture_on_commit_callbacks(execute=True):
        loire_request = request_services.request_create(
            group=loire,
            actor=world.users[OTHER_COORDINATOR],
            kind="question",
            subject="Une question",
            message="Comment associer le collège ?",
        )
        gathering = event_services.event_create(
            actor=national,
            level="departemental",
            title="Regroupement de la Loire",
            summary="Les groupes de la Loire se retrouvent.",
            starts_at=world.nord.starts_at,
            ends_at=world.nord.ends_at,
            commune=Commune.objects.get(insee="42218"),
        )
    elsewhere = [
        reverse("network:departement", args=["42"]),
        reverse("network:group_follow", args=[loire.slug]),
        reverse("network:group_requests", args=[loire.slug]),
        reverse("network:request", args=[loire.slug, loire_request.pk]),
        reverse("network:manage", args=[gathering.slug]),
        reverse("network:convene", args=[gathering.slug]),
    ]
    nord = [
        reverse("network:departement", args=["59"]),
        reverse("network:group_follow", args=[world.lille.slug]),
        reverse("network:group_requests", args=[world.lille.slug]),
        reverse("network:manage", args=[world.nord.slug]),
    ]
    private = [
        reverse("groups:members", args=[world.lille.slug]),
        reverse("groups:criteria", args=[world.lille.slug]),
        reverse("inventory:persons", args=[world.lille.slug]),
        reverse("inventory:detail", args=[world.private_resource.pk]),
        reverse("workshops:group_workshops", args=[world.lille.slug]),
        reverse("partnerships:list", args=[world.lille.slug]),
    ]
    as_referent, as_national = Client(), Client()
    as_referent.force_login(referent)
    as_national.force_login(national)
    for url in elsewhere:
        assert as_referent.get(url).status_code == 403, url
        assert as_national.get(url).status_code == 200, url
    for url in nord:
        assert as_referent.get(url).status_code == 200, url
    for url in private:
        assert as_referent.get(url).status_code in (403, 404), url
    page = as_referent.get(reverse("network:departement", args=["59"])).content.decode()
    assert world.lille.name in page and world.neighbour.name in page and loire.name not in page


@pytest.mark.django_db
def test_api_tokens_give_a_group_s_data_to_its_coordinator_only():
    """Each role's own token, with every scope, on Lille-Fives' data: its coordinator reads it,
    every other role is refused (403), and no token at all is a 401."""
    world = build_world()
    paths = [
        reverse(name, kwargs=lille(world))
        for name in ("v1:my_group_inventory", "v1:my_group_actions")
    ]
    scopes = ["groups:read", "inventory:read", "actions:read"]
    for role, user in world.users.items():
        _token, raw = api_services.api_token_create(user=user, name=role, scopes=scopes)
        client = Client(headers={"Authorization": f"Bearer {raw}"})
        for path in paths:
            expected = 200 if role == COORDINATOR else 403
            assert client.get(path).status_code == expected, (role, path)
        assert client.get(reverse("v1:my_groups")).status_code == 200
    for path in paths:
        assert Client().get(path).status_code == 401
