"""The pages of the beheer app. Texts are in the templates (templates/beheer/)."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from hulpwijzer.beheer import editing, figures, project, publishing
from hulpwijzer.beheer.access import allowed_slugs, gemeente_editor
from hulpwijzer.beheer.documents import fingerprint
from hulpwijzer.beheer.forms import CONTACT_TYPE_LABELS, FORMS, PreviewForm
from hulpwijzer.beheer.models import PendingEdit


@login_required
def home(request):
    files = []
    for slug in allowed_slugs(request.user):
        path = project.directory() / f"{slug}.yml"
        if path.is_file():
            files.append({"slug": slug, "name": editing.published(path.name).gemeente,
                          "drafts": PendingEdit.objects.filter(file=path.name).count()})
    return render(request, "beheer/home.html", {"files": files})


@gemeente_editor
def overview(request, slug, file):
    document = editing.published(file)
    report = publishing.check({}, gemeente=document.gemeente)
    gemeente = next(iter(report.gemeenten), None)
    topics = [{"label": t.label, "who": [s.organization.name for s in gemeente.by_topic[t.id]]}
              for t in project.concepts.topics()] if gemeente else []
    drafts = [{"edit": d, "changes": editing.changed_fields(file, d)} for d in editing.pending_for(file)]
    return render(request, "beheer/overzicht.html", {
        "slug": slug, "document": document, "topics": topics, "gaps": gemeente.gaps if gemeente else {},
        "organizations": _organizations(document), "drafts": drafts, "check_errors": [f.format() for f in report.errors],
        "national": document.gemeente == project.NATIONAL,
    })


def _organizations(document):
    out = []
    for organization in document.organizations:
        contacts = [{"key": f"{organization.get('id')}/{i}", "label": CONTACT_TYPE_LABELS.get(c.get("type"), c.get("type")), "value": c.get("value"),
                     "shown": bool(c.get("verified") and c.get("source") and c.get("assured_date"))}
                    for i, c in enumerate(organization.get("contacts") or [], start=1)]
        services = [s for s in organization.get("services") or [] if isinstance(s, dict)]
        out.append({"id": organization.get("id"), "name": organization.get("name"), "contacts": contacts,
                    "new_key": f"{organization.get('id')}/{len(contacts) + 1}", "services": services})
    return out


def _label(kind: str, key: str, data: dict) -> str:
    if kind == "contact":
        organization = key.split("/")[1]
        return f"{CONTACT_TYPE_LABELS.get(data.get('type'), 'contactgegeven').lower()} van {organization}"
    return f"{'dienst' if kind == 'dienst' else 'organisatie'} {key.split('/', 1)[1]}"


@gemeente_editor
def edit_entry(request, slug, file, kind, key_rest):
    if kind not in FORMS:
        raise Http404
    key = f"{kind}/{key_rest}"
    document = editing.published(file)
    form_class = FORMS[kind]
    current = editing.effective_entry(file, key)
    new_contact = current is None and kind == "contact" and document.owner(key) is not None \
        and key_rest.rsplit("/", 1)[-1] == str(len(document.owner(key).get("contacts") or []) + 1)
    if current is None and not new_contact:
        raise Http404("Dit item staat niet (meer) in de gids.")
    conflict = None
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            data = form.entry_data(current)
            for problem in editing.problems(file, key, data, form.fields):
                form.add_error(problem.field, f"{problem.message} {problem.fix}".strip())
        if form.is_valid():
            try:
                editing.save(request.user, file, key, data, _label(kind, key, data), form.cleaned_data["version"])
                messages.success(request, "Opgeslagen. Bekijk het antwoord van de bot en publiceer als alles goed is.")
                return redirect("overview", slug=slug)
            except editing.Conflict as clash:
                conflict = {"current": clash.current, "by": clash.by}
                # What the editor typed stays in the form; the new version lets them save it deliberately.
                form.data = form.data.copy()
                form.data["version"] = fingerprint(clash.current)
    else:
        initial = dict(current or {"type": "phone", "verified": False})
        initial["version"] = fingerprint(current)
        form = form_class(initial=initial)
    organization = document.owner(key)
    form.describe_fields()
    return render(request, "beheer/bewerken.html", {
        "slug": slug, "document": document, "form": form, "kind": kind, "conflict": conflict,
        "organization": organization.get("name") if organization else "", "new": new_contact,
    }, status=409 if conflict else 200)


@gemeente_editor
def preview(request, slug, file):
    document = editing.draft(file)
    form = PreviewForm(request.GET or None)
    answer, problem = None, None
    if form.is_valid():
        try:
            answer = publishing.preview(document, form.cleaned_data["topic"], document.gemeente, form.cleaned_data["asker"] or None)
        except project.DirectoryError as error:
            problem = " ".join(" ".join(project.directory_problem(found.code, found.field, found.values)) for found in error.problems)
    return render(request, "beheer/voorbeeld.html", {"slug": slug, "document": document, "form": form,
                                                     "answer": answer, "problem": problem})


@require_POST
@gemeente_editor
def publish(request, slug, file):
    try:
        count = publishing.publish(file, request.user)
        messages.success(request, f"Gepubliceerd ({count} wijziging{'en' if count != 1 else ''}). "
                                  "De bot geeft binnen een paar seconden de nieuwe gegevens.")
    except publishing.Refused as refused:
        return render(request, "beheer/geweigerd.html", {"slug": slug, "reasons": refused.reasons,
                                                          "document": editing.published(file)}, status=422)
    return redirect("overview", slug=slug)


@require_POST
@gemeente_editor
def discard(request, slug, file, pk):
    PendingEdit.objects.filter(file=file, pk=pk).delete()
    messages.success(request, "De opgeslagen wijziging is weggegooid.")
    return redirect("overview", slug=slug)


@gemeente_editor
def history(request, slug, file):
    return render(request, "beheer/geschiedenis.html", {"slug": slug, "document": editing.published(file),
                                                        "changes": publishing.history(file)})


@require_POST
@gemeente_editor
def undo(request, slug, file, sha):
    try:
        publishing.undo(file, sha, request.user)
        messages.success(request, "De wijziging is ongedaan gemaakt. De bot gebruikt binnen een paar seconden weer de oude gegevens.")
    except publishing.Refused as refused:
        return render(request, "beheer/geweigerd.html", {"slug": slug, "reasons": refused.reasons,
                                                          "document": editing.published(file)}, status=422)
    return redirect("history", slug=slug)


def _figures(request):
    data = figures.counts()
    if data is None:
        return None
    return figures.only(data, figures.visible_gemeenten(request.user, allowed_slugs(request.user)))


@login_required
def report(request):
    data = _figures(request)
    return render(request, "beheer/cijfers.html", {"charts": figures.charts(data) if data else [], "no_store": data is None})


@login_required
def report_csv(request):
    response = HttpResponse(figures.csv_text(_figures(request) or {}), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="hulpwijzer-cijfers.csv"'
    return response
