import os
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mille.workshops import codes, services
from mille.workshops.models import Contribution, JoinCode, Participant, Phase
from tests.workshops import samples


def test_lille_fives_template(workshop):
    peers = [peer.name for peer in workshop.peer_groups.all()]
    assert peers == [
        "Parents : bon souvenir de l'école",
        "Parents : mauvais souvenir de l'école",
        "Enseignants",
        "Acteurs socio-éducatifs",
    ]
    assert [s.title for s in workshop.sessions.all()][0] == "Séance 1"
    assert workshop.sessions.count() == 3
    questions = [q.text for q in workshop.questions.all()]
    assert questions[0] == "Qu'est-ce que réussir à l'école ?"
    assert "En quoi ai-je besoin de l'autre ?" in questions
    # One general code and one per peer group, from the unambiguous alphabet.
    all_codes = list(JoinCode.objects.filter(workshop=workshop))
    assert len(all_codes) == 5
    for join_code in all_codes:
        assert codes.looks_valid(join_code.code, codes.JOIN_CODE_LENGTH)
        assert not set(join_code.code) & set("0O1IL5S2Z8B")


def test_other_templates(group, facilitator):
    tree = services.workshop_create(group=group, actor=facilitator, blueprint="arbre")
    assert tree.peer_groups.count() == 3 and tree.questions.count() == 4
    empty = services.workshop_create(
        group=group, actor=facilitator, blueprint="vide", title="Notre atelier"
    )
    assert empty.peer_groups.count() == 0 and empty.questions.count() == 0
    with pytest.raises(ValidationError):
        services.workshop_create(group=group, actor=facilitator, blueprint="vide")  # no title
    with pytest.raises(ValidationError):
        services.workshop_create(group=group, actor=facilitator, blueprint="nope", title="x")
    # Peer work needs at least one peer group and one question.
    with pytest.raises(ValidationError):
        services.workshop_phase_change(workshop=empty, actor=facilitator, phase=Phase.PEER_WORK)


def test_only_facilitators_create_and_manage(group, member, outsider, workshop):
    with pytest.raises(PermissionDenied):
        services.workshop_create(group=group, actor=member, blueprint="croisement")
    with pytest.raises(PermissionDenied):
        services.workshop_phase_change(workshop=workshop, actor=outsider, phase=Phase.CROSSING)


def test_phase_goes_back_only_with_confirmation(workshop, facilitator):
    services.workshop_phase_change(workshop=workshop, actor=facilitator, phase=Phase.CROSSING)
    with pytest.raises(ValidationError):
        services.workshop_phase_change(workshop=workshop, actor=facilitator, phase=Phase.PEER_WORK)
    workshop.refresh_from_db()
    assert workshop.phase == Phase.CROSSING
    services.workshop_phase_change(
        workshop=workshop, actor=facilitator, phase=Phase.PEER_WORK, confirmed=True
    )
    workshop.refresh_from_db()
    assert workshop.phase == Phase.PEER_WORK


def _participant(workshop, index=0, name="Amina"):
    participant, recovery = services.participant_join(
        workshop=workshop, peer_group=workshop.peer_groups.all()[index], nickname=name
    )
    return participant, recovery


def test_join_and_recover(workshop):
    participant, recovery = _participant(workshop)
    assert codes.looks_valid(recovery, codes.RECOVERY_CODE_LENGTH)
    assert recovery not in participant.recovery_hash
    found = services.participant_recover(
        workshop=workshop, recovery_code=codes.pretty(recovery).lower()
    )
    assert found == participant
    assert services.participant_recover(workshop=workshop, recovery_code="AAAA-AAAA") is None


def test_recovery_codes_are_kept_under_a_keyed_digest(workshop, settings):
    import hashlib

    participant, recovery = _participant(workshop)
    secret = f"{workshop.pk}:{recovery}"
    # Not the plain SHA-256 that anyone with the database could compute for every code.
    assert participant.recovery_hash != hashlib.sha256(secret.encode()).hexdigest()
    # A code stored before (unkeyed) still works, and is stored again under the key.
    Participant.objects.filter(pk=participant.pk).update(
        recovery_hash=hashlib.sha256(secret.encode()).hexdigest()
    )
    assert services.participant_recover(workshop=workshop, recovery_code=recovery) == participant
    participant.refresh_from_db()
    assert participant.recovery_hash == codes.digest(secret)
    # While the site's key is replaced, codes made with the old key still work.
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "une-nouvelle-clé-secrète-assez-longue-pour-les-tests"
    assert services.participant_recover(workshop=workshop, recovery_code=recovery) == participant


def test_join_refuses_bad_input(workshop, other_workshop):
    with pytest.raises(ValidationError):
        services.participant_join(
            workshop=workshop, peer_group=workshop.peer_groups.first(), nickname="   "
        )
    with pytest.raises(ValidationError):
        services.participant_join(
            workshop=workshop, peer_group=workshop.peer_groups.first(), nickname="x" * 41
        )
    with pytest.raises(ValidationError):
        services.participant_join(
            workshop=workshop, peer_group=other_workshop.peer_groups.first(), nickname="Amina"
        )
    workshop.phase = Phase.CLOSED
    workshop.save()
    with pytest.raises(ValidationError):
        _participant(workshop)
    assert workshop.participants.count() == 0


def test_contribution_is_stored_once_per_client_id(workshop):
    participant, _ = _participant(workshop)
    question = workshop.questions.first()
    client_id = uuid.uuid4()
    version = participant.peer_group.wall_version
    first, created = services.contribution_create(
        participant=participant, question=question, text="Apprendre à lire", client_id=client_id
    )
    again, created_again = services.contribution_create(
        participant=participant, question=question, text="Apprendre à lire", client_id=client_id
    )
    assert created and not created_again and first.pk == again.pk
    assert Contribution.objects.count() == 1
    participant.peer_group.refresh_from_db()
    assert participant.peer_group.wall_version == version + 1


def test_someone_else_cannot_reuse_a_client_id(workshop):
    amina, _ = _participant(workshop)
    bruno, _ = _participant(workshop, 1, "Bruno")
    client_id = uuid.uuid4()
    question = workshop.questions.first()
    services.contribution_create(
        participant=amina, question=question, text="a", client_id=client_id
    )
    with pytest.raises(ValidationError):
        services.contribution_create(
            participant=bruno, question=question, text="b", client_id=client_id
        )


@pytest.mark.parametrize(
    ("text", "audio"),
    [("", None), ("   ", None), ("x" * 1001, None), ("", b"not audio"), ("ok", samples.webm(130))],
)
def test_bad_contributions_write_nothing(workshop, text, audio):
    participant, _ = _participant(workshop)
    with pytest.raises(ValidationError):
        services.contribution_create(
            participant=participant,
            question=workshop.questions.first(),
            text=text,
            audio_bytes=audio,
        )
    assert Contribution.objects.count() == 0


def test_contributions_only_during_peer_work(workshop, facilitator):
    participant, _ = _participant(workshop)
    question = workshop.questions.first()
    contribution, _ = services.contribution_create(
        participant=participant, question=question, text="a"
    )
    services.workshop_phase_change(workshop=workshop, actor=facilitator, phase=Phase.CROSSING)
    participant.workshop.refresh_from_db()
    with pytest.raises(ValidationError):
        services.contribution_create(participant=participant, question=question, text="b")
    with pytest.raises(ValidationError):
        services.contribution_update(contribution=contribution, participant=participant, text="c")
    contribution.refresh_from_db()
    assert contribution.text == "a"
    # Taking one's own words back stays possible in every phase.
    services.contribution_delete(contribution=contribution, participant=participant)
    assert not question.contributions.filter(pk=contribution.pk).exists()


def test_audio_contribution_and_edit(workshop):
    participant, _ = _participant(workshop)
    question = workshop.questions.first()
    contribution, _ = services.contribution_create(
        participant=participant, question=question, audio_bytes=samples.ogg_opus(12)
    )
    assert contribution.audio_type == "audio/ogg"
    assert contribution.audio_seconds == pytest.approx(12, abs=0.1)
    path = contribution.audio.path
    # Removing the voice without text would leave nothing: refused.
    with pytest.raises(ValidationError):
        services.contribution_update(
            contribution=contribution, participant=participant, text="", remove_audio=True
        )
    services.contribution_update(
        contribution=contribution, participant=participant, text="Mon avis", remove_audio=True
    )
    contribution.refresh_from_db()
    assert not contribution.audio and contribution.text == "Mon avis"
    assert not os.path.exists(path)


def test_only_the_author_edits(workshop):
    amina, _ = _participant(workshop)
    bruno, _ = _participant(workshop, 0, "Bruno")
    contribution, _ = services.contribution_create(
        participant=amina, question=workshop.questions.first(), text="a"
    )
    with pytest.raises(PermissionDenied):
        services.contribution_update(contribution=contribution, participant=bruno, text="b")
    with pytest.raises(PermissionDenied):
        services.contribution_delete(contribution=contribution, participant=bruno)


def test_paste_is_all_or_nothing(workshop, facilitator):
    peer, question = workshop.peer_groups.last(), workshop.questions.first()
    created = services.contributions_paste(
        actor=facilitator, peer_group=peer, question=question, lines="Un\n\n  Deux  \nTrois\n"
    )
    assert [c.text for c in created] == ["Un", "Deux", "Trois"]
    assert all(c.on_behalf and c.entered_by == facilitator for c in created)
    with pytest.raises(ValidationError):
        services.contributions_paste(
            actor=facilitator, peer_group=peer, question=question, lines="Quatre\n" + "x" * 1001
        )
    assert Contribution.objects.count() == 3


def test_paste_needs_a_facilitator(workshop, member, other_workshop, facilitator):
    with pytest.raises(PermissionDenied):
        services.contributions_paste(
            actor=member,
            peer_group=workshop.peer_groups.first(),
            question=workshop.questions.first(),
            lines="x",
        )
    # A facilitator of this workshop cannot write into another group's workshop.
    with pytest.raises(PermissionDenied):
        services.contributions_paste(
            actor=facilitator,
            peer_group=other_workshop.peer_groups.first(),
            question=other_workshop.questions.first(),
            lines="x",
        )


def test_hide_merge_and_show(workshop, facilitator):
    peer, question = workshop.peer_groups.first(), workshop.questions.first()
    a, b, c = services.contributions_paste(
        actor=facilitator, peer_group=peer, question=question, lines="Lire\nLire !\nÉcrire"
    )
    with pytest.raises(ValidationError):
        services.contribution_hide(contribution=c, actor=facilitator, reason="  ")
    services.contribution_hide(contribution=c, actor=facilitator, reason="Hors sujet")
    c.refresh_from_db()
    assert c.hidden and c.hidden_reason == "Hors sujet" and c.hidden_by == facilitator
    services.contributions_merge(actor=facilitator, keep=a, duplicates=[b])
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.merged_count == 2 and b.hidden and b.merged_into == a
    services.contribution_show(contribution=b, actor=facilitator)
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.merged_count == 1 and not b.hidden and b.merged_into is None
    other_question = workshop.questions.last()
    (d,) = services.contributions_paste(
        actor=facilitator, peer_group=peer, question=other_question, lines="Autre"
    )
    with pytest.raises(ValidationError):
        services.contributions_merge(actor=facilitator, keep=a, duplicates=[d])


def test_question_order_and_delete(workshop, facilitator):
    questions = list(workshop.questions.all())
    services.question_move(question=questions[1], actor=facilitator, offset=-1)
    reordered = list(workshop.questions.all())
    assert reordered[0] == questions[1] and reordered[1] == questions[0]
    services.contributions_paste(
        actor=facilitator, peer_group=workshop.peer_groups.first(), question=questions[0], lines="x"
    )
    with pytest.raises(ValidationError):
        services.question_delete(question=questions[0], actor=facilitator)
    services.question_delete(question=questions[-1], actor=facilitator)
    assert workshop.questions.count() == len(questions) - 1


def test_peer_group_with_participants_cannot_be_deleted(workshop, facilitator):
    participant, _ = _participant(workshop)
    with pytest.raises(ValidationError):
        services.peer_group_delete(peer_group=participant.peer_group, actor=facilitator)
    new = services.peer_group_save(
        workshop=workshop, actor=facilitator, name="Grands-parents", pictogram="heart", colour="red"
    )
    assert new.join_code.code
    services.peer_group_delete(peer_group=new, actor=facilitator)
