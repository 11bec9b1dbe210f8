import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from mille.opinions import Conversation, Options, Votes, analyse
from mille.workshops import crossing, selectors, services
from mille.workshops.models import CrossingResult, Phase, Vote
from tests.workshops.conftest import join


@pytest.fixture
def crossing_workshop(workshop, facilitator):
    services.workshop_phase_change(workshop=workshop, actor=facilitator, phase=Phase.CROSSING)
    workshop.refresh_from_db()
    return workshop


def _people(workshop, per_group=5):
    """Five participants in each of the four peer groups."""
    people = {}
    for index, peer in enumerate(workshop.peer_groups.all()):
        people[peer.pk] = [
            services.participant_join(workshop=workshop, peer_group=peer, nickname=f"P{index}{n}")[
                0
            ]
            for n in range(per_group)
        ]
    return people


def _statement(workshop, actor, text):
    return services.statement_create(workshop=workshop, actor=actor, text=text)


def test_statements_need_a_facilitator_and_the_crossing(workshop, facilitator, member):
    with pytest.raises(ValidationError):  # still in the peer phase
        _statement(workshop, facilitator, "L'école accueille les parents")
    services.workshop_phase_change(workshop=workshop, actor=facilitator, phase=Phase.CROSSING)
    workshop.refresh_from_db()
    with pytest.raises(PermissionDenied):
        _statement(workshop, member, "L'école accueille les parents")
    for bad in ("", "   ", "x" * 281):
        with pytest.raises(ValidationError):
            _statement(workshop, facilitator, bad)
    statement = _statement(workshop, facilitator, "  L'école   accueille les parents ")
    assert statement.text == "L'école accueille les parents"


def test_participants_propose_only_where_allowed(crossing_workshop):
    participant, _ = services.participant_join(
        workshop=crossing_workshop, peer_group=crossing_workshop.peer_groups.first(), nickname="A"
    )
    with pytest.raises(PermissionDenied):
        services.statement_create(workshop=crossing_workshop, participant=participant, text="Oui")
    crossing_workshop.participants_propose = True
    crossing_workshop.save()
    statement = services.statement_create(
        workshop=crossing_workshop, participant=participant, text="Oui"
    )
    assert statement.proposed_by == participant


def test_sources_come_from_the_same_workshop(
    crossing_workshop, facilitator, other_workshop, other_coordinator
):
    (foreign,) = services.contributions_paste(
        actor=other_coordinator,
        peer_group=other_workshop.peer_groups.first(),
        question=other_workshop.questions.first(),
        lines="Ailleurs",
    )
    with pytest.raises(ValidationError):
        services.statement_create(
            workshop=crossing_workshop, actor=facilitator, text="x", sources=[foreign]
        )


def test_votes(crossing_workshop, facilitator, other_workshop, other_coordinator):
    people = _people(crossing_workshop, per_group=1)
    amina = next(iter(people.values()))[0]
    statement = _statement(crossing_workshop, facilitator, "Les devoirs se font à l'école")
    services.vote_cast(participant=amina, statement=statement, value=1)
    services.vote_cast(participant=amina, statement=statement, value=-1)
    assert Vote.objects.get().value == -1
    with pytest.raises(ValidationError):
        services.vote_cast(participant=amina, statement=statement, value=2)
    services.workshop_phase_change(
        workshop=other_workshop, actor=other_coordinator, phase=Phase.CROSSING
    )
    foreign = services.statement_create(workshop=other_workshop, actor=other_coordinator, text="x")
    with pytest.raises(PermissionDenied):
        services.vote_cast(participant=amina, statement=foreign, value=1)
    services.statement_hide(statement=statement, actor=facilitator)
    with pytest.raises(ValidationError):
        services.vote_cast(participant=amina, statement=statement, value=1)


def test_room_counts_are_checked(crossing_workshop, facilitator, member):
    statement = _statement(crossing_workshop, facilitator, "Un café des parents chaque mois")
    peer = crossing_workshop.peer_groups.first()
    with pytest.raises(PermissionDenied):
        services.room_count_set(
            actor=member, statement=statement, peer_group=peer, agree=1, disagree=0, passes=0
        )
    with pytest.raises(ValidationError):
        services.room_count_set(
            actor=facilitator, statement=statement, peer_group=peer, agree=-1, disagree=0, passes=0
        )
    services.room_count_set(
        actor=facilitator, statement=statement, peer_group=peer, agree=4, disagree=1, passes=0
    )
    services.room_count_set(
        actor=facilitator, statement=statement, peer_group=peer, agree=6, disagree=1, passes=0
    )
    assert statement.room_counts.get().agree == 6


def _scenario(workshop, facilitator):
    """Everybody agrees on « united »; parents agree and professionals disagree on « divides »."""
    people = _people(workshop)
    united = _statement(
        workshop, facilitator, "Les enfants ont besoin que parents et école se parlent"
    )
    divides = _statement(workshop, facilitator, "Les devoirs à la maison aident les enfants")
    other = _statement(workshop, facilitator, "La réunion de rentrée suffit")
    for index, members in enumerate(people.values()):
        for n, person in enumerate(members):
            services.vote_cast(participant=person, statement=united, value=1)
            services.vote_cast(participant=person, statement=divides, value=1 if index < 2 else -1)
            services.vote_cast(participant=person, statement=other, value=(-1, 0, 1)[n % 3])
    return people, united, divides, other


def test_analysis_runs_after_commit_and_matches_the_engine(
    crossing_workshop, facilitator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        people, united, divides, other = _scenario(crossing_workshop, facilitator)
    result = CrossingResult.objects.get(workshop=crossing_workshop)
    crossing_workshop.refresh_from_db()
    assert result.vote_version == crossing_workshop.vote_version
    view = selectors.crossing_view(crossing_workshop)
    assert not view.stale
    assert [r.statement for r in view.consensus] == [united]
    assert divides in [r.statement for r in view.divisive]
    # Bars hold the votes as cast.
    by_statement = {r.statement: r for r in view.statements}
    for bar in by_statement[divides].bars:
        parents = bar.peer_group.name.startswith("Parents")
        assert (bar.agree, bar.disagree, bar.passes) == ((5, 0, 0) if parents else (0, 5, 0))
    # The same votes given to the engine directly give the same peer-group lens.
    records = [
        (f"p{v.participant_id}", f"s{v.statement_id}", v.value, v.updated_at.timestamp())
        for v in Vote.objects.all()
    ]
    declared = {f"p{p.pk}": f"g{p.peer_group_id}" for members in people.values() for p in members}
    direct = analyse(
        Conversation(Votes.from_records(records), declared_groups=declared), Options(seed=0)
    )
    stored = crossing.CrossingFigures.from_json(result.figures)
    assert [f"s{pk}" for pk in stored.peer.consensus_agree] == list(direct.declared.consensus_agree)
    assert [f"s{pk}" for pk in stored.peer.divisive] == list(direct.declared.divisive)
    assert direct.k == stored.k


def test_show_of_hands_counts_in_the_peer_lens_only(crossing_workshop, facilitator):
    statement = _statement(crossing_workshop, facilitator, "Un café des parents chaque mois")
    teachers = crossing_workshop.peer_groups.get(name="Enseignants")
    services.room_count_set(
        actor=facilitator, statement=statement, peer_group=teachers, agree=7, disagree=2, passes=1
    )
    figures = crossing.compute(crossing_workshop)
    cell = figures.peer.statement(statement.pk).groups[teachers.pk]
    assert (cell.agree, cell.disagree, cell.passes) == (7, 2, 1)
    assert figures.hands == 10 and figures.voters == 0
    assert figures.points() == []  # one vote each: nobody placed on the opinion map


def test_next_statement_routes_unvoted_first(crossing_workshop, facilitator):
    people = _people(crossing_workshop, per_group=1)
    amina = next(iter(people.values()))[0]
    first = _statement(crossing_workshop, facilitator, "Un")
    second = _statement(crossing_workshop, facilitator, "Deux")
    seen = selectors.next_statement(amina)
    assert seen in (first, second)
    services.vote_cast(participant=amina, statement=seen, value=0)
    assert selectors.next_statement(amina) == ({first, second} - {seen}).pop()
    services.vote_cast(participant=amina, statement=selectors.next_statement(amina), value=1)
    assert selectors.next_statement(amina) is None
    assert selectors.vote_progress(amina) == (2, 2)


def test_merge_and_split(crossing_workshop, facilitator):
    a = _statement(crossing_workshop, facilitator, "Accueillir les parents")
    b = _statement(crossing_workshop, facilitator, "Accueillir les familles")
    services.statements_merge(actor=facilitator, keep=a, others=[b])
    b.refresh_from_db()
    assert not b.in_vote and b.merged_into == a
    new = services.statement_split(
        statement=a,
        actor=facilitator,
        first="Accueillir les parents",
        second="Le matin, à la porte",
    )
    assert new.in_vote and list(selectors.statements_in_vote(crossing_workshop)) == [a, new]


# --- Views -------------------------------------------------------------------------------------


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_crossing_board_stays_closed_during_the_peer_phase(workshop, facilitator):
    amina = join(workshop, 0, "Amina")
    bruno = join(workshop, 1, "Bruno")
    bruno.post(
        reverse("workshops:question", args=[workshop.pk, workshop.questions.first().pk]),
        {"text": "Secret de groupe"},
    )
    for name in ("crossing", "vote", "results"):
        page = amina.get(reverse(f"workshops:{name}", args=[workshop.pk])).content.decode()
        assert "Secret de groupe" not in page and "pas ouvert" in page


def test_crossing_board_shows_every_group_without_names(workshop, facilitator):
    amina = join(workshop, 0, "Amina")
    bruno = join(workshop, 1, "Bruno")
    bruno.post(
        reverse("workshops:question", args=[workshop.pk, workshop.questions.first().pk]),
        {"text": "Avoir des copains"},
    )
    services.workshop_phase_change(workshop=workshop, actor=facilitator, phase=Phase.CROSSING)
    page = amina.get(reverse("workshops:crossing", args=[workshop.pk])).content.decode()
    assert "Avoir des copains" in page and "Bruno" not in page
    assert Client().get(reverse("workshops:crossing", args=[workshop.pk])).status_code == 302


def test_vote_page(crossing_workshop, facilitator, other_workshop, other_coordinator):
    amina = join(crossing_workshop, 0, "Amina")
    statement = _statement(crossing_workshop, facilitator, "Un café des parents chaque mois")
    url = reverse("workshops:vote", args=[crossing_workshop.pk])
    page = amina.get(url).content.decode()
    assert "Un café des parents chaque mois" in page and "D&#x27;accord" in page
    assert "Phrase 1 sur 1" in page
    amina.post(url, {"statement": statement.pk, "value": "nope"})
    assert Vote.objects.count() == 0
    services.workshop_phase_change(
        workshop=other_workshop, actor=other_coordinator, phase=Phase.CROSSING
    )
    foreign = services.statement_create(workshop=other_workshop, actor=other_coordinator, text="x")
    assert amina.post(url, {"statement": foreign.pk, "value": "1"}).status_code == 404
    assert amina.post(url, {"statement": statement.pk, "value": "1"}).status_code == 302
    assert Vote.objects.get().value == 1
    assert "Vous avez voté sur toutes les phrases" in amina.get(url).content.decode()


def test_facilitator_crossing_pages_permissions(
    crossing_workshop, facilitator, coordinator, member, outsider, other_coordinator
):
    statement = _statement(crossing_workshop, facilitator, "Un café des parents")
    amina = join(crossing_workshop, 0, "Amina")
    urls = [
        ("get", reverse("workshops:statements", args=[crossing_workshop.pk])),
        ("post", reverse("workshops:statements_merge", args=[crossing_workshop.pk])),
        ("get", reverse("workshops:statement_edit", args=[crossing_workshop.pk, statement.pk])),
        *[
            (
                "post",
                reverse(f"workshops:statement_{name}", args=[crossing_workshop.pk, statement.pk]),
            )
            for name in ("hide", "show")
        ],
        ("get", reverse("workshops:facilitator_results", args=[crossing_workshop.pk])),
    ]
    for method, url in urls:
        for user in (facilitator, coordinator):
            assert getattr(_client(user), method)(url).status_code in (200, 302), url
        for user in (member, outsider, other_coordinator):
            assert getattr(_client(user), method)(url).status_code == 403, (url, user)
        assert getattr(amina, method)(url).status_code in (302, 403)
        anonymous = getattr(Client(), method)(url)
        assert anonymous.status_code == 302 and "/accounts/login" in anonymous["Location"]


def test_statement_pages(crossing_workshop, facilitator):
    client = _client(facilitator)
    (source,) = services.contributions_paste(
        actor=facilitator,
        peer_group=crossing_workshop.peer_groups.first(),
        question=crossing_workshop.questions.first(),
        lines="Le matin, on n'a pas le temps de parler",
    )
    url = reverse("workshops:statements", args=[crossing_workshop.pk])
    assert "Le matin, on n&#x27;a pas le temps de parler" in client.get(url).content.decode()
    response = client.post(
        url, {"text": "Il faut un moment pour se parler", "sources": [source.pk]}
    )
    assert response.status_code == 302
    statement = crossing_workshop.statements.get()
    assert list(statement.sources.all()) == [source]
    assert client.post(url, {"text": ""}).status_code == 400
    edit = reverse("workshops:statement_edit", args=[crossing_workshop.pk, statement.pk])
    peer = crossing_workshop.peer_groups.first()
    hands = reverse("workshops:statement_hands", args=[crossing_workshop.pk, statement.pk])
    data = {}
    for p in crossing_workshop.peer_groups.all():
        data.update(
            {f"hands-g{p.pk}_agree": 0, f"hands-g{p.pk}_disagree": 0, f"hands-g{p.pk}_passes": 0}
        )
    data[f"hands-g{peer.pk}_agree"] = 8
    assert client.post(hands, data).status_code == 302
    assert statement.room_counts.get(peer_group=peer).agree == 8
    data[f"hands-g{peer.pk}_agree"] = -3
    assert client.post(hands, data).status_code == 400
    assert statement.room_counts.get(peer_group=peer).agree == 8
    assert client.get(edit).status_code == 200
    split = reverse("workshops:statement_split", args=[crossing_workshop.pk, statement.pk])
    client.post(split, {"split-first": "Un moment", "split-second": "Un lieu"})
    assert crossing_workshop.statements.count() == 2


def test_results_page(
    crossing_workshop,
    facilitator,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    with django_capture_on_commit_callbacks(execute=True):
        _people_, united, divides, _other = _scenario(crossing_workshop, facilitator)
    client = _client(facilitator)
    url = reverse("workshops:facilitator_results", args=[crossing_workshop.pk])
    with django_assert_max_num_queries(16):
        page = client.get(url).content.decode()
    assert "Ce qui nous rassemble" in page and united.text in page
    assert "Là où nous différons" in page and divides.text in page
    figures = crossing.CrossingFigures.from_json(CrossingResult.objects.get().figures)
    if figures.k:
        assert 'class="opinion-map"' in page
    amina = join(crossing_workshop, 0, "Amina")
    assert (
        united.text
        in amina.get(reverse("workshops:results", args=[crossing_workshop.pk])).content.decode()
    )


def test_presentation(crossing_workshop, facilitator, member):
    services.contributions_paste(
        actor=facilitator,
        peer_group=crossing_workshop.peer_groups.first(),
        question=crossing_workshop.questions.first(),
        lines="Lire le soir",
    )
    _statement(crossing_workshop, facilitator, "Se parler à égalité")
    client = _client(facilitator)
    url = reverse("workshops:presentation", args=[crossing_workshop.pk])
    first = client.get(url).content.decode()
    assert "Lire le soir" in first and "data-next" in first and "data-previous" not in first
    count = crossing_workshop.questions.count() + 1
    last = client.get(url, {"n": count}).content.decode()
    assert "Se parler à égalité" in last and "data-next" not in last
    assert client.get(url, {"n": "999"}).status_code == 200
    assert _client(member).get(url).status_code == 403


def test_participants_propose_from_the_vote_page_when_allowed(crossing_workshop, facilitator):
    amina = join(crossing_workshop, 0, "Amina")
    url = reverse("workshops:vote", args=[crossing_workshop.pk])
    propose = reverse("workshops:propose", args=[crossing_workshop.pk])
    assert 'name="propose-text"' not in amina.get(url).content.decode()
    amina.post(propose, {"propose-text": "Un goûter ensemble"})
    assert not crossing_workshop.statements.exists()
    client = _client(facilitator)
    response = client.post(
        reverse("workshops:edit", args=[crossing_workshop.pk]),
        {
            "title": crossing_workshop.title,
            "purpose": "",
            "participants_propose": "on",
            "dots_per_person": 5,
        },
    )
    assert response.status_code == 302
    crossing_workshop.refresh_from_db()
    assert crossing_workshop.participants_propose and crossing_workshop.dots_per_person == 5
    assert 'name="propose-text"' in amina.get(url).content.decode()
    amina.post(propose, {"propose-text": "Un goûter ensemble"})
    statement = crossing_workshop.statements.get()
    assert statement.proposed_by == amina.participant
    amina.post(propose, {"propose-text": "x" * 281})
    assert crossing_workshop.statements.count() == 1
    bad = client.post(
        reverse("workshops:edit", args=[crossing_workshop.pk]),
        {"title": crossing_workshop.title, "dots_per_person": 50},
    )
    assert bad.status_code == 200 and "error-summary" in bad.content.decode()
