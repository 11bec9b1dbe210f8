from django import forms
from django.utils.translation import gettext_lazy as _

from mille.api.models import Scope


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Nom du jeton"),
        max_length=80,
        help_text=_("Pour le reconnaître : l'outil qui l'utilise, par exemple."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Ce que le jeton peut lire"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
    )
