"""The workshop's bundle: « Exporter pour le réseau » on the workshop, and its import on the
group (see mille.workshops.bundle and docs/room.md)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from mille.core.views_helpers import file_response
from mille.groups.decorators import group_view
from mille.groups.models import LocalGroup
from mille.workshops.bundle import BundleError
from mille.workshops.decorators import workshop_view
from mille.workshops.forms import BundleImportForm
from mille.workshops.models import Workshop
from mille.workshops.services import bundle as bundle_services


@require_GET
@workshop_view("workshops.export_workshop")
def bundle_export(request: HttpRequest, workshop: Workshop) -> HttpResponse:
    content = bundle_services.workshop_export(workshop=workshop, actor=request.user)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    name = f"atelier-{slugify(workshop.title)[:40] or workshop.pk}-{stamp}.zip"
    return file_response(content, name, "application/zip")


@group_view("workshops.import_workshop")
def bundle_import(request: HttpRequest, group: LocalGroup) -> HttpResponse:
    form = BundleImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["bundle"]
        if upload.size > bundle_services.bundle_max_bytes():
            form.add_error(
                "bundle",
                _("Ce fichier d'atelier est trop lourd (%(max)d Mo au plus).")
                % {"max": bundle_services.bundle_max_bytes() // (1024 * 1024)},
            )
        else:
            try:
                report = bundle_services.workshop_import(
                    group=group, actor=request.user, raw=upload.read()
                )
            except BundleError as error:
                form.add_error("bundle", str(error))
            else:
                if report.created:
                    message = _("L'atelier « %(title)s » est importé.")
                elif report.changes:
                    message = _("L'atelier « %(title)s » est mis à jour.")
                else:
                    message = _("L'atelier « %(title)s » était déjà à jour : rien n'a changé.")
                messages.success(request, message % {"title": report.workshop.title})
                return redirect(report.workshop)
    context = {"group": group, "form": form}
    return render(request, "workshops/bundle_import.html", context)
