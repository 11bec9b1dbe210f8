from django.contrib import admin

from mille.territories.models import Commune, Departement


@admin.register(Departement)
class DepartementAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["insee", "name", "postal_codes", "departement"]
    search_fields = ["insee", "name", "postal_codes"]
    list_filter = ["departement"]
