"""allauth's own forms, with plain words. Apart from forms.py: allauth imports that module first."""

from allauth.account import forms as allauth_forms
from django.utils.translation import gettext_lazy as _

EMAIL_LABEL = _("Adresse e-mail")


class _PlainEmailLabel:
    """allauth's forms, with the words « Adresse e-mail » and an optional password said plainly."""

    email_field = "email"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get(self.email_field)
        if field is not None:
            field.label = EMAIL_LABEL
            field.widget.attrs.pop("placeholder", None)
        password = self.fields.get("password1")
        if password is not None and not password.required:
            password.label = _(
                "Mot de passe (facultatif : sans mot de passe, vous recevrez un code)"
            )


class SignupForm(_PlainEmailLabel, allauth_forms.SignupForm):
    pass


class LoginForm(_PlainEmailLabel, allauth_forms.LoginForm):
    email_field = "login"


class RequestLoginCodeForm(_PlainEmailLabel, allauth_forms.RequestLoginCodeForm):
    pass
