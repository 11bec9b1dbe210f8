from django import forms
from django.utils.translation import gettext_lazy as _

from mille.accounts.models import Category
from mille.groups.models import AnchorKind, CriterionStatus, LocalGroup, Role
from mille.territories.models import Commune
from mille.territories.selectors import CommuneLookupError, commune_resolve, departements_all


class GroupForm(forms.ModelForm):
    """Create or edit a group. Communes come from the picker (codes) or typed as text."""

    communes = forms.ModelMultipleChoiceField(
        queryset=Commune.objects.all(), required=False, widget=forms.MultipleHiddenInput
    )
    communes_text = forms.CharField(
        label=_("Communes du territoire"),
        required=False,
        help_text=_(
            "Tapez le nom ou le code postal, par exemple « Lille » ou « Saint-Denis (93200) ». "
            "Plusieurs communes : séparez-les par des virgules."
        ),
        max_length=1000,
    )
    anchor_kind = forms.ChoiceField(
        label=_("Type du lieu d'ancrage (facultatif)"),
        choices=[("", _("— Choisir —")), *AnchorKind.choices],
        required=False,
    )
    anchor_name = forms.CharField(
        label=_("Nom du lieu d'ancrage (facultatif)"),
        required=False,
        max_length=160,
        help_text=_("L'école, le collège ou le centre social autour duquel le groupe se réunit."),
    )

    class Meta:
        model = LocalGroup
        fields = ["name", "neighbourhood", "description", "public_contact"]
        labels = {
            "name": _("Nom du groupe"),
            "neighbourhood": _("Quartier (facultatif)"),
            "description": _("Présentation (facultatif)"),
            "public_contact": _("Contact public (facultatif)"),
        }
        help_texts = {
            "name": _("Par exemple « Parents et école de Fives »."),
            "public_contact": _("Une adresse e-mail ou un téléphone que tout le monde peut voir."),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, with_anchor: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_anchor:
            del self.fields["anchor_kind"]
            del self.fields["anchor_name"]
        if self.instance.pk and not self.is_bound:
            self.initial["communes"] = list(self.instance.communes.all())

    def clean(self):
        cleaned = super().clean()
        chosen = list(cleaned.get("communes") or [])
        problems = []
        for token in (cleaned.get("communes_text") or "").split(","):
            if not token.strip():
                continue
            try:
                chosen.append(commune_resolve(token))
            except CommuneLookupError as error:
                problems.append(error.message)
        if problems:
            self.add_error("communes_text", problems)
        elif not chosen:
            self.add_error(
                "communes_text", _("Choisissez au moins une commune pour le territoire du groupe.")
            )
        cleaned["all_communes"] = list(dict.fromkeys(chosen))
        if cleaned.get("anchor_name") and not cleaned.get("anchor_kind"):
            self.add_error("anchor_kind", _("Choisissez le type du lieu."))
        return cleaned

    def chosen_communes(self) -> list[Commune]:
        """Communes to show as already chosen when the form is displayed again."""
        if self.is_bound:
            return (
                list(self.cleaned_data.get("all_communes", []))
                if hasattr(self, "cleaned_data")
                else []
            )
        return list(self.initial.get("communes", []))


class AnchorForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type de lieu"), choices=AnchorKind.choices)
    name = forms.CharField(label=_("Nom du lieu"), max_length=160)


class CriterionForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Où en est le groupe ?"), choices=CriterionStatus.choices, widget=forms.RadioSelect
    )
    evidence = forms.CharField(
        label=_("Ce qui le montre (facultatif)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RecognitionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Décision"),
        choices=[
            ("recognise", _("Reconnaître le groupe")),
            ("return", _("Renvoyer au groupe avec un commentaire")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Commentaire pour le groupe"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Obligatoire si vous renvoyez la demande."),
    )


class InvitationForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Rôle donné"),
        choices=[(Role.MEMBER, Role.MEMBER.label), (Role.FACILITATOR, Role.FACILITATOR.label)],
        initial=Role.MEMBER,
    )
    days = forms.IntegerField(
        label=_("Valable pendant (jours)"), min_value=1, max_value=90, initial=14
    )


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Un mot pour la coordination (facultatif)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Rôle"), choices=Role.choices)


class MembershipPreferencesForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Dans ce groupe, je suis"),
        choices=[("", _("— Choisir —")), *Category.choices],
        required=False,
    )
    shown_publicly = forms.BooleanField(
        label=_("Afficher mon nom sur la page publique du groupe (coordination seulement)"),
        required=False,
    )


class DirectoryForm(forms.Form):
    q = forms.CharField(label=_("Nom, commune ou code postal"), required=False, max_length=100)
    departement = forms.ChoiceField(label=_("Département"), required=False)
    recognised = forms.BooleanField(label=_("Groupes reconnus seulement"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departement"].choices = [("", _("Tous les départements"))] + [
            (d.code, f"{d.code} — {d.name}") for d in departements_all()
        ]
