"""The gatherings through their pages: the calendar (flat queries), an event's page with its
OpenGraph tags, the feeds, registering without an account, the organiser's pages, PDFs, QR check-in."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from mille.network.models import Event, Registration, Seat, SeatStatus
from mille.network.services import events as event_services
from mille.network.services import registrations
from tests.network.conftest import client_for, make_event, sessions_of

pytestmark = pytest.mark.django_db


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _published(actor, number, **extra):
    event = make_event(actor, title=f"Rencontre {number}", days=5 + number, capacity=20, **extra)
    return event_services.event_publish(event=event, actor=actor)


def test_the_calendar_keeps_its_queries_flat(national, client):
    _published(national, 1)
    url = reverse("network:events")
    client.get(url)
    few = _count(client, url)
    for number in range(2, 14):
        _published(national, number)
    many = _count(client, url)
    assert many == few <= 6
    page = client.get(url).content.decode()
    assert "Rencontre 13" in page and "20 places libres" in page


def test_the_calendar_filters_by_departement_and_level(national, client, coordinator, group):
    _published(national, 1, insee="42218")
    cafe = make_event(coordinator, level="local", group=group, title="Café des parents")
    event_services.event_publish(event=cafe, actor=coordinator)
    page = client.get(reverse("network:events") + "?departement=59").content.decode()
    assert "Café des parents" in page and "Rencontre 1" not in page
    page = client.get(reverse("network:events") + "?niveau=national").content.decode()
    assert "Rencontre 1" in page and "Café des parents" not in page
    geojson = client.get(reverse("network:events_geojson") + "?niveau=local").json()
    assert [f["properties"]["name"] for f in geojson["features"]] == ["Café des parents"]


def test_a_draft_is_seen_by_its_organisers_only(national, client):
    draft = make_event(national, title="En préparation")
    url = draft.get_absolute_url()
    assert client.get(url).status_code == 302  # to the log-in page
    assert client_for(national).get(url).status_code == 200
    assert "En préparation" not in client.get(reverse("network:events")).content.decode()
    assert "En préparation" not in client.get(reverse("network:events_feed")).content.decode()


def test_the_event_page_says_everything_and_can_be_shared(journee, client):
    html = client.get(journee.get_absolute_url()).content.decode()
    assert '<meta property="og:title" content="Journée Nationale des Initiatives">' in html
    assert (
        f'<meta property="og:url" content="http://testserver{journee.get_absolute_url()}">' in html
    )
    assert 'type="text/calendar"' in html
    assert "Forum des initiatives" in html and "2 places libres" in html
    assert 'name="sessions"' in html and 'id="event-summary"' in html


def test_the_feed_and_each_event_are_icalendar(journee, client):
    feed = client.get("/evenements.ics")
    assert feed["Content-Type"].startswith("text/calendar")
    body = feed.content.decode()
    assert body.startswith("BEGIN:VCALENDAR") and "X-WR-CALNAME:" in body
    assert f"UID:evenement-{journee.pk}@mille" in body and "GEO:50.6" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    one = client.get(reverse("network:event_ics", args=[journee.slug]))
    assert one["Content-Disposition"] == f'attachment; filename="{journee.slug}.ics"'
    assert one.content.decode().count("BEGIN:VEVENT") == 1


def test_a_visitor_registers_through_the_page(
    journee, client, mailoutbox, django_capture_on_commit_callbacks
):
    forum, crossing, _tree = sessions_of(journee)
    url = reverse("network:register", args=[journee.slug])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "name": "Amina",
                "email": "amina@example.org",
                "sessions": [forum.pk, crossing.pk],
                "needs": ["interpreting"],
            },
        )
    registration = Registration.objects.get()
    assert response.status_code == 302 and response["Location"] == registration.get_absolute_url()
    assert registration.needs == ["interpreting"]
    page = client.get(response["Location"]).content.decode()
    assert "Confirmer mon adresse" in page and registration.checkin_code in page
    assert 'src="data:image/svg+xml' in page
    (message,) = mailoutbox
    confirm = reverse("network:registration_confirm", args=[registration.token])
    assert confirm in message.body
    assert "Je confirme" in client.get(confirm).content.decode()
    assert Registration.objects.get().confirmed_at is None  # opening the link confirms nothing
    client.post(confirm)
    assert Registration.objects.get().confirmed_at is not None


def test_the_page_refuses_a_full_session_in_french_and_writes_nothing(journee, client):
    _forum, crossing, _tree = sessions_of(journee)
    for name, phone in (("Amina", "0611111111"), ("Samira", "0622222222")):
        registrations.registration_create(
            event=journee, name=name, sessions=[crossing], phone=phone
        )
    response = client.post(
        reverse("network:register", args=[journee.slug]),
        {"name": "Karim", "phone": "0633333333", "sessions": [crossing.pk]},
    )
    assert response.status_code == 400
    assert "est complète : rien n&#x27;est enregistré" in response.content.decode()
    assert Registration.objects.count() == 2
    page = client.get(journee.get_absolute_url()).content.decode()
    assert f'name="waitlist" value="{crossing.pk}"' in page


def test_cancelling_is_one_link_then_one_button(journee, client):
    forum, *_ = sessions_of(journee)
    registration = registrations.registration_create(
        event=journee, name="Samira", sessions=[forum], phone="0611111111"
    )
    url = reverse("network:registration_cancel", args=[registration.token])
    assert "annule mon inscription" in client.get(url).content.decode()
    assert Registration.objects.get().cancelled_at is None
    client.post(url)
    assert Registration.objects.get().cancelled_at is not None
    assert Seat.objects.get().status == SeatStatus.CANCELLED


def test_an_unknown_link_is_404(client):
    assert client.get(reverse("network:registration", args=["inconnu"])).status_code == 404


def _pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_attendance_sheet_and_badges_are_pdfs(journee, national):
    forum, crossing, _tree = sessions_of(journee)
    amina = registrations.registration_create(
        event=journee,
        name="Amina « Fives » — أمينة",
        sessions=[forum, crossing],
        phone="0611111111",
    )
    client = client_for(national)
    sheet = _pdf_text(client.get(reverse("network:attendance_pdf", args=[journee.slug])))
    assert "Amina" in sheet and "Forum des initiatives" in sheet and amina.checkin_code in sheet
    assert "Feuille de présence : Journée Nationale des Initiatives" in sheet
    badges = _pdf_text(client.get(reverse("network:badges_pdf", args=[journee.slug])))
    assert "Amina" in badges and amina.checkin_code in badges


def test_qr_check_in_opens_the_persons_page_for_the_organiser(journee, national, client):
    forum, *_ = sessions_of(journee)
    amina = registrations.registration_create(
        event=journee, name="Amina", sessions=[forum], phone="0611111111"
    )
    url = reverse("network:checkin", args=[journee.slug, amina.checkin_code.lower()])
    assert client.get(url).status_code == 302  # a stranger's phone only gets the log-in page
    organiser = client_for(national)
    assert "Noter présent·e" in organiser.get(url).content.decode()
    organiser.post(url)
    assert Seat.objects.get().attended_at is not None


def test_ticking_the_printed_list(journee, national):
    forum, *_ = sessions_of(journee)
    amina = registrations.registration_create(
        event=journee, name="Amina", sessions=[forum], phone="0611111111"
    )
    seat = amina.seats.get()
    client = client_for(national)
    url = reverse("network:attendance", args=[journee.slug])
    assert f'value="{seat.pk}"' in client.get(url).content.decode()
    client.post(url, {"present": [seat.pk]})
    assert Seat.objects.get().attended_at is not None
    client.post(url, {})
    assert Seat.objects.get().attended_at is None


def test_the_organisers_page_keeps_its_queries_flat(journee, national):
    forum, crossing, tree = sessions_of(journee)
    client = client_for(national)
    url = reverse("network:manage", args=[journee.slug])

    def people(start, count):
        for number in range(start, start + count):
            registrations.registration_create(
                event=journee,
                name=f"P{number}",
                sessions=[forum],
                waitlist=[crossing, tree],
                phone=f"06000000{number:02d}",
                needs=["childcare"],
            )

    people(0, 2)
    client.get(url)
    few = _count(client, url)
    people(2, 10)
    many = _count(client, url)
    assert many == few <= 14
    page = client.get(url).content.decode()
    assert "Garde des enfants sur place : 12" in page and "P11" in page


def test_an_event_is_created_and_its_programme_written_through_the_pages(national):
    client = client_for(national)
    response = client.post(
        reverse("network:event_new"),
        {
            "level": "training",
            "title": "Journée de formation",
            "summary": "Animer un croisement des savoirs.",
            "starts_at": "2099-03-07T09:30",
            "ends_at": "2099-03-07T16:30",
            "commune": "Lille",
            "offer_hours": 48,
            "registration_open": "on",
            "capacity": 20,
        },
    )
    assert response.status_code == 302
    event = Event.objects.get(title="Journée de formation")
    assert event.departement_id == "59" and event.sessions.get().capacity == 20
    response = client.post(
        reverse("network:session_add", args=[event.slug]),
        {
            "title": "Atelier",
            "kind": "workshop",
            "starts_at": "2099-03-08T09:30",
            "ends_at": "2099-03-08T10:30",
        },
    )
    assert response.status_code == 400
    assert "pendant l&#x27;événement" in response.content.decode()
    client.post(reverse("network:publish", args=[event.slug]))
    event.refresh_from_db()
    assert event.status == "published"


def test_cancelling_an_event_tells_the_registered(
    journee, national, mailoutbox, django_capture_on_commit_callbacks
):
    forum, *_ = sessions_of(journee)
    registrations.registration_create(
        event=journee, name="Amina", sessions=[forum], email="a@example.org"
    )
    registrations.registration_create(
        event=journee, name="Samira", sessions=[forum], phone="0611111111"
    )
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(national).post(
            reverse("network:cancel", args=[journee.slug]), {"reason": "Grève des transports."}
        )
    (message,) = mailoutbox
    assert message.subject.startswith("Annulé") and "Grève des transports." in message.body
    feed = client_for().get("/evenements.ics").content.decode()
    assert "STATUS:CANCELLED" in feed


def test_a_call_for_testimonies_leads_to_the_librarys_form(national, group, facilitator, client):
    event = make_event(national, testimony_call="Racontez votre café des parents.")
    event = event_services.event_publish(event=event, actor=national)
    html = client_for(facilitator).get(event.get_absolute_url()).content.decode()
    assert reverse("library:submission_new", args=[group.slug, "testimony"]) in html
    assert (
        "Racontez votre café des parents." in client.get(event.get_absolute_url()).content.decode()
    )
