"""Export a workshop as a bundle, and import one into a local group (see mille.workshops.bundle).

Importing is idempotent: every object is found again by its uuid (votes, show-of-hands counts and
pledges by what they belong to), only what differs is written, and what the bundle no longer holds
is removed: the bundle is the workshop as the room left it. The same bundle twice writes nothing
the second time; a newer bundle of the same workshop updates it; an older one is refused, so that
what was erased since does not come back.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import metadata
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from mille.accounts.models import User
from mille.core.permissions import check_perm
from mille.groups.models import AuditEntry, LocalGroup
from mille.groups.services import audit
from mille.workshops import bundle, codes
from mille.workshops.bundle import BundleError
from mille.workshops.models import (
    Action,
    Contribution,
    CrossingResult,
    Dot,
    JoinCode,
    Participant,
    PeerGroup,
    Pledge,
    Question,
    RoomCount,
    Statement,
    TreeNode,
    Vote,
    Workshop,
    WorkshopSession,
)
from mille.workshops.services.common import check_audio
from mille.workshops.services.setup import _new_join_code


def app_version() -> str:
    try:
        return metadata.version("mille")
    except metadata.PackageNotFoundError:
        return "0.1.0"


def bundle_max_bytes() -> int:
    return settings.WORKSHOP_BUNDLE_MAX_BYTES


def workshop_export(*, workshop: Workshop, actor: User | None) -> bytes:
    """The workshop's bundle. `actor` None: the server's operator (the command line)."""
    if actor is not None:
        check_perm(actor, "workshops.export_workshop", workshop)
    data, files = bundle.workshop_data(workshop)
    content = bundle.pack(
        data=data, files=files, created_at=timezone.now(), app_version=app_version()
    )
    audit(
        group=workshop.group,
        actor=actor,
        action=AuditEntry.Action.EXPORT,
        record=_("atelier complet (fichier pour le réseau)"),
        record_id=workshop.pk,
    )
    return content


@dataclass(frozen=True)
class ImportReport:
    workshop: Workshop
    created: bool
    changes: int  # rows created, changed or removed, and audio files written or removed


def workshop_import(*, group: LocalGroup, actor: User | None, raw: bytes) -> ImportReport:
    """Import a bundle into `group`, or update the workshop it carries; raises BundleError (a
    French message) and writes nothing when the file is refused."""
    if actor is not None:
        check_perm(actor, "workshops.import_workshop", group)
    checked = bundle.unpack(raw, max_bytes=bundle_max_bytes())
    try:
        with transaction.atomic():
            importer = _Importer(group=group, actor=actor, bundle=checked)
            importer.run()
    except (KeyError, TypeError, ValueError, AttributeError, IntegrityError) as error:
        raise BundleError(
            _("Ce fichier d'atelier est incohérent (%(detail)s) : il est refusé.")
            % {"detail": type(error).__name__}
        ) from error
    if importer.changes:
        audit(
            group=group,
            actor=actor,
            action=AuditEntry.Action.CHANGE,
            record=_("atelier importé d'un fichier"),
            record_id=importer.workshop.pk,
            detail=str(checked.created_at),
        )
    return ImportReport(
        workshop=importer.workshop, created=importer.created, changes=importer.changes
    )


def _when(value):
    if value is None:
        return None
    parsed = parse_datetime(value)
    if parsed is None or timezone.is_naive(parsed):
        raise ValueError("date")
    return parsed


def _key(value) -> UUID | None:
    return None if value is None else UUID(str(value))


class _Importer:
    def __init__(self, *, group: LocalGroup, actor: User | None, bundle: bundle.Bundle):
        self.group, self.actor, self.bundle = group, actor, bundle
        self.data: Mapping = bundle.data
        self.changes = 0
        self.created = False

    # --- helpers ------------------------------------------------------------------------------

    def _apply(self, obj: models.Model, values: Mapping) -> models.Model:
        """Set `values` (attribute names) on `obj`; validate and save what changed."""
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        is_new = obj.pk is None
        if not changed and not is_new:
            return obj
        for name in changed:
            setattr(obj, name, values[name])
        try:
            # Only what the bundle sets: the rest (the workshop, the accounts) is this site's.
            given = set(values)
            exclude = [
                f.name
                for f in obj._meta.concrete_fields
                if f.attname not in given and f.name not in given
            ]
            obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            raise BundleError(
                _("Ce fichier d'atelier contient une valeur refusée (%(detail)s).")
                % {"detail": "; ".join(error.messages)[:200]}
            ) from error
        if is_new:
            obj.save()
        else:
            names = {f.attname: f.name for f in obj._meta.concrete_fields}
            fields = {names[name] for name in changed}
            fields |= {f.name for f in obj._meta.concrete_fields if getattr(f, "auto_now", False)}
            obj.save(update_fields=sorted(fields))
        self.changes += 1
        return obj

    def _sync(
        self,
        model: type[models.Model],
        existing: Iterable[models.Model],
        rows: Iterable[Mapping],
        values,
        *,
        new=None,
    ) -> dict[UUID, models.Model]:
        """Create or update one object per row (found by uuid among `existing`); returns them by
        uuid. Removing what the bundle no longer holds is `_remove`, once references are moved."""
        by_uuid = {obj.uuid: obj for obj in existing}
        rows = list(rows)
        keys = [_key(row["uuid"]) for row in rows]
        if len(set(keys)) != len(keys):
            raise ValueError("duplicate uuid")
        unknown = [key for key in keys if key not in by_uuid]
        # A uuid of another workshop's object: a forged or mistaken file must not touch it.
        if unknown and model.objects.filter(uuid__in=unknown).exists():
            raise BundleError(
                _(
                    "Ce fichier d'atelier reprend des éléments d'un autre atelier de ce site : "
                    "il est refusé."
                )
            )
        out = {}
        for key, row in zip(keys, rows, strict=True):
            obj = by_uuid.get(key)
            if obj is None:
                obj = model(uuid=key, **(new(row) if new else {}))
            out[key] = self._apply(obj, values(row))
        return out

    def _drop_file(self, field_file) -> None:
        """Delete a stored file once the import is committed (a refused import keeps it)."""
        name, storage = field_file.name, field_file.storage
        transaction.on_commit(lambda: storage.delete(name))

    def _remove(self, objects: Iterable[models.Model]) -> None:
        for obj in objects:
            if getattr(obj, "audio", None):
                self._drop_file(obj.audio)
            obj.delete()
            self.changes += 1

    def _audio(self, obj, name: str | None) -> None:
        """Store the bundle's audio file for `obj` unless the same file is stored already."""
        if name is None:
            if obj.audio:
                self._drop_file(obj.audio)
                type(obj).objects.filter(pk=obj.pk).update(audio="", audio_type="")
                self.changes += 1
            return
        if not name.startswith(bundle.AUDIO_DIR) or name not in self.bundle.files:
            raise BundleError(
                _(
                    "Ce fichier d'atelier désigne un enregistrement qu'il ne contient pas : il est refusé."
                )
            )
        content = self.bundle.files[name]
        # Checked as an upload is: only audio is ever served back, with the type found here.
        try:
            info = check_audio(content)
        except ValidationError as error:
            raise BundleError(
                _("Ce fichier d'atelier contient un enregistrement refusé : %(why)s")
                % {"why": " ".join(error.messages)}
            ) from error
        if obj.audio:
            try:
                with obj.audio.open("rb") as stored:
                    same = bundle.sha256(stored.read()) == bundle.sha256(content)
            except OSError:
                same = False
            if same and obj.audio_type == info.content_type:
                return
            self._drop_file(obj.audio)
        obj.audio.save(f"{obj.uuid}.{info.container}", ContentFile(content), save=False)
        obj.audio_type = info.content_type
        type(obj).objects.filter(pk=obj.pk).update(audio=obj.audio.name, audio_type=obj.audio_type)
        self.changes += 1

    @staticmethod
    def _ref(objects: Mapping[UUID, models.Model], value, *, optional: bool = True):
        if value is None:
            if optional:
                return None
            raise ValueError("missing reference")
        return objects[_key(value)].pk

    # --- the import ---------------------------------------------------------------------------

    def run(self) -> None:
        data = self.data
        info = data["workshop"]
        created_at = _when(self.bundle.created_at)
        workshop = Workshop.objects.filter(uuid=_key(info["uuid"])).first()
        if workshop is not None and workshop.group_id != self.group.pk:
            raise BundleError(
                _(
                    "Cet atelier appartient déjà à un autre groupe local de ce site (%(group)s) : "
                    "importez-le dans ce groupe-là."
                )
                % {"group": workshop.group.name}
            )
        if (
            workshop is not None
            and workshop.bundle_created_at
            and created_at < workshop.bundle_created_at
        ):
            raise BundleError(
                _(
                    "Ce fichier est plus ancien que celui déjà importé pour cet atelier (%(date)s) : "
                    "il est refusé, pour ne pas faire revenir ce qui a été effacé depuis."
                )
                % {
                    "date": timezone.localtime(workshop.bundle_created_at).strftime(
                        "%d/%m/%Y %H:%M"
                    )
                }
            )
        self.created = workshop is None
        if workshop is None:
            workshop = Workshop(uuid=_key(info["uuid"]), group=self.group, created_by=self.actor)
        workshop = self._apply(
            workshop,
            {
                "title": info["title"],
                "purpose": info["purpose"],
                "blueprint": info["blueprint"],
                "phase": info["phase"],
                "closed_at": _when(info["closed_at"]),
                "participants_propose": bool(info["participants_propose"]),
                "dots_per_person": int(info["dots_per_person"]),
                "vote_version": int(info["vote_version"]),
                "created_at": _when(info["created_at"]),
                "bundle_created_at": created_at,
            },
        )
        self.workshop = workshop
        if self.created:
            if self.actor is not None:
                workshop.facilitators.add(self.actor)
            _new_join_code(workshop)
        w = workshop.pk

        # What the room no longer holds goes first (the objects that refer to others first), so
        # that a replaced object never meets its replacement in a unique constraint.
        def gone(queryset, section):
            kept = {_key(row["uuid"]) for row in data[section]}
            return [obj for obj in queryset if obj.uuid not in kept]

        self._remove(gone(Dot.objects.filter(participant__workshop=workshop), "dots"))
        self._remove(gone(Action.objects.filter(workshop=workshop), "actions"))
        self._remove(gone(TreeNode.objects.filter(workshop=workshop).order_by("-pk"), "tree_nodes"))
        self._remove(gone(Statement.objects.filter(workshop=workshop), "statements"))
        self._remove(gone(Contribution.objects.filter(workshop=workshop), "contributions"))
        self._remove(gone(Participant.objects.filter(workshop=workshop), "participants"))
        self._remove(gone(Question.objects.filter(workshop=workshop), "questions"))
        self._remove(gone(PeerGroup.objects.filter(workshop=workshop), "peer_groups"))
        self._remove(gone(WorkshopSession.objects.filter(workshop=workshop), "sessions"))

        sessions = self._sync(
            WorkshopSession,
            workshop.sessions.all(),
            data["sessions"],
            lambda r: {
                "order": int(r["order"]),
                "title": r["title"],
                "starts_at": _when(r["starts_at"]),
                "place": r["place"],
            },
            new=lambda r: {"workshop_id": w},
        )
        peers = self._sync(
            PeerGroup,
            workshop.peer_groups.all(),
            data["peer_groups"],
            lambda r: {
                "order": int(r["order"]),
                "name": r["name"],
                "description": r["description"],
                "pictogram": r["pictogram"],
                "colour": r["colour"],
            },
            new=lambda r: {"workshop_id": w},
        )
        for peer in peers.values():
            if not JoinCode.objects.filter(peer_group=peer).exists():
                _new_join_code(workshop, peer)
        questions = self._sync(
            Question,
            workshop.questions.all(),
            data["questions"],
            lambda r: {
                "session_id": self._ref(sessions, r["session"]),
                "order": int(r["order"]),
                "text": r["text"],
                "pictogram": r["pictogram"],
            },
            new=lambda r: {"workshop_id": w},
        )
        for row in data["questions"]:
            self._audio(questions[_key(row["uuid"])], row["audio"])
        participants = self._sync(
            Participant,
            workshop.participants.all(),
            data["participants"],
            lambda r: {
                "peer_group_id": self._ref(peers, r["peer_group"], optional=False),
                "nickname": r["nickname"],
                "created_at": _when(r["created_at"]),
                "anonymised_at": _when(r["anonymised_at"]),
            },
            # No recovery code travels: on the site, the person is found again by a facilitator.
            new=lambda r: {
                "workshop_id": w,
                "recovery_hash": codes.digest(secrets.token_urlsafe(24)),
            },
        )
        contributions = self._sync(
            Contribution,
            Contribution.objects.filter(workshop=workshop),
            data["contributions"],
            lambda r: {
                "peer_group_id": self._ref(peers, r["peer_group"], optional=False),
                "question_id": self._ref(questions, r["question"], optional=False),
                "participant_id": self._ref(participants, r["participant"]),
                "text": r["text"],
                "audio_seconds": r["audio_seconds"],
                "client_id": _key(r["client_id"]),
                "hidden": bool(r["hidden"]),
                "hidden_reason": r["hidden_reason"],
                "merged_count": int(r["merged_count"]),
                "created_at": _when(r["created_at"]),
            },
            new=lambda r: {
                "workshop_id": w,
                "entered_by": self.actor if r["on_paper"] else None,
            },
        )
        self._links(Contribution, contributions, data["contributions"], "merged_into")
        for row in data["contributions"]:
            self._audio(contributions[_key(row["uuid"])], row["audio"])
        statements = self._sync(
            Statement,
            Statement.objects.filter(workshop=workshop),
            data["statements"],
            lambda r: {
                "question_id": self._ref(questions, r["question"]),
                "text": r["text"],
                "proposed_by_id": self._ref(participants, r["proposed_by"]),
                "hidden": bool(r["hidden"]),
                "created_at": _when(r["created_at"]),
                "priority": float(r["priority"]),
            },
            new=lambda r: {"workshop_id": w},
        )
        self._links(Statement, statements, data["statements"], "merged_into")
        for row in data["statements"]:
            statement = statements[_key(row["uuid"])]
            wanted = {self._ref(contributions, source) for source in row["sources"]}
            if set(statement.sources.values_list("pk", flat=True)) != wanted:
                statement.sources.set(wanted)
                self.changes += 1
        self._pairs(
            Vote,
            Vote.objects.filter(statement__workshop=workshop),
            data["votes"],
            key=lambda r: (
                self._ref(statements, r["statement"], optional=False),
                self._ref(participants, r["participant"], optional=False),
            ),
            key_of=lambda v: (v.statement_id, v.participant_id),
            fields=("statement_id", "participant_id"),
            values=lambda r: {"value": int(r["value"]), "updated_at": _when(r["updated_at"])},
        )
        self._pairs(
            RoomCount,
            RoomCount.objects.filter(statement__workshop=workshop),
            data["room_counts"],
            key=lambda r: (
                self._ref(statements, r["statement"], optional=False),
                self._ref(peers, r["peer_group"], optional=False),
            ),
            key_of=lambda c: (c.statement_id, c.peer_group_id),
            fields=("statement_id", "peer_group_id"),
            values=lambda r: {
                "agree": int(r["agree"]),
                "disagree": int(r["disagree"]),
                "passes": int(r["passes"]),
                "updated_at": _when(r["updated_at"]),
            },
        )
        nodes = self._sync(
            TreeNode,
            TreeNode.objects.filter(workshop=workshop),
            data["tree_nodes"],
            lambda r: {
                "kind": r["kind"],
                "text": r["text"],
                "statement_id": self._ref(statements, r["statement"]),
                "order": int(r["order"]),
            },
            new=lambda r: {"workshop_id": w},
        )
        self._links(TreeNode, nodes, data["tree_nodes"], "parent")
        self._links(TreeNode, nodes, data["tree_nodes"], "answers")
        actions = self._sync(
            Action,
            Action.objects.filter(workshop=workshop),
            data["actions"],
            lambda r: {
                "objective_id": self._ref(nodes, r["objective"]),
                "title": r["title"],
                "description": r["description"],
                "lead": r["lead"],
                "partners": r["partners"],
                "when": r["when"],
                "resources": r["resources"],
                "status": r["status"],
                "created_at": _when(r["created_at"]),
            },
            new=lambda r: {"workshop_id": w, "group_id": self.group.pk, "created_by": self.actor},
        )
        self._sync(
            Dot,
            Dot.objects.filter(participant__workshop=workshop),
            data["dots"],
            lambda r: {
                "participant_id": self._ref(participants, r["participant"], optional=False),
                "node_id": self._ref(nodes, r["node"]),
                "action_id": self._ref(actions, r["action"]),
                "created_at": _when(r["created_at"]),
            },
        )
        self._pairs(
            Pledge,
            Pledge.objects.filter(participant__workshop=workshop),
            data["pledges"],
            key=lambda r: (self._ref(participants, r["participant"], optional=False),),
            key_of=lambda p: (p.participant_id,),
            fields=("participant_id",),
            values=lambda r: {
                "can_do": r["can_do"],
                "need": r["need"],
                "updated_at": _when(r["updated_at"]),
            },
        )
        self._crossing(workshop, data.get("crossing"), statements, participants, peers)
        if self.changes:
            # Open boards and walls poll these versions: they show the imported state.
            Workshop.objects.filter(pk=w).update(wall_version=F("wall_version") + 1)
            PeerGroup.objects.filter(workshop_id=w).update(wall_version=F("wall_version") + 1)

    def _links(self, model, objects: Mapping, rows: Iterable[Mapping], name: str) -> None:
        """A reference between objects of one kind (merged into, parent), once all exist."""
        for row in rows:
            obj = objects[_key(row["uuid"])]
            target = self._ref(objects, row[name])
            if target == obj.pk:
                raise ValueError("an object refers to itself")
            if getattr(obj, f"{name}_id") != target:
                model.objects.filter(pk=obj.pk).update(**{f"{name}_id": target})
                setattr(obj, f"{name}_id", target)
                self.changes += 1

    def _pairs(self, model, existing, rows, *, key, key_of, fields, values) -> None:
        """Objects found by what they belong to (a vote by its statement and participant)."""
        by_key = {key_of(obj): obj for obj in existing}
        seen = set()
        for row in rows:
            k = key(row)
            if k in seen:
                raise ValueError("duplicate row")
            seen.add(k)
            obj = by_key.get(k) or model(**dict(zip(fields, k, strict=True)))
            self._apply(obj, values(row))
        for k, obj in by_key.items():
            if k not in seen:
                obj.delete()
                self.changes += 1

    def _crossing(self, workshop, crossing, statements, participants, peers) -> None:
        existing = CrossingResult.objects.filter(workshop=workshop).first()
        if not crossing:
            if existing is not None:
                existing.delete()
                self.changes += 1
            return
        figures = bundle.remap_figures(
            crossing["figures"],
            statements={str(k): v.pk for k, v in statements.items()},
            participants={str(k): v.pk for k, v in participants.items()},
            peer_groups={str(k): v.pk for k, v in peers.items()},
        )
        self._apply(
            existing or CrossingResult(workshop=workshop),
            {
                "vote_version": int(crossing["vote_version"]),
                "computed_at": _when(crossing["computed_at"]),
                "figures": figures,
            },
        )
