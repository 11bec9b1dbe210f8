"""For `make bench`: one workshop in its peer phase with 200 participants in four peer groups, and
a Lua table of their device cookies for wrk. Run again: a fresh workshop each time."""

import json
import secrets

from django.core.management.base import BaseCommand

from mille.accounts.models import User
from mille.groups.models import LocalGroup, Role
from mille.groups.selectors import membership_of
from mille.workshops import selectors, services
from mille.workshops.models import Phase


class Command(BaseCommand):
    help = "Seed one workshop with N participants and write their cookies as a Lua table."

    def add_arguments(self, parser):
        parser.add_argument("lua_path")
        parser.add_argument("--participants", type=int, default=200)
        parser.add_argument(
            "--history", type=int, default=1, help="answers per participant already on the wall"
        )

    def handle(self, *args, lua_path, participants, history, **options):
        group = LocalGroup.objects.order_by("pk").first()
        facilitator = User.objects.filter(
            memberships__group=group, memberships__role=Role.COORDINATOR
        ).first()
        assert membership_of(facilitator, group) is not None
        workshop = services.workshop_create(group=group, actor=facilitator, blueprint="croisement")
        services.workshop_phase_change(workshop=workshop, actor=facilitator, phase=Phase.PEER_WORK)
        workshop.refresh_from_db()
        peer_groups = list(workshop.peer_groups.all())
        question = workshop.questions.first()
        people = []
        for index in range(participants):
            participant, _ = services.participant_join(
                workshop=workshop,
                peer_group=peer_groups[index % len(peer_groups)],
                nickname=f"P{index}",
            )
            # A workshop that has been running: each person has already said a few things.
            for turn in range(history):
                services.contribution_create(
                    participant=participant,
                    question=question,
                    text=f"Réponse {turn} de P{index} : que les enfants aiment apprendre et se sentent bien.",
                )
            people.append(
                {
                    "cookie": f"{selectors.cookie_name(workshop.pk)}={selectors.participant_cookie_value(participant)}",
                    "csrf": secrets.token_hex(16),
                }
            )
        peer = peer_groups[0]
        peer.refresh_from_db()
        data = {
            "wall": f"/atelier/{workshop.pk}/questions/{question.pk}/mur/",
            "post": f"/atelier/{workshop.pk}/questions/{question.pk}/",
            "version": peer.wall_version,
            "people": people,
        }
        with open(lua_path, "w") as handle:
            handle.write("return " + _lua(data) + "\n")
        self.stdout.write(json.dumps({"workshop": workshop.pk, "participants": participants}))


def _lua(value) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"[{json.dumps(k)}] = {_lua(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "{" + ", ".join(_lua(v) for v in value) + "}"
    return json.dumps(value)
