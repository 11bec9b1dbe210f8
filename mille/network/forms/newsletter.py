from django import forms
from django.utils.translation import gettext_lazy as _


class SubscribeForm(forms.Form):
    email = forms.CharField(
        label=_("Votre adresse e-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class ComposeForm(forms.Form):
    subject = forms.CharField(label=_("Objet"), max_length=140)
    intro = forms.CharField(
        label=_("Le mot de la coordination (facultatif)"),
        widget=forms.Textarea,
        max_length=3000,
        required=False,
    )
    library = forms.MultipleChoiceField(
        label=_("Dans la bibliothèque"), required=False, widget=forms.CheckboxSelectMultiple
    )
    events = forms.MultipleChoiceField(
        label=_("Les rendez-vous"), required=False, widget=forms.CheckboxSelectMultiple
    )
    groups = forms.MultipleChoiceField(
        label=_("Des nouvelles des groupes"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, pages=(), events=(), groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.objects = {
            "library": {str(p.pk): p for p in pages},
            "events": {str(e.pk): e for e in events},
            "groups": {str(g.pk): g for g in groups},
        }
        self.fields["library"].choices = [(k, p.title) for k, p in self.objects["library"].items()]
        self.fields["events"].choices = [(k, e.title) for k, e in self.objects["events"].items()]
        self.fields["groups"].choices = [(k, g.name) for k, g in self.objects["groups"].items()]
        for key, group in self.objects["groups"].items():
            self.fields[f"note_{key}"] = forms.CharField(
                label=_("Ce qu'on en dit : %(name)s") % {"name": group.name},
                max_length=500,
                required=False,
            )

    def chosen(self, name: str) -> list:
        return [self.objects[name][key] for key in self.cleaned_data.get(name, [])]

    def notes(self) -> dict:
        return {
            group.pk: self.cleaned_data.get(f"note_{key}", "")
            for key, group in self.objects["groups"].items()
        }
