"""The workshop bundle: a whole workshop in one zip file, carried from a facilitator's laptop (a
room without network, see docs/room.md) to the network's site.

A bundle holds `manifest.json` (format and its version, the application's version, when it was
made, what it contains and leaves out, the SHA-256 of every other member), `workshop.json` (the
workshop, each object named by its uuid, never by a database id) and `audio/<uuid>.<ext>`.

This module only reads: `workshop_data` turns a workshop into plain data, `pack` makes the zip,
`unpack` checks one and refuses it with a French message (`BundleError`). Writing an imported
bundle into the database is `services.bundle.workshop_import`.
"""

from __future__ import annotations

import hashlib
import io
import json
import posixpath
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType

from django.utils.translation import gettext as _

from mille.workshops.models import (
    Action,
    Contribution,
    CrossingResult,
    Dot,
    Pledge,
    RoomCount,
    Statement,
    TreeNode,
    Vote,
    Workshop,
)

FORMAT = "mille-workshop-bundle"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA = "workshop.json"
AUDIO_DIR = "audio/"
# What never travels: the workshop held none of it for the room, or it is a secret of the device.
LEAVES_OUT = (
    "user accounts and e-mail addresses (facilitators, authors, accounts of participants)",
    "recovery codes of participants (their hashes)",
    "device cookies and join codes",
)
# Counted in the manifest's "contains", in this order.
SECTIONS = (
    "sessions",
    "peer_groups",
    "questions",
    "participants",
    "contributions",
    "statements",
    "votes",
    "room_counts",
    "tree_nodes",
    "actions",
    "dots",
    "pledges",
)


class BundleError(Exception):
    """A bundle that cannot be imported; the message is for the person importing it."""


@dataclass(frozen=True)
class Bundle:
    manifest: Mapping
    data: Mapping
    files: Mapping[str, bytes] = field(default_factory=dict)

    @property
    def created_at(self) -> str:
        return str(self.manifest["created_at"])


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


# --- Writing --------------------------------------------------------------------------------


def _when(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _uuid(obj) -> str | None:
    return str(obj.uuid) if obj is not None else None


def _audio_name(obj) -> str:
    extension = posixpath.splitext(obj.audio.name)[1].lower().lstrip(".") or "bin"
    return f"{AUDIO_DIR}{obj.uuid}.{extension}"


def workshop_data(workshop: Workshop) -> tuple[dict, dict[str, bytes]]:
    """The workshop as plain data (objects named by their uuid) and its audio files by name."""
    files: dict[str, bytes] = {}

    def audio_of(obj) -> str | None:
        if not obj.audio:
            return None
        name = _audio_name(obj)
        with obj.audio.open("rb") as stored:
            files[name] = stored.read()
        return name

    sessions = list(workshop.sessions.all())
    peer_groups = list(workshop.peer_groups.all())
    questions = list(workshop.questions.select_related("session"))
    participants = list(workshop.participants.select_related("peer_group").order_by("pk"))
    contributions = list(
        Contribution.objects.filter(workshop=workshop).select_related(
            "peer_group", "question", "participant", "merged_into"
        )
    )
    statements = list(
        Statement.objects.filter(workshop=workshop)
        .select_related("question", "proposed_by", "merged_into")
        .prefetch_related("sources")
    )
    nodes = list(
        TreeNode.objects.filter(workshop=workshop).select_related("parent", "answers", "statement")
    )
    actions = list(Action.objects.filter(workshop=workshop).select_related("objective"))
    data = {
        "workshop": {
            "uuid": str(workshop.uuid),
            "title": workshop.title,
            "purpose": workshop.purpose,
            "blueprint": workshop.blueprint,
            "phase": workshop.phase,
            "closed_at": _when(workshop.closed_at),
            "participants_propose": workshop.participants_propose,
            "dots_per_person": workshop.dots_per_person,
            "vote_version": workshop.vote_version,
            "created_at": _when(workshop.created_at),
        },
        "sessions": [
            {
                "uuid": str(s.uuid),
                "order": s.order,
                "title": s.title,
                "starts_at": _when(s.starts_at),
                "place": s.place,
            }
            for s in sessions
        ],
        "peer_groups": [
            {
                "uuid": str(p.uuid),
                "order": p.order,
                "name": p.name,
                "description": p.description,
                "pictogram": p.pictogram,
                "colour": p.colour,
            }
            for p in peer_groups
        ],
        "questions": [
            {
                "uuid": str(q.uuid),
                "session": _uuid(q.session),
                "order": q.order,
                "text": q.text,
                "pictogram": q.pictogram,
                "audio": audio_of(q),
                "audio_type": q.audio_type,
            }
            for q in questions
        ],
        "participants": [
            {
                "uuid": str(p.uuid),
                "peer_group": str(p.peer_group.uuid),
                "nickname": p.nickname,
                "created_at": _when(p.created_at),
                "anonymised_at": _when(p.anonymised_at),
            }
            for p in participants
        ],
        "contributions": [
            {
                "uuid": str(c.uuid),
                "peer_group": str(c.peer_group.uuid),
                "question": str(c.question.uuid),
                "participant": _uuid(c.participant),
                "text": c.text,
                "audio": audio_of(c),
                "audio_type": c.audio_type,
                "audio_seconds": c.audio_seconds,
                "client_id": str(c.client_id),
                "on_paper": c.entered_by_id is not None,
                "hidden": c.hidden,
                "hidden_reason": c.hidden_reason,
                "merged_into": _uuid(c.merged_into),
                "merged_count": c.merged_count,
                "created_at": _when(c.created_at),
            }
            for c in contributions
        ],
        "statements": [
            {
                "uuid": str(s.uuid),
                "question": _uuid(s.question),
                "text": s.text,
                "sources": sorted(str(c.uuid) for c in s.sources.all()),
                "proposed_by": _uuid(s.proposed_by),
                "hidden": s.hidden,
                "merged_into": _uuid(s.merged_into),
                "created_at": _when(s.created_at),
                "priority": s.priority,
            }
            for s in statements
        ],
        "votes": [
            {
                "statement": str(v.statement.uuid),
                "participant": str(v.participant.uuid),
                "value": v.value,
                "updated_at": _when(v.updated_at),
            }
            for v in Vote.objects.filter(statement__workshop=workshop)
            .select_related("statement", "participant")
            .order_by("pk")
        ],
        "room_counts": [
            {
                "statement": str(r.statement.uuid),
                "peer_group": str(r.peer_group.uuid),
                "agree": r.agree,
                "disagree": r.disagree,
                "passes": r.passes,
                "updated_at": _when(r.updated_at),
            }
            for r in RoomCount.objects.filter(statement__workshop=workshop)
            .select_related("statement", "peer_group")
            .order_by("pk")
        ],
        "crossing": _crossing_data(workshop, statements, participants, peer_groups),
        "tree_nodes": [
            {
                "uuid": str(n.uuid),
                "kind": n.kind,
                "text": n.text,
                "parent": _uuid(n.parent),
                "answers": _uuid(n.answers),
                "statement": _uuid(n.statement),
                "order": n.order,
            }
            for n in nodes
        ],
        "actions": [
            {
                "uuid": str(a.uuid),
                "objective": _uuid(a.objective),
                "title": a.title,
                "description": a.description,
                "lead": a.lead,
                "partners": a.partners,
                "when": a.when,
                "resources": a.resources,
                "status": a.status,
                "created_at": _when(a.created_at),
            }
            for a in actions
        ],
        "dots": [
            {
                "uuid": str(d.uuid),
                "participant": str(d.participant.uuid),
                "node": _uuid(d.node),
                "action": _uuid(d.action),
                "created_at": _when(d.created_at),
            }
            for d in Dot.objects.filter(participant__workshop=workshop)
            .select_related("participant", "node", "action")
            .order_by("pk")
        ],
        "pledges": [
            {
                "participant": str(p.participant.uuid),
                "can_do": p.can_do,
                "need": p.need,
                "updated_at": _when(p.updated_at),
            }
            for p in Pledge.objects.filter(participant__workshop=workshop)
            .select_related("participant")
            .order_by("pk")
        ],
    }
    return data, files


def _crossing_data(workshop, statements, participants, peer_groups) -> dict | None:
    try:
        result = workshop.crossing
    except CrossingResult.DoesNotExist:
        return None
    try:
        figures = remap_figures(
            result.figures,
            statements={s.pk: str(s.uuid) for s in statements},
            participants={p.pk: str(p.uuid) for p in participants},
            peer_groups={p.pk: str(p.uuid) for p in peer_groups},
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        # Figures that name a statement or a person gone since: the site computes them again.
        return None
    return {
        "vote_version": result.vote_version,
        "computed_at": _when(result.computed_at),
        "figures": figures,
    }


def remap_figures(
    figures: Mapping,
    *,
    statements: Mapping,
    participants: Mapping,
    peer_groups: Mapping,
) -> dict:
    """The stored crossing analysis (`CrossingFigures.to_json`) with its ids translated: database
    ids to bundle uuids on export, and back on import. Opinion-group numbers stay as they are.
    Raises KeyError for an id the maps do not know."""
    if not figures:
        return {}

    def key(mapping: Mapping) -> Callable:
        # JSON object keys are text; the maps' keys are ints (database ids) or text (uuids).
        by_text = {str(k): v for k, v in mapping.items()}
        return lambda value: by_text[str(value)]

    statement, participant, peer = key(statements), key(participants), key(peer_groups)

    def lens(data: Mapping | None, group: Callable) -> dict | None:
        if not data:
            return data
        out = dict(data)
        out["participants"] = [
            {
                **p,
                "id": participant(p["id"]),
                "group": p["group"] if p["group"] is None else group(p["group"]),
            }
            for p in data["participants"]
        ]
        out["groups"] = [
            {
                **g,
                "id": group(g["id"]),
                "representative": [statement(s) for s in g["representative"]],
            }
            for g in data["groups"]
        ]
        out["statements"] = [
            {
                **s,
                "id": statement(s["id"]),
                "groups": {str(group(g)): cell for g, cell in s["groups"].items()},
                "repness": [{**r, "group": group(r["group"])} for r in s["repness"]],
            }
            for s in data["statements"]
        ]
        out["consensus"] = {
            side: [statement(s) for s in ids] for side, ids in data["consensus"].items()
        }
        out["divisive"] = [statement(s) for s in data["divisive"]]
        if "state" in data:
            state = dict(data["state"])
            state["participants"] = [participant(p) for p in state["participants"]]
            state["statements"] = [statement(s) for s in state["statements"]]
            out["state"] = state
        return out

    def same(value):
        return value

    out = dict(figures)
    out["peer"] = lens(figures.get("peer"), peer)
    out["opinion"] = lens(figures.get("opinion"), same)
    out["peer_of"] = {
        str(participant(p)): peer(g) for p, g in (figures.get("peer_of") or {}).items()
    }
    return out


def contains(data: Mapping, files: Mapping[str, bytes]) -> dict:
    """What the manifest says the bundle holds."""
    counts = {name: len(data.get(name) or ()) for name in SECTIONS}
    counts["crossing_analysis"] = 1 if data.get("crossing") else 0
    counts["audio_files"] = len(files)
    return counts


def pack(
    *, data: Mapping, files: Mapping[str, bytes], created_at: datetime, app_version: str
) -> bytes:
    """The zip file: the manifest, the workshop's data and its audio files."""
    body = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode()
    members = {DATA: body, **files}
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "app_version": app_version,
        "created_at": created_at.isoformat(),
        "workshop": {"uuid": data["workshop"]["uuid"], "title": data["workshop"]["title"]},
        "contains": contains(data, files),
        "leaves_out": list(LEAVES_OUT),
        "checksums": {name: sha256(content) for name, content in sorted(members.items())},
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            MANIFEST,
            json.dumps(manifest, ensure_ascii=False, indent=1).encode(),
            zipfile.ZIP_DEFLATED,
        )
        archive.writestr(DATA, body, zipfile.ZIP_DEFLATED)
        for name, content in sorted(files.items()):
            # Audio is compressed already.
            archive.writestr(name, content, zipfile.ZIP_STORED)
    return buffer.getvalue()


# --- Reading --------------------------------------------------------------------------------


def _damaged(detail: str) -> BundleError:
    return BundleError(
        _("Ce fichier d'atelier est abîmé ou incomplet (%(detail)s). Exportez-le à nouveau.")
        % {"detail": detail}
    )


def safe_member_name(name: str) -> bool:
    """A member name that stays inside the bundle: relative, no `..`, no backslash, no drive."""
    if not name or "\\" in name or name.startswith("/") or ":" in name or "\x00" in name:
        return False
    parts = name.split("/")
    return all(part not in ("", ".", "..") for part in parts)


def unpack(raw: bytes, *, max_bytes: int) -> Bundle:
    """Check a bundle and read it, or raise BundleError with a French message."""
    too_big = BundleError(
        _("Ce fichier d'atelier est trop lourd (%(max)d Mo au plus).")
        % {"max": max_bytes // (1024 * 1024)}
    )
    if len(raw) > max_bytes:
        raise too_big
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, ValueError) as error:
        raise BundleError(
            _("Ce fichier n'est pas un export d'atelier de Mille (ce n'est pas un fichier zip).")
        ) from error
    with archive:
        infos = archive.infolist()
        names = [info.filename for info in infos]
        for name in names:
            if not safe_member_name(name):
                raise BundleError(
                    _(
                        "Ce fichier d'atelier désigne des fichiers hors de lui-même (%(name)s) : il est refusé."
                    )
                    % {"name": name[:80]}
                )
        if len(set(names)) != len(names):
            raise _damaged(_("un fichier y figure deux fois"))
        # Bounded before anything is inflated: a small zip may unpack into gigabytes.
        if sum(info.file_size for info in infos) > max_bytes:
            raise too_big
        if MANIFEST not in names:
            raise BundleError(
                _("Ce fichier n'est pas un export d'atelier de Mille (il n'a pas de manifeste).")
            )
        manifest = _json(archive, MANIFEST)
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise BundleError(_("Ce fichier n'est pas un export d'atelier de Mille."))
        version = manifest.get("format_version")
        if not isinstance(version, int) or isinstance(version, bool):
            raise _damaged(_("version du format illisible"))
        if version > FORMAT_VERSION:
            raise BundleError(
                _(
                    "Ce fichier d'atelier vient d'une version plus récente de Mille (format "
                    "%(version)d, ce site lit jusqu'au format %(known)d). Mettez ce site à jour "
                    "avant de l'importer."
                )
                % {"version": version, "known": FORMAT_VERSION}
            )
        checksums = manifest.get("checksums")
        if not isinstance(checksums, dict) or DATA not in checksums:
            raise _damaged(_("liste des empreintes absente"))
        listed = set(checksums)
        present = set(names) - {MANIFEST}
        if missing := sorted(listed - present):
            raise _damaged(_("fichier manquant : %(name)s") % {"name": missing[0][:80]})
        if extra := sorted(present - listed):
            raise _damaged(_("fichier inattendu : %(name)s") % {"name": extra[0][:80]})
        contents: dict[str, bytes] = {}
        for name in sorted(listed):
            try:
                content = archive.read(name)
            except (zipfile.BadZipFile, OSError, EOFError) as error:
                raise _damaged(_("fichier illisible : %(name)s") % {"name": name[:80]}) from error
            if sha256(content) != checksums[name]:
                raise _damaged(_("l'empreinte de %(name)s ne correspond pas") % {"name": name[:80]})
            contents[name] = content
    try:
        data = json.loads(contents.pop(DATA))
    except (ValueError, UnicodeDecodeError) as error:
        raise _damaged(_("données illisibles")) from error
    if not isinstance(data, dict) or not isinstance(data.get("workshop"), dict):
        raise _damaged(_("données illisibles"))
    for name in contents:
        if not name.startswith(AUDIO_DIR):
            raise _damaged(_("fichier inattendu : %(name)s") % {"name": name[:80]})
    return Bundle(
        manifest=MappingProxyType(manifest),
        data=MappingProxyType(data),
        files=MappingProxyType(contents),
    )


def _json(archive: zipfile.ZipFile, name: str):
    try:
        return json.loads(archive.read(name))
    except (ValueError, UnicodeDecodeError, zipfile.BadZipFile, OSError, EOFError) as error:
        raise _damaged(_("%(name)s illisible") % {"name": name}) from error
