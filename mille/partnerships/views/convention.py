"""The convention (versions, acknowledgements, PDF) and the partnership's meetings."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mille.core import ics
from mille.core.pdf import render_pdf
from mille.core.views_helpers import error_text, file_response
from mille.partnerships import selectors, services
from mille.partnerships.decorators import meeting_view, partnership_view, version_view
from mille.partnerships.forms import ConventionForm, MeetingForm
from mille.partnerships.models import AttendanceRole, ConventionVersion, Meeting, Partnership
from mille.partnerships.services.convention import party_of
from mille.workshops.models import Action


@require_GET
@partnership_view("partnerships.view_partnership")
def convention(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    view = selectors.current_convention(partnership)
    party = party_of(request.user, partnership)
    acknowledged = view is not None and any(a.party == party for a in view.acknowledgements)
    context = {
        "group": partnership.group,
        "partnership": partnership,
        "convention": view,
        "party": party,
        "can_acknowledge": bool(view and party and not acknowledged),
        "can_write": request.user.has_perm("partnerships.write_convention", partnership),
    }
    return render(request, "partnerships/convention.html", context)


def _parties(partnership: Partnership) -> list[str]:
    return [partnership.group.name, partnership.structure.name, _("Les parents")]


@require_http_methods(["GET", "POST"])
@partnership_view("partnerships.write_convention")
def convention_write(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    """A new version, starting from the current one."""
    current = selectors.current_convention(partnership)
    initial = {}
    parties = _parties(partnership)
    if current is not None:
        version = current.version
        initial = {
            "objectives": version.objectives,
            "coordination": version.coordination,
            "rhythm_weeks": version.rhythm_weeks,
            "rhythm_note": version.rhythm_note,
            "autonomy": version.autonomy,
        }
        for index, part in enumerate(current.parts):
            initial.update(
                {
                    f"part{index}_party": part.party,
                    f"part{index}_brings": part.brings,
                    f"part{index}_details": part.details,
                    f"part{index}_limits": part.limits,
                }
            )
        parties = []
    form = ConventionForm(request.POST or None, initial=initial, parties=parties)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            version = services.convention_write(
                partnership=partnership,
                actor=request.user,
                objectives=data["objectives"],
                coordination=data["coordination"],
                rhythm_weeks=data["rhythm_weeks"],
                rhythm_note=data["rhythm_note"],
                autonomy=data["autonomy"],
                parts=form.parts(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "La version %(n)d est écrite. Chaque partenaire peut maintenant en prendre connaissance."
                )
                % {"n": version.number},
            )
            return redirect(
                "partnerships:convention", slug=partnership.group.slug, pk=partnership.pk
            )
    context = {"group": partnership.group, "partnership": partnership, "form": form}
    return render(
        request, "partnerships/convention_form.html", context, status=400 if form.errors else 200
    )


@require_POST
@version_view("partnerships.acknowledge_convention")
def acknowledge(request: HttpRequest, version: ConventionVersion) -> HttpResponse:
    partnership = version.partnership
    try:
        services.convention_acknowledge(version=version, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("C'est noté : vous avez pris connaissance de la convention."))
    return redirect("partnerships:convention", slug=partnership.group.slug, pk=partnership.pk)


@require_GET
@partnership_view("partnerships.view_partnership")
def convention_pdf(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    view = selectors.current_convention(partnership)
    context = {"partnership": partnership, "convention": view, "now": timezone.now()}
    name = f"convention-{slugify(partnership.structure.name)[:40]}.pdf"
    return file_response(
        render_pdf("partnerships/convention_pdf.html", context),
        name,
        "application/pdf",
        inline=True,
    )


# --- Meetings -------------------------------------------------------------------------------------


def _actions_of(partnership: Partnership):
    return Action.objects.filter(group=partnership.group).order_by("-created_at")


def _meeting_form_page(request, partnership, form, meeting=None, status=200) -> HttpResponse:
    context = {
        "group": partnership.group,
        "partnership": partnership,
        "form": form,
        "meeting": meeting,
    }
    return render(request, "partnerships/meeting_form.html", context, status=status)


def _save_meeting(request, partnership, form, meeting=None) -> HttpResponse:
    if form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_save(
                partnership=partnership,
                actor=request.user,
                meeting=meeting,
                starts_at=data["starts_at"],
                duration_minutes=data["duration_minutes"],
                place=data["place"],
                agenda=data["agenda"],
                attendance=form.attendance(),
                minutes=data["minutes"],
                decisions=data["decisions"],
                next_actions=data["next_actions"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("La réunion est enregistrée."))
            return redirect(
                "partnerships:meeting",
                slug=partnership.group.slug,
                pk=partnership.pk,
                item_pk=meeting.pk,
            )
    return _meeting_form_page(request, partnership, form, meeting, status=400)


@require_http_methods(["GET", "POST"])
@partnership_view("partnerships.record_meeting")
def meeting_new(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    form = MeetingForm(request.POST or None, actions=_actions_of(partnership))
    if request.method == "POST":
        return _save_meeting(request, partnership, form)
    return _meeting_form_page(request, partnership, form)


@require_GET
@meeting_view("partnerships.view_partnership")
def meeting(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    partnership = meeting.partnership
    labels = dict(AttendanceRole.choices)
    context = {
        "group": partnership.group,
        "partnership": partnership,
        "meeting": meeting,
        "attendance": [
            (labels.get(role, role), count) for role, count in meeting.attendance.items()
        ],
        "next_actions": [
            action
            for action in meeting.next_actions.select_related("group")
            if request.user.has_perm("partnerships.view_action", action)
        ],
        "can_edit": request.user.has_perm("partnerships.record_meeting", partnership),
    }
    return render(request, "partnerships/meeting.html", context)


@require_http_methods(["GET", "POST"])
@meeting_view("partnerships.record_meeting")
def meeting_edit(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    partnership = meeting.partnership
    initial = {
        "starts_at": timezone.localtime(meeting.starts_at),
        "duration_minutes": meeting.duration_minutes,
        "place": meeting.place,
        "agenda": meeting.agenda,
        "minutes": meeting.minutes,
        "decisions": meeting.decisions,
        "next_actions": [
            action
            for action in meeting.next_actions.select_related("group")
            if request.user.has_perm("partnerships.view_action", action)
        ],
        **{f"came_{role}": count for role, count in meeting.attendance.items()},
    }
    form = MeetingForm(request.POST or None, initial=initial, actions=_actions_of(partnership))
    if request.method == "POST":
        return _save_meeting(request, partnership, form, meeting)
    return _meeting_form_page(request, partnership, form, meeting)


@require_GET
@meeting_view("partnerships.view_partnership")
def meeting_ics(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    """The invitation, to add to a phone's or a computer's calendar."""
    partnership = meeting.partnership
    body = ics.event(
        uid=str(meeting.uid),
        starts_at=meeting.starts_at,
        minutes=meeting.duration_minutes,
        summary=_("Réunion : %(group)s et %(partner)s")
        % {"group": partnership.group.name, "partner": partnership.structure.name},
        description=meeting.agenda,
        location=meeting.place,
        now=timezone.now(),
    )
    return file_response(body, "reunion.ics", "text/calendar; charset=utf-8")
