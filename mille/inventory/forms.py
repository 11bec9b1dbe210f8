from django import forms
from django.utils.translation import gettext_lazy as _

from mille.inventory.models import Category, Resource, Scheme, Visibility
from mille.territories.models import Commune
from mille.territories.selectors import CommuneLookupError, commune_resolve


class ResourceForm(forms.ModelForm):
    """One entry. The commune is one of the group's, or typed; the point is the commune's centre
    unless one is picked on the map (latitude and longitude, filled by the map)."""

    commune_choice = forms.ModelChoiceField(
        label=_("Commune"), queryset=Commune.objects.none(), required=False
    )
    commune_text = forms.CharField(
        label=_("Ou une autre commune"),
        required=False,
        max_length=120,
        help_text=_("Par exemple « Roubaix » ou « Saint-Denis (93200) »."),
    )
    schemes = forms.MultipleChoiceField(
        label=_("Dispositifs (facultatif)"),
        choices=Scheme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    latitude = forms.FloatField(required=False, widget=forms.HiddenInput)
    longitude = forms.FloatField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Resource
        fields = [
            "name",
            "category",
            "address",
            "public_contact",
            "opening_hours",
            "audience",
            "description",
            "visibility",
        ]
        labels = {
            "name": _("Nom du lieu, du service ou du collectif"),
            "category": _("Catégorie"),
            "address": _("Adresse (facultatif)"),
            "public_contact": _("Contact public (facultatif)"),
            "opening_hours": _("Horaires (facultatif)"),
            "audience": _("Public accueilli (facultatif)"),
            "description": _("Ce qu'on y trouve (facultatif)"),
            "visibility": _("Qui peut voir cette fiche ?"),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "visibility": forms.RadioSelect,
        }

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune_choice"].queryset = group.communes.all()
        self.fields["category"].choices = [("", _("— Choisir —")), *Category.choices]
        self.fields["visibility"].choices = Visibility.choices
        if self.instance.pk and not self.is_bound:
            self.initial["commune_choice"] = self.instance.commune_id
            self.initial["schemes"] = list(self.instance.schemes.values_list("code", flat=True))
            self.initial["latitude"] = self.instance.latitude
            self.initial["longitude"] = self.instance.longitude

    def clean(self):
        data = super().clean()
        text = (data.get("commune_text") or "").strip()
        if text:
            try:
                data["commune"] = commune_resolve(text)
            except CommuneLookupError as error:
                self.add_error("commune_text", error.message)
        elif data.get("commune_choice"):
            data["commune"] = data["commune_choice"]
        else:
            self.add_error("commune_choice", _("Choisissez la commune, ou tapez son nom."))
        return data


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Chercher"), required=False, max_length=100)
    category = forms.ChoiceField(
        label=_("Catégorie"), required=False, choices=[("", _("Toutes")), *Category.choices]
    )
    scheme = forms.ChoiceField(
        label=_("Dispositif"), required=False, choices=[("", _("Tous")), *Scheme.choices]
    )
