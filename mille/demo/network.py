"""The demo's network life, drawn from seeds 001 and 004: the Journée Nationale des Initiatives
(forum, round tables, workshops; one workshop full, with a waiting list), a départemental gathering
in the Nord convened by its référent, a café des parents at Lille-Fives, a past training day whose
list is erased (counts kept), two requests to the national coordination, a visitor's question, a
newsletter issue already sent, and a national survey with 40 answers."""

import random
import secrets
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from mille.accounts.models import Category, User
from mille.groups.models import LocalGroup
from mille.library.models import LibraryItemPage
from mille.network.models import (
    Answer,
    Convocation,
    Delivery,
    DeliveryStatus,
    Event,
    Issue,
    IssueStatus,
    Referent,
    Registration,
    Response,
    Seat,
    SeatStatus,
    Subscriber,
    SubscriberStatus,
    Survey,
)
from mille.network.services import attendance, events, newsletter, requests, survey
from mille.network.services.registrations import _code
from mille.territories.models import Commune, Departement

PARIS = ZoneInfo("Europe/Paris")


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=PARIS)


def _register(event: Event, name: str, sessions, *, email="", phone="", needs=(), user=None):
    """A registration as a person (or the organiser) made it; the demo sends no e-mail."""
    registration = Registration.objects.create(
        event=event,
        name=name,
        email=email,
        phone=phone,
        needs=list(needs),
        token=secrets.token_urlsafe(24),
        checkin_code=_code(),
        user=user,
        confirmed_at=timezone.now(),
    )
    for session, status in sessions:
        Seat.objects.create(registration=registration, session=session, status=status)
    return registration


PEOPLE = [
    ("Amina", "amina.b@example.org", ""),
    ("Samira", "", "06 12 34 56 01"),
    ("Claire", "claire.m@example.org", ""),
    ("Yacine", "yacine@example.org", ""),
    ("Hélène", "helene.d@example.org", ""),
    ("Bernard", "", "06 12 34 56 02"),
    ("Mehmet", "mehmet.k@example.org", ""),
    ("Sophie", "sophie.l@example.org", ""),
    ("Nathalie", "nathalie@example.org", ""),
    ("Ibrahima", "", "07 12 34 56 03"),
    ("Élodie", "elodie.r@example.org", ""),
    ("Karima", "karima@example.org", ""),
    ("Jean-Marc", "jm.petit@example.org", ""),
    ("Fatima", "", "06 12 34 56 04"),
    ("Lucas", "lucas.v@example.org", ""),
    ("Aïcha", "aicha@example.org", ""),
]


def _journee(national: User, parent: User) -> Event:
    day = timezone.localdate() + timedelta(days=45)
    journee = events.event_create(
        actor=national,
        level="national",
        title="Journée Nationale des Initiatives",
        summary="Une journée pour se rencontrer entre groupes : un forum, des tables rondes et "
        "des ateliers. Parents, écoles, associations : tout le monde est bienvenu.",
        starts_at=_at(day, 9, 30),
        ends_at=_at(day, 17, 0),
        commune=Commune.objects.get(insee="75056"),
        place_name="Maison des associations",
        address="12 rue de l'Exemple",
        audience="Parents, enseignants, animateurs, associations, élus : la communauté éducative.",
        access=["wheelchair", "sign_language", "childcare", "interpreting"],
        access_note="Garde des enfants de 3 à 10 ans sur place. Traduction en arabe et en turc "
        "si vous le demandez en vous inscrivant.",
        description="Le collectif vous invite à partager vos initiatives. Le matin, le forum des "
        "groupes locaux et deux tables rondes ; l'après-midi, trois ateliers pour apprendre "
        "ensemble.",
        testimony_call="Votre groupe a vécu un moment fort avec les parents ? Racontez-le : les "
        "témoignages seront lus pendant la journée, puis publiés dans la bibliothèque.",
        capacity=200,
    )
    forum = journee.sessions.get()
    events.session_save(
        event=journee,
        actor=national,
        session=forum,
        title="Forum des initiatives",
        kind="forum",
        starts_at=_at(day, 9, 30),
        ends_at=_at(day, 11, 0),
        room="Grande salle",
        capacity=200,
        description="Chaque groupe présente son action sur un stand.",
    )
    specs = [
        (
            "Table ronde : associer les parents les plus éloignés de l'école",
            "round_table",
            11,
            15,
            12,
            30,
            80,
        ),
        ("Table ronde : coopérer plutôt que rivaliser", "round_table", 11, 15, 12, 30, 80),
        ("Atelier : le croisement des savoirs (Lille-Fives)", "workshop", 14, 0, 15, 30, 12),
        ("Atelier : l'arbre à problèmes (Saint-Étienne)", "workshop", 14, 0, 15, 30, 25),
        ("Atelier : faire l'état des lieux de son territoire", "workshop", 14, 0, 15, 30, 25),
    ]
    sessions = [forum]
    for title, kind, h1, m1, h2, m2, capacity in specs:
        sessions.append(
            events.session_save(
                event=journee,
                actor=national,
                title=title,
                kind=kind,
                starts_at=_at(day, h1, m1),
                ends_at=_at(day, h2, m2),
                room="Salle " + str(len(sessions)),
                capacity=capacity,
            )
        )
    journee = events.event_publish(event=journee, actor=national)
    _forum, round_a, round_b, crossing, tree, inventory = sessions
    confirmed, waiting = SeatStatus.CONFIRMED, SeatStatus.WAITING
    for index, (name, email, phone) in enumerate(PEOPLE):
        afternoon = (crossing, tree, inventory)[index % 3] if index >= 12 else crossing
        morning = round_a if index % 2 else round_b
        needs = ["interpreting"] if name in ("Mehmet", "Aïcha") else []
        _register(
            journee,
            name,
            [(forum, confirmed), (morning, confirmed), (afternoon, confirmed)],
            email=email,
            phone=phone,
            needs=needs,
        )
    # The crossing workshop is full: two people wait for a place.
    _register(
        journee, "Fatou", [(forum, confirmed), (crossing, waiting)], email=parent.email, user=parent
    )
    _register(journee, "Nadège", [(crossing, waiting)], phone="06 12 34 56 05")
    return journee


def _nord(referent: User, groups: dict) -> Event:
    day = timezone.localdate() + timedelta(days=20)
    gathering = events.event_create(
        actor=referent,
        level="departemental",
        title="Regroupement départemental du Nord",
        summary="Les groupes du Nord se retrouvent pour partager leurs expériences et préparer "
        "la Journée Nationale.",
        starts_at=_at(day, 18, 0),
        ends_at=_at(day, 20, 30),
        commune=Commune.objects.get(insee="59350"),
        place_name="Centre social Mosaïque",
        address="Rue de Fives",
        audience="Les groupes locaux du Nord : parents, animateurs, partenaires.",
        access=["wheelchair", "childcare"],
        capacity=40,
    )
    events.event_publish(event=gathering, actor=referent)
    session = gathering.sessions.get()
    Convocation.objects.bulk_create(
        [
            Convocation(event=gathering, group=groups["lille"], by=referent),
            Convocation(event=gathering, group=groups["valenciennes"], by=referent),
        ]
    )
    for name, email, phone in PEOPLE[:6]:
        _register(gathering, name, [(session, SeatStatus.CONFIRMED)], email=email, phone=phone)
    return gathering


def _cafe(group: LocalGroup, facilitator: User) -> Event:
    day = timezone.localdate() + timedelta(days=9)
    cafe = events.event_create(
        actor=facilitator,
        level="local",
        group=group,
        title="Café des parents à l'école Jules Ferry",
        summary="Un café, des gâteaux, et le temps de parler de l'école entre parents, avec la "
        "maîtresse qui passe dire bonjour.",
        starts_at=_at(day, 8, 30),
        ends_at=_at(day, 10, 0),
        commune=Commune.objects.get(insee="59350"),
        place_name="École Jules Ferry, salle du rez-de-chaussée",
        access=["wheelchair", "childcare", "easy_read"],
        access_note="Les petits frères et sœurs sont les bienvenus.",
        capacity=15,
    )
    events.event_publish(event=cafe, actor=facilitator)
    session = cafe.sessions.get()
    for name, email, phone in [PEOPLE[1], PEOPLE[9], PEOPLE[13], PEOPLE[0]]:
        _register(cafe, name, [(session, SeatStatus.CONFIRMED)], email=email, phone=phone)
    return cafe


def _past_training(referent: User) -> None:
    """A training day two months ago: its list is erased, its counts remain."""
    day = timezone.localdate() - timedelta(days=60)
    training = Event.objects.create(
        slug=f"formation-croisement-des-savoirs-{day:%Y}",
        title="Journée de formation : animer un croisement des savoirs",
        level="training",
        status="published",
        summary="Se former ensemble à l'animation des groupes de pairs.",
        starts_at=_at(day, 9, 30),
        ends_at=_at(day, 16, 30),
        departement_id="59",
        commune=Commune.objects.get(insee="59350"),
        latitude=50.63,
        longitude=3.06,
        created_by=referent,
        published_at=timezone.now() - timedelta(days=90),
    )
    session = training.sessions.create(
        title=training.title,
        kind="training",
        starts_at=training.starts_at,
        ends_at=training.ends_at,
        capacity=20,
    )
    for index, (name, email, phone) in enumerate(PEOPLE[:14]):
        registration = _register(
            training, name, [(session, SeatStatus.CONFIRMED)], email=email, phone=phone
        )
        if index < 11:
            registration.seats.update(attended_at=training.starts_at)
    attendance.attendance_erase(event=training, now=timezone.now())


def _requests(groups: dict, users: dict, national: User) -> None:
    training = requests.request_create(
        group=groups["lille"],
        actor=users["coordinatrice@example.org"],
        kind="training_day",
        subject="Une journée de formation pour nos nouveaux animateurs",
        message="Trois bénévoles nous ont rejoints. Pourriez-vous animer une journée sur le "
        "croisement des savoirs, un samedi de mars ?",
    )
    requests.request_message_add(
        request=training,
        actor=national,
        body="Avec plaisir ! Deux dates possibles : le 7 ou le 14 mars. Laquelle vous convient ?",
    )
    requests.request_create(
        group=groups["valenciennes"],
        actor=users["coordinateur.stetienne@example.org"],
        kind="help_to_start",
        subject="Démarrer avec l'école d'Anzin",
        message="Nous voulons associer l'école d'Anzin dès le début. Comment présenter la "
        "démarche à la directrice ?",
    )
    requests.question_ask(
        question="Notre association de quartier n'est membre d'aucun réseau national. "
        "Pouvons-nous quand même créer un groupe « Mille et un territoires » ?",
        name="Malika",
    )


def _newsletter(national: User, journee: Event, lille: LocalGroup) -> None:
    now = timezone.now()
    subscribers = []
    for index, address in enumerate(
        [
            "lettre1@example.org",
            "lettre2@example.org",
            "lettre3@example.org",
            "lettre4@example.org",
            "lettre5@example.org",
            "ancienne@example.org",
        ]
    ):
        subscribers.append(
            Subscriber.objects.create(
                email=address,
                status=SubscriberStatus.UNSUBSCRIBED if index == 5 else SubscriberStatus.CONFIRMED,
                key=secrets.token_hex(8),
                consent_text=str(newsletter.CONSENT_TEXT),
                consent_version=newsletter.CONSENT_VERSION,
                consented_at=now - timedelta(days=40 + index),
                confirmed_at=now - timedelta(days=40 + index),
                source="site",
            )
        )
    issue = newsletter.issue_create(actor=national)
    newsletter.issue_compose(
        issue=issue,
        actor=national,
        subject="La lettre du réseau : la Journée Nationale approche",
        intro="Bonjour à toutes et à tous ! Les inscriptions à la Journée Nationale des "
        "Initiatives sont ouvertes. Et la bibliothèque s'enrichit de vos expériences.",
        library_pages=list(LibraryItemPage.objects.live().order_by("-first_published_at")[:2]),
        events=[journee],
        groups=[lille],
        group_notes={lille.pk: "Le groupe de Fives est reconnu : bravo à toutes et à tous !"},
    )
    sent_at = now - timedelta(days=10)
    Issue.objects.filter(pk=issue.pk).update(
        status=IssueStatus.SENT,
        sent_by=national,
        sending_started_at=sent_at,
        sent_at=sent_at,
        recipients_count=5,
    )
    for index, subscriber in enumerate(subscribers[:5]):
        bounced = index == 4
        Delivery.objects.create(
            issue=issue,
            subscriber=subscriber,
            status=DeliveryStatus.BOUNCED if bounced else DeliveryStatus.SENT,
            attempts=1,
            last_error="550 5.1.1 boîte inconnue" if bounced else "",
            sent_at=None if bounced else sent_at,
        )
    Subscriber.objects.filter(pk=subscribers[4].pk).update(
        status=SubscriberStatus.BOUNCED, bounced_at=sent_at
    )
    newsletter.issue_create(actor=national)


SURVEY_QUESTIONS = [
    (
        "single",
        "Comment avez-vous connu le collectif ?",
        [
            "Par une association membre",
            "Par l'école",
            "Par le centre social",
            "Par le bouche-à-oreille",
            "Autrement",
        ],
        None,
    ),
    ("single", "Faites-vous partie d'un groupe local ?", ["Oui", "Non", "Je ne sais pas"], None),
    ("scale", "Dans votre groupe, chacun peut-il parler à égalité ?", [], (1, [0])),
    (
        "multiple",
        "Qu'est-ce qui vous aiderait ?",
        [
            "Des outils",
            "Des formations",
            "Rencontrer d'autres groupes",
            "De l'aide pour parler avec l'école",
            "Des traductions",
        ],
        None,
    ),
    (
        "single",
        "Aimeriez-vous rejoindre ou créer un groupe ?",
        ["Oui, en rejoindre un", "Oui, en créer un", "Pas maintenant"],
        (1, [1, 2]),
    ),
    ("text", "Un mot sur votre expérience (facultatif)", [], None),
]
TEXTS = [
    "Avant, je n'osais pas parler à la maîtresse. Maintenant on se dit bonjour.",
    "Les rencontres entre parents et enseignants nous ont fait du bien.",
    "Il faudrait plus de traductions pour les familles qui arrivent.",
    "",
]


def _survey(national: User) -> Survey:
    built = survey.survey_create(
        actor=national,
        title="Enquête nationale : votre expérience de la coéducation",
        intro="Dix minutes pour nous dire comment parents, écoles et associations agissent "
        "ensemble près de chez vous. Vos réponses sont anonymes.",
    )
    questions = []
    for kind, text, choices, condition in SURVEY_QUESTIONS:
        condition_question, values = (
            (questions[condition[0]], condition[1]) if condition else (None, [])
        )
        questions.append(
            survey.question_save(
                survey=built,
                actor=national,
                kind=kind,
                text=text,
                choices=choices,
                scale_min_label="Pas du tout" if kind == "scale" else "",
                scale_max_label="Tout à fait" if kind == "scale" else "",
                condition_question=condition_question,
                condition_values=values,
            )
        )
    survey.survey_open(survey=built, actor=national)
    chance = random.Random(1001)  # noqa: S311 — demo answers, the same at every load
    departements = {
        code: Departement.objects.get(code=code) for code in ("59", "42", "13", "16", "75", "93")
    }
    categories = [Category.PARENT] * 4 + [
        Category.SCHOOL_STAFF,
        Category.SOCIO_EDUCATIONAL,
        Category.ELECTED,
        "",
    ]
    known, member, equal, helps, join, words = questions
    for index in range(40):
        response = Response.objects.create(
            survey=built,
            submitted_on=timezone.localdate() - timedelta(days=chance.randint(0, 20)),
            departement=departements[chance.choice(list(departements))] if index % 7 else None,
            category=chance.choice(categories),
        )
        rows = [Answer(response=response, question=known, value=chance.randint(0, 4))]
        is_member = chance.choice([0, 0, 0, 1, 2])
        rows.append(Answer(response=response, question=member, value=is_member))
        if is_member == 0:
            rows.append(
                Answer(response=response, question=equal, value=chance.choice([3, 4, 4, 5, 5, 2]))
            )
        else:
            rows.append(Answer(response=response, question=join, value=chance.randint(0, 2)))
        for value in sorted(chance.sample(range(5), chance.randint(1, 3))):
            rows.append(Answer(response=response, question=helps, value=value))
        if text := chance.choice(TEXTS):
            rows.append(Answer(response=response, question=words, text=text))
        Answer.objects.bulk_create(rows)
    return built


def load_network(groups: dict, users: dict) -> None:
    national = users["coordination@example.org"]
    referent = users["referent59@example.org"]
    Referent.objects.create(user=referent, departement_id="59", granted_by=national)
    journee = _journee(national, users["parent@example.org"])
    _nord(referent, groups)
    _cafe(groups["lille"], users["animateur@example.org"])
    _past_training(referent)
    _requests(groups, users, national)
    _newsletter(national, journee, groups["lille"])
    _survey(national)
