from django import forms
from django.utils.translation import gettext_lazy as _

from mille.network.models import Opinion, RequestKind, RequestStatus
from mille.territories.models import Departement


class ReferentForm(forms.Form):
    email = forms.EmailField(
        label=_("L'adresse e-mail de son compte"),
        help_text=_("La personne doit déjà avoir un compte sur le site."),
    )
    departement = forms.ModelChoiceField(
        label=_("Département"), queryset=Departement.objects.order_by("code")
    )


class OpinionForm(forms.Form):
    opinion = forms.ChoiceField(
        label=_("Votre avis"), choices=Opinion.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Commentaire (obligatoire s'il y a des points à revoir)"),
        widget=forms.Textarea,
        max_length=2000,
        required=False,
    )


class RequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Vous demandez"), choices=RequestKind.choices, widget=forms.RadioSelect
    )
    subject = forms.CharField(label=_("En quelques mots"), max_length=140)
    message = forms.CharField(label=_("En détail"), widget=forms.Textarea, max_length=3000)


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Votre message"), widget=forms.Textarea, max_length=3000)


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("La demande"),
        choices=[
            (RequestStatus.IN_PROGRESS, _("Je la prends en charge")),
            (RequestStatus.CLOSED, _("Je la clos")),
        ],
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(
        label=_("La réponse de la coordination"),
        widget=forms.Textarea,
        max_length=3000,
        required=False,
    )


class QuestionForm(forms.Form):
    question = forms.CharField(label=_("Votre question"), widget=forms.Textarea, max_length=1500)
    name = forms.CharField(label=_("Votre prénom (facultatif)"), max_length=80, required=False)
    email = forms.CharField(
        label=_("Votre adresse e-mail (facultatif)"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Seulement pour vous envoyer la réponse ; elle est effacée ensuite."),
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("La réponse"), widget=forms.Textarea, max_length=5000)
    send = forms.BooleanField(
        label=_("L'envoyer par e-mail à la personne"), required=False, initial=True
    )
    to_faq = forms.BooleanField(
        label=_("L'ajouter aux questions fréquentes du site"), required=False
    )
