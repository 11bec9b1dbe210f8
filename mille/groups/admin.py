from django.contrib import admin

from mille.groups.models import (
    AnchorPlace,
    CriterionAssessment,
    Invitation,
    JoinRequest,
    LocalGroup,
    Membership,
    RecognitionEvent,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


class AnchorInline(admin.TabularInline):
    model = AnchorPlace
    extra = 0


@admin.register(LocalGroup)
class LocalGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "territory_label", "departement", "recognition", "created_at"]
    list_filter = ["recognition", "departement"]
    search_fields = ["name", "search_text"]
    raw_id_fields = ["communes", "charter_committed_by"]
    inlines = [AnchorInline, MembershipInline]


admin.site.register(Invitation)
admin.site.register(JoinRequest)
admin.site.register(CriterionAssessment)
admin.site.register(RecognitionEvent)
