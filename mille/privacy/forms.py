from django import forms
from django.utils.translation import gettext_lazy as _


class ErasureForm(forms.Form):
    contributions = forms.ChoiceField(
        label=_("Ce que vous avez écrit dans les groupes et les ateliers"),
        choices=[
            ("delete", _("L'effacer aussi")),
            ("keep", _("Le laisser, sans votre nom : le groupe garde ce qui a été dit")),
        ],
        widget=forms.RadioSelect,
    )
    email = forms.EmailField(
        label=_("Pour confirmer, écrivez votre adresse e-mail"),
        help_text=_("Rien ne pourra être récupéré."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_email(self):
        email = self.cleaned_data["email"]
        if email.strip().lower() != self.user.email.lower():
            raise forms.ValidationError(_("Ce n'est pas l'adresse de votre compte."))
        return email
