"""The collective's governance pages: thin views over selectors and services."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mille.core.permissions import permission_required
from mille.core.views_helpers import error_text
from mille.governance import selectors, services
from mille.governance.decorators import (
    body_view,
    document_view,
    inbox_report_view,
    meeting_view,
    report_view,
)
from mille.governance.forms import (
    AnswerForm,
    DecisionForm,
    DecisionSearchForm,
    DocumentForm,
    MeetingForm,
    MinutesForm,
    ReportForm,
)
from mille.governance.models import Body, BodyKind, Meeting, MeetingDocument, PeriodicReport
from mille.groups.decorators import group_view
from mille.groups.models import LocalGroup


@require_GET
@permission_required("governance.view_governance")
def home(request: HttpRequest) -> HttpResponse:
    associations = selectors.associations()
    context = {
        "associations": associations,
        "missing": max(0, selectors.ASSOCIATIONS_IN_SEED - len(associations)),
        "in_seed": selectors.ASSOCIATIONS_IN_SEED,
        "bodies": selectors.bodies(),
        "working_groups": selectors.working_groups(),
        "can_read_reports": request.user.has_perm("governance.view_reports_inbox"),
    }
    return render(request, "governance/home.html", context)


@require_GET
@body_view("governance.view_governance")
def body(request: HttpRequest, body: Body) -> HttpResponse:
    context = {
        "page": selectors.body_page(body),
        "can_prepare": request.user.has_perm("governance.prepare_meeting"),
        "meeting_form": MeetingForm(),
    }
    return render(request, "governance/body.html", context)


@require_http_methods(["GET", "POST"])
@body_view("governance.prepare_meeting")
def meeting_create(request: HttpRequest, body: Body) -> HttpResponse:
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(
                body=body,
                actor=request.user,
                held_on=form.cleaned_data["held_on"],
                place=form.cleaned_data["place"],
                online=form.cleaned_data["online"],
                agenda=form.cleaned_data["agenda"].splitlines(),
            )
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("La réunion est créée."))
            return redirect("governance:meeting", pk=meeting.pk)
    status = 400 if form.errors else 200
    return render(
        request, "governance/meeting_form.html", {"body": body, "form": form}, status=status
    )


def _meeting_page(request, meeting: Meeting, **forms) -> HttpResponse:
    can_prepare = request.user.has_perm("governance.prepare_meeting")
    context = {
        "page": selectors.meeting_page(meeting),
        "can_prepare": can_prepare,
        "can_record": request.user.has_perm("governance.record_decision"),
        "document_form": forms.get("document_form") or DocumentForm(),
        "decision_form": forms.get("decision_form") or DecisionForm(),
        "minutes_form": forms.get("minutes_form")
        or MinutesForm(initial={"minutes": meeting.minutes}),
    }
    return render(request, "governance/meeting.html", context, status=400 if forms else 200)


@require_GET
@meeting_view("governance.view_governance")
def meeting(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    return _meeting_page(request, meeting)


@require_POST
@meeting_view("governance.prepare_meeting")
def minutes(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    form = MinutesForm(request.POST)
    if not form.is_valid():
        return _meeting_page(request, meeting, minutes_form=form)
    services.minutes_write(
        meeting=meeting, actor=request.user, minutes=form.cleaned_data["minutes"]
    )
    messages.success(request, _("Le compte rendu est enregistré."))
    return redirect("governance:meeting", pk=meeting.pk)


@require_POST
@meeting_view("governance.prepare_meeting")
def document_add(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _meeting_page(request, meeting, document_form=form)
    upload = form.cleaned_data["file"]
    try:
        services.meeting_document_add(
            meeting=meeting,
            actor=request.user,
            title=form.cleaned_data["title"],
            name=upload.name,
            content=upload.read(services.DOCUMENT_MAX_BYTES + 1),
        )
    except ValidationError as error:
        form.add_error("file", error_text(error))
        return _meeting_page(request, meeting, document_form=form)
    messages.success(request, _("Le document est ajouté."))
    return redirect("governance:meeting", pk=meeting.pk)


@require_GET
@document_view("governance.view_governance")
def document(request: HttpRequest, document: MeetingDocument) -> FileResponse:
    response = FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        as_attachment=True,
        filename=document.file.name.rsplit("/", 1)[-1],
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@meeting_view("governance.record_decision")
def decision_add(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _meeting_page(request, meeting, decision_form=form)
    services.decision_record(
        meeting=meeting,
        actor=request.user,
        title=form.cleaned_data["title"],
        text=form.cleaned_data["text"],
    )
    messages.success(request, _("La décision est consignée."))
    return redirect("governance:meeting", pk=meeting.pk)


@require_GET
@permission_required("governance.view_governance")
def decisions(request: HttpRequest) -> HttpResponse:
    form = DecisionSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    kind = request.GET.get("instance", "")
    kind = kind if kind in BodyKind.values else ""
    page = Paginator(selectors.decision_search(query, kind), 20).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "query": query,
        "kind": kind,
        "kinds": BodyKind.choices,
        "page": page,
        "querystring": urlencode({k: v for k, v in (("q", query), ("instance", kind)) if v}),
    }
    return render(request, "governance/decisions.html", context)


# --- The groups' periodic reports


@require_GET
@permission_required("governance.view_reports_inbox")
def reports_inbox(request: HttpRequest) -> HttpResponse:
    return render(request, "governance/reports_inbox.html", {"reports": selectors.reports_inbox()})


@require_POST
@inbox_report_view("governance.answer_report")
def report_answer(request: HttpRequest, report: PeriodicReport) -> HttpResponse:
    form = AnswerForm(request.POST)
    if form.is_valid():
        services.report_answer(
            report=report, actor=request.user, answer=form.cleaned_data["answer"]
        )
        messages.success(request, _("La réponse est envoyée au groupe."))
    else:
        messages.error(request, _("Écrivez une réponse."))
    return redirect("governance:report", slug=report.group.slug, pk=report.pk)


@require_GET
@group_view("governance.view_group_reports")
def group_reports(request: HttpRequest, group: LocalGroup) -> HttpResponse:
    reports = selectors.group_reports(group)
    if not request.user.has_perm("governance.view_draft_reports", group):
        # The national coordination and the assistant read what was sent, not the drafts.
        reports = [r for r in reports if r.status != "draft"]
    context = {
        "group": group,
        "reports": reports,
        "can_write": request.user.has_perm("governance.write_report", group),
    }
    return render(request, "governance/group_reports.html", context)


@require_http_methods(["GET", "POST"])
@group_view("governance.write_report")
def report_create(request: HttpRequest, group: LocalGroup) -> HttpResponse:
    start, end = ReportForm.default_period()
    if request.method == "POST":
        form = ReportForm(request.POST)
        if form.is_valid():
            try:
                report = services.report_create(
                    group=group, actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error_text(error))
            else:
                messages.success(
                    request, _("Le brouillon est enregistré : relisez-le, puis envoyez-le.")
                )
                return redirect("governance:report", slug=group.slug, pk=report.pk)
        start = form.cleaned_data.get("period_start") or start
        end = form.cleaned_data.get("period_end") or end
    else:
        requested = ReportForm(request.GET)
        requested.is_valid()
        start = requested.cleaned_data.get("period_start") or start
        end = requested.cleaned_data.get("period_end") or end
        form = None
    summary = selectors.period_summary(group, start, end)
    if form is None:
        form = ReportForm(
            initial={"period_start": start, "period_end": end, "happened": summary.as_text()}
        )
    context = {"group": group, "form": form, "summary": summary}
    return render(
        request, "governance/report_form.html", context, status=400 if form.errors else 200
    )


@require_GET
@report_view("governance.view_report")
def report(request: HttpRequest, report: PeriodicReport) -> HttpResponse:
    context = {
        "report": report,
        "group": report.group,
        "summary": selectors.period_summary(report.group, report.period_start, report.period_end),
        "can_send": request.user.has_perm("governance.send_report", report),
        "can_answer": request.user.has_perm("governance.answer_report", report),
        "answer_form": AnswerForm(initial={"answer": report.answer}),
    }
    return render(request, "governance/report.html", context)


@require_http_methods(["GET", "POST"])
@report_view("governance.send_report")
def report_edit(request: HttpRequest, report: PeriodicReport) -> HttpResponse:
    """A draft, changed before it is sent."""
    fields = ("period_start", "period_end", "happened", "needs")
    form = ReportForm(request.POST or None, initial={f: getattr(report, f) for f in fields})
    if request.method == "POST" and form.is_valid():
        try:
            services.report_update(report=report, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("Le brouillon est enregistré."))
            return redirect("governance:report", slug=report.group.slug, pk=report.pk)
    context = {
        "group": report.group,
        "report": report,
        "form": form,
        "summary": selectors.period_summary(report.group, report.period_start, report.period_end),
    }
    return render(
        request, "governance/report_form.html", context, status=400 if form.errors else 200
    )


@require_POST
@report_view("governance.send_report")
def report_send(request: HttpRequest, report: PeriodicReport) -> HttpResponse:
    services.report_send(report=report, actor=request.user)
    messages.success(request, _("Le bilan est envoyé au collectif."))
    return redirect("governance:report", slug=report.group.slug, pk=report.pk)
