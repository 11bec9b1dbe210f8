from django.contrib import admin

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
admin.site.register(Decision)
admin.site.register(PeriodicReport)
