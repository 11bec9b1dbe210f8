from django import forms
from django.utils.translation import gettext_lazy as _

from mille.groups.models import LocalGroup
from mille.network.forms.common import CommuneField, datetime_field
from mille.network.models import Access, EventLevel, SessionKind
from mille.territories.models import Departement


class EventFilterForm(forms.Form):
    departement = forms.ModelChoiceField(
        label=_("Département"),
        queryset=Departement.objects.order_by("code"),
        required=False,
        empty_label=_("Tous les départements"),
        to_field_name="code",
    )
    niveau = forms.ChoiceField(
        label=_("Niveau"),
        choices=[("", _("Tous les niveaux")), *EventLevel.choices],
        required=False,
    )
    quand = forms.ChoiceField(
        label=_("Quand"),
        choices=[("", _("À venir")), ("passes", _("Passés"))],
        required=False,
    )


class EventForm(forms.Form):
    level = forms.ChoiceField(
        label=_("Niveau"), choices=EventLevel.choices, widget=forms.RadioSelect
    )
    group = forms.ModelChoiceField(
        label=_("Le groupe qui organise (pour une rencontre locale)"),
        queryset=LocalGroup.objects.none(),
        required=False,
    )
    title = forms.CharField(label=_("Titre"), max_length=140)
    summary = forms.CharField(label=_("En une phrase"), max_length=300)
    starts_at = datetime_field(_("Début"))
    ends_at = datetime_field(_("Fin"))
    commune = CommuneField(required=False)
    place_name = forms.CharField(label=_("Lieu (facultatif)"), max_length=140, required=False)
    address = forms.CharField(label=_("Adresse (facultatif)"), max_length=200, required=False)
    online_url = forms.URLField(
        label=_("Lien pour suivre en ligne (facultatif)"),
        max_length=200,
        required=False,
        assume_scheme="https",
    )
    departement = forms.ModelChoiceField(
        label=_("Département, pour un événement seulement en ligne (facultatif)"),
        queryset=Departement.objects.order_by("code"),
        required=False,
    )
    description = forms.CharField(
        label=_("Présentation (facultatif)"), widget=forms.Textarea, max_length=5000, required=False
    )
    audience = forms.CharField(
        label=_("Pour qui ?"),
        max_length=300,
        required=False,
        help_text=_("Par exemple : parents, enseignants, animateurs, élus…"),
    )
    access = forms.MultipleChoiceField(
        label=_("Ce que le lieu offre"),
        choices=Access.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    access_note = forms.CharField(
        label=_("Accessibilité : précisions (facultatif)"), max_length=500, required=False
    )
    capacity = forms.IntegerField(
        label=_("Nombre de places (vide : sans limite)"),
        min_value=1,
        max_value=10000,
        required=False,
    )
    registration_open = forms.BooleanField(
        label=_("Les inscriptions sont ouvertes"), required=False, initial=True
    )
    offer_hours = forms.IntegerField(
        label=_("Délai pour accepter une place libérée, en heures"),
        min_value=2,
        max_value=240,
        initial=48,
    )
    testimony_call = forms.CharField(
        label=_("Appel à témoignages (facultatif)"),
        widget=forms.Textarea,
        max_length=1000,
        required=False,
        help_text=_(
            "Ce que vous aimeriez entendre. La page de l'événement renvoie les groupes vers le "
            "formulaire de témoignage de la bibliothèque."
        ),
    )

    def __init__(self, *args, levels=None, groups=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if levels is not None:
            self.fields["level"].choices = [c for c in EventLevel.choices if c[0] in levels]
        self.fields["group"].queryset = groups if groups is not None else LocalGroup.objects.none()
        if editing:
            for name in ("level", "group", "capacity"):
                del self.fields[name]


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Titre de la séance"), max_length=140)
    kind = forms.ChoiceField(
        label=_("Type"), choices=SessionKind.choices, initial=SessionKind.WORKSHOP
    )
    starts_at = datetime_field(_("Début"))
    ends_at = datetime_field(_("Fin"))
    room = forms.CharField(label=_("Salle (facultatif)"), max_length=100, required=False)
    capacity = forms.IntegerField(
        label=_("Places (vide : sans limite)"), min_value=1, max_value=10000, required=False
    )
    description = forms.CharField(
        label=_("En quelques mots (facultatif)"), max_length=600, required=False
    )


class RegistrationForm(forms.Form):
    """A name and one way to be reached; the sessions chosen; the needs to be able to come."""

    name = forms.CharField(label=_("Votre nom ou votre prénom"), max_length=80)
    email = forms.CharField(
        label=_("Votre adresse e-mail"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Ou votre numéro de téléphone"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        help_text=_(
            "Un des deux suffit : c'est seulement pour vous prévenir si quelque chose change."
        ),
    )
    sessions = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    waitlist = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    needs = forms.MultipleChoiceField(
        label=_("Pour venir, j'ai besoin de (facultatif)"),
        choices=Access.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    needs_note = forms.CharField(
        label=_("Une précision (facultatif)"),
        max_length=200,
        required=False,
        help_text=_(
            "Par exemple la langue à traduire. N'écrivez pas d'information sur votre santé."
        ),
    )

    def __init__(self, *args, sessions=(), for_organiser=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.session_objects = {str(session.pk): session for session in sessions}
        choices = [(key, session.title) for key, session in self.session_objects.items()]
        self.fields["sessions"].choices = choices
        self.fields["waitlist"].choices = choices
        if for_organiser:
            self.fields["name"].label = _("Nom ou prénom de la personne")
            self.fields["email"].label = _("Son adresse e-mail (facultatif)")
            self.fields["phone"].label = _("Son téléphone (facultatif)")
            self.fields["phone"].help_text = ""

    def chosen(self, name: str) -> list:
        return [self.session_objects[key] for key in self.cleaned_data.get(name, [])]


class AttendanceForm(forms.Form):
    present = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, seat_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(str(pk), str(pk)) for pk in seat_ids]


class CancelEventForm(forms.Form):
    reason = forms.CharField(
        label=_("Pourquoi (facultatif, dit aux inscrits)"), max_length=300, required=False
    )


class ConveneForm(forms.Form):
    groups = forms.ModelMultipleChoiceField(
        label=_("Les groupes à convier"),
        queryset=LocalGroup.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, groups=None, **kwargs):
        super().__init__(*args, **kwargs)
        if groups is not None:
            self.fields["groups"].queryset = groups
