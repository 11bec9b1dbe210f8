"""The participant's side: join with a code, answer the questions, read one's own peer group's wall.

No account is needed. The device keeps a signed cookie naming the participant; a recovery code lets
the person continue on another device. Isolation: every read goes through ``selectors.wall``, which
only returns the participant's own peer group.
"""

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotModified,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mille.core.ratelimit import (
    Limit,
    blocked_any,
    client_network,
    device_id,
    record_all,
    remember_device,
)
from mille.core.text import parse_int
from mille.core.views_helpers import error_text
from mille.workshops import codes, selectors, services
from mille.workshops.decorators import participant_view, wants_json
from mille.workshops.forms import (
    CodeForm,
    ContributionEditForm,
    ContributionForm,
    JoinForm,
    RecoveryForm,
)
from mille.workshops.models import Contribution, JoinCode, Question

# Wrong codes: 10 per device, 100 per network (a room behind one router), per quarter of an hour;
# wrong recovery codes: also 100 per workshop, from wherever they come (25^8 codes: guessing one
# stays hopeless, while a room where a few people mistype is never locked out).
DEVICE_LIMIT = Limit("code-device", attempts=10, window=15 * 60)
NETWORK_LIMIT = Limit("code-network", attempts=100, window=15 * 60)
RECOVERY_LIMIT = Limit("code-recovery", attempts=100, window=15 * 60)


def _guessing(request: HttpRequest) -> list[tuple[Limit, str]]:
    return [(DEVICE_LIMIT, device_id(request)), (NETWORK_LIMIT, client_network(request))]


RECOVERY_STASH = "workshop_recovery"
POLL_SECONDS = 3
WALL_CACHE_SECONDS = 10 * 60


def _too_many(request: HttpRequest, retry_after: int) -> HttpResponse:
    minutes = max(1, (retry_after + 59) // 60)
    response = render(
        request,
        "workshops/too_many.html",
        {
            "minutes": minutes,
            "message": ngettext(
                "Trop de tentatives. Réessayez dans %(minutes)d minute.",
                "Trop de tentatives. Réessayez dans %(minutes)d minutes.",
                minutes,
            )
            % {"minutes": minutes},
        },
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


def _code_or_error(
    request: HttpRequest, raw: str, *, closed_code_too: bool = False
) -> tuple[JoinCode | None, str, int]:
    """(join code, "", 200) or (None, French error, HTTP status); wrong codes are counted."""
    join_code = selectors.join_code_lookup(raw)
    if join_code is None:
        record_all(_guessing(request))
        message = _("Ce code ne correspond à aucun atelier. Vérifiez les lettres et les chiffres.")
        return None, message, 404
    if join_code.workshop.is_closed:
        return None, _("Cet atelier est terminé : son code ne fonctionne plus."), 410
    if not join_code.active and not closed_code_too:
        return (
            None,
            _("Ce code n'est plus ouvert : demandez à l'animateur le code de votre groupe."),
            410,
        )
    return join_code, "", 200


def _code_page(request: HttpRequest, error: str, status: int) -> HttpResponse:
    form = CodeForm()
    response = render(
        request, "workshops/join_start.html", {"form": form, "code_error": error}, status=status
    )
    return remember_device(request, response)


def join_start(request: HttpRequest) -> HttpResponse:
    if retry := blocked_any(_guessing(request)):
        return _too_many(request, retry)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        join_code, error, _status = _code_or_error(request, form.cleaned_data["code"])
        if join_code is not None:
            return redirect("workshops:join", code=join_code.code)
        form.add_error("code", error)
    response = render(request, "workshops/join_start.html", {"form": form})
    return remember_device(request, response)


def _remember(response: HttpResponse, participant) -> HttpResponse:
    response.set_cookie(
        selectors.cookie_name(participant.workshop_id),
        selectors.participant_cookie_value(participant),
        max_age=selectors.COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


def join(request: HttpRequest, code: str) -> HttpResponse:
    if retry := blocked_any(_guessing(request)):
        return _too_many(request, retry)
    join_code, error, status = _code_or_error(request, code)
    if join_code is None:
        return _code_page(request, error, status)
    workshop = join_code.workshop
    if selectors.participant_for(request, workshop) is not None:
        return redirect("workshops:participate", pk=workshop.pk)
    fixed = join_code.peer_group
    form = JoinForm(request.POST or None, workshop=workshop, fixed_peer_group=fixed)
    if request.method == "POST" and form.is_valid():
        try:
            participant, recovery = services.participant_join(
                workshop=workshop,
                peer_group=fixed or form.cleaned_data["peer_group"],
                nickname=form.cleaned_data["nickname"],
                user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            request.session[RECOVERY_STASH] = {str(workshop.pk): recovery}
            return _remember(redirect("workshops:participate", pk=workshop.pk), participant)
    context = {"workshop": workshop, "join_code": join_code, "fixed": fixed, "form": form}
    return remember_device(request, render(request, "workshops/join.html", context))


def recover(request: HttpRequest, code: str) -> HttpResponse:
    if retry := blocked_any(_guessing(request)):
        return _too_many(request, retry)
    # A recovery code proves who one is: it works with the general code even once closed.
    join_code, error, status = _code_or_error(request, code, closed_code_too=True)
    if join_code is None:
        return _code_page(request, error, status)
    workshop = join_code.workshop
    per_workshop = (RECOVERY_LIMIT, f"workshop:{workshop.pk}")
    if retry := blocked_any([per_workshop]):
        return _too_many(request, retry)
    form = RecoveryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        participant = services.participant_recover(
            workshop=workshop, recovery_code=form.cleaned_data["recovery"]
        )
        if participant is not None:
            messages.success(request, _("Bon retour, %(name)s !") % {"name": participant.nickname})
            return _remember(redirect("workshops:participate", pk=workshop.pk), participant)
        record_all([*_guessing(request), per_workshop])
        form.add_error(
            "recovery", _("Ce code personnel ne correspond à personne dans cet atelier.")
        )
    context = {"workshop": workshop, "join_code": join_code, "form": form}
    return render(request, "workshops/recover.html", context)


@participant_view
def participate(request: HttpRequest, workshop, participant) -> HttpResponse:
    stash = request.session.get(RECOVERY_STASH) or {}
    recovery = stash.pop(str(workshop.pk), None)
    if recovery:
        request.session[RECOVERY_STASH] = stash
    questions = list(workshop.questions.select_related("session"))
    context = {
        "workshop": workshop,
        "participant": participant,
        "questions": questions,
        "recovery": codes.pretty(recovery) if recovery else None,
        "join_code": selectors.general_join_code(workshop),
    }
    return render(request, "workshops/participate.html", context)


def _wall_context(
    participant, workshop_pk: int, question_pk: int, previous_count: str = ""
) -> dict:
    """The polled region: the person's own answers (with their edit links) and the peer group's
    wall, rendered once per wall version and shared by the whole group through the cache."""
    version = participant.peer_group.wall_version
    key = f"wall:{participant.peer_group_id}:{question_pk}:{version}:{translation.get_language()}"
    shared = cache.get(key)
    if shared is None:
        contributions = list(selectors.wall(participant).filter(question_id=question_pk))
        html = render_to_string(
            "workshops/includes/group_wall.html",
            {"contributions": contributions, "workshop_pk": workshop_pk},
        )
        shared = (html, len(contributions))
        cache.set(key, shared, WALL_CACHE_SECONDS)
    html, count = shared
    new = count - parse_int(previous_count, default=count)
    open_ = selectors.phase_allows_contributions(participant.workshop)
    return {
        "group_wall": html,
        "count": count,
        "version": version,
        "mine": list(selectors.own_contributions(participant, question_pk)) if open_ else [],
        "open": open_,
        "announce": ngettext(
            "%(count)d nouvelle contribution", "%(count)d nouvelles contributions", new
        )
        % {"count": new}
        if new > 0
        else "",
    }


def _question_context(workshop, participant, question: Question, form=None) -> dict:
    questions = list(workshop.questions.values_list("pk", flat=True))
    index = questions.index(question.pk)
    return {
        "workshop": workshop,
        "participant": participant,
        "question": question,
        "number": index + 1,
        "total": len(questions),
        "previous_pk": questions[index - 1] if index > 0 else None,
        "next_pk": questions[index + 1] if index + 1 < len(questions) else None,
        "form": form or ContributionForm(),
        "poll_seconds": POLL_SECONDS,
        **_wall_context(participant, workshop.pk, question.pk),
    }


@participant_view
def question(request: HttpRequest, workshop, participant, question_pk: int) -> HttpResponse:
    item = get_object_or_404(workshop.questions.select_related("session"), pk=question_pk)
    form = None
    if request.method == "POST":
        form = ContributionForm(request.POST, request.FILES)
        error = None
        if form.is_valid():
            try:
                _contribution, created = services.contribution_create(
                    participant=participant,
                    question=item,
                    text=form.cleaned_data["text"],
                    audio_bytes=form.cleaned_data["audio"],
                    client_id=form.cleaned_data["client_id"],
                )
            except ValidationError as exc:
                error = error_text(exc)
            else:
                if wants_json(request):
                    return JsonResponse(
                        {"ok": True, "created": created}, status=201 if created else 200
                    )
                messages.success(request, _("Merci ! Votre contribution est envoyée."))
                return redirect("workshops:question", pk=workshop.pk, question_pk=item.pk)
        else:
            error = " ".join(message for errors in form.errors.values() for message in errors)
        if wants_json(request):
            return JsonResponse({"ok": False, "error": error}, status=400)
        if error and not form.errors:
            form.add_error(None, error)
    context = _question_context(workshop, participant, item, form)
    return render(
        request, "workshops/question.html", context, status=400 if form and form.errors else 200
    )


def wall(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    """The polled wall: 304 while the peer group's wall has not changed (one query)."""
    participant = selectors.poll_context(request, pk)
    if participant is None:
        return HttpResponse(status=403)
    if request.GET.get("v") == str(participant.peer_group.wall_version):
        response = HttpResponseNotModified()
    else:
        context = {
            "workshop": participant.workshop,
            "participant": participant,
            **_wall_context(participant, pk, question_pk, request.GET.get("n", "")),
        }
        response = render(request, "workshops/question.html#wall", context)
    response["Cache-Control"] = "no-store"
    return response


def _own_contribution(workshop, participant, contribution_pk: int) -> Contribution:
    return get_object_or_404(
        Contribution.objects.select_related("question"),
        pk=contribution_pk,
        workshop=workshop,
        participant=participant,
    )


def _question_url(workshop, contribution) -> str:
    return reverse(
        "workshops:question", kwargs={"pk": workshop.pk, "question_pk": contribution.question_id}
    )


@require_http_methods(["GET", "POST"])
@participant_view
def contribution_edit(
    request: HttpRequest, workshop, participant, contribution_pk: int
) -> HttpResponse:
    contribution = _own_contribution(workshop, participant, contribution_pk)
    back = _question_url(workshop, contribution)
    form = ContributionEditForm(
        request.POST or None, request.FILES or None, initial={"text": contribution.text}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.contribution_update(
                contribution=contribution,
                participant=participant,
                text=form.cleaned_data["text"],
                audio_bytes=form.cleaned_data["audio"],
                remove_audio=form.cleaned_data["remove_audio"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Votre contribution est modifiée."))
            return redirect(back)
    context = {
        "workshop": workshop,
        "participant": participant,
        "contribution": contribution,
        "form": form,
        "back": back,
        "open": selectors.phase_allows_contributions(workshop),
    }
    return render(
        request, "workshops/contribution_edit.html", context, status=400 if form.errors else 200
    )


@require_POST
@participant_view
def contribution_delete(
    request: HttpRequest, workshop, participant, contribution_pk: int
) -> HttpResponse:
    contribution = _own_contribution(workshop, participant, contribution_pk)
    try:
        services.contribution_delete(contribution=contribution, participant=participant)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Votre contribution est supprimée."))
    return redirect(_question_url(workshop, contribution))


def _audio_response(field, content_type: str) -> FileResponse:
    if not field:
        raise Http404
    response = FileResponse(
        field.open("rb"), content_type=content_type or "application/octet-stream"
    )
    # A voice never stays in a shared phone's cache.
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def contribution_audio(request: HttpRequest, pk: int, contribution_pk: int) -> FileResponse:
    """A voice is heard by the speaker's own peer group and the workshop's facilitators only."""
    contribution = get_object_or_404(
        Contribution.objects.select_related("workshop__group"), pk=contribution_pk, workshop_id=pk
    )
    workshop = contribution.workshop
    if not request.user.has_perm("workshops.manage_workshop", workshop):
        participant = selectors.participant_for(request, workshop)
        if participant is None or not selectors.may_hear(participant, contribution):
            raise PermissionDenied
    return _audio_response(contribution.audio, contribution.audio_type)


@require_GET
def question_audio(request: HttpRequest, pk: int, question_pk: int) -> FileResponse:
    """A question's recorded voice: for the workshop's participants and facilitators."""
    question_item = get_object_or_404(
        Question.objects.select_related("workshop__group"), pk=question_pk, workshop_id=pk
    )
    workshop = question_item.workshop
    if (
        not request.user.has_perm("workshops.manage_workshop", workshop)
        and selectors.participant_for(request, workshop) is None
    ):
        raise PermissionDenied
    return _audio_response(question_item.audio, question_item.audio_type)


@require_POST
def leave_device(request: HttpRequest, pk: int) -> HttpResponse:
    """Forget this device (a shared phone): the recovery code still works."""
    response = redirect("workshops:join_start")
    response.delete_cookie(selectors.cookie_name(pk))
    messages.success(
        request, _("Cet appareil ne vous reconnaît plus. Votre code personnel reste valable.")
    )
    return response


@require_POST
@participant_view
def forget_me(request: HttpRequest, workshop, participant) -> HttpResponse:
    """The participant erases everything they gave to the workshop: their name, their answers
    and voices, their votes. Nothing can bring it back."""
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Cochez la case pour confirmer : tout sera effacé."))
        return redirect("workshops:participate", pk=workshop.pk)
    services.participant_forget(participant=participant)
    response = redirect("workshops:join_start")
    response.delete_cookie(selectors.cookie_name(workshop.pk))
    messages.success(request, _("Tout ce que vous avez donné à cet atelier est effacé."))
    return response
