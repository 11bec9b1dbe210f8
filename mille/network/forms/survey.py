from django import forms
from django.utils.translation import gettext_lazy as _

from mille.accounts.models import Category
from mille.network.models import Audience, QuestionKind
from mille.territories.models import Departement


class SurveySettingsForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=140)
    intro = forms.CharField(
        label=_("Présentation"), widget=forms.Textarea, max_length=3000, required=False
    )
    audience = forms.ChoiceField(
        label=_("Qui peut répondre ?"), choices=Audience.choices, widget=forms.RadioSelect
    )
    anonymous = forms.BooleanField(
        label=_("Réponses anonymes (personne ne sait qui a répondu quoi)"),
        required=False,
        initial=True,
    )
    results_public = forms.BooleanField(
        label=_("Résultats visibles par tous"), required=False, initial=True
    )


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type de réponse"), choices=QuestionKind.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(label=_("La question"), max_length=300)
    help = forms.CharField(label=_("Une aide (facultatif)"), max_length=300, required=False)
    required = forms.BooleanField(label=_("Réponse obligatoire"), required=False)
    choices = forms.CharField(
        label=_("Les réponses possibles, une par ligne (pour un choix)"),
        widget=forms.Textarea,
        required=False,
    )
    scale_min = forms.IntegerField(
        label=_("Échelle : de"), min_value=0, max_value=1, initial=1, required=False
    )
    scale_max = forms.IntegerField(
        label=_("à"), min_value=2, max_value=10, initial=5, required=False
    )
    scale_min_label = forms.CharField(
        label=_("Le plus bas veut dire"), max_length=60, required=False
    )
    scale_max_label = forms.CharField(
        label=_("Le plus haut veut dire"), max_length=60, required=False
    )
    condition_question = forms.ChoiceField(
        label=_("Poser cette question seulement si…"), required=False
    )
    condition_values = forms.MultipleChoiceField(
        label=_("… la réponse est"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, earlier=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.earlier = {str(q.pk): q for q in earlier if q.kind != QuestionKind.TEXT}
        self.fields["condition_question"].choices = [("", _("Toujours la poser"))] + [
            (key, q.text) for key, q in self.earlier.items()
        ]
        self.fields["condition_values"].choices = [
            (f"{q.pk}:{value}", f"{q.text[:60]} → {label}")
            for q in self.earlier.values()
            for value, label in q.value_labels()
        ]

    def service_data(self) -> dict:
        data = self.cleaned_data
        condition = self.earlier.get(data.get("condition_question") or "")
        values = []
        if condition is not None:
            prefix = f"{condition.pk}:"
            values = [
                int(v.removeprefix(prefix))
                for v in data.get("condition_values", [])
                if v.startswith(prefix)
            ]
        return {
            "kind": data["kind"],
            "text": data["text"],
            "help": data["help"],
            "required": data["required"],
            "choices": (data.get("choices") or "").splitlines(),
            "scale_min": data.get("scale_min") if data.get("scale_min") is not None else 1,
            "scale_max": data.get("scale_max") or 5,
            "scale_min_label": data["scale_min_label"],
            "scale_max_label": data["scale_max_label"],
            "condition_question": condition,
            "condition_values": values,
        }


class ProfileForm(forms.Form):
    """What the breakdowns need, nothing that names a person; both may stay unsaid."""

    departement = forms.ModelChoiceField(
        label=_("Votre département (facultatif)"),
        queryset=Departement.objects.order_by("code"),
        required=False,
        empty_label=_("Je préfère ne pas dire"),
    )
    category = forms.ChoiceField(
        label=_("Vous êtes (facultatif)"),
        choices=[("", _("Je préfère ne pas dire")), *Category.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    group = forms.ModelChoiceField(
        label=_("Vous répondez pour le groupe"), queryset=None, required=False
    )

    def __init__(self, *args, groups=None, **kwargs):
        super().__init__(*args, **kwargs)
        if groups is None:
            del self.fields["group"]
        else:
            self.fields["group"].queryset = groups
            self.fields["group"].required = True
            del self.fields["departement"]


def answer_field(question) -> forms.Field:
    """The form field of one question, as a person answers it on a phone."""
    common = {"label": question.text, "required": False, "help_text": question.help}
    if question.kind == QuestionKind.TEXT:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=3000, **common)
    choices = [(str(value), label) for value, label in question.value_labels()]
    if question.kind == QuestionKind.MULTIPLE:
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **common
        )
    return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
