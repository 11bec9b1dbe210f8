from django import forms
from django.utils.translation import gettext_lazy as _

from mille.inventory.models import Category, Resource, ResourcePerson, Scheme, Visibility
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
    website = forms.URLField(
        label=_("Site web (facultatif)"), required=False, max_length=300, assume_scheme="https"
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
            "phone",
            "email",
            "website",
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
            "phone": _("Téléphone (facultatif)"),
            "email": _("E-mail (facultatif)"),
            "website": _("Site web (facultatif)"),
            "opening_hours": _("Horaires (facultatif)"),
            "audience": _("Public accueilli (facultatif)"),
            "description": _("Ce qu'on y trouve (facultatif)"),
            "visibility": _("Qui peut voir cette fiche ?"),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "visibility": forms.RadioSelect,
            "phone": forms.TextInput(attrs={"type": "tel"}),
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


class PersonForm(forms.ModelForm):
    class Meta:
        model = ResourcePerson
        fields = [
            "name_or_role",
            "structure",
            "can_help_with",
            "how_to_reach",
            "consent_on",
            "consent_means",
        ]
        labels = {
            "name_or_role": _("Nom ou rôle (par exemple « la directrice de l'école »)"),
            "structure": _("Structure (facultatif)"),
            "can_help_with": _("Elle peut aider pour"),
            "how_to_reach": _(
                "La meilleure façon et le meilleur moment pour la joindre (facultatif)"
            ),
            "consent_on": _("Date de son accord pour figurer ici"),
            "consent_means": _("Comment elle a donné son accord"),
        }
        widgets = {
            "can_help_with": forms.Textarea(attrs={"rows": 2}),
            "how_to_reach": forms.Textarea(attrs={"rows": 2}),
            "consent_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "consent_means": forms.RadioSelect,
        }


class DifficultyForm(forms.Form):
    text = forms.CharField(
        label=_("La difficulté"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )
    themes = forms.MultipleChoiceField(
        label=_("Thèmes"), choices=[], widget=forms.CheckboxSelectMultiple
    )
    raised_by = forms.MultipleChoiceField(
        label=_("Soulevée par (des profils, jamais une personne)"),
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    resources = forms.ModelMultipleChoiceField(
        label=_("Ressources qui peuvent y répondre (facultatif)"),
        queryset=Resource.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    statements = forms.ModelMultipleChoiceField(
        label=_("Phrases d'ateliers qui en parlent (facultatif)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, group, **kwargs):
        from mille.accounts.models import Category as PersonCategory
        from mille.inventory.models import Theme
        from mille.workshops.models import Statement

        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = Theme.choices
        self.fields["raised_by"].choices = PersonCategory.choices
        self.fields["resources"].queryset = Resource.objects.filter(group=group)
        self.fields["statements"].queryset = Statement.objects.filter(
            workshop__group=group, hidden=False, merged_into__isnull=True
        )


class OutingForm(forms.Form):
    on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    place = forms.ModelChoiceField(label=_("Lieu (facultatif)"), queryset=None, required=False)
    people_met = forms.IntegerField(label=_("Personnes rencontrées"), min_value=0, max_value=1000)
    what_was_said = forms.CharField(
        label=_("Ce qui a été dit, sans nom (facultatif)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = group.outreach_places.all()


class PlaceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type de lieu"), choices=[])
    label = forms.CharField(label=_("Lieu"), max_length=150)
    moment = forms.CharField(
        label=_("Moment (facultatif)"),
        max_length=150,
        required=False,
        help_text=_("Par exemple « le mardi à 16 h 30 »."),
    )

    def __init__(self, *args, **kwargs):
        from mille.inventory.models import PlaceKind

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = PlaceKind.choices


class RelayForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type de relais"), choices=[])
    label = forms.CharField(label=_("Relais"), max_length=150)

    def __init__(self, *args, **kwargs):
        from mille.inventory.models import RelayKind

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = RelayKind.choices
