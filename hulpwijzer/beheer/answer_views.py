"""Pages for national editors: the bot's answers with their B1 check, and the model
(training and swap in the background, with progress; the previous model back with one button)."""
from __future__ import annotations

import functools

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from hulpwijzer.beheer import answers, examples, modeljob, project, publishing
from hulpwijzer.beheer.forms import DescribedForm
from hulpwijzer.beheer.access import allowed_slugs
from hulpwijzer.beheer.editing import display_name
from hulpwijzer.beheer.models import NATIONAL_SLUG


def national_editor(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if NATIONAL_SLUG not in allowed_slugs(request.user) and not request.user.is_superuser:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def _answer_form(answer, data=None):
    fields = {f"tekst_{i}": forms.CharField(label=f"Tekst {i + 1}" if len(answer.texts) > 1 else "Tekst", initial=text,
                                            widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)
              for i, text in enumerate(answer.texts)}
    fields["version"] = forms.CharField(widget=forms.HiddenInput, required=False)
    form = type("AnswerForm", (forms.Form,), fields)(data, initial={"version": answers.version(answer.file, answer.name)})
    return form


@national_editor
def answer_list(request):
    return render(request, "beheer/antwoorden.html", {"answers": [a for a in answers.all_answers() if a.texts]})


@national_editor
def answer_edit(request, file, name):
    answer = answers.answer(file, name)
    if answer is None or not answer.texts:
        raise Http404("Dit antwoord bestaat niet.")
    form = _answer_form(answer, request.POST or None)
    refused = None
    if request.method == "POST" and form.is_valid():
        texts = [form.cleaned_data[f"tekst_{i}"].strip() for i in range(len(answer.texts))]
        try:
            answers.publish(file, name, texts, form.cleaned_data["version"], request.user)
            modeljob.start(display_name(request.user))
            messages.success(request, "Opgeslagen. De bot leert het nieuwe antwoord nu; dat duurt een paar minuten.")
            return redirect("model")
        except publishing.Refused as error:
            refused = error.reasons
    checked = answers.Answer(file, name, [form.data.get(f"tekst_{i}", t) for i, t in enumerate(answer.texts)]) \
        if request.method == "POST" else answer
    return render(request, "beheer/antwoord.html", {"answer": answer, "form": form, "refused": refused,
                                                     "problems": checked.problems}, status=422 if refused else 200)


@national_editor
def model(request):
    return render(request, "beheer/model.html", {"job": modeljob.current(), "log": modeljob.log_tail(),
                                                 "measured": modeljob.summary()})


@require_POST
@national_editor
def model_action(request, action):
    if action not in ("trainen", "terugzetten"):
        raise Http404
    if modeljob.start(display_name(request.user), rollback=action == "terugzetten"):
        messages.success(request, "Gestart. Ververs deze pagina om te zien hoe ver het is.")
    else:
        messages.success(request, "Er loopt al een taak. Wacht tot die klaar is.")
    return redirect("model")


class ExamplesForm(DescribedForm):
    remove = forms.MultipleChoiceField(label="Weghalen", required=False, widget=forms.CheckboxSelectMultiple)
    add = forms.CharField(label="Nieuwe voorbeeldvragen", required=False, widget=forms.Textarea(attrs={"rows": 4}),
                          help_text="Eén vraag per regel, zoals een ouder of jongere hem zou typen.")
    version = forms.CharField(widget=forms.HiddenInput, required=False)


@national_editor
def example_topics(request):
    return render(request, "beheer/voorbeeldvragen.html", {"topics": project.concepts.topics()})


@national_editor
def example_edit(request, topic):
    if topic not in project.concepts.topic_ids():
        raise Http404("Dit onderwerp bestaat niet.")
    current, version = examples.examples(topic)
    form = ExamplesForm(request.POST or None, initial={"version": version})
    form.fields["remove"].choices = [(e, e) for e in current]
    refused = None
    if request.method == "POST" and form.is_valid():
        added = [line.strip().lstrip("- ").strip() for line in form.cleaned_data["add"].splitlines() if line.strip()]
        try:
            message = examples.publish(topic, form.cleaned_data["remove"], added, form.cleaned_data["version"], request.user)
            modeljob.start(display_name(request.user))
            messages.success(request, f"Opgeslagen ({message}). De bot leert de vragen nu; dat duurt een paar minuten.")
            return redirect("model")
        except publishing.Refused as error:
            refused = error.reasons
    form.describe_fields()
    return render(request, "beheer/voorbeeldvraag.html", {"topic": project.concepts.topic(topic), "form": form,
                                                          "refused": refused, "count": len(current)},
                  status=422 if refused else 200)
