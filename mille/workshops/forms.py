from django import forms
from django.utils.translation import gettext_lazy as _

from mille.groups.models import Membership
from mille.workshops import audio, services
from mille.workshops.blueprints import BLUEPRINTS
from mille.workshops.models import (
    Action,
    Contribution,
    NodeKind,
    PeerGroup,
    Phase,
    Pictogram,
    Question,
    TreeNode,
    WorkshopSession,
)


class AudioField(forms.FileField):
    """A recorded voice: read with a size bound; the content is checked by the service."""

    def clean(self, data, initial=None):
        uploaded = super().clean(data, initial)
        if not uploaded:
            return None
        if uploaded.size > audio.MAX_BYTES:
            raise forms.ValidationError(str(services.AUDIO_MESSAGES["size"]))
        return uploaded.read()


class WorkshopCreateForm(forms.Form):
    blueprint = forms.ChoiceField(
        label=_("Partir d'un modèle"),
        choices=[(key, plan.name) for key, plan in BLUEPRINTS.items()],
        widget=forms.RadioSelect,
        initial="croisement",
    )
    title = forms.CharField(
        label=_("Titre de l'atelier (facultatif)"),
        max_length=150,
        required=False,
        help_text=_("Sans titre, l'atelier prend celui du modèle. Vous pourrez tout changer."),
    )


class WorkshopForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=150)
    purpose = forms.CharField(
        label=_("Objectif (facultatif)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    participants_propose = forms.BooleanField(
        label=_("Au croisement, les participants peuvent proposer des phrases à voter"),
        required=False,
    )
    dots_per_person = forms.IntegerField(
        label=_("Gommettes par personne pour choisir les priorités"),
        min_value=1,
        max_value=10,
        initial=3,
        required=False,
    )
    facilitators = forms.ModelMultipleChoiceField(
        label=_("Animateurs et animatrices"),
        queryset=Membership.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choisissez parmi les membres du groupe local."),
    )

    def __init__(self, *args, workshop, **kwargs):
        super().__init__(*args, **kwargs)
        members = Membership.objects.filter(group=workshop.group).select_related("user")
        self.fields["facilitators"].queryset = members
        self.fields["facilitators"].label_from_instance = lambda m: (
            m.user.display_name or str(_("Membre sans nom"))
        )
        if not self.is_bound:
            chosen = set(workshop.facilitators.values_list("pk", flat=True))
            self.initial.update(
                title=workshop.title,
                purpose=workshop.purpose,
                participants_propose=workshop.participants_propose,
                dots_per_person=workshop.dots_per_person,
                facilitators=[m for m in members if m.user_id in chosen],
            )


class SessionForm(forms.ModelForm):
    class Meta:
        model = WorkshopSession
        fields = ["title", "starts_at", "place"]
        labels = {
            "title": _("Titre de la séance"),
            "starts_at": _("Date et heure (facultatif)"),
            "place": _("Lieu (facultatif)"),
        }
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            )
        }


class PeerGroupForm(forms.ModelForm):
    class Meta:
        model = PeerGroup
        fields = ["name", "description", "pictogram", "colour"]
        labels = {
            "name": _("Nom du groupe de pairs"),
            "description": _("Description courte (facultatif)"),
            "pictogram": _("Pictogramme"),
            "colour": _("Couleur"),
        }
        widgets = {"pictogram": forms.RadioSelect, "colour": forms.RadioSelect}


class QuestionForm(forms.ModelForm):
    audio_file = AudioField(
        label=_("Version audio de la question (facultatif)"),
        required=False,
        help_text=_("Un enregistrement de 2 minutes au plus (WebM, Ogg ou MP4)."),
        widget=forms.ClearableFileInput(attrs={"accept": "audio/*"}),
    )
    remove_audio = forms.BooleanField(label=_("Retirer la version audio"), required=False)

    class Meta:
        model = Question
        fields = ["text", "session", "pictogram"]
        labels = {
            "text": _("Question"),
            "session": _("Séance (facultatif)"),
            "pictogram": _("Pictogramme (facultatif)"),
        }
        help_texts = {"text": _("Une question courte, avec des mots simples.")}
        widgets = {"pictogram": forms.RadioSelect}

    def __init__(self, *args, workshop, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = workshop.sessions.all()
        self.fields["pictogram"].choices = [("", _("Aucun")), *Pictogram.choices]
        if not (self.instance.pk and self.instance.audio):
            del self.fields["remove_audio"]


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code de l'atelier"),
        max_length=20,
        help_text=_("6 lettres et chiffres, écrits sur l'affiche ou donnés par l'animateur."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class RecoveryForm(forms.Form):
    recovery = forms.CharField(
        label=_("Votre code personnel"),
        max_length=20,
        help_text=_("Le code de 8 signes que vous avez noté en rejoignant l'atelier."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class JoinForm(forms.Form):
    peer_group = forms.ModelChoiceField(
        label=_("Votre groupe"),
        queryset=PeerGroup.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Choisissez votre groupe."),
            "invalid_choice": _("Choisissez un des groupes de cet atelier."),
        },
    )
    nickname = forms.CharField(
        label=_("Votre prénom ou un surnom"),
        max_length=services.NICKNAME_MAX,
        help_text=_("Rien d'autre. Les autres verront ce nom à côté de vos réponses."),
        error_messages={"required": _("Écrivez un prénom ou un surnom.")},
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )

    def __init__(self, *args, workshop, fixed_peer_group=None, **kwargs):
        super().__init__(*args, **kwargs)
        if fixed_peer_group is not None:
            del self.fields["peer_group"]
        else:
            self.fields["peer_group"].queryset = workshop.peer_groups.all()


class ContributionForm(forms.Form):
    text = forms.CharField(
        label=_("Votre réponse"),
        required=False,
        max_length=services.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": _(
                "Le texte est trop long : %(limit_value)d caractères au plus (vous en avez %(show_value)d)."
            )
        },
    )
    audio = AudioField(
        label=_("Ou votre voix"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "audio/*"}),
    )
    client_id = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if not self.errors and not (data.get("text") or "").strip() and not data.get("audio"):
            raise forms.ValidationError(_("Écrivez quelques mots ou enregistrez votre voix."))
        return data


class ContributionEditForm(ContributionForm):
    remove_audio = forms.BooleanField(label=_("Retirer l'enregistrement"), required=False)

    def clean(self):
        return forms.Form.clean(self)


class OnBehalfForm(ContributionForm):
    """A facilitator enters what someone said or wrote, for any peer group."""

    peer_group = forms.ModelChoiceField(
        label=_("Groupe de pairs"), queryset=PeerGroup.objects.none()
    )
    question = forms.ModelChoiceField(label=_("Question"), queryset=Question.objects.none())

    field_order = ["peer_group", "question", "text", "audio", "client_id"]

    def __init__(self, *args, workshop, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["peer_group"].queryset = workshop.peer_groups.all()
        self.fields["question"].queryset = workshop.questions.all()
        self.fields["text"].label = _("Ce que la personne a dit ou écrit")
        self.fields["audio"].label = _("Ou un enregistrement (facultatif)")


class PasteForm(forms.Form):
    peer_group = forms.ModelChoiceField(
        label=_("Groupe de pairs"), queryset=PeerGroup.objects.none()
    )
    question = forms.ModelChoiceField(label=_("Question"), queryset=Question.objects.none())
    lines = forms.CharField(
        label=_("Les contributions, une par ligne"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=services.PASTE_MAX_LINES * (services.TEXT_MAX + 1),
        help_text=_("Par exemple recopiées des post-it. Chaque ligne devient une contribution."),
    )

    def __init__(self, *args, workshop, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["peer_group"].queryset = workshop.peer_groups.all()
        self.fields["question"].queryset = workshop.questions.all()


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Pourquoi masquer ?"), max_length=300)


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(choices=Phase.choices)
    confirmed = forms.BooleanField(
        label=_("Oui, je reviens à cette étape précédente"), required=False
    )


class StatementForm(forms.Form):
    text = forms.CharField(
        label=_("La phrase à voter"),
        max_length=280,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Courte et claire. Une seule idée. Par exemple « L'école doit accueillir les parents le matin »."
        ),
    )
    question = forms.ModelChoiceField(
        label=_("Question (facultatif)"), queryset=Question.objects.none(), required=False
    )
    sources = forms.ModelMultipleChoiceField(
        label=_("Contributions d'où vient cette phrase"),
        queryset=Contribution.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, workshop, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].queryset = workshop.questions.all()
        self.fields["sources"].queryset = Contribution.objects.filter(
            workshop=workshop, hidden=False
        )


class SplitForm(forms.Form):
    first = forms.CharField(label=_("Première phrase"), max_length=280)
    second = forms.CharField(label=_("Deuxième phrase"), max_length=280)


class RoomCountForm(forms.Form):
    """Hands raised in each peer group; fields are made per peer group."""

    def __init__(self, *args, peer_groups, initial_counts=None, **kwargs):
        super().__init__(*args, **kwargs)
        initial_counts = initial_counts or {}
        self.rows = []
        for peer in peer_groups:
            counts = initial_counts.get(peer.pk, (0, 0, 0))
            names = []
            for key, label, value in (
                ("agree", _("D'accord"), counts[0]),
                ("disagree", _("Pas d'accord"), counts[1]),
                ("passes", _("Ne sait pas"), counts[2]),
            ):
                name = f"g{peer.pk}_{key}"
                self.fields[name] = forms.IntegerField(
                    label=f"{peer.name} : {label}", min_value=0, max_value=500, initial=value
                )
                names.append(name)
            self.rows.append((peer, [self[name] for name in names]))

    def counts(self):
        return [
            (
                peer,
                self.cleaned_data[f"g{peer.pk}_agree"],
                self.cleaned_data[f"g{peer.pk}_disagree"],
                self.cleaned_data[f"g{peer.pk}_passes"],
            )
            for peer, _fields in self.rows
        ]


class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = [
            "title",
            "description",
            "objective",
            "lead",
            "partners",
            "when",
            "resources",
            "status",
        ]
        labels = {
            "title": _("Titre de l'action"),
            "description": _("Description (facultatif)"),
            "objective": _("Objectif auquel elle répond (facultatif)"),
            "lead": _("Qui porte l'action ?"),
            "partners": _("Avec qui ? (facultatif)"),
            "when": _("Quand ? (facultatif)"),
            "resources": _("Moyens nécessaires : locaux, logistique, personnes (facultatif)"),
            "status": _("État"),
        }
        help_texts = {"when": _("Par exemple « chaque premier lundi du mois » ou « en mars ».")}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "resources": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, workshop=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = (
            TreeNode.objects.filter(workshop=workshop, kind=NodeKind.OBJECTIVE)
            if workshop is not None
            else TreeNode.objects.none()
        )


class PledgeForm(forms.Form):
    can_do = forms.CharField(
        label=_("Que puis-je faire ?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    need = forms.CharField(
        label=_("En quoi ai-je besoin de l'autre ?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ProposalForm(forms.Form):
    text = forms.CharField(
        label=_("Proposer une phrase à voter"),
        max_length=280,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Courte et claire. Une seule idée."),
    )


class BundleImportForm(forms.Form):
    bundle = forms.FileField(
        label=_("Le fichier de l'atelier (.zip, exporté par « Exporter pour le réseau »)")
    )
