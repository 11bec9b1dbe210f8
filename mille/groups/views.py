from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mille.core.permissions import permission_required
from mille.core.views_helpers import error_text, paginate, querystring_without_page
from mille.groups import selectors, services
from mille.groups.decorators import group_view
from mille.groups.forms import (
    AnchorForm,
    CriterionForm,
    DirectoryForm,
    GroupForm,
    InvitationForm,
    JoinRequestForm,
    MembershipPreferencesForm,
    RecognitionDecisionForm,
    RoleForm,
)
from mille.groups.models import (
    AnchorPlace,
    Criterion,
    Invitation,
    JoinRequest,
    LocalGroup,
    Membership,
    Recognition,
)
from mille.territories.models import Departement

# --- The network, in public ------------------------------------------------------------------


@require_GET
def directory(request: HttpRequest, departement: str | None = None) -> HttpResponse:
    dep = get_object_or_404(Departement, code=departement) if departement else None
    form = DirectoryForm(request.GET or None)
    filters = selectors.DirectoryFilters()
    if form.is_valid():
        filters = selectors.DirectoryFilters(
            query=form.cleaned_data["q"],
            departement=form.cleaned_data["departement"],
            recognised=form.cleaned_data["recognised"],
        )
    if dep:
        filters = selectors.DirectoryFilters(filters.query, dep.code, filters.recognised)
    page = paginate(request, selectors.group_directory(filters))
    context = {
        "form": form,
        "page": page,
        "departement": dep,
        "querystring": querystring_without_page(request),
        "filtered": bool(filters.query or filters.recognised or (filters.departement and not dep)),
    }
    template = "groups/directory.html"
    if request.htmx and request.htmx.target == "directory-results":
        template += "#results"
    return render(request, template, context)


@require_GET
def departements(request: HttpRequest) -> HttpResponse:
    rows = selectors.departements_with_counts()
    return render(request, "groups/departements.html", {"departements": rows})


@require_GET
def map_page(request: HttpRequest) -> HttpResponse:
    context = {
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
    }
    return render(request, "groups/map.html", context)


@require_GET
def geojson(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(selectors.groups_geojson(), content_type="application/geo+json")
    response["Cache-Control"] = "public, max-age=60"
    return response


@require_GET
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        group = selectors.group_public(slug)
    except LocalGroup.DoesNotExist as error:
        raise Http404 from error
    membership = selectors.membership_of(request.user, group)
    pending = None
    if request.user.is_authenticated and membership is None:
        pending = JoinRequest.objects.filter(
            group=group, user=request.user, status=JoinRequest.Status.PENDING
        ).exists()
    context = {
        "group": group,
        "membership": membership,
        "pending_request": pending,
        "join_form": JoinRequestForm(),
        # The exact number of members for those who see the list; the public sees it protected.
        "can_see_members": request.user.has_perm("groups.view_members", group),
    }
    return render(request, "groups/detail.html", context)


# --- Creating and editing a group ------------------------------------------------------------


@permission_required("groups.add_localgroup")
def create(request: HttpRequest) -> HttpResponse:
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        anchors = [(data["anchor_kind"], data["anchor_name"])] if data.get("anchor_name") else []
        try:
            group = services.group_create(
                creator=request.user,
                name=data["name"],
                communes=data["all_communes"],
                neighbourhood=data["neighbourhood"],
                description=data["description"],
                public_contact=data["public_contact"],
                anchors=anchors,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Le groupe « %(name)s » est créé. Vous en êtes la coordination.")
                % {"name": group.name},
            )
            return redirect(group)
    return render(request, "groups/form.html", {"form": form, "creating": True})


@group_view("groups.change_localgroup")
def edit(request: HttpRequest, group: LocalGroup) -> HttpResponse:
    form = GroupForm(request.POST or None, instance=group, with_anchor=False)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.group_update(
                group=group,
                actor=request.user,
                name=data["name"],
                communes=data["all_communes"],
                neighbourhood=data["neighbourhood"],
                description=data["description"],
                public_contact=data["public_contact"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Les informations du groupe sont enregistrées."))
            return redirect(group)
    context = {
        "form": form,
        "group": group,
        "creating": False,
        "anchor_form": AnchorForm(),
        "anchors": list(group.anchors.all()),
    }
    return render(request, "groups/form.html", context)


@require_POST
@group_view("groups.change_localgroup")
def anchor_add(request: HttpRequest, group: LocalGroup) -> HttpResponse:
    form = AnchorForm(request.POST)
    if form.is_valid():
        services.anchor_add(group=group, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Le lieu est ajouté."))
    else:
        messages.error(
            request, _("Le lieu n'est pas ajouté : choisissez un type et donnez un nom.")
        )
    return redirect("groups:edit", slug=group.slug)


@require_POST
@group_view("groups.change_localgroup")
def anchor_remove(request: HttpRequest, group: LocalGroup, pk: int) -> HttpResponse:
    services.anchor_remove(
        anchor=get_object_or_404(AnchorPlace, pk=pk, group=group), actor=request.user
    )
    messages.success(request, _("Le lieu est retiré."))
    return redirect("groups:edit", slug=group.slug)


# --- Members ---------------------------------------------------------------------------------


@group_view("groups.view_members")
def members(request: HttpRequest, group: LocalGroup) -> HttpResponse:
    membership = selectors.membership_of(request.user, group)
    can_manage = request.user.has_perm("groups.manage_members", group)
    context = {
        "group": group,
        "membership": membership,
        "members": selectors.group_members(group),
        "can_manage": can_manage,
        "requests": selectors.group_pending_requests(group) if can_manage else [],
        "preferences_form": MembershipPreferencesForm(
            initial={"category": membership.category, "shown_publicly": membership.shown_publicly}
        )
        if membership
        else None,
    }
    return render(request, "groups/members.html", context)


def _member(group: LocalGroup, pk: int) -> Membership:
    return get_object_or_404(Membership.objects.select_related("user"), pk=pk, group=group)


@require_POST
@group_view("groups.manage_members")
def member_role(request: HttpRequest, group: LocalGroup, pk: int) -> HttpResponse:
    membership = _member(group, pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez un rôle dans la liste."))
    else:
        try:
            services.membership_role_change(
                membership=membership, actor=request.user, role=form.cleaned_data["role"]
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(
                request,
                _("%(name)s a maintenant le rôle : %(role)s.")
                % {"name": membership.user.public_name, "role": membership.get_role_display()},
            )
    return redirect("groups:members", slug=group.slug)


@require_POST
@group_view("groups.manage_members")
def member_remove(request: HttpRequest, group: LocalGroup, pk: int) -> HttpResponse:
    membership = _member(group, pk)
    try:
        services.membership_remove(membership=membership, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("%(name)s ne fait plus partie du groupe.") % {"name": membership.user.public_name},
        )
    return redirect("groups:members", slug=group.slug)


@group_view("groups.leave")
def leave(request: HttpRequest, group: LocalGroup) -> HttpResponse:
    if request.method == "POST":
        try:
            services.membership_remove(
                membership=selectors.membership_of(request.user, group), actor=request.user
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
            return redirect("groups:members", slug=group.slug)
        messages.success(
            request, _("Vous avez quitté le groupe « %(name)s ».") % {"name": group.name}
        )
        return redirect("portal:dashboard")
    return render(request, "groups/leave.html", {"group": group})


@require_POST
@group_view("groups.change_own_membership")
def preferences(request: HttpRequest, group: LocalGroup) -> HttpResponse:
    form = MembershipPreferencesForm(request.POST)
    if form.is_valid():
        services.membership_preferences_update(
            membership=selectors.membership_of(request.user, group),
            actor=request.user,
            **form.cleaned_data,
        )
        messages.success(request, _("Vos choix sont enregistrés."))
    else:
        messages.error(request, _("Vos choix ne sont pas enregistrés : vérifiez la catégorie."))
    return redirect("groups:members", slug=group.slug)


@require_POST
@group_view("groups.request_join")
def join_request(request: HttpRequest, group: LocalGroup) -> HttpResponse:
    form = JoinRequestForm(request.POST)
    if form.is_valid():
        try:
            services.join_request_create(
                group=group, user=request.user, message=form.cleaned_data["message"]
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(
                request, _("Votre demande est envoyée. La coordination du groupe va répondre.")
            )
    else:
        messages.error(request, _("Votre message est trop long (1 000 caractères au plus)."))
    return redirect(group)


@require_POST
@group_view("groups.manage_members")
def join_request_decide(request: HttpRequest, group: LocalGroup, pk: int) -> HttpResponse:
    join = get_object_or_404(JoinRequest.objects.select_related("user"), pk=pk, group=group)
    accept = request.POST.get("decision") == "accept"
    try:
        services.join_request_decide(request=join, actor=request.user, accept=accept)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        text = (
            _("%(name)s fait maintenant partie du groupe.")
            if accept
            else _("La demande de %(name)s est refusée.")
        )
        messages.success(request, text % {"name": join.user.public_name})
    return redirect("groups:members", slug=group.slug)


# --- Invitations -----------------------------------------------------------------------------


@group_view("groups.invite")
def invitations(request: HttpRequest, group: LocalGroup) -> HttpResponse:
    form = InvitationForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            created = services.invitation_create(
                group=group, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Le lien d'invitation est prêt. Copiez-le et envoyez-le."))
            form = InvitationForm()
    context = {
        "group": group,
        "form": form,
        "created": created,
        "invitations": selectors.group_active_invitations(group),
    }
    return render(request, "groups/invitations.html", context)


@require_POST
@group_view("groups.invite")
def invitation_revoke(request: HttpRequest, group: LocalGroup, pk: int) -> HttpResponse:
    services.invitation_revoke(
        invitation=get_object_or_404(Invitation, pk=pk, group=group), actor=request.user
    )
    messages.success(request, _("Le lien est annulé : il ne marche plus."))
    return redirect("groups:invitations", slug=group.slug)


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = Invitation.objects.select_related("group").filter(token=token).first()
    try:
        services.invitation_check(invitation)
    except services.InvitationError as error:
        return render(
            request,
            "groups/invitation_invalid.html",
            {"reason": error_text(error)},
            status=410 if invitation else 404,
        )
    if not request.user.is_authenticated:
        return render(request, "groups/invitation.html", {"invitation": invitation})
    if request.method == "POST":
        try:
            services.invitation_accept(invitation=invitation, user=request.user)
        except services.InvitationError as error:
            return render(
                request,
                "groups/invitation_invalid.html",
                {"reason": error_text(error)},
                status=410,
            )
        messages.success(
            request, _("Bienvenue dans le groupe « %(name)s » !") % {"name": invitation.group.name}
        )
        return redirect(invitation.group)
    already = selectors.membership_of(request.user, invitation.group) is not None
    return render(request, "groups/invitation.html", {"invitation": invitation, "already": already})


# --- Charter, criteria and recognition -------------------------------------------------------


@group_view("groups.view_criteria")
def criteria(request: HttpRequest, group: LocalGroup) -> HttpResponse:
    can_edit = request.user.has_perm("groups.assess_criteria", group)
    assessments = {a.criterion: a for a in group.assessments.all()}
    rows = []
    for criterion in Criterion:
        assessment = assessments.get(criterion.value)
        initial = (
            {"status": assessment.status, "evidence": assessment.evidence} if assessment else {}
        )
        rows.append(
            {
                "criterion": criterion,
                "assessment": assessment,
                "form": CriterionForm(initial=initial, prefix=f"c{criterion.value}")
                if can_edit
                else None,
            }
        )
    context = {
        "group": group,
        "rows": rows,
        "can_edit": can_edit,
        "events": list(group.recognition_events.select_related("by")[:10]),
        "Recognition": Recognition,
    }
    return render(request, "groups/criteria.html", context)


@require_POST
@group_view("groups.assess_criteria")
def criterion_save(request: HttpRequest, group: LocalGroup, criterion: int) -> HttpResponse:
    if criterion not in Criterion.values:
        raise Http404
    form = CriterionForm(request.POST, prefix=f"c{criterion}")
    if form.is_valid():
        services.criterion_assess(
            group=group, actor=request.user, criterion=criterion, **form.cleaned_data
        )
        messages.success(request, _("Critère %(n)s enregistré.") % {"n": criterion})
    else:
        messages.error(
            request,
            _("Critère %(n)s non enregistré : choisissez où en est le groupe.") % {"n": criterion},
        )
    return redirect(f"{group.get_absolute_url()}criteres/#critere-{criterion}")


@require_POST
@group_view("groups.commit_charter")
def charter_commit(request: HttpRequest, group: LocalGroup) -> HttpResponse:
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Cochez la case pour engager le groupe dans la charte."))
    else:
        services.charter_commit(group=group, actor=request.user)
        messages.success(request, _("Le groupe est engagé dans la charte. Merci !"))
    return redirect("groups:criteria", slug=group.slug)


@require_POST
@group_view("groups.submit_recognition")
def recognition_submit(request: HttpRequest, group: LocalGroup) -> HttpResponse:
    try:
        services.recognition_submit(group=group, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("La demande est envoyée à la coordination nationale."))
    return redirect("groups:criteria", slug=group.slug)


@require_GET
@permission_required("groups.review_recognition")
def review_queue(request: HttpRequest) -> HttpResponse:
    return render(
        request, "groups/review_queue.html", {"groups": list(selectors.recognition_queue())}
    )


@group_view("groups.review_recognition")
def review(request: HttpRequest, group: LocalGroup) -> HttpResponse:
    form = RecognitionDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.recognition_decide(
                group=group,
                reviewer=request.user,
                recognise=form.cleaned_data["decision"] == "recognise",
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("La décision est enregistrée. Le groupe la voit sur sa page des critères."),
            )
            return redirect("groups:review_queue")
    context = {
        "group": group,
        "form": form,
        "assessments": list(group.assessments.all()),
        "events": list(group.recognition_events.select_related("by")[:10]),
    }
    return render(request, "groups/review.html", context)


@require_GET
@group_view("groups.view_audit")
def audit_journal(request: HttpRequest, group: LocalGroup) -> HttpResponse:
    """Who looked at, changed, erased or exported the group's sensitive records."""
    page = paginate(request, selectors.audit_entries(group), per_page=50)
    return render(request, "groups/audit.html", {"group": group, "page": page})
