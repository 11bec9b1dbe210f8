"""Registration with or without an account, places, the waiting list and its timed offers, the
day-before reminder, attendance and the erasure of the list."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from mille.network.models import Registration, Seat, SeatStatus
from mille.network.services import attendance
from mille.network.services import registrations as services
from mille.network.tasks import network_sweep
from tests.network.conftest import make_event, sessions_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(journee, django_capture_on_commit_callbacks):
    def go(name, *, sessions=(), waitlist=(), **contact):
        with django_capture_on_commit_callbacks(execute=True):
            return services.registration_create(
                event=journee, name=name, sessions=sessions, waitlist=waitlist, **contact
            )

    return go


def _statuses(registration):
    return {
        seat.session.title: seat.status for seat in registration.seats.select_related("session")
    }


def test_a_visitor_registers_for_two_sessions_with_an_email(journee, register, mailoutbox):
    forum, crossing, _tree = sessions_of(journee)
    amina = register("Amina", sessions=[forum, crossing], email="Amina@Example.org")
    assert amina.email == "amina@example.org" and amina.user is None
    assert amina.confirmed_at is None  # the address is confirmed by the e-mail's link
    assert set(_statuses(amina).values()) == {SeatStatus.CONFIRMED}
    (message,) = mailoutbox
    assert message.to == ["amina@example.org"]
    assert message.subject.startswith("Confirmez votre inscription")
    assert f"/inscription/{amina.token}/confirmer/" in message.body
    services.registration_confirm(registration=amina)
    assert Registration.objects.get(pk=amina.pk).confirmed_at is not None


def test_a_phone_is_enough_and_is_confirmed_at_once(journee, register, mailoutbox):
    forum, *_ = sessions_of(journee)
    samira = register("Samira", sessions=[forum], phone="06 12 34 56 78")
    assert samira.phone == "0612345678" and samira.confirmed_at is not None
    assert mailoutbox == []


@pytest.mark.parametrize(
    "contact, message",
    [
        ({}, "Donnez une adresse e-mail ou un numéro de téléphone"),
        ({"email": "pas-une-adresse"}, "Cette adresse e-mail n'est pas complète"),
        ({"phone": "06 12"}, "Ce numéro de téléphone n'est pas complet"),
    ],
)
def test_one_way_to_be_reached_is_needed(journee, register, contact, message):
    forum, *_ = sessions_of(journee)
    with pytest.raises(ValidationError, match=message):
        register("Paul", sessions=[forum], **contact)
    assert not Registration.objects.exists()


def test_registering_twice_is_refused_writes_nothing_and_sends_the_link_again(
    journee, register, mailoutbox
):
    forum, crossing, tree = sessions_of(journee)
    first = register("Amina", sessions=[forum], email="amina@example.org")
    mailoutbox.clear()
    seats = Seat.objects.count()
    with pytest.raises(ValidationError, match="déjà inscrit·e"):
        register("Amina B.", sessions=[tree], email="AMINA@example.org")
    assert Registration.objects.count() == 1 and Seat.objects.count() == seats
    (again,) = mailoutbox
    assert first.token in again.body and again.subject.startswith("Votre inscription")
    register("Samira", sessions=[forum], phone="0612345678")
    with pytest.raises(ValidationError, match="déjà inscrit·e"):
        register("Samira", sessions=[crossing], phone="06.12.34.56.78")
    assert Registration.objects.count() == 2


def test_a_signed_in_person_cannot_register_twice(
    journee, member, django_capture_on_commit_callbacks
):
    forum, *_ = sessions_of(journee)
    services.registration_create(
        event=journee, name="Fatou", sessions=[forum], email=member.email, user=member
    )
    mine = Registration.objects.get(user=member)
    assert mine.confirmed_at is not None  # the account's own address needs no confirmation
    with pytest.raises(ValidationError, match="déjà inscrit·e"):
        services.registration_create(
            event=journee, name="Fatou", sessions=[forum], phone="0711111111", user=member
        )
    assert Registration.objects.count() == 1


def test_a_full_session_is_refused_and_nothing_is_written(journee, register):
    _forum, crossing, tree = sessions_of(journee)
    register("Amina", sessions=[crossing], email="a@example.org")
    register("Samira", sessions=[crossing], phone="0611111111")
    before = (Registration.objects.count(), Seat.objects.count())
    with pytest.raises(
        ValidationError,
        match="« Atelier : le croisement des savoirs » est complète : rien n'est enregistré",
    ):
        register("Karim", sessions=[tree, crossing], email="k@example.org")
    assert (Registration.objects.count(), Seat.objects.count()) == before


def test_the_next_person_is_waitlisted_and_a_cancellation_moves_them_up(
    journee, register, mailoutbox, django_capture_on_commit_callbacks
):
    _forum, crossing, _tree = sessions_of(journee)
    amina = register("Amina", sessions=[crossing], email="a@example.org")
    register("Samira", sessions=[crossing], phone="0611111111")
    karim = register("Karim", waitlist=[crossing], email="k@example.org")
    nadege = register("Nadège", waitlist=[crossing], phone="0622222222")
    assert _statuses(karim) == {crossing.title: SeatStatus.WAITING}
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=amina)
    seat = karim.seats.get()
    assert seat.status == SeatStatus.OFFERED
    assert seat.offer_expires_at == seat.offered_at + datetime.timedelta(hours=journee.offer_hours)
    assert nadege.seats.get().status == SeatStatus.WAITING
    (offer,) = mailoutbox
    assert offer.to == ["k@example.org"] and offer.subject.startswith("Une place se libère")
    assert karim.token in offer.body
    services.offer_accept(registration=karim, session=crossing)
    assert karim.seats.get().status == SeatStatus.CONFIRMED
    assert Registration.objects.get(pk=karim.pk).confirmed_at is not None


def test_an_expired_offer_is_refused_writes_nothing_and_goes_to_the_next(
    journee, register, mailoutbox, django_capture_on_commit_callbacks
):
    _forum, crossing, _tree = sessions_of(journee)
    amina = register("Amina", sessions=[crossing], email="a@example.org")
    register("Samira", sessions=[crossing], phone="0611111111")
    karim = register("Karim", waitlist=[crossing], email="k@example.org")
    lina = register("Lina", waitlist=[crossing], email="l@example.org")
    services.registration_cancel(registration=amina)
    seat = karim.seats.get()
    Seat.objects.filter(pk=seat.pk).update(
        offer_expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    with pytest.raises(ValidationError, match="Le délai pour accepter cette place est passé"):
        services.offer_accept(registration=karim, session=crossing)
    assert karim.seats.get().status == SeatStatus.OFFERED  # untouched: the sweep moves it on
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = network_sweep.call()
    assert done["offers_expired"] == 1
    assert karim.seats.get().status == SeatStatus.EXPIRED
    assert lina.seats.get().status == SeatStatus.OFFERED
    assert [m.to for m in mailoutbox] == [["l@example.org"]]
    with pytest.raises(ValidationError, match="Le délai pour accepter cette place est passé"):
        services.offer_accept(registration=karim, session=crossing)


def test_a_person_without_email_is_confirmed_by_the_organiser(journee, register, national):
    _forum, crossing, _tree = sessions_of(journee)
    amina = register("Amina", sessions=[crossing], email="a@example.org")
    register("Samira", sessions=[crossing], phone="0611111111")
    nadege = register("Nadège", waitlist=[crossing], phone="0622222222")
    bernard = register("Bernard", waitlist=[crossing], phone="0633333333")
    services.seat_cancel(registration=amina, session=crossing)
    seat = nadege.seats.get()
    assert seat.status == SeatStatus.OFFERED and seat.offer_expires_at is None
    network_sweep.call()  # no deadline: the offer waits for the organiser's call
    assert nadege.seats.get().status == SeatStatus.OFFERED
    services.offer_pass(seat=seat, actor=national)  # not reached: the next one
    assert nadege.seats.get().status == SeatStatus.EXPIRED
    services.offer_confirm_for(seat=bernard.seats.get(), actor=national)
    assert bernard.seats.get().status == SeatStatus.CONFIRMED


def test_declining_an_offer_passes_it_on(journee, register):
    _forum, crossing, _tree = sessions_of(journee)
    amina = register("Amina", sessions=[crossing], email="a@example.org")
    register("Samira", sessions=[crossing], phone="0611111111")
    karim = register("Karim", waitlist=[crossing], email="k@example.org")
    lina = register("Lina", waitlist=[crossing], email="l@example.org")
    services.registration_cancel(registration=amina)
    services.offer_decline(registration=karim, session=crossing)
    assert karim.seats.get().status == SeatStatus.DECLINED
    assert lina.seats.get().status == SeatStatus.OFFERED


def test_more_places_move_the_waiting_list_up(journee, register, national):
    from mille.network.services.events import session_save

    _forum, crossing, _tree = sessions_of(journee)
    register("Amina", sessions=[crossing], email="a@example.org")
    register("Samira", sessions=[crossing], phone="0611111111")
    karim = register("Karim", waitlist=[crossing], email="k@example.org")
    with pytest.raises(ValidationError, match="2 places sont déjà prises"):
        session_save(
            event=journee,
            actor=national,
            session=crossing,
            title=crossing.title,
            starts_at=crossing.starts_at,
            ends_at=crossing.ends_at,
            capacity=1,
        )
    session_save(
        event=journee,
        actor=national,
        session=crossing,
        title=crossing.title,
        starts_at=crossing.starts_at,
        ends_at=crossing.ends_at,
        capacity=3,
    )
    assert karim.seats.get().status == SeatStatus.OFFERED


def test_unconfirmed_addresses_give_their_places_back(journee, register):
    _forum, crossing, _tree = sessions_of(journee)
    amina = register("Amina", sessions=[crossing], email="a@example.org")
    register("Samira", sessions=[crossing], phone="0611111111")
    karim = register("Karim", waitlist=[crossing], phone="0622222222")
    Registration.objects.filter(pk=amina.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=49)
    )
    assert network_sweep.call()["unconfirmed_released"] == 1
    assert Registration.objects.get(pk=amina.pk).cancelled_at is not None
    assert karim.seats.get().status == SeatStatus.OFFERED


def test_registrations_close_with_the_event(journee, register, national):
    from mille.network.services.events import event_cancel

    forum, *_ = sessions_of(journee)
    event_cancel(event=journee, actor=national)
    with pytest.raises(ValidationError, match="Les inscriptions à cet événement sont fermées"):
        register("Amina", sessions=[forum], email="a@example.org")


def test_the_day_before_reminder_goes_by_email_once(
    journee, register, mailoutbox, django_capture_on_commit_callbacks
):
    forum, *_ = sessions_of(journee)
    register("Amina", sessions=[forum], email="a@example.org")
    register("Samira", sessions=[forum], phone="0611111111")
    mailoutbox.clear()
    assert network_sweep.call()["reminded"] == 0  # ten days ahead: not yet
    day_before = journee.starts_at - datetime.timedelta(hours=20)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send(event=journee, now=day_before) == 1
        assert services.reminders_send(event=journee, now=day_before) == 0
    (reminder,) = mailoutbox
    assert reminder.subject.startswith("Demain") and "/annuler/" in reminder.body


def test_attendance_by_code_then_the_list_is_erased_and_counts_kept(journee, register, national):
    forum, crossing, _tree = sessions_of(journee)
    amina = register("Amina", sessions=[forum, crossing], email="a@example.org")
    samira = register("Samira", sessions=[forum], phone="0611111111")
    register("Lina", sessions=[crossing], email="l@example.org")
    register("Karim", waitlist=[crossing], email="k@example.org")
    attendance.attendance_check_in(event=journee, actor=national, registration=amina)
    assert amina.seats.filter(attended_at__isnull=False).count() == 2
    present = samira.seats.get().pk
    attendance.attendance_save(
        event=journee,
        actor=national,
        present_seat_ids=[present, *amina.seats.values_list("pk", flat=True)],
    )
    with pytest.raises(ValidationError, match="après l'événement"):
        attendance.attendance_erase(event=journee, actor=national)
    after = journee.ends_at + datetime.timedelta(days=31)
    assert network_sweep.call()["erased"] == 0
    assert attendance.attendance_erase(event=journee, now=after)
    assert not Registration.objects.filter(event=journee).exists()
    forum.refresh_from_db()
    crossing.refresh_from_db()
    assert (forum.kept_registered, forum.kept_attended) == (2, 2)
    assert (crossing.kept_registered, crossing.kept_attended, crossing.kept_waiting) == (2, 1, 1)


def test_an_organiser_registers_someone_without_email_or_phone(journee, national, facilitator):
    forum, *_ = sessions_of(journee)
    registration = services.registration_create(
        event=journee, name="Mme Diallo", sessions=[forum], entered_by=national
    )
    assert registration.confirmed_at is not None and registration.entered_by == national
    with pytest.raises(
        PermissionDenied
    ):  # a facilitator of a group does not organise the national day
        services.registration_create(
            event=journee, name="X", sessions=[forum], entered_by=facilitator
        )


def test_a_group_event_is_the_groups(group, coordinator, referent, national, other_coordinator):
    event = make_event(coordinator, level="local", group=group, title="Café des parents")
    assert event.departement_id == "59" and event.group == group
    assert referent.has_perm("network.manage_event", event)
    assert national.has_perm("network.manage_event", event)
    assert not other_coordinator.has_perm("network.manage_event", event)
    with pytest.raises(ValidationError, match="Vous ne pouvez pas organiser cet événement"):
        make_event(referent, level="departemental", insee="42218", title="Loire")
    with pytest.raises(ValidationError, match="Vous ne pouvez pas organiser cet événement"):
        make_event(referent, level="national", title="National")


def test_the_workers_tasks_check_the_time_again(journee, register, national):
    from mille.network.tasks import erase_event_list, release_if_unconfirmed

    forum, *_ = sessions_of(journee)
    amina = register("Amina", sessions=[forum], email="a@example.org")
    assert release_if_unconfirmed.call(amina.pk) == 0  # too early: the 48 hours are not over
    Registration.objects.filter(pk=amina.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=49)
    )
    assert release_if_unconfirmed.call(amina.pk) == 1
    assert erase_event_list.call(journee.pk) is False  # the event has not even taken place
    Event = type(journee)
    Event.objects.filter(pk=journee.pk).update(
        starts_at=timezone.now() - datetime.timedelta(days=40),
        ends_at=timezone.now() - datetime.timedelta(days=39),
    )
    assert erase_event_list.call(journee.pk) is True
    assert not Registration.objects.filter(event=journee).exists()
