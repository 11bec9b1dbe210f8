"""The shared evaluation: prepared from a partnership, answered on the workshop pages, decided
action by action; then a plain-language report, next year's plan and an experience sheet."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mille.core.pdf import render_pdf
from mille.core.permissions import object_view
from mille.core.views_helpers import error_text, file_response
from mille.library.forms import ExperienceForm
from mille.library.models import Term
from mille.library.services import submissions
from mille.partnerships import selectors, services
from mille.partnerships.decorators import evaluation_view, partnership_view
from mille.partnerships.forms import DecisionForm, EvaluationForm
from mille.partnerships.models import Evaluation, Partnership
from mille.workshops.models import Action


def _season() -> str:
    today = timezone.localdate()
    start = today.year if today.month >= 9 else today.year - 1
    return f"{start}-{start + 1}"


@require_http_methods(["GET", "POST"])
@partnership_view("partnerships.run_evaluation")
def evaluation_new(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    candidates = Action.objects.filter(group=partnership.group).order_by("-created_at")
    shared = list(selectors.partnership_actions(partnership).values_list("pk", flat=True))
    form = EvaluationForm(
        request.POST or None,
        actions=candidates,
        initial={"period": _season(), "actions": shared},
    )
    if request.method == "POST" and form.is_valid():
        try:
            evaluation = services.evaluation_start(
                partnership=partnership, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Le bilan est prêt : donnez les codes aux partenaires et aux parents."),
            )
            return redirect(evaluation.workshop)
    context = {"group": partnership.group, "partnership": partnership, "form": form}
    return render(
        request, "partnerships/evaluation_form.html", context, status=400 if form.errors else 200
    )


def _evaluation_page(request, evaluation, forms=None, status=200) -> HttpResponse:
    summary = selectors.evaluation_summary(evaluation)
    forms = forms or {}
    rows = []
    for item in summary:
        initial = (
            {"decision": item.decision.decision, "why": item.decision.why} if item.decision else {}
        )
        form = forms.get(item.action.pk) or DecisionForm(
            initial=initial, prefix=f"a{item.action.pk}"
        )
        rows.append((item, form))
    partnership = evaluation.partnership
    context = {
        "group": partnership.group,
        "partnership": partnership,
        "evaluation": evaluation,
        "rows": rows,
        "can_run": request.user.has_perm("partnerships.run_evaluation", partnership),
        "all_decided": all(item.decision for item in summary),
        "can_propose": request.user.has_perm("library.submit_item", partnership.group),
    }
    return render(request, "partnerships/evaluation.html", context, status=status)


@require_GET
@evaluation_view("partnerships.view_partnership")
def evaluation(request: HttpRequest, evaluation: Evaluation) -> HttpResponse:
    return _evaluation_page(request, evaluation)


def _evaluation_of_workshop(workshop_pk: int) -> Evaluation:
    return get_object_or_404(
        Evaluation.objects.select_related("partnership__group"), workshop_id=workshop_pk
    )


@require_GET
@object_view(_evaluation_of_workshop, "workshop_pk", check_on=lambda e: e.partnership)(
    "partnerships.view_partnership"
)
def evaluation_of_workshop(request: HttpRequest, evaluation: Evaluation) -> HttpResponse:
    """From the workshop's pages back to the bilan it belongs to."""
    return redirect(_evaluation_url(evaluation))


@require_POST
@evaluation_view("partnerships.run_evaluation")
def decide(request: HttpRequest, evaluation: Evaluation, action_pk: int) -> HttpResponse:
    """The collective decision for one action."""
    action = get_object_or_404(evaluation.actions, pk=action_pk)
    form = DecisionForm(request.POST, prefix=f"a{action.pk}")
    if form.is_valid():
        try:
            services.evaluation_decide(
                evaluation=evaluation, actor=request.user, action=action, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("La décision est notée."))
            return redirect(_evaluation_url(evaluation) + f"#action-{action.pk}")
    return _evaluation_page(request, evaluation, {action.pk: form}, status=400)


def _evaluation_url(evaluation: Evaluation) -> str:
    from django.urls import reverse

    return reverse(
        "partnerships:evaluation",
        kwargs={"slug": evaluation.partnership.group.slug, "evaluation_pk": evaluation.pk},
    )


@require_POST
@evaluation_view("partnerships.run_evaluation")
def plan_next_year(request: HttpRequest, evaluation: Evaluation) -> HttpResponse:
    try:
        created = services.evaluation_plan_next_year(evaluation=evaluation, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect(_evaluation_url(evaluation))
    messages.success(
        request,
        _("Le plan de l'an prochain est prêt : %(n)d actions prévues.") % {"n": len(created)},
    )
    return redirect("partnerships:actions", slug=evaluation.partnership.group.slug)


@require_GET
@evaluation_view("partnerships.view_partnership")
def report(request: HttpRequest, evaluation: Evaluation) -> HttpResponse:
    """The plain-language report of the bilan, to print and share."""
    partnership = evaluation.partnership
    context = {
        "evaluation": evaluation,
        "partnership": partnership,
        "summary": selectors.evaluation_summary(evaluation),
        "now": timezone.now(),
    }
    name = f"bilan-{slugify(partnership.structure.name)[:40]}-{slugify(evaluation.period)}.pdf"
    return file_response(
        render_pdf("partnerships/evaluation_pdf.html", context),
        name,
        "application/pdf",
        inline=True,
    )


def _experience_initial(evaluation: Evaluation) -> dict:
    """An experience sheet drafted from the bilan: the partnership's level and schemes, what the
    partners did, what worked and what it brought, the decisions."""
    partnership = evaluation.partnership
    summary = selectors.evaluation_summary(evaluation)
    did, results = [], []
    for item in summary:
        did.append(f"{item.action.title}. {item.action.description}".strip())
        for aspect in item.aspects:
            texts = [text for _peer, answers in aspect.by_peer_group for text in answers]
            if aspect.aspect in ("worked", "brought") and texts:
                results.append(f"{item.action.title} — {aspect.label} : " + " ; ".join(texts[:4]))
        if item.decision:
            results.append(f"{item.action.title} : {item.decision.get_decision_display()}.")
    group = partnership.group
    scheme_slugs = [code.replace("_", "-") for code in partnership.schemes]
    return {
        "title": _("Bilan partagé avec %(partner)s") % {"partner": partnership.structure.name},
        "summary": _(
            "Le groupe « %(group)s » et « %(partner)s » ont fait le bilan ensemble, avec les "
            "parents. Voici ce qui a marché et ce qu'ils décident."
        )
        % {"group": group.name, "partner": partnership.structure.name},
        "place": group.territory_label,
        "departement": group.departement,
        "dates_text": evaluation.period,
        "context": partnership.purpose
        or _("Un partenariat entre le groupe local et %(partner)s.")
        % {"partner": partnership.structure.name},
        "partners_did": "\n\n".join(did),
        "results": "\n\n".join(results),
        "partnership_level": partnership.level,
        "schemes": list(Term.objects.filter(kind="scheme", slug__in=scheme_slugs)),
        "contact": group.name,
    }


@require_http_methods(["GET", "POST"])
@evaluation_view("partnerships.run_evaluation")
def experience(request: HttpRequest, evaluation: Evaluation) -> HttpResponse:
    """One click from the bilan to a proposed experience sheet for the library (criterion 7:
    « mutualisation des expériences »): pre-filled, checked, sent to the national review."""
    group = evaluation.partnership.group
    if not request.user.has_perm("library.submit_item", group):
        raise PermissionDenied
    form = ExperienceForm(request.POST or None, initial=_experience_initial(evaluation))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            submissions.submission_create(
                user=request.user, group=group, kind="experience", data=data
            )
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(
                request, _("C'est envoyé ! La coordination nationale va relire la fiche.")
            )
            return redirect("library:group_library", slug=group.slug)
    context = {"group": group, "evaluation": evaluation, "form": form, "kind": "experience"}
    return render(
        request, "partnerships/experience_form.html", context, status=400 if form.errors else 200
    )
