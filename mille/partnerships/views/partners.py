"""A group's partnerships: the list, a partnership's page, and what its facilitators keep up to
date there (purpose, level, expectations, contacts, who holds the thread, representatives)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mille.core.views_helpers import error_text
from mille.groups.decorators import group_view
from mille.groups.models import LocalGroup
from mille.partnerships import selectors, services
from mille.partnerships.decorators import contact_view, partnership_view, representative_view
from mille.partnerships.forms import (
    ContactForm,
    ContactLeaveForm,
    ExpectationsForm,
    HandOverForm,
    LevelForm,
    PartnershipEditForm,
    PartnershipForm,
)
from mille.partnerships.models import (
    LEVEL_DEFINITIONS,
    Contact,
    PartnerInvitation,
    Partnership,
    Representative,
)


@require_GET
@group_view("partnerships.list_partnerships")
def partnerships(request: HttpRequest, group: LocalGroup) -> HttpResponse:
    context = {
        "group": group,
        "rows": selectors.group_partnerships(group),
        "can_add": request.user.has_perm("partnerships.add_partnership", group),
        "levels": LEVEL_DEFINITIONS,
    }
    return render(request, "partnerships/list.html", context)


@require_http_methods(["GET", "POST"])
@group_view("partnerships.add_partnership")
def create(request: HttpRequest, group: LocalGroup) -> HttpResponse:
    structures = selectors.structures_for_partnership(group)
    form = PartnershipForm(request.POST or None, structures=structures)
    if request.method == "POST" and form.is_valid():
        try:
            partnership = services.partnership_create(
                group=group, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Le partenariat est noté. Ajoutez les personnes contacts."))
            return redirect(partnership)
    context = {"group": group, "form": form, "no_structure": not structures.exists()}
    return render(request, "partnerships/create.html", context, status=400 if form.errors else 200)


@require_GET
@partnership_view("partnerships.view_partnership")
def detail(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    member = request.user.has_perm("partnerships.list_partnerships", partnership.group)
    context = {
        "group": partnership.group,
        "page": selectors.partnership_page(partnership, member=member),
        "member": member,
        "can_change": request.user.has_perm("partnerships.change_partnership", partnership),
        "can_meet": request.user.has_perm("partnerships.record_meeting", partnership),
        "can_evaluate": request.user.has_perm("partnerships.run_evaluation", partnership),
        "level_definition": LEVEL_DEFINITIONS[partnership.level],
    }
    return render(request, "partnerships/detail.html", context)


def _settings_page(request, partnership, status=200, **forms) -> HttpResponse:
    page = selectors.partnership_page(partnership, member=True)
    initial = {
        f"{side}_{aspect}": text
        for side, rows in page.expectations.items()
        for aspect, _label, text in rows
    }
    context = {
        "group": partnership.group,
        "partnership": partnership,
        "page": page,
        "edit_form": forms.get("edit_form")
        or PartnershipEditForm(
            initial={"purpose": partnership.purpose, "schemes": partnership.schemes}
        ),
        "level_form": forms.get("level_form") or LevelForm(initial={"level": partnership.level}),
        "expectations_form": forms.get("expectations_form")
        or ExpectationsForm(initial=initial, partner_name=partnership.structure.name),
        "contact_form": forms.get("contact_form") or ContactForm(),
        "handover_form": forms.get("handover_form") or HandOverForm(),
        "invitation": forms.get("invitation"),
        "can_invite": request.user.has_perm("partnerships.invite_representative", partnership),
    }
    return render(request, "partnerships/settings.html", context, status=status)


@require_GET
@partnership_view("partnerships.change_partnership")
def settings_page(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    """Everything the facilitators keep up to date, one short form each."""
    return _settings_page(request, partnership)


def _back(partnership, anchor: str) -> HttpResponse:
    return redirect(f"{partnership.get_absolute_url()}reglages/#{anchor}")


@require_POST
@partnership_view("partnerships.change_partnership")
def update(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    form = PartnershipEditForm(request.POST)
    if form.is_valid():
        try:
            services.partnership_update(
                partnership=partnership, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("C'est enregistré."))
            return _back(partnership, "objet")
    return _settings_page(request, partnership, status=400, edit_form=form)


@require_POST
@partnership_view("partnerships.change_partnership")
def level(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    form = LevelForm(request.POST)
    if form.is_valid():
        try:
            services.partnership_level_change(
                partnership=partnership,
                actor=request.user,
                level=form.cleaned_data["level"],
                note=form.cleaned_data["note"],
                on=form.cleaned_data["on"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Le nouveau niveau est noté dans l'histoire du partenariat.")
            )
            return _back(partnership, "niveau")
    return _settings_page(request, partnership, status=400, level_form=form)


@require_POST
@partnership_view("partnerships.change_partnership")
def expectations(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    form = ExpectationsForm(request.POST, partner_name=partnership.structure.name)
    if form.is_valid():
        try:
            services.expectations_save(
                partnership=partnership, actor=request.user, texts=form.texts()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Les attentes de chacun sont enregistrées."))
            return _back(partnership, "attentes")
    return _settings_page(request, partnership, status=400, expectations_form=form)


@require_POST
@partnership_view("partnerships.change_partnership")
def contact_add(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            services.contact_add(partnership=partnership, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("La personne contact est ajoutée."))
            return _back(partnership, "contacts")
    return _settings_page(request, partnership, status=400, contact_form=form)


@require_POST
@contact_view("partnerships.change_partnership")
def contact_leave(request: HttpRequest, contact: Contact) -> HttpResponse:
    form = ContactLeaveForm(request.POST)
    partnership = contact.partnership
    if not form.is_valid():
        messages.error(request, _("Indiquez la date de son départ."))
        return _back(partnership, "contacts")
    try:
        services.contact_leave(
            contact=contact, actor=request.user, left_on=form.cleaned_data["left_on"]
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request, _("C'est noté. La personne reste dans l'histoire du partenariat.")
        )
    return _back(partnership, "contacts")


@require_POST
@partnership_view("partnerships.change_partnership")
def hand_over(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    form = HandOverForm(request.POST)
    if form.is_valid():
        try:
            services.thread_hand_over(
                partnership=partnership, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Le relais est passé. L'histoire est gardée."))
            return _back(partnership, "fil")
    return _settings_page(request, partnership, status=400, handover_form=form)


@require_POST
@partnership_view("partnerships.invite_representative")
def invite(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    invitation = services.representative_invite(partnership=partnership, actor=request.user)
    messages.success(request, _("Le lien est prêt. Envoyez-le à la personne du partenaire."))
    return _settings_page(request, partnership, invitation=invitation)


@require_POST
@representative_view("partnerships.invite_representative")
def representative_remove(request: HttpRequest, representative: Representative) -> HttpResponse:
    partnership = representative.partnership
    services.representative_remove(representative=representative, actor=request.user)
    messages.success(request, _("Cette personne ne voit plus le partenariat."))
    return _back(partnership, "representants")


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """A partner's representative opens the link; signed in, they accept it."""
    found = (
        PartnerInvitation.objects.select_related("partnership__structure", "partnership__group")
        .filter(token=token)
        .first()
    )
    try:
        services.invitation_check(found)
    except services.InvitationError as error:
        return render(
            request,
            "partnerships/invitation.html",
            {"error": error_text(error)},
            status=410 if found else 404,
        )
    if request.method == "POST" and request.user.is_authenticated:
        try:
            services.representative_accept(invitation=found, user=request.user)
        except services.InvitationError as error:
            return render(
                request, "partnerships/invitation.html", {"error": error_text(error)}, status=410
            )
        messages.success(
            request,
            _("Bienvenue ! Vous suivez le partenariat avec « %(name)s ».")
            % {"name": found.partnership.group.name},
        )
        return redirect(found.partnership)
    return render(request, "partnerships/invitation.html", {"invitation": found})
