"""The forms for an organisation, a service and a contact detail. Django checks what a form
can (required fields, dates, numbers); the project's own validator (make check) checks the rest."""
from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from hulpwijzer.beheer import project

CONTACT_TYPE_LABELS = {"phone": "Telefoonnummer", "website": "Website", "email": "E-mailadres",
                       "chat": "Chat (webadres)", "hours": "Openingstijden", "address": "Adres"}
AUDIENCE_LABELS = {"ouders": "Ouders", "jongeren": "Jongeren"}
COST_LABELS = {"gratis": "Gratis", "betaald": "Betaald", "onbekend": "Onbekend"}
ACCESS_LABELS = {"vrij-toegankelijk": "Vrij toegankelijk (zonder verwijzing)", "afspraak": "Op afspraak",
                 "verwijzing": "Met verwijzing", "via-school": "Via school"}
ASKERS = [("", "Onbekend"), ("ouder", "Een ouder"), ("jongere", "Een jongere")]

VERIFIED_HELP = "Alleen aanvinken als je het zelf bij de bron hebt gecontroleerd."
SOURCE_HELP = "Waar heb je dit gevonden? Bijvoorbeeld het webadres van de pagina."


class LoginForm(AuthenticationForm):
    # Django's own Dutch translation of this message is missing.
    error_messages = {
        "invalid_login": "Deze combinatie van gebruikersnaam en wachtwoord klopt niet. Let op hoofdletters.",
        "inactive": "Dit account staat uit. Vraag de beheerder om hulp.",
    }


class DescribedForm(forms.Form):
    def describe_fields(self) -> None:
        """Tie help texts and error messages to their field, for screen readers."""
        for name, field in self.fields.items():
            ids = [f"id_{name}_help"] if field.help_text else []
            if name in self.errors:
                ids.append(f"id_{name}_error")
                field.widget.attrs["aria-invalid"] = "true"
            if ids and not getattr(field.widget, "allow_multiple_selected", False):
                field.widget.attrs["aria-describedby"] = " ".join(ids)


class EntryForm(DescribedForm):
    version = forms.CharField(widget=forms.HiddenInput, required=False)
    # Fields whose empty value means: leave the field out of the YAML.
    optional = ()

    def entry_data(self, current: dict) -> dict:
        """The whole entry with this form's fields put in (nested lists stay as they are)."""
        data = dict(current or {})
        for name, value in self.cleaned_data.items():
            if name == "version":
                continue
            if isinstance(value, dt.date):
                value = value.isoformat()
            if name in self.optional and value in ("", None, []):
                data.pop(name, None)
            else:
                data[name] = value
        return data


class ContactForm(EntryForm):
    type = forms.ChoiceField(label="Soort", choices=[(t, CONTACT_TYPE_LABELS[t]) for t in project.CONTACT_TYPES])
    value = forms.CharField(label="Gegeven", max_length=300,
                            help_text="Bijvoorbeeld 0800-0432, https://www.voorbeeld.nl of info@voorbeeld.nl.")
    verified = forms.BooleanField(label="Gecontroleerd", required=False, help_text=VERIFIED_HELP)
    source = forms.CharField(label="Bron", widget=forms.Textarea(attrs={"rows": 3}), help_text=SOURCE_HELP)
    assured_date = forms.DateField(label="Gecontroleerd op", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                   help_text="De dag waarop je het bij de bron hebt gecontroleerd.")
    note = forms.CharField(label="Notitie (niet voor de gebruiker)", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    optional = ("note",)


class OrganizationForm(EntryForm):
    name = forms.CharField(label="Naam", max_length=200)
    description = forms.CharField(label="Beschrijving", widget=forms.Textarea(attrs={"rows": 3}))
    ask_for = forms.CharField(label="Waar vraag je naar bij de gemeente", required=False, max_length=200)
    source = forms.CharField(label="Bron", widget=forms.Textarea(attrs={"rows": 3}), help_text=SOURCE_HELP)
    verified = forms.BooleanField(label="Gecontroleerd", required=False, help_text=VERIFIED_HELP)
    optional = ("ask_for",)


class ServiceForm(EntryForm):
    name = forms.CharField(label="Naam", max_length=200)
    description = forms.CharField(label="Beschrijving (de bot laat deze tekst zien)", widget=forms.Textarea(attrs={"rows": 3}))
    topics = forms.MultipleChoiceField(label="Onderwerpen", widget=forms.CheckboxSelectMultiple)
    audience = forms.MultipleChoiceField(label="Voor wie", widget=forms.CheckboxSelectMultiple,
                                         choices=[(a, AUDIENCE_LABELS[a]) for a in project.AUDIENCES])
    minimum_age = forms.IntegerField(label="Vanaf leeftijd", required=False)
    maximum_age = forms.IntegerField(label="Tot en met leeftijd", required=False)
    cost = forms.ChoiceField(label="Kosten", choices=[(c, COST_LABELS[c]) for c in project.COSTS])
    access = forms.ChoiceField(label="Toegang", choices=[(a, ACCESS_LABELS[a]) for a in project.ACCESS])
    access_note = forms.CharField(label="Uitleg over de toegang", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    source = forms.CharField(label="Bron", widget=forms.Textarea(attrs={"rows": 3}), help_text=SOURCE_HELP)
    verified = forms.BooleanField(label="Gecontroleerd", required=False, help_text=VERIFIED_HELP)
    optional = ("minimum_age", "maximum_age", "access_note")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].choices = [(t.id, t.label) for t in project.concepts.topics()]


class PreviewForm(forms.Form):
    topic = forms.ChoiceField(label="Onderwerp")
    asker = forms.ChoiceField(label="Wie vraagt het", choices=ASKERS, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [(t.id, t.label) for t in project.concepts.topics()]


FORMS = {"contact": ContactForm, "organisatie": OrganizationForm, "dienst": ServiceForm}


def _gemeente_choices():
    from hulpwijzer.beheer.models import NATIONAL_SLUG

    files = sorted(p for p in project.directory().glob("*.yml") if p.stem != NATIONAL_SLUG)
    return [(p.stem, p.stem.replace("-", " ").title()) for p in files]


class RoleForm(DescribedForm):
    """What an account may do: gemeenten, the national lines, accounts; and whether it is on."""

    naam = forms.CharField(label="Volle naam (komt in de geschiedenis)", max_length=150)
    email = forms.EmailField(label="E-mailadres", required=False)
    gemeenten = forms.MultipleChoiceField(label="Mag de gids bijwerken van", required=False, widget=forms.CheckboxSelectMultiple)
    landelijk = forms.BooleanField(label="Mag de landelijke hulplijnen bijwerken", required=False)
    beheerder = forms.BooleanField(label="Mag accounts beheren", required=False)
    actief = forms.BooleanField(label="Account staat aan", required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeenten"].choices = _gemeente_choices()


class NewAccountForm(RoleForm):
    """A new account: Django's own password checks (at least 12 characters, not common)."""

    gebruikersnaam = forms.RegexField(label="Gebruikersnaam", regex=r"^[\w.@+-]+$", max_length=150,
                                      help_text="Letters, cijfers en . @ + - _ (geen spaties).")
    wachtwoord1 = forms.CharField(label="Wachtwoord", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                  help_text="Minstens 12 tekens. Geef het persoonlijk door, niet per e-mail.")
    wachtwoord2 = forms.CharField(label="Wachtwoord nog een keer", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    field_order = ["gebruikersnaam", "naam", "email", "wachtwoord1", "wachtwoord2"]

    def clean_gebruikersnaam(self):
        from django.contrib.auth import get_user_model

        name = self.cleaned_data["gebruikersnaam"]
        if get_user_model().objects.filter(username__iexact=name).exists():
            raise forms.ValidationError("Deze gebruikersnaam bestaat al. Kies een andere.")
        return name

    def clean(self):
        from django.contrib.auth import get_user_model, password_validation

        data = super().clean()
        first, second = data.get("wachtwoord1"), data.get("wachtwoord2")
        if first and second and first != second:
            self.add_error("wachtwoord2", "De twee wachtwoorden zijn niet gelijk.")
        elif first:
            user = get_user_model()(username=data.get("gebruikersnaam", ""), email=data.get("email", ""))
            try:
                password_validation.validate_password(first, user)
            except forms.ValidationError as error:
                self.add_error("wachtwoord1", error)
        return data
