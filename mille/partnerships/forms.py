"""Short forms: the collective « ne souhaite pas venir alourdir la tâche » (seed 004)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mille.inventory.models import Resource, Scheme
from mille.partnerships.models import (
    LEVEL_DEFINITIONS,
    Aspect,
    AttendanceRole,
    ContactRole,
    Contribution,
    Decision,
    IndicatorKind,
    Level,
    Partnership,
    Side,
)
from mille.workshops.models import Action, ActionStatus

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def level_choices():
    return [(value, f"{label} — {LEVEL_DEFINITIONS[value]}") for value, label in Level.choices]


def schemes_field() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("Dispositifs (facultatif)"),
        choices=Scheme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class PartnershipForm(forms.Form):
    structure = forms.ModelChoiceField(
        label=_("Avec quelle structure ?"),
        queryset=Resource.objects.none(),
        help_text=_("Une structure de votre état des lieux : école, centre social, CAF, mairie…"),
    )
    level = forms.ChoiceField(
        label=_("Où en est ce partenariat ?"),
        choices=level_choices,
        initial=Level.MINIMAL,
        widget=forms.RadioSelect,
    )
    purpose = forms.CharField(label=_("Pour quoi faire ensemble ?"), max_length=300, required=False)
    schemes = schemes_field()

    def __init__(self, *args, structures=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["structure"].queryset = (
            structures if structures is not None else Resource.objects.none()
        )


class PartnershipEditForm(forms.Form):
    purpose = forms.CharField(label=_("Pour quoi faire ensemble ?"), max_length=300, required=False)
    schemes = schemes_field()


class LevelForm(forms.Form):
    level = forms.ChoiceField(
        label=_("Nouveau niveau"), choices=level_choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("Pourquoi ce changement ?"), max_length=300, required=False)
    on = forms.DateField(label=_("Depuis le"), widget=DATE, initial=timezone.localdate)


class ExpectationsForm(forms.Form):
    """One short field per side and aspect (seed 002: disponibilité, relation, résultat; limites)."""

    def __init__(self, *args, partner_name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        titles = {
            Side.GROUP: _("Ce que le groupe attend du partenaire"),
            Side.PARTNER: _("Ce que %(name)s attend du groupe") % {"name": partner_name},
        }
        self.sides = []
        for side, _label in Side.choices:
            names = []
            for aspect, label in Aspect.choices:
                name = f"{side}_{aspect}"
                self.fields[name] = forms.CharField(label=label, max_length=300, required=False)
                names.append(name)
            self.sides.append((titles[side], names))

    def texts(self) -> dict:
        return {
            (side, aspect): self.cleaned_data.get(f"{side}_{aspect}", "")
            for side, _ in Side.choices
            for aspect, _ in Aspect.choices
        }

    def side_fields(self):
        return [(title, [self[name] for name in names]) for title, names in self.sides]


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Nom"), max_length=120)
    role = forms.ChoiceField(label=_("Rôle"), choices=ContactRole.choices)
    reach = forms.CharField(
        label=_("Comment la joindre (au travail)"), max_length=200, required=False
    )
    since = forms.DateField(label=_("Depuis le"), widget=DATE, initial=timezone.localdate)


class ContactLeaveForm(forms.Form):
    left_on = forms.DateField(label=_("Partie le"), widget=DATE, initial=timezone.localdate)


class HandOverForm(forms.Form):
    holder = forms.CharField(label=_("Qui tient le fil maintenant ?"), max_length=120)
    side = forms.ChoiceField(
        label=_("De quel côté ?"), choices=Side.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Ce que la personne suivante doit savoir"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    on = forms.DateField(label=_("Depuis le"), widget=DATE, initial=timezone.localdate)


PARTS = 4


class ConventionForm(forms.Form):
    objectives = forms.CharField(
        label=_("Nos objectifs communs"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    coordination = forms.CharField(
        label=_("Qui coordonne et convoque les réunions ?"), max_length=200, required=False
    )
    rhythm_weeks = forms.IntegerField(
        label=_("Une réunion toutes les … semaines"), min_value=1, max_value=52, required=False
    )
    rhythm_note = forms.CharField(
        label=_("Le rythme, selon les contraintes de chacun"),
        max_length=300,
        required=False,
        help_text=_(
            "Par exemple : le mardi après la classe, jamais pendant les conseils de classe."
        ),
    )
    autonomy = forms.CharField(
        label=_("L'autonomie du groupe"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Le groupe décide de ses actions avec les parents, sans dépendre d'une institution."
        ),
    )

    def __init__(self, *args, parties=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.part_rows = []
        for index in range(PARTS):
            prefix = f"part{index}"
            self.fields[f"{prefix}_party"] = forms.CharField(
                label=_("Qui"), max_length=150, required=False
            )
            self.fields[f"{prefix}_brings"] = forms.MultipleChoiceField(
                label=_("Apporte"),
                choices=Contribution.choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
            self.fields[f"{prefix}_details"] = forms.CharField(
                label=_("En pratique"), max_length=300, required=False
            )
            self.fields[f"{prefix}_limits"] = forms.CharField(
                label=_("Ses limites"), max_length=300, required=False
            )
            if index < len(parties) and not self.is_bound:
                self.initial.setdefault(f"{prefix}_party", parties[index])
            self.part_rows.append(prefix)

    def parts(self) -> list[dict]:
        return [
            {
                "party": self.cleaned_data.get(f"{prefix}_party", ""),
                "brings": self.cleaned_data.get(f"{prefix}_brings", []),
                "details": self.cleaned_data.get(f"{prefix}_details", ""),
                "limits": self.cleaned_data.get(f"{prefix}_limits", ""),
            }
            for prefix in self.part_rows
        ]

    def part_fields(self):
        return [
            [self[f"{prefix}_{name}"] for name in ("party", "brings", "details", "limits")]
            for prefix in self.part_rows
        ]


class MeetingForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Date et heure"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    duration_minutes = forms.IntegerField(
        label=_("Durée (minutes)"), min_value=15, max_value=600, initial=90
    )
    place = forms.CharField(label=_("Lieu"), max_length=200, required=False)
    agenda = forms.CharField(
        label=_("Ordre du jour"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    minutes = forms.CharField(
        label=_("Compte rendu : ce qui s'est dit"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Obligatoire une fois la réunion passée."),
    )
    decisions = forms.CharField(
        label=_("Décisions"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    next_actions = forms.ModelMultipleChoiceField(
        label=_("Prochaines étapes : les actions concernées"),
        queryset=Action.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, actions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["next_actions"].queryset = (
            actions if actions is not None else Action.objects.none()
        )
        for role, label in AttendanceRole.choices:
            self.fields[f"came_{role}"] = forms.IntegerField(
                label=label, min_value=0, max_value=1000, required=False
            )

    def attendance(self) -> dict:
        return {
            role: self.cleaned_data.get(f"came_{role}") for role, _label in AttendanceRole.choices
        }

    def attendance_fields(self):
        return [self[f"came_{role}"] for role, _label in AttendanceRole.choices]


class ActionForm(forms.Form):
    title = forms.CharField(label=_("L'action, en quelques mots"), max_length=150)
    partnerships = forms.ModelMultipleChoiceField(
        label=_("Avec quels partenaires ?"),
        queryset=Partnership.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choisissez au moins un partenaire du groupe.")},
    )
    status = forms.ChoiceField(label=_("Où en est-elle ?"), choices=ActionStatus.choices)
    description = forms.CharField(
        label=_("Ce qu'on fait"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    lead = forms.CharField(label=_("Qui la porte"), max_length=200, required=False)
    when = forms.CharField(label=_("Quand, en mots"), max_length=150, required=False)
    starts_on = forms.DateField(label=_("Début"), widget=DATE, required=False)
    ends_on = forms.DateField(label=_("Fin"), widget=DATE, required=False)
    children_count = forms.IntegerField(
        label=_("Combien d'enfants concernés ?"),
        min_value=0,
        required=False,
        help_text=_("Un nombre seulement, jamais de noms."),
    )
    parents_count = forms.IntegerField(
        label=_("Combien de parents concernés ?"),
        min_value=0,
        required=False,
        help_text=_("Un nombre seulement, jamais de noms."),
    )
    resources = forms.CharField(
        label=_("Moyens (locaux, logistique, personnes)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    schemes = schemes_field()

    def __init__(self, *args, partnerships=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnerships"].queryset = (
            partnerships if partnerships is not None else Partnership.objects.none()
        )
        self.fields["partnerships"].label_from_instance = lambda p: p.structure.name


class IndicatorForm(forms.Form):
    kind = forms.ChoiceField(label=_("Ce que l'on suit"), choices=IndicatorKind.choices)
    label = forms.CharField(label=_("En mots simples (facultatif)"), max_length=150, required=False)
    target = forms.CharField(
        label=_("Ce qu'on espère (facultatif)"), max_length=150, required=False
    )


class IndicatorValueForm(forms.Form):
    measured_on = forms.DateField(label=_("À la date du"), widget=DATE, initial=timezone.localdate)
    number = forms.DecimalField(
        label=_("Nombre"), min_value=0, max_digits=10, decimal_places=2, required=False
    )
    text = forms.CharField(label=_("En quelques mots"), max_length=500, required=False)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=150, required=False)
    file = forms.FileField(label=_("Le fichier (PDF, image, texte ou document, 10 Mo au plus)"))


class EvaluationForm(forms.Form):
    period = forms.CharField(
        label=_("Période"), max_length=40, help_text=_("Par exemple 2025-2026.")
    )
    actions = forms.ModelMultipleChoiceField(
        label=_("Les actions à évaluer ensemble"),
        queryset=Action.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choisissez au moins une action à évaluer ensemble.")},
    )

    def __init__(self, *args, actions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actions"].queryset = actions if actions is not None else Action.objects.none()


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Ce que nous décidons ensemble"), choices=Decision.choices, widget=forms.RadioSelect
    )
    why = forms.CharField(label=_("Pourquoi, et ce qu'on change"), max_length=500, required=False)
