"""For `make bench`: one workshop in its crossing with N participants and S statements, and a Lua
table of the participants' device cookies and the statement ids for wrk. A fresh workshop each run."""

import json
import secrets

from django.core.management.base import BaseCommand

from mille.accounts.models import User
from mille.demo.management.commands.seed_workshop_bench import _lua
from mille.groups.models import LocalGroup, Role
from mille.workshops import selectors, services
from mille.workshops.models import Phase


class Command(BaseCommand):
    help = "Seed one workshop in its crossing (participants, statements) for the room-vote bench."

    def add_arguments(self, parser):
        parser.add_argument("lua_path")
        parser.add_argument("--participants", type=int, default=300)
        parser.add_argument("--statements", type=int, default=20)

    def handle(self, *args, lua_path, participants, statements, **options):
        group = LocalGroup.objects.order_by("pk").first()
        facilitator = User.objects.filter(
            memberships__group=group, memberships__role=Role.COORDINATOR
        ).first()
        workshop = services.workshop_create(group=group, actor=facilitator, blueprint="croisement")
        services.workshop_phase_change(workshop=workshop, actor=facilitator, phase=Phase.CROSSING)
        workshop.refresh_from_db()
        peer_groups = list(workshop.peer_groups.all())
        statement_ids = [
            services.statement_create(
                workshop=workshop, actor=facilitator, text=f"Phrase {n} : l'école et les parents"
            ).pk
            for n in range(statements)
        ]
        people = []
        for index in range(participants):
            participant, _ = services.participant_join(
                workshop=workshop,
                peer_group=peer_groups[index % len(peer_groups)],
                nickname=f"V{index}",
            )
            cookie = selectors.participant_cookie_value(participant)
            people.append(
                {
                    "cookie": f"{selectors.cookie_name(workshop.pk)}={cookie}",
                    "csrf": secrets.token_hex(16),
                }
            )
        data = {
            "vote": f"/atelier/{workshop.pk}/voter/",
            "statements": statement_ids,
            "people": people,
        }
        with open(lua_path, "w") as handle:
            handle.write("return " + _lua(data) + "\n")
        self.stdout.write(json.dumps({"workshop": workshop.pk, "participants": participants}))
