"""The workshop bundle: export, import, idempotence, refusals, and who may use its two pages."""

import io
import json
import zipfile
from uuid import uuid4

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mille.workshops import bundle, crossing
from mille.workshops.bundle import BundleError
from mille.workshops.models import (
    Action,
    Contribution,
    CrossingResult,
    Dot,
    Participant,
    Phase,
    Pledge,
    RoomCount,
    Statement,
    TreeNode,
    Vote,
    Workshop,
)
from mille.workshops.services import bundle as bundle_services
from mille.workshops.services import crossing_store
from tests.workshops.samples import webm

pytestmark = pytest.mark.django_db


@pytest.fixture
def room(workshop, facilitator, member):
    """A workshop as a room leaves it: every kind of object, audio included."""
    peers = list(workshop.peer_groups.all())
    questions = list(workshop.questions.all())
    people = [
        Participant.objects.create(
            workshop=workshop,
            peer_group=peers[i % len(peers)],
            nickname=name,
            recovery_hash=f"secret-hash-{name}",
            user=member if name == "Fatou" else None,
        )
        for i, name in enumerate(["Amina", "Bruno", "Chloé", "Fatou"])
    ]
    questions[0].audio.save("q.webm", io.BytesIO(webm(1)), save=False)
    questions[0].audio_type = "audio/webm"
    questions[0].save()
    contributions = []
    for i, person in enumerate(people):
        c = Contribution.objects.create(
            workshop=workshop,
            peer_group=person.peer_group,
            question=questions[i % 2],
            participant=person,
            text=f"Réponse {i}",
        )
        contributions.append(c)
    voice = contributions[0]
    voice.audio.save("voice.webm", io.BytesIO(webm(2)), save=False)
    voice.audio_type, voice.audio_seconds = "audio/webm", 2.0
    voice.save()
    paper = Contribution.objects.create(
        workshop=workshop,
        peer_group=peers[0],
        question=questions[0],
        text="Sur un post-it",
        entered_by=facilitator,
    )
    Contribution.objects.filter(pk=contributions[3].pk).update(merged_into=contributions[2])
    workshop.phase = Phase.CROSSING
    workshop.save()
    statements = []
    for i, text in enumerate(["L'école nous écoute", "Les devoirs sont trop longs", "Bis"]):
        s = Statement.objects.create(workshop=workshop, question=questions[0], text=text)
        s.sources.set([contributions[i], paper] if i == 0 else [contributions[i]])
        statements.append(s)
    Statement.objects.filter(pk=statements[2].pk).update(merged_into=statements[1])
    for person in people:
        for s, value in zip(statements[:2], (1, -1), strict=True):
            Vote.objects.create(statement=s, participant=person, value=value)
    RoomCount.objects.create(
        statement=statements[0], peer_group=peers[1], agree=3, disagree=1, passes=2
    )
    workshop.vote_version = 7
    workshop.save()
    crossing_store(workshop_id=workshop.pk, figures=crossing.compute(workshop), version=7)
    problem = TreeNode.objects.create(workshop=workshop, kind="problem", text="Se comprendre")
    cause = TreeNode.objects.create(workshop=workshop, kind="cause", text="Le jargon", order=1)
    sub = TreeNode.objects.create(
        workshop=workshop, kind="cause", text="Les sigles", parent=cause, statement=statements[0]
    )
    objective = TreeNode.objects.create(
        workshop=workshop, kind="objective", text="Un lexique", answers=sub
    )
    action = Action.objects.create(
        group=workshop.group,
        workshop=workshop,
        objective=objective,
        title="Café des parents",
        lead="Karim",
        created_by=facilitator,
    )
    Dot.objects.create(participant=people[0], node=objective)
    Dot.objects.create(participant=people[1], action=action)
    Pledge.objects.create(participant=people[0], can_do="Venir", need="Un horaire")
    assert problem.pk
    workshop.refresh_from_db()
    return workshop


def export(workshop) -> bytes:
    return bundle_services.workshop_export(workshop=workshop, actor=None)


def members(raw: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rezip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def forget(workshop) -> None:
    """Another site: the workshop is not there."""
    Action.objects.filter(workshop=workshop).delete()
    workshop.participants.all().delete()
    workshop.delete()


def snapshot(workshop) -> dict:
    data, files = bundle.workshop_data(workshop)
    return {"data": data, "files": {name: bundle.sha256(c) for name, c in files.items()}}


def counts() -> dict:
    models = (Workshop, Participant, Contribution, Statement, Vote, RoomCount, TreeNode)
    return {m.__name__: m.objects.count() for m in (*models, Action, Dot, Pledge, CrossingResult)}


# --- The file ---------------------------------------------------------------------------------


def test_the_bundle_says_what_it_holds_and_carries_no_secret(room, member):
    raw = export(room)
    files = members(raw)
    manifest = json.loads(files["manifest.json"])
    assert manifest["format"] == "mille-workshop-bundle"
    assert manifest["format_version"] == bundle.FORMAT_VERSION
    assert manifest["app_version"] and manifest["created_at"]
    assert manifest["workshop"] == {"uuid": str(room.uuid), "title": room.title}
    assert manifest["contains"] == {
        "sessions": room.sessions.count(),
        "peer_groups": room.peer_groups.count(),
        "questions": room.questions.count(),
        "participants": 4,
        "contributions": 5,
        "statements": 3,
        "votes": 8,
        "room_counts": 1,
        "tree_nodes": 4,
        "actions": 1,
        "dots": 2,
        "pledges": 1,
        "crossing_analysis": 1,
        "audio_files": 2,
    }
    assert set(manifest["checksums"]) == set(files) - {"manifest.json"}
    for name, digest in manifest["checksums"].items():
        assert bundle.sha256(files[name]) == digest
    body = files["workshop.json"].decode()
    for secret in ("secret-hash", member.email, "@example.org", "recovery"):
        assert secret not in body
    data = json.loads(body)
    assert {p["nickname"] for p in data["participants"]} == {"Amina", "Bruno", "Chloé", "Fatou"}
    assert set(data["participants"][0]) == {
        "uuid",
        "peer_group",
        "nickname",
        "created_at",
        "anonymised_at",
    }
    # The analysis names objects by their uuids, not by this site's ids.
    statement_uuids = {s["uuid"] for s in data["statements"]}
    opinion = data["crossing"]["figures"]["opinion"]
    assert {row["id"] for row in opinion["statements"]} <= statement_uuids


def test_round_trip_into_another_site_gives_the_same_workshop(room, coordinator, group):
    before = snapshot(room)
    facts = counts()
    raw = export(room)
    forget(room)
    report = bundle_services.workshop_import(group=group, actor=coordinator, raw=raw)
    assert report.created and report.changes
    imported = report.workshop
    assert imported.group == group and imported.uuid == room.uuid
    assert snapshot(imported) == before
    assert counts() == facts
    # No account travelled: the participant who had one has none here; codes are new secrets.
    assert not imported.participants.filter(user__isnull=False).exists()
    assert not imported.participants.filter(recovery_hash__startswith="secret-hash").exists()
    assert imported.join_codes.filter(peer_group__isnull=True).exists()
    # The stored analysis reads back with this site's ids.
    figures = crossing.CrossingFigures.from_json(imported.crossing.figures)
    assert figures is not None
    assert {row.id for row in figures.opinion.statements} <= set(
        imported.statements.values_list("pk", flat=True)
    )
    assert set(figures.peer_of) == set(
        Vote.objects.filter(statement__workshop=imported).values_list("participant_id", flat=True)
    )


def test_the_same_bundle_twice_changes_nothing_the_second_time(room, coordinator, group):
    raw = export(room)
    forget(room)
    first = bundle_services.workshop_import(group=group, actor=coordinator, raw=raw)
    facts, before = counts(), snapshot(first.workshop)
    with CaptureQueriesContext(connection) as queries:
        second = bundle_services.workshop_import(group=group, actor=coordinator, raw=raw)
    assert not second.created and second.changes == 0
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].split()[0] in {"INSERT", "UPDATE", "DELETE"}
    ]
    assert writes == []
    assert counts() == facts and snapshot(second.workshop) == before


def test_a_newer_bundle_updates_without_duplicating(room, coordinator, group):
    first = export(room)
    # The room goes on: a new contribution, a statement reworded, a vote changed, a
    # contribution erased, a dot taken back, a new pledge.
    amina, bruno = room.participants.get(nickname="Amina"), room.participants.get(nickname="Bruno")
    Contribution.objects.create(
        workshop=room,
        peer_group=amina.peer_group,
        question=room.questions.first(),
        participant=amina,
        text="Une de plus",
    )
    Statement.objects.filter(workshop=room, text="Bis").update(text="Bis, reformulée")
    Vote.objects.filter(participant=amina, value=1).update(value=0)
    erased = room.contributions.get(text="Réponse 1")
    erased.delete()
    Dot.objects.filter(participant=bruno).delete()
    Pledge.objects.create(participant=bruno, can_do="Traduire", need="")
    expected = snapshot(room)
    second = export(room)

    forget(room)
    bundle_services.workshop_import(group=group, actor=coordinator, raw=first)
    facts = counts()
    report = bundle_services.workshop_import(group=group, actor=coordinator, raw=second)
    assert not report.created and report.changes
    assert snapshot(report.workshop) == expected
    assert Workshop.objects.filter(uuid=room.uuid).count() == 1
    assert counts() == {
        **facts,
        "Contribution": facts["Contribution"],  # one more, one erased
        "Dot": facts["Dot"] - 1,
        "Pledge": facts["Pledge"] + 1,
    }
    # Going back to the older file would bring back what was erased: refused.
    with pytest.raises(BundleError, match="plus ancien"):
        bundle_services.workshop_import(group=group, actor=coordinator, raw=first)


def test_the_commands_export_and_import(room, group, tmp_path, capsys):
    path = tmp_path / "atelier.zip"
    call_command("workshop_export", room.pk, str(path))
    forget(room)
    call_command("workshop_import", str(path), "--group", group.slug)
    call_command("workshop_import", str(path), "--group", group.slug)
    out = capsys.readouterr().out
    assert "importé" in out and "déjà à jour, 0 changement" in out
    assert Workshop.objects.filter(uuid=room.uuid, group=group).count() == 1


# --- Refusals ---------------------------------------------------------------------------------


def refused(raw: bytes, group, actor, match: str) -> None:
    facts = counts()
    with pytest.raises(BundleError, match=match):
        bundle_services.workshop_import(group=group, actor=actor, raw=raw)
    assert counts() == facts


def test_not_a_zip(group, coordinator):
    refused(b"PK\x03\x04 pas vraiment", group, coordinator, "pas un fichier zip")
    refused(rezip({"autre.txt": b"x"}), group, coordinator, "pas de manifeste")


def test_a_damaged_member_is_refused(room, group, coordinator):
    files = members(export(room))
    files["workshop.json"] = files["workshop.json"].replace(b"Amina", b"Amino")
    forget(room)
    refused(rezip(files), group, coordinator, "empreinte de workshop.json")


def test_a_missing_member_is_refused(room, group, coordinator):
    files = members(export(room))
    audio = next(name for name in files if name.startswith("audio/"))
    del files[audio]
    forget(room)
    refused(rezip(files), group, coordinator, "fichier manquant")


def test_a_truncated_file_is_refused(room, group, coordinator):
    raw = export(room)
    forget(room)
    refused(raw[: len(raw) // 2], group, coordinator, "pas un fichier zip|abîmé")


def test_a_newer_format_is_refused(room, group, coordinator):
    files = members(export(room))
    manifest = json.loads(files["manifest.json"])
    manifest["format_version"] = bundle.FORMAT_VERSION + 1
    files["manifest.json"] = json.dumps(manifest).encode()
    forget(room)
    refused(rezip(files), group, coordinator, "version plus récente de Mille")


def test_a_too_big_file_is_refused(room, group, coordinator, settings):
    raw = export(room)
    forget(room)
    settings.WORKSHOP_BUNDLE_MAX_BYTES = len(raw) - 1
    refused(raw, group, coordinator, "trop lourd")
    # Small once packed, large once unpacked: refused before inflating.
    settings.WORKSHOP_BUNDLE_MAX_BYTES = 200_000
    files = {"manifest.json": b"{}", "audio/zeros.webm": bytes(300_000)}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    refused(buffer.getvalue(), group, coordinator, "trop lourd")


@pytest.mark.parametrize("name", ["../evil.webm", "/etc/passwd", "audio/../../x", "a\\..\\b"])
def test_a_member_outside_the_bundle_is_refused(room, group, coordinator, name):
    files = members(export(room))
    manifest = json.loads(files["manifest.json"])
    files[name] = b"x"
    manifest["checksums"][name] = bundle.sha256(b"x")
    files["manifest.json"] = json.dumps(manifest).encode()
    forget(room)
    refused(rezip(files), group, coordinator, "hors de lui-même")


def test_an_audio_reference_outside_the_bundle_is_refused(room, group, coordinator):
    files = members(export(room))
    data = json.loads(files["workshop.json"])
    data["contributions"][0]["audio"] = "../../mille.sqlite3"
    files["workshop.json"] = json.dumps(data).encode()
    manifest = json.loads(files["manifest.json"])
    manifest["checksums"]["workshop.json"] = bundle.sha256(files["workshop.json"])
    files["manifest.json"] = json.dumps(manifest).encode()
    forget(room)
    refused(rezip(files), group, coordinator, "ne contient pas")


def test_a_workshop_of_another_group_is_refused(room, other_group, other_coordinator):
    refused(export(room), other_group, other_coordinator, "appartient déjà à un autre groupe")


def test_objects_of_another_workshop_are_not_touched(room, other_workshop, group, coordinator):
    """A forged file that names another workshop's peer group by its uuid."""
    files = members(export(room))
    data = json.loads(files["workshop.json"])
    data["workshop"]["uuid"] = str(uuid4())
    data["peer_groups"][0]["uuid"] = str(other_workshop.peer_groups.first().uuid)
    files["workshop.json"] = json.dumps(data).encode()
    manifest = json.loads(files["manifest.json"])
    manifest["checksums"]["workshop.json"] = bundle.sha256(files["workshop.json"])
    files["manifest.json"] = json.dumps(manifest).encode()
    refused(rezip(files), group, coordinator, "autre atelier")


def test_an_inconsistent_file_is_refused(room, group, coordinator):
    files = members(export(room))
    data = json.loads(files["workshop.json"])
    data["votes"][0]["statement"] = str(uuid4())
    data["peer_groups"][0]["colour"] = "fluo"
    files["workshop.json"] = json.dumps(data).encode()
    manifest = json.loads(files["manifest.json"])
    manifest["checksums"]["workshop.json"] = bundle.sha256(files["workshop.json"])
    files["manifest.json"] = json.dumps(manifest).encode()
    forget(room)
    refused(rezip(files), group, coordinator, "valeur refusée|incohérent")


def test_services_check_the_permission(room, group, member, facilitator):
    with pytest.raises(PermissionDenied):
        bundle_services.workshop_export(workshop=room, actor=member)
    raw = bundle_services.workshop_export(workshop=room, actor=facilitator)
    with pytest.raises(PermissionDenied):
        bundle_services.workshop_import(group=group, actor=facilitator, raw=raw)


# --- Pure parts -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("workshop.json", True),
        ("audio/1234.webm", True),
        ("../x", False),
        ("audio/../x", False),
        ("/abs", False),
        ("C:/x", False),
        ("a\\b", False),
        ("audio//x", False),
        ("", False),
    ],
)
def test_safe_member_name(name, safe):
    assert bundle.safe_member_name(name) is safe


def test_remap_figures_goes_there_and_back(room):
    stored = room.crossing.figures
    statements = {s.pk: str(s.uuid) for s in room.statements.all()}
    participants = {p.pk: str(p.uuid) for p in room.participants.all()}
    peers = {p.pk: str(p.uuid) for p in room.peer_groups.all()}
    there = bundle.remap_figures(
        stored, statements=statements, participants=participants, peer_groups=peers
    )
    back = bundle.remap_figures(
        there,
        statements={v: k for k, v in statements.items()},
        participants={v: k for k, v in participants.items()},
        peer_groups={v: k for k, v in peers.items()},
    )
    assert crossing.CrossingFigures.from_json(back) == crossing.CrossingFigures.from_json(stored)
    assert bundle.remap_figures({}, statements={}, participants={}, peer_groups={}) == {}


# --- The pages --------------------------------------------------------------------------------


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def people(member, facilitator, coordinator, other_coordinator, national):
    return {
        "anonymous": None,
        "member": member,
        "facilitator": facilitator,
        "coordinator": coordinator,
        "other_coordinator": other_coordinator,
        "national": national,
    }


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("anonymous", False),
        ("member", False),
        ("facilitator", True),
        ("coordinator", True),
        ("other_coordinator", False),
        ("national", False),
    ],
)
def test_export_page(room, people, role, allowed):
    response = client_for(people[role]).get(reverse("workshops:bundle_export", args=[room.pk]))
    if allowed:
        assert response.status_code == 200
        assert response["Content-Type"] == "application/zip"
        assert "attachment" in response["Content-Disposition"]
        assert bundle.unpack(response.content, max_bytes=10**8).data["workshop"]["uuid"] == str(
            room.uuid
        )
    elif role == "anonymous":
        assert response.status_code == 302 and reverse("account_login") in response["Location"]
    else:
        assert response.status_code == 403


def test_the_workshop_page_offers_the_export(room, facilitator):
    page = client_for(facilitator).get(reverse("workshops:detail", args=[room.pk]))
    assert "Exporter pour le réseau" in page.content.decode()
    assert reverse("workshops:bundle_export", args=[room.pk]) in page.content.decode()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("anonymous", False),
        ("member", False),
        ("facilitator", False),
        ("coordinator", True),
        ("other_coordinator", False),
        ("national", False),
    ],
)
def test_import_page(room, group, people, role, allowed):
    raw = export(room)
    forget(room)
    url = reverse("workshops:bundle_import", args=[group.slug])
    client = client_for(people[role])
    page = client.get(url)
    upload = io.BytesIO(raw)
    upload.name = "atelier.zip"
    response = client.post(url, {"bundle": upload})
    if allowed:
        assert page.status_code == 200
        assert response.status_code == 302
        imported = Workshop.objects.get(uuid=room.uuid)
        assert response["Location"] == imported.get_absolute_url()
        assert imported.group == group
    else:
        assert not Workshop.objects.filter(uuid=room.uuid).exists()
        if role == "anonymous":
            assert page.status_code == 302 and response.status_code == 302
        else:
            assert page.status_code == 403 and response.status_code == 403


def test_import_page_explains_a_refusal_in_french(group, coordinator):
    client = client_for(coordinator)
    upload = io.BytesIO(b"ceci n'est pas un zip")
    upload.name = "atelier.zip"
    response = client.post(
        reverse("workshops:bundle_import", args=[group.slug]), {"bundle": upload}
    )
    assert response.status_code == 200
    assert "pas un export d&#x27;atelier de Mille" in response.content.decode()


def test_the_group_workshops_page_links_to_the_import_for_coordinators(group, coordinator, member):
    url = reverse("workshops:group_workshops", args=[group.slug])
    target = reverse("workshops:bundle_import", args=[group.slug])
    assert target in client_for(coordinator).get(url).content.decode()
    assert target not in client_for(member).get(url).content.decode()


def test_an_audio_member_that_is_no_audio_is_refused(room, group, coordinator):
    files = members(export(room))
    name = next(name for name in files if name.startswith("audio/"))
    files[name] = b"<html><script>alert(1)</script></html>"
    manifest = json.loads(files["manifest.json"])
    manifest["checksums"][name] = bundle.sha256(files[name])
    files["manifest.json"] = json.dumps(manifest).encode()
    forget(room)
    refused(rezip(files), group, coordinator, "enregistrement refusé")
