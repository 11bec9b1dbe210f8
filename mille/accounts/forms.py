from django import forms
from django.utils.translation import gettext_lazy as _

from mille.accounts.models import Category, User


class SignupExtraForm(forms.Form):
    """Fields allauth adds to its sign-up form: all optional, nothing more than needed."""

    display_name = forms.CharField(
        label=_("Prénom ou surnom (facultatif)"),
        max_length=80,
        required=False,
        help_text=_("C'est le nom que les autres membres verront."),
    )
    category = forms.ChoiceField(
        label=_("Je suis (facultatif)"),
        choices=[("", _("— Choisir —")), *Category.choices],
        required=False,
    )

    def signup(self, request, user: User) -> None:
        user.display_name = self.cleaned_data.get("display_name", "")
        user.category = self.cleaned_data.get("category", "")
        user.save(update_fields=["display_name", "category"])


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "preferred_language", "category"]
        labels = {
            "display_name": _("Prénom ou surnom"),
            "preferred_language": _("Langue du site"),
            "category": _("Je suis"),
        }
        help_texts = {"display_name": _("C'est le nom que les autres membres verront.")}
