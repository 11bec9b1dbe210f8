from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Date de la réunion"), widget=DATE)
    place = forms.CharField(label=_("Lieu"), max_length=200, required=False)
    online = forms.BooleanField(label=_("La réunion a lieu en ligne"), required=False)
    agenda = forms.CharField(
        label=_("Ordre du jour"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("Un point par ligne, dans l'ordre."),
    )


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Compte rendu"), widget=forms.Textarea(attrs={"rows": 14}), max_length=20000
    )


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=150, required=False)
    file = forms.FileField(label=_("Le fichier (PDF, image, texte ou document, 10 Mo au plus)"))


class DecisionForm(forms.Form):
    title = forms.CharField(label=_("Ce qui a été décidé, en une ligne"), max_length=200)
    text = forms.CharField(
        label=_("Le texte de la décision (facultatif)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
    )


class DecisionSearchForm(forms.Form):
    q = forms.CharField(label=_("Rechercher dans les décisions"), max_length=100, required=False)


class ReportForm(forms.Form):
    period_start = forms.DateField(label=_("Début de la période"), widget=DATE)
    period_end = forms.DateField(label=_("Fin de la période"), widget=DATE)
    happened = forms.CharField(
        label=_("Ce qui s'est passé"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=5000,
        help_text=_(
            "Pré-rempli avec ce que la plateforme sait de la période : à relire et compléter."
        ),
    )
    needs = forms.CharField(
        label=_("Ce dont le groupe a besoin"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=3000,
        required=False,
    )

    @staticmethod
    def default_period():
        """The last six months, up to today."""
        end = timezone.localdate()
        return end - timedelta(days=182), end


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Réponse au groupe"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000
    )
