from django import forms
from django.utils.translation import gettext_lazy as _

from mille.library.models import PartnershipLevel, SpeakerRole, Term
from mille.territories.models import Departement
from mille.workshops import audio
from mille.workshops.services.common import AUDIO_MESSAGES

SUMMARY_HELP = _("3 à 5 phrases courtes, avec des mots simples. Ce résumé est lu à voix haute.")


def _terms(kind: str):
    return forms.ModelMultipleChoiceField(
        queryset=Term.objects.filter(kind=kind),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label={
            "theme": _("Thèmes"),
            "audience": _("Pour qui ?"),
            "scheme": _("Dispositifs"),
            "lens": _("Grille d'analyse (facultatif)"),
        }[kind],
    )


class ItemFormBase(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=200)
    summary = forms.CharField(
        label=_("Résumé facile à lire"),
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=SUMMARY_HELP,
    )
    place = forms.CharField(label=_("Lieu (commune, quartier)"), max_length=160, required=False)
    departement = forms.ModelChoiceField(
        queryset=Departement.objects.all(),
        required=False,
        label=_("Département"),
        empty_label=_("— Choisir —"),
    )
    themes = _terms("theme")
    audiences = _terms("audience")


class ExperienceForm(ItemFormBase):
    dates_text = forms.CharField(
        label=_("Quand ? (par exemple : depuis 2022, ou 2021-2023)"), max_length=80, required=False
    )
    context = forms.CharField(
        label=_("Au départ : la situation"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    partners_did = forms.CharField(
        label=_("Ce que les partenaires ont fait"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    results = forms.CharField(
        label=_("Ce que ça a changé"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    schemes = _terms("scheme")
    partnership_level = forms.ChoiceField(
        label=_("Niveau de partenariat"),
        choices=PartnershipLevel.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    contact = forms.CharField(
        label=_("Contact (une structure, pas une personne privée)"), max_length=200, required=False
    )
    lenses = _terms("lens")


class TestimonyForm(ItemFormBase):
    quote = forms.CharField(
        label=_("Les mots de la personne"),
        max_length=1500,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    speaker_role = forms.ChoiceField(
        label=_("Qui parle ?"),
        choices=SpeakerRole.choices,
        widget=forms.RadioSelect,
        help_text=_("Seulement son rôle : jamais son nom."),
    )
    consent = forms.BooleanField(
        label=_("La personne est d'accord pour que ses mots soient publiés, sans son nom."),
        error_messages={
            "required": _("Sans l'accord de la personne, le témoignage ne peut pas être publié.")
        },
    )
    consent_given_on = forms.DateField(
        label=_("Date de son accord"), widget=forms.DateInput(attrs={"type": "date"})
    )
    consent_means = forms.CharField(
        label=_("Comment a-t-elle donné son accord ?"),
        max_length=120,
        help_text=_("Par exemple : à l'oral, devant l'animatrice."),
    )
    audio = forms.FileField(
        label=_("Enregistrement de sa voix (facultatif, 2 minutes au plus)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "audio/*"}),
    )

    def clean_audio(self):
        # The size is known before anything is read; the content is checked by the service.
        uploaded = self.cleaned_data.get("audio")
        if uploaded and uploaded.size > audio.MAX_BYTES:
            raise forms.ValidationError(AUDIO_MESSAGES["size"])
        return uploaded


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Votre commentaire"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Pourquoi ?"), max_length=200)


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Message au groupe"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Obligatoire pour demander des changements."),
    )


class ContributionForm(forms.Form):
    section = forms.ChoiceField(label=_("Quelle partie ?"), choices=())
    text = forms.CharField(
        label=_("Votre texte"), max_length=4000, widget=forms.Textarea(attrs={"rows": 8})
    )

    def __init__(self, *args, sections: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = list(sections.items())
