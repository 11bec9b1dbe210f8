from django.contrib import admin

from mille.core.text import normalize_search
from mille.governance.models import (
    Body,
    Decision,
    Meeting,
    MemberAssociation,
    PeriodicReport,
    Seat,
    WorkingGroup,
)


@admin.register(MemberAssociation)
class MemberAssociationAdmin(admin.ModelAdmin):
    list_display = ["name", "website", "founding"]
    filter_horizontal = ["representatives"]


@admin.register(Seat)
class SeatAdmin(admin.ModelAdmin):
    list_display = ["user", "body", "association", "role", "start_on", "end_on"]
    list_filter = ["body", "role"]
    raw_id_fields = ["user"]


admin.site.register(Body)
admin.site.register(WorkingGroup)
admin.site.register(Meeting)


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["title", "body", "decided_on", "recorded_by"]
    list_filter = ["body"]
    search_fields = ["search_key"]

    def save_model(self, request, obj, form, change):
        obj.search_key = normalize_search(f"{obj.title} {obj.text}")
        super().save_model(request, obj, form, change)


admin.site.register(PeriodicReport)
