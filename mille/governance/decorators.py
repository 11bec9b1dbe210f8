"""The governance views' decorators, one per kind of object. A report is found through the group
of the URL: another group's id gives 404."""

from django.shortcuts import get_object_or_404

from mille.core.permissions import object_view
from mille.governance import selectors
from mille.governance.models import MeetingDocument

body_view = object_view(selectors.body_by_kind, "kind")
meeting_view = object_view(selectors.load_meeting, "pk")
report_view = object_view(selectors.load_report, "slug", "pk")
inbox_report_view = object_view(selectors.load_report_by_pk, "pk")


def _document(pk: int, document_pk: int) -> MeetingDocument:
    return get_object_or_404(
        MeetingDocument.objects.select_related("meeting"), pk=document_pk, meeting_id=pk
    )


document_view = object_view(_document, "pk", "document_pk")
