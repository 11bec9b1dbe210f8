"""The newsletter: the footer's form, the two links of each address (confirm, unsubscribe), the
archive of sent issues, and the coordination's composing, preview, sending and per-address log."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mille.core.permissions import permission_required
from mille.core.views_helpers import error_text, paginate
from mille.library.models import LibraryItemPage
from mille.network.decorators import issue_view
from mille.network.forms.newsletter import ComposeForm, SubscribeForm
from mille.network.models import DeliveryStatus, Issue, IssueStatus
from mille.network.selectors import newsletter as selectors
from mille.network.services import newsletter as services
from mille.network.services.sending import issue_sections
from mille.network.views.common import too_many


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return ""


@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    """Every page's footer posts here; the page itself explains and shows the consent."""
    form = SubscribeForm(request.POST or None)
    if request.method == "POST" and not too_many(request):
        if form.is_valid():
            try:
                services.subscribe(email=form.cleaned_data["email"], source="site")
            except ValidationError as error:
                form.add_error("email", error)
            else:
                messages.success(
                    request,
                    _(
                        "Presque fini : ouvrez l'e-mail que nous venons d'envoyer et confirmez. "
                        "Sans confirmation, vous ne recevrez rien."
                    ),
                )
                return redirect(_next(request) or "network:subscribe")
    context = {"form": form, "consent": services.CONSENT_TEXT}
    return render(request, "network/subscribe.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def subscription_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link of the confirmation e-mail: one button (a link checker confirms nothing)."""
    try:
        subscriber = services.subscription_check(token)
    except ValidationError as error:
        return render(
            request, "network/link_invalid.html", {"reason": error_text(error)}, status=410
        )
    if request.method == "POST":
        try:
            services.subscription_confirm(token=token)
        except ValidationError as error:
            return render(
                request, "network/link_invalid.html", {"reason": error_text(error)}, status=410
            )
        messages.success(request, _("Merci, c'est confirmé : vous recevrez la prochaine lettre."))
        return redirect("network:issues")
    return render(request, "network/subscription_confirm.html", {"subscriber": subscriber})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One click. Mail programs post here directly (RFC 8058, the `List-Unsubscribe-Post` header):
    the signed link is the proof, so there is no CSRF token to ask for. A person following the
    link sees one button: a link checker that opens the page unsubscribes nobody."""
    try:
        subscriber = services.unsubscribe_check(token)
    except ValidationError as error:
        return render(
            request, "network/link_invalid.html", {"reason": error_text(error)}, status=410
        )
    if request.method == "POST":
        services.unsubscribe(token=token)
        return render(request, "network/unsubscribed.html", {"subscriber": subscriber})
    return render(request, "network/unsubscribe.html", {"subscriber": subscriber})


@require_GET
def issues(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.sent_issues())
    return render(request, "network/issues.html", {"page": page})


@require_GET
def issue(request: HttpRequest, number: int) -> HttpResponse:
    """The web version of a sent issue."""
    found = get_object_or_404(Issue, number=number)
    if found.status != IssueStatus.SENT:
        raise Http404
    return render(
        request, "network/issue.html", {"issue": found, "sections": issue_sections(found)}
    )


@require_GET
@permission_required("network.compose_newsletter")
def newsletter_admin(request: HttpRequest) -> HttpResponse:
    context = {"counts": selectors.subscriber_counts(), "issues": list(selectors.issues())}
    return render(request, "network/newsletter_admin.html", context)


@require_POST
@permission_required("network.compose_newsletter")
def issue_new(request: HttpRequest) -> HttpResponse:
    created = services.issue_create(actor=request.user)
    return redirect("network:issue_compose", pk=created.pk)


def _compose_form(issue: Issue, data=None) -> ComposeForm:
    chosen = {kind: set() for kind in ("library", "event", "group")}
    notes = {}
    for item in issue.items.all():
        chosen[item.kind].add(str(item.source_id))
        if item.kind == "group":
            notes[f"note_{item.source_id}"] = item.text
    pages = LibraryItemPage.objects.live().order_by("-first_published_at")[:20]
    initial = {
        "subject": issue.subject,
        "intro": issue.intro,
        "library": sorted(chosen["library"]),
        "events": sorted(chosen["event"]),
        "groups": sorted(chosen["group"]),
        **notes,
    }
    return ComposeForm(
        data,
        initial=initial,
        pages=list(pages),
        events=list(services.events_for_issue()),
        groups=list(services.groups_for_issue()),
    )


@require_http_methods(["GET", "POST"])
@issue_view("network.compose_newsletter")
def issue_compose(request: HttpRequest, issue: Issue) -> HttpResponse:
    if issue.status != IssueStatus.DRAFT:
        return redirect("network:issue_log", pk=issue.pk)
    form = _compose_form(issue, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.issue_compose(
                issue=issue,
                actor=request.user,
                subject=form.cleaned_data["subject"],
                intro=form.cleaned_data["intro"],
                library_pages=form.chosen("library"),
                events=form.chosen("events"),
                groups=form.chosen("groups"),
                group_notes=form.notes(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("La lettre est enregistrée. Regardez l'aperçu avant d'envoyer.")
            )
            return redirect("network:issue_preview", pk=issue.pk)
    context = {"issue": issue, "form": form}
    return render(
        request, "network/issue_compose.html", context, status=400 if form.errors else 200
    )


@require_GET
@issue_view("network.compose_newsletter")
def issue_preview(request: HttpRequest, issue: Issue) -> HttpResponse:
    context = {
        "issue": issue,
        "sections": issue_sections(issue),
        "preview": True,
        "recipients": selectors.subscriber_counts().get("confirmed", 0),
    }
    return render(request, "network/issue.html", context)


@require_POST
@issue_view("network.compose_newsletter")
def issue_send(request: HttpRequest, issue: Issue) -> HttpResponse:
    try:
        count = services.issue_send(issue=issue, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("network:issue_preview", pk=issue.pk)
    messages.success(
        request, _("L'envoi commence : %(n)d adresses, par lots, en arrière-plan.") % {"n": count}
    )
    return redirect("network:issue_log", pk=issue.pk)


@require_GET
@issue_view("network.compose_newsletter")
def issue_log(request: HttpRequest, issue: Issue) -> HttpResponse:
    """The per-address log: how many were sent, retried, failed or bounced, and which."""
    status = request.GET.get("statut", "")
    status = status if status in DeliveryStatus.values else ""
    page = paginate(request, selectors.delivery_log(issue, status), per_page=50)
    context = {
        "issue": issue,
        "counts": selectors.delivery_counts(issue),
        "page": page,
        "status": status,
        "statuses": DeliveryStatus.choices,
        "querystring": f"statut={status}" if status else "",
    }
    return render(request, "network/issue_log.html", context)
