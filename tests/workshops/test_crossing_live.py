"""The crossing, live and stable: opinion groups keep their numbers from one vote to the next, a
polled results page or slide answers 304 while nothing changed and the new figures otherwise, and the
next statement is chosen from one column."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from mille.workshops import crossing, selectors, services, tasks
from mille.workshops.models import CrossingResult, Phase, Statement
from tests.workshops.conftest import join

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def crossing_workshop(workshop, facilitator):
    services.workshop_phase_change(workshop=workshop, actor=facilitator, phase=Phase.CROSSING)
    workshop.refresh_from_db()
    return workshop


def _analyse(workshop) -> crossing.CrossingFigures:
    tasks.analyse_crossing.enqueue(workshop.pk)
    return crossing.CrossingFigures.from_json(CrossingResult.objects.get(workshop=workshop).figures)


def _camp_votes(person, statements, camp: int, noise: int = 0):
    for index, statement in enumerate(statements):
        agree = (index < len(statements) // 2) == (camp == 0)
        if index == noise % len(statements):
            agree = not agree
        services.vote_cast(participant=person, statement=statement, value=1 if agree else -1)


def _groups(figures) -> dict[int, int]:
    return {p.id: p.group for p in figures.opinion.participants if p.group is not None}


def test_one_more_vote_never_renames_the_opinion_groups(crossing_workshop, facilitator):
    statements = [
        services.statement_create(workshop=crossing_workshop, actor=facilitator, text=f"Phrase {n}")
        for n in range(10)
    ]
    peers = list(crossing_workshop.peer_groups.all())
    people = []
    for n in range(24):  # camp 0: 13 people, camp 1: 11 people
        person, _ = services.participant_join(
            workshop=crossing_workshop, peer_group=peers[n % len(peers)], nickname=f"P{n}"
        )
        camp = 0 if n < 13 else 1
        _camp_votes(person, statements, camp, noise=n)
        people.append((person, camp))
    first = _analyse(crossing_workshop)
    assert first.k == 2
    before = _groups(first)
    number_of = {camp: before[p.pk] for p, camp in people}
    assert number_of[0] != number_of[1]

    # Newcomers of camp 1 vote one by one, each vote analysed: camp 1 becomes the larger one,
    # which a fresh analysis would number first — the stored groups keep their numbers.
    for n in range(5):
        person, _ = services.participant_join(
            workshop=crossing_workshop, peer_group=peers[n % len(peers)], nickname=f"N{n}"
        )
        for index, statement in enumerate(statements):
            services.vote_cast(
                participant=person,
                statement=statement,
                value=-1 if index < len(statements) // 2 else 1,
            )
            figures = _analyse(crossing_workshop)
            now = _groups(figures)
            assert figures.k == 2
            for p, camp in people:
                assert now[p.pk] == number_of[camp], (n, index)
    final = _groups(figures)
    assert sum(1 for g in final.values() if g == number_of[1]) > sum(
        1 for g in final.values() if g == number_of[0]
    )
    # Without the stored warm state, the numbers would have swapped: the test can fail.
    cold = _groups(crossing.compute(crossing_workshop))
    assert cold[people[0][0].pk] != number_of[0]


def _scenario(workshop, facilitator):
    statements = [
        services.statement_create(workshop=workshop, actor=facilitator, text=f"Énoncé {n}")
        for n in range(3)
    ]
    peers = list(workshop.peer_groups.all())
    people = [
        services.participant_join(workshop=workshop, peer_group=peers[n % 4], nickname=f"V{n}")[0]
        for n in range(8)
    ]
    for person in people:
        services.vote_cast(participant=person, statement=statements[0], value=1)
    _analyse(workshop)
    return statements, people


def test_polled_results_answer_304_until_something_changes(crossing_workshop, facilitator):
    statements, people = _scenario(crossing_workshop, facilitator)
    client = Client()
    client.force_login(facilitator)
    url = reverse("workshops:facilitator_results", args=[crossing_workshop.pk])
    page = client.get(url).content.decode()
    assert 'hx-trigger="every' in page and 'id="results-live"' in page
    version = selectors.results_version(crossing_workshop.pk)
    assert f'name="v" value="{version}"' in page

    unchanged = client.get(url, {"v": version}, **HTMX)
    assert unchanged.status_code == 304 and unchanged["Cache-Control"] == "no-store"

    # A vote arrives: the fragment says the results are being updated...
    services.vote_cast(participant=people[0], statement=statements[1], value=-1)
    fragment = client.get(url, {"v": version}, **HTMX)
    body = fragment.content.decode()
    assert fragment.status_code == 200 and "<html" not in body
    assert "se mettent à jour tout seuls" in body and "data-wall-announce" in body
    shown = re.search(r'name="v" value="([^"]+)"', body).group(1)
    assert shown != version
    # The page asked for the analysis (here run at once): the next poll brings the new figures.
    fresh = client.get(url, {"v": shown}, **HTMX)
    assert fresh.status_code == 200
    assert "se mettent à jour tout seuls" not in fresh.content.decode()
    now = selectors.results_version(crossing_workshop.pk)
    assert client.get(url, {"v": now}, **HTMX).status_code == 304


def test_a_participants_poll_is_checked_like_the_page(crossing_workshop, facilitator):
    _scenario(crossing_workshop, facilitator)
    url = reverse("workshops:results", args=[crossing_workshop.pk])
    assert Client().get(url, **HTMX).status_code in (302, 403, 404)  # no device cookie
    phone = join(crossing_workshop, 0, "Amina")
    assert phone.get(url, **HTMX).status_code == 200
    version = selectors.results_version(crossing_workshop.pk)
    assert phone.get(url, {"v": version}, **HTMX).status_code == 304


def test_presentation_slide_follows_the_votes_and_shows_the_map(
    crossing_workshop, facilitator, member
):
    statements, people = _scenario(crossing_workshop, facilitator)
    client = Client()
    client.force_login(facilitator)
    url = reverse("workshops:presentation", args=[crossing_workshop.pk])
    count = crossing_workshop.questions.count()
    slide = {"n": count + 1}
    page = client.get(url, slide).content.decode()
    assert 'id="slide-live"' in page and "Par groupe de pairs" in page
    version = selectors.results_version(crossing_workshop.pk)
    assert client.get(url, {**slide, "v": version}, **HTMX).status_code == 304
    assert client.get(url, {"n": 1, "v": "old"}, **HTMX).status_code == 286  # a question's slide
    services.vote_cast(participant=people[1], statement=statements[0], value=-1)
    assert client.get(url, {**slide, "v": version}, **HTMX).status_code == 200
    member_client = Client()
    member_client.force_login(member)
    assert member_client.get(url, {**slide, "v": version}, **HTMX).status_code in (403, 404)


def test_presentation_table_gives_each_opinion_groups_votes(crossing_workshop, facilitator):
    statements = [
        services.statement_create(workshop=crossing_workshop, actor=facilitator, text=f"Idée {n}")
        for n in range(8)
    ]
    peers = list(crossing_workshop.peer_groups.all())
    for n in range(14):
        person, _ = services.participant_join(
            workshop=crossing_workshop, peer_group=peers[n % 4], nickname=f"O{n}"
        )
        _camp_votes(person, statements, 0 if n < 7 else 1, noise=n)
    figures = _analyse(crossing_workshop)
    assert figures.k == 2
    rows = selectors.opinion_votes(crossing_workshop, statements[0].pk)
    assert sorted(r.size for r in rows) == [7, 7]
    assert sum(r.agree + r.disagree + r.passes for r in rows) == 14
    client = Client()
    client.force_login(facilitator)
    page = client.get(
        reverse("workshops:presentation", args=[crossing_workshop.pk]),
        {"n": crossing_workshop.questions.count() + 1},
    ).content.decode()
    assert 'class="opinion-map"' in page and "par groupe d'opinion (téléphones)" in page


def test_next_statement_reads_the_stored_priority(
    crossing_workshop, facilitator, django_assert_num_queries
):
    statements, people = _scenario(crossing_workshop, facilitator)
    Statement.objects.filter(pk=statements[2].pk).update(priority=1e6)
    newcomer = people[-1]
    with django_assert_num_queries(1):
        chosen = selectors.next_statement(newcomer)
    assert chosen == statements[2]
    stored = crossing.CrossingFigures.from_json(CrossingResult.objects.get().figures)
    _analyse(crossing_workshop)  # nothing new: the stored weights stay as analysed
    weights = dict(
        Statement.objects.filter(workshop=crossing_workshop).values_list("pk", "priority")
    )
    assert stored.priorities() and all(
        weights[pk] == pytest.approx(w)
        for pk, w in stored.priorities().items()
        if pk != statements[2].pk
    )


def test_a_room_is_analysed_in_batches(crossing_workshop, facilitator, settings, monkeypatch):
    """Where the worker can run a task later, the analysis waits a moment for the votes that
    follow; one task waits at a time."""
    from django.utils import timezone

    from mille.workshops.services import crossing as crossing_services

    settings.CROSSING_ANALYSIS_BATCH_SECONDS = 1.5
    asked = []

    class Deferred:
        supports_defer = True

    class Task:
        def get_backend(self):
            return Deferred()

        def using(self, run_after):
            asked.append(run_after)
            return self

        def enqueue(self, workshop_id):
            asked.append(workshop_id)

    monkeypatch.setattr(tasks, "analyse_crossing", Task())
    before = timezone.now()
    crossing_services._enqueue_analysis(crossing_workshop.pk)
    crossing_services._enqueue_analysis(crossing_workshop.pk)  # one waits already
    assert len(asked) == 2 and asked[1] == crossing_workshop.pk
    assert 1.4 <= (asked[0] - before).total_seconds() <= 3
