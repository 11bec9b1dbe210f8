from django import forms
from django.utils.translation import gettext_lazy as _

from mille.territories.selectors import CommuneLookupError, commune_resolve

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


def datetime_field(label) -> forms.DateTimeField:
    return forms.DateTimeField(label=label, widget=DATETIME, input_formats=DATETIME_FORMATS)


class CommuneField(forms.CharField):
    """A commune typed as a name, « Name (postal code) » or a postal code."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Commune"))
        kwargs.setdefault(
            "help_text", _("Le nom ou le code postal, par exemple « Lille » ou « 59000 ».")
        )
        kwargs.setdefault("max_length", 120)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return getattr(value, "label", value)

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        try:
            return commune_resolve(text)
        except CommuneLookupError as error:
            raise forms.ValidationError(error.message) from error
