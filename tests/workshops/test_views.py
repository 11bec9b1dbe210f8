import csv
import io
import json
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from mille.workshops import codes, services
from mille.workshops.models import Contribution, Participant, Phase
from mille.workshops.views import participate as participate_views
from tests.workshops import samples
from tests.workshops.conftest import join


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _code(workshop, peer=None):
    return workshop.join_codes.get(peer_group=peer).code


# --- Joining -----------------------------------------------------------------------------------


def test_join_page_and_code_form(workshop):
    client = Client()
    page = client.get("/rejoindre/")
    assert page.status_code == 200
    assert 'name="code"' in page.content.decode()
    code = _code(workshop)
    # Typed loosely: lower case, with a dash and spaces.
    response = client.post("/rejoindre/", {"code": f" {code[:3].lower()}-{code[3:]} "})
    assert response.status_code == 302 and response["Location"] == f"/rejoindre/{code}/"


def test_join_flow_remembers_the_device_and_shows_a_recovery_code(workshop):
    client = Client()
    page = client.get(f"/rejoindre/{_code(workshop)}/")
    html = page.content.decode()
    for peer in workshop.peer_groups.all():
        assert peer.name.replace("'", "&#x27;") in html
    assert "Écouter" in html and "privacy-text" in html
    # What happens to a recorded voice, and that everything can be erased at any time.
    assert "Elle est effacée 90 jours après la fin de l'atelier" in html
    assert "à tout moment" in html
    client = join(workshop, 2, "Mme Roux", client)
    assert client.participant.peer_group.name == "Enseignants"
    home = client.get(reverse("workshops:participate", args=[workshop.pk]))
    assert home.status_code == 200
    text = home.content.decode()
    assert "Votre code personnel" in text
    recovery = text.split('class="big-code">')[1].split("<")[0]
    # Shown once only.
    assert (
        "Votre code personnel"
        not in client.get(reverse("workshops:participate", args=[workshop.pk])).content.decode()
    )
    # Back on the join page, the device is recognised.
    again = client.get(f"/rejoindre/{_code(workshop)}/")
    assert again.status_code == 302
    # Another phone continues with the recovery code.
    phone = Client()
    assert phone.get(reverse("workshops:participate", args=[workshop.pk])).status_code == 302
    response = phone.post(
        reverse("workshops:recover", args=[_code(workshop)]), {"recovery": recovery}
    )
    assert response.status_code == 302
    assert phone.get(reverse("workshops:participate", args=[workshop.pk])).status_code == 200
    assert Participant.objects.count() == 1


def test_peer_group_code_fixes_the_group(workshop):
    teachers = workshop.peer_groups.get(name="Enseignants")
    client = Client()
    page = client.get(f"/rejoindre/{_code(workshop, teachers)}/")
    assert 'name="peer_group"' not in page.content.decode()
    other = workshop.peer_groups.first()
    # Trying to pick another group by editing the request changes nothing.
    client.post(
        f"/rejoindre/{_code(workshop, teachers)}/", {"nickname": "Léa", "peer_group": other.pk}
    )
    assert Participant.objects.get(nickname="Léa").peer_group == teachers


def test_account_holders_are_linked(workshop, member):
    client = _client(member)
    join(workshop, 0, "Fatou", client)
    participant = Participant.objects.get(nickname="Fatou")
    assert participant.user == member
    # Recognised by the account on another device without the cookie.
    other = _client(member)
    assert other.get(reverse("workshops:participate", args=[workshop.pk])).status_code == 200


@pytest.mark.parametrize(
    "data",
    [
        {"nickname": ""},
        {"nickname": "x" * 41},
        {"nickname": "Amina"},
        {"nickname": "A", "peer_group": 99999},
    ],
)
def test_join_bad_input(workshop, data):
    response = Client().post(f"/rejoindre/{_code(workshop)}/", data)
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert Participant.objects.count() == 0


def test_wrong_codes_are_rate_limited(workshop):
    client = Client()
    client.get("/rejoindre/")  # a phone opens the page first: it gets its device identifier
    for _attempt in range(10):
        response = client.post("/rejoindre/", {"code": "XXXXXX"})
        assert response.status_code == 200
        assert "ne correspond à aucun atelier" in response.content.decode()
    blocked = client.post("/rejoindre/", {"code": _code(workshop)})
    assert blocked.status_code == 429
    assert "Trop de tentatives" in blocked.content.decode()
    assert int(blocked["Retry-After"]) > 0
    assert "Réessayez dans" in blocked.content.decode()
    assert client.get(f"/rejoindre/{_code(workshop)}/").status_code == 429
    # Another address is not blocked.
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.get(f"/rejoindre/{_code(workshop)}/").status_code == 200
    # Nor is another phone of the same room, behind the same router.
    neighbour = Client()
    assert neighbour.get(f"/rejoindre/{_code(workshop)}/").status_code == 200


def test_a_guesser_dropping_cookies_is_stopped_by_the_network_limit(workshop):
    for _attempt in range(100):
        Client().post("/rejoindre/", {"code": "XXXXXX"})
    assert Client().post("/rejoindre/", {"code": _code(workshop)}).status_code == 429
    ipv6_neighbour = Client(REMOTE_ADDR="2001:db8:1:1::5")
    assert ipv6_neighbour.get("/rejoindre/").status_code == 200


def test_an_ipv6_network_is_its_64_prefix(workshop):
    for host in range(100):
        Client(REMOTE_ADDR=f"2001:db8:1:1::{host + 1:x}").post("/rejoindre/", {"code": "XXXXXX"})
    assert Client(REMOTE_ADDR="2001:db8:1:1::ffff").get("/rejoindre/").status_code == 429
    assert Client(REMOTE_ADDR="2001:db8:1:2::1").get("/rejoindre/").status_code == 200


def test_wrong_recovery_codes_count_too(workshop):
    client = Client()
    url = reverse("workshops:recover", args=[_code(workshop)])
    for _attempt in range(10):
        response = client.post(url, {"recovery": "AAAAAAAA"})
        assert "ne correspond à personne" in response.content.decode()
    assert client.post(url, {"recovery": "AAAAAAAA"}).status_code == 429
    # Guessing one workshop's recovery codes from many devices is slowed too, though a room
    # where people mistype (a few tries each) is not locked out.
    tries = participate_views.RECOVERY_LIMIT.attempts - 10
    for number in range(tries):
        Client(REMOTE_ADDR=f"10.0.{number // 200}.{number % 200}").post(
            url, {"recovery": "AAAAAAAA"}
        )
    assert Client(REMOTE_ADDR="10.9.2.1").post(url, {"recovery": "AAAAAAAA"}).status_code == 429


def test_closed_workshop_code_stops_working(workshop, facilitator):
    services.workshop_phase_change(workshop=workshop, actor=facilitator, phase=Phase.CLOSED)
    client = Client()
    response = client.get(f"/rejoindre/{_code(workshop)}/")
    assert response.status_code == 410
    assert "Cet atelier est terminé" in response.content.decode()
    response = client.post(
        f"/rejoindre/{_code(workshop)}/",
        {"nickname": "A", "peer_group": workshop.peer_groups.first().pk},
    )
    assert response.status_code == 410
    assert Participant.objects.count() == 0


def test_forged_cookie_is_not_a_participant(workshop, amina):
    client = Client()
    client.cookies[f"atelier{workshop.pk}"] = str(amina.participant.pk)
    assert client.get(reverse("workshops:participate", args=[workshop.pk])).status_code == 302
    question = workshop.questions.first()
    url = reverse("workshops:question", args=[workshop.pk, question.pk])
    assert client.get(url)["Location"] == "/rejoindre/"
    # A phone's queued answer is refused in JSON, so that it stays queued.
    refused = client.post(url, {"text": "x"}, HTTP_ACCEPT="application/json")
    assert refused.status_code == 403 and refused.json()["ok"] is False
    assert Contribution.objects.count() == 0


# --- Contributing and isolation ----------------------------------------------------------------


def _question_url(workshop, question=None):
    question = question or workshop.questions.first()
    return reverse("workshops:question", args=[workshop.pk, question.pk])


def test_participant_posts_and_sees_only_own_group(workshop, amina, bruno):
    url = _question_url(workshop)
    amina.post(url, {"text": "Savoir lire et compter", "client_id": str(uuid.uuid4())})
    bruno.post(url, {"text": "Avoir des copains", "client_id": str(uuid.uuid4())})
    page_a = amina.get(url).content.decode()
    page_b = bruno.get(url).content.decode()
    assert "Savoir lire et compter" in page_a and "Avoir des copains" not in page_a
    assert "Avoir des copains" in page_b and "Savoir lire et compter" not in page_b
    wall_url = reverse("workshops:wall", args=[workshop.pk, workshop.questions.first().pk])
    assert "Avoir des copains" not in amina.get(wall_url, HTTP_HX_REQUEST="true").content.decode()


def test_participant_cannot_post_into_another_group_by_editing_the_request(workshop, amina):
    other = workshop.peer_groups.all()[1]
    amina.post(
        _question_url(workshop),
        {"text": "Mon avis", "peer_group": other.pk, "peer_group_id": other.pk},
    )
    assert Contribution.objects.get().peer_group == amina.participant.peer_group


def test_question_of_another_workshop_is_404(workshop, other_workshop, amina):
    url = reverse("workshops:question", args=[workshop.pk, other_workshop.questions.first().pk])
    assert amina.get(url).status_code == 404
    assert amina.post(url, {"text": "x"}).status_code == 404
    assert Contribution.objects.count() == 0


def test_json_post_and_dedup(workshop, amina):
    client_id = str(uuid.uuid4())
    url = _question_url(workshop)
    first = amina.post(url, {"text": "Oui", "client_id": client_id}, HTTP_ACCEPT="application/json")
    second = amina.post(
        url, {"text": "Oui", "client_id": client_id}, HTTP_ACCEPT="application/json"
    )
    assert first.status_code == 201 and second.status_code == 200
    assert second.json() == {"ok": True, "created": False}
    assert Contribution.objects.count() == 1
    bad = amina.post(url, {"text": "x" * 1001}, HTTP_ACCEPT="application/json")
    assert bad.status_code == 400
    assert "trop long" in bad.json()["error"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": ""}, "Écrivez quelques mots"),
        ({"text": "x" * 1001}, "trop long"),
    ],
)
def test_bad_text_gets_a_french_message(workshop, amina, data, message):
    response = amina.post(_question_url(workshop), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Contribution.objects.count() == 0


def _upload(data: bytes, name="voix.webm", content_type="audio/webm"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<html>not audio</html>", "pas un enregistrement audio"),
        (samples.webm(150), "trop long"),
        (samples.webm(5) + b"\x00" * (3 * 1024 * 1024), "trop lourd"),
    ],
)
def test_bad_audio_gets_a_french_message(workshop, amina, data, message):
    response = amina.post(_question_url(workshop), {"audio": _upload(data)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Contribution.objects.count() == 0


def test_audio_is_heard_by_own_group_and_facilitators_only(
    workshop, amina, bruno, facilitator, member
):
    amina.post(_question_url(workshop), {"audio": _upload(samples.webm(8))})
    contribution = Contribution.objects.get()
    url = reverse("workshops:contribution_audio", args=[workshop.pk, contribution.pk])
    teammate = join(workshop, 0, "Sonia")
    assert amina.get(url).status_code == 200
    response = teammate.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "audio/webm"
    assert b"".join(response.streaming_content)[:4] == b"\x1a\x45\xdf\xa3"
    assert response["Cache-Control"] == "private, no-store"  # no shared cache keeps a voice
    assert _client(facilitator).get(url).status_code == 200
    assert bruno.get(url).status_code == 403
    assert _client(member).get(url).status_code == 403
    assert Client().get(url).status_code == 403


def test_edit_and_delete_own_contribution(workshop, amina, bruno):
    amina.post(_question_url(workshop), {"text": "Premier avis"})
    contribution = Contribution.objects.get()
    url = reverse("workshops:contribution_edit", args=[workshop.pk, contribution.pk])
    delete = reverse("workshops:contribution_delete", args=[workshop.pk, contribution.pk])
    assert bruno.get(url).status_code == 404
    assert bruno.post(delete).status_code == 404
    assert amina.post(url, {"text": "Avis corrigé"}).status_code == 302
    contribution.refresh_from_db()
    assert contribution.text == "Avis corrigé"
    assert amina.post(url, {"text": ""}).status_code == 400
    amina.post(delete)
    assert Contribution.objects.count() == 0


def test_poll_answers_304_until_the_wall_changes(workshop, amina, django_assert_max_num_queries):
    question = workshop.questions.first()
    url = reverse("workshops:wall", args=[workshop.pk, question.pk])
    first = amina.get(url, HTTP_HX_REQUEST="true")
    assert first.status_code == 200 and first["Cache-Control"] == "no-store"
    version = first.content.decode().split('name="v" value="')[1].split('"')[0]
    with django_assert_max_num_queries(1):
        unchanged = amina.get(url, {"v": version, "n": "0"}, HTTP_HX_REQUEST="true")
    assert unchanged.status_code == 304
    join(workshop, 0, "Sonia").post(_question_url(workshop), {"text": "Nouveau"})
    changed = amina.get(url, {"v": version, "n": "0"}, HTTP_HX_REQUEST="true")
    assert changed.status_code == 200
    html = changed.content.decode()
    assert "Nouveau" in html and "1 nouvelle contribution" in html
    assert Client().get(url).status_code == 403


def test_hidden_contributions_leave_the_wall(workshop, amina, facilitator):
    amina.post(_question_url(workshop), {"text": "Propos déplacé"})
    contribution = Contribution.objects.get()
    response = _client(facilitator).post(
        reverse("workshops:contribution_hide", args=[workshop.pk, contribution.pk]),
        {"reason": "Propos blessant"},
    )
    assert response.status_code == 302
    teammate = join(workshop, 0, "Sonia")
    assert "Propos déplacé" not in teammate.get(_question_url(workshop)).content.decode()
    # Its author still sees it, marked as hidden, in « Mes réponses ».
    own = amina.get(_question_url(workshop)).content.decode()
    assert "Masquée par l'animateur" in own
    assert own.count(">Propos déplacé</p>") == 1
    board = (
        _client(facilitator).get(reverse("workshops:board", args=[workshop.pk])).content.decode()
    )
    assert "Propos déplacé" in board and "Propos blessant" in board


# --- Facilitators ------------------------------------------------------------------------------


def _facilitator_urls(workshop, contribution=None):
    peer, question, session = (
        workshop.peer_groups.first(),
        workshop.questions.first(),
        workshop.sessions.first(),
    )
    code = _code(workshop)
    urls = [
        ("get", reverse("workshops:group_workshops", args=[workshop.group.slug])),
        ("get", reverse("workshops:create", args=[workshop.group.slug])),
        ("get", reverse("workshops:detail", args=[workshop.pk])),
        ("get", reverse("workshops:edit", args=[workshop.pk])),
        ("post", reverse("workshops:phase", args=[workshop.pk])),
        ("get", reverse("workshops:guide", args=[workshop.pk])),
        ("get", reverse("workshops:session_add", args=[workshop.pk])),
        ("get", reverse("workshops:session_edit", args=[workshop.pk, session.pk])),
        ("get", reverse("workshops:peer_group_add", args=[workshop.pk])),
        ("get", reverse("workshops:peer_group_edit", args=[workshop.pk, peer.pk])),
        ("get", reverse("workshops:question_add", args=[workshop.pk])),
        ("get", reverse("workshops:question_edit", args=[workshop.pk, question.pk])),
        ("post", reverse("workshops:question_move", args=[workshop.pk, question.pk])),
        ("get", reverse("workshops:board", args=[workshop.pk])),
        ("get", reverse("workshops:board_wall", args=[workshop.pk])),
        ("post", reverse("workshops:merge", args=[workshop.pk])),
        ("get", reverse("workshops:qr", args=[workshop.pk, code])),
        ("get", reverse("workshops:pdf", args=[workshop.pk, "invitation"])),
        ("get", reverse("workshops:pdf", args=[workshop.pk, "questions"])),
        ("get", reverse("workshops:pdf", args=[workshop.pk, "contributions"])),
        ("get", reverse("workshops:pdf", args=[workshop.pk, "guide"])),
        ("get", reverse("workshops:export", args=[workshop.pk, "csv"])),
        ("get", reverse("workshops:export", args=[workshop.pk, "json"])),
    ]
    if contribution is not None:
        for name in ("contribution_hide", "contribution_show"):
            urls.append(("post", reverse(f"workshops:{name}", args=[workshop.pk, contribution.pk])))
    return urls


@pytest.fixture
def paper_contribution(workshop, facilitator):
    return services.contributions_paste(
        actor=facilitator,
        peer_group=workshop.peer_groups.first(),
        question=workshop.questions.first(),
        lines="Le cahier de liaison",
    )[0]


def test_facilitator_pages_permissions(
    workshop,
    paper_contribution,
    facilitator,
    coordinator,
    member,
    outsider,
    national,
    other_coordinator,
    amina,
):
    urls = _facilitator_urls(workshop, paper_contribution)
    for method, url in urls:
        for user in (facilitator, coordinator):
            response = getattr(_client(user), method)(url)
            assert response.status_code in (200, 302), (url, user, response.status_code)
            if response.status_code == 302:
                assert "/accounts/login" not in response["Location"], url
        anonymous = getattr(Client(), method)(url)
        assert anonymous.status_code in (302, 403), url
        if anonymous.status_code == 302:
            assert "/accounts/login" in anonymous["Location"]
        # A participant without account is not a facilitator.
        participant_response = getattr(amina, method)(url)
        assert participant_response.status_code in (302, 403), url
        if participant_response.status_code == 302:
            assert "/accounts/login" in participant_response["Location"]
        for user in (outsider, other_coordinator):
            assert getattr(_client(user), method)(url).status_code == 403, (url, user)
    # Members and the national coordination may list the group's workshops, not manage them.
    list_url = reverse("workshops:group_workshops", args=[workshop.group.slug])
    for user in (member, national):
        assert _client(user).get(list_url).status_code == 200
        for method, url in urls[1:]:
            assert getattr(_client(user), method)(url).status_code == 403, (url, user)


def test_a_member_named_facilitator_of_the_workshop_manages_it(workshop, facilitator, member):
    detail = reverse("workshops:detail", args=[workshop.pk])
    assert _client(member).get(detail).status_code == 403
    membership = workshop.group.memberships.get(user=member)
    response = _client(facilitator).post(
        reverse("workshops:edit", args=[workshop.pk]),
        {"title": workshop.title, "purpose": "", "facilitators": [membership.pk]},
    )
    assert response.status_code == 302
    assert _client(member).get(detail).status_code == 200


def test_create_workshop_from_template(group, facilitator):
    client = _client(facilitator)
    response = client.post(
        reverse("workshops:create", args=[group.slug]), {"blueprint": "arbre", "title": ""}
    )
    assert response.status_code == 302
    workshop = group.workshops.get()
    assert workshop.title.startswith("Arbre à problèmes")
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert "Points de vigilance" in page and "neutre" in page


def test_setup_forms(workshop, facilitator):
    client = _client(facilitator)
    response = client.post(
        reverse("workshops:peer_group_add", args=[workshop.pk]),
        {"name": "Grands-parents", "description": "", "pictogram": "heart", "colour": "red"},
    )
    assert response.status_code == 302
    assert workshop.peer_groups.filter(name="Grands-parents").exists()
    bad = client.post(
        reverse("workshops:peer_group_add", args=[workshop.pk]),
        {"name": "", "pictogram": "nope", "colour": "red"},
    )
    assert bad.status_code == 200 and "error-summary" in bad.content.decode()
    response = client.post(
        reverse("workshops:question_add", args=[workshop.pk]),
        {
            "text": "Qu'est-ce qui vous rend fier ?",
            "pictogram": "star",
            "audio_file": _upload(samples.ogg_opus(6), "q.ogg", "audio/ogg"),
        },
    )
    assert response.status_code == 302
    question = workshop.questions.get(text="Qu'est-ce qui vous rend fier ?")
    assert question.audio_type == "audio/ogg"
    bad_audio = client.post(
        reverse("workshops:question_add", args=[workshop.pk]),
        {"text": "Autre", "audio_file": _upload(b"nope", "q.ogg", "audio/ogg")},
    )
    assert "pas un enregistrement audio" in bad_audio.content.decode()
    assert not workshop.questions.filter(text="Autre").exists()
    session = workshop.sessions.first()
    response = client.post(
        reverse("workshops:session_edit", args=[workshop.pk, session.pk]),
        {"title": "Séance 1", "starts_at": "2026-12-03T18:00", "place": "Centre social Mosaïque"},
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.place == "Centre social Mosaïque"
    # Items of another workshop are not reachable through this one.
    other = services.workshop_create(group=workshop.group, actor=facilitator, blueprint="arbre")
    url = reverse("workshops:question_edit", args=[workshop.pk, other.questions.first().pk])
    assert client.get(url).status_code == 404
    foreign = reverse("workshops:question_delete", args=[workshop.pk, other.questions.first().pk])
    assert client.post(foreign).status_code == 404
    # Deleting has its own URL (POST only); the edit form only saves.
    edit = reverse("workshops:session_edit", args=[workshop.pk, session.pk])
    assert f'action="{edit}supprimer/"' in client.get(edit).content.decode()
    delete = reverse("workshops:session_delete", args=[workshop.pk, session.pk])
    assert client.get(delete).status_code == 405
    assert client.post(delete).status_code == 302
    assert not workshop.sessions.filter(pk=session.pk).exists()


def test_phase_back_needs_confirmation(workshop, facilitator):
    client = _client(facilitator)
    url = reverse("workshops:phase", args=[workshop.pk])
    client.post(url, {"phase": "crossing"})
    workshop.refresh_from_db()
    assert workshop.phase == "crossing"
    client.post(url, {"phase": "peer_work"})
    workshop.refresh_from_db()
    assert workshop.phase == "crossing"
    client.post(url, {"phase": "peer_work", "confirmed": "on"})
    workshop.refresh_from_db()
    assert workshop.phase == "peer_work"


def test_on_behalf_one_and_many(workshop, facilitator):
    client = _client(facilitator)
    url = reverse("workshops:board", args=[workshop.pk])
    enter = reverse("workshops:board_enter", args=[workshop.pk])
    paste = reverse("workshops:board_paste", args=[workshop.pk])
    peer, question = workshop.peer_groups.last(), workshop.questions.first()
    response = client.post(
        enter, {"one-peer_group": peer.pk, "one-question": question.pk, "one-text": "Dit à l'oral"}
    )
    assert response.status_code == 302
    response = client.post(
        paste,
        {
            "many-peer_group": peer.pk,
            "many-question": question.pk,
            "many-lines": "Post-it 1\nPost-it 2",
        },
    )
    assert response.status_code == 302
    assert list(Contribution.objects.values_list("text", flat=True)) == [
        "Dit à l'oral",
        "Post-it 1",
        "Post-it 2",
    ]
    assert all(c.entered_by == facilitator for c in Contribution.objects.all())
    bad = client.post(
        paste, {"many-peer_group": peer.pk, "many-question": question.pk, "many-lines": "  \n "}
    )
    assert bad.status_code == 400
    assert Contribution.objects.count() == 3
    board = client.get(url).content.decode()
    assert "Saisie par Karim" in board


def test_merge_from_the_board(workshop, facilitator):
    a, b = services.contributions_paste(
        actor=facilitator,
        peer_group=workshop.peer_groups.first(),
        question=workshop.questions.first(),
        lines="Lire\nLire",
    )
    response = _client(facilitator).post(
        reverse("workshops:merge", args=[workshop.pk]), {"ids": [a.pk, b.pk]}
    )
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.merged_count == 2


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context), response


def test_board_query_count_is_flat(workshop, facilitator):
    client = _client(facilitator)
    url = reverse("workshops:board", args=[workshop.pk])
    client.get(url)
    empty, _ = _queries(client, url)
    for peer in workshop.peer_groups.all():
        for question in workshop.questions.all():
            services.contributions_paste(
                actor=facilitator, peer_group=peer, question=question, lines="a\nb\nc"
            )
    full, response = _queries(client, url)
    assert response.content.decode().count('class="byline"') == 60
    assert full == empty <= 15


def test_participant_page_query_count_is_flat(
    workshop, amina, facilitator, django_assert_max_num_queries
):
    question = workshop.questions.first()
    services.contributions_paste(
        actor=facilitator,
        peer_group=amina.participant.peer_group,
        question=question,
        lines="\n".join(f"avis {i}" for i in range(40)),
    )
    with django_assert_max_num_queries(8):
        response = amina.get(_question_url(workshop, question))
    assert response.content.decode().count('class="byline"') == 40


# --- Paper and exports -------------------------------------------------------------------------


def _pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_pdfs_contain_questions_and_codes(workshop, facilitator, amina):
    services.contributions_paste(
        actor=facilitator,
        peer_group=workshop.peer_groups.first(),
        question=workshop.questions.first(),
        lines="Savoir lire",
    )
    client = _client(facilitator)
    invitation = _pdf_text(client.get(reverse("workshops:pdf", args=[workshop.pk, "invitation"])))
    for join_code in workshop.join_codes.all():
        assert join_code.code in invitation
    assert "/rejoindre/" in invitation
    sheets = _pdf_text(client.get(reverse("workshops:pdf", args=[workshop.pk, "questions"])))
    for question in workshop.questions.all():
        assert question.text.replace("'", "’")[:20] in sheets.replace("'", "’")
    assert "Enseignants" in sheets
    contributions = _pdf_text(
        client.get(reverse("workshops:pdf", args=[workshop.pk, "contributions"]))
    )
    assert "Savoir lire" in contributions
    guide = _pdf_text(client.get(reverse("workshops:pdf", args=[workshop.pk, "guide"])))
    assert "Points de vigilance" in guide
    assert client.get(reverse("workshops:pdf", args=[workshop.pk, "nope"])).status_code == 404


def test_qr_code_is_svg_for_a_code_of_this_workshop(workshop, other_workshop, facilitator):
    client = _client(facilitator)
    response = client.get(reverse("workshops:qr", args=[workshop.pk, _code(workshop)]))
    assert response["Content-Type"] == "image/svg+xml" and b"<svg" in response.content
    assert (
        client.get(reverse("workshops:qr", args=[workshop.pk, _code(other_workshop)])).status_code
        == 404
    )


def test_exports(workshop, facilitator, amina):
    amina.post(_question_url(workshop), {"text": '=HYPERLINK("x")'})
    services.contributions_paste(
        actor=facilitator,
        peer_group=workshop.peer_groups.last(),
        question=workshop.questions.first(),
        lines="Le goûter",
    )
    client = _client(facilitator)
    rows = list(
        csv.DictReader(
            io.StringIO(
                client.get(reverse("workshops:export", args=[workshop.pk, "csv"])).content.decode(
                    "utf-8-sig"
                )
            ),
            delimiter=";",
        )
    )
    assert len(rows) == 2
    assert "pseudonyme" not in rows[0]
    assert rows[0]["texte"].startswith("'=")  # not run as a formula by a spreadsheet
    assert rows[1]["saisie_par_animateur"] == "oui"
    named = client.get(
        reverse("workshops:export", args=[workshop.pk, "csv"]) + "?pseudonymes=1"
    ).content.decode("utf-8-sig")
    assert "Amina" in named
    data = json.loads(client.get(reverse("workshops:export", args=[workshop.pk, "json"])).content)
    assert {row["groupe_de_pairs"] for row in data["contributions"]} == {
        "Parents : bon souvenir de l'école",
        "Acteurs socio-éducatifs",
    }


def test_recovery_code_alphabet_is_unambiguous():
    assert set(codes.ALPHABET).isdisjoint("0O1IL5S2Z8B")
    assert codes.normalise(" km4-tqx ") == "KM4TQX"
