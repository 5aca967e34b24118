"""Accounts, for admins (Django superusers): create an account and set what it may do.
Passwords are hashed by Django; an admin never sees one."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render

from hulpwijzer.beheer.forms import NewAccountForm, RoleForm
from hulpwijzer.beheer.models import Role


def _admin_only(view):
    def wrapped(request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def _apply(user, data) -> None:
    first, _, last = data["naam"].partition(" ")
    user.first_name, user.last_name, user.email = first, last, data.get("email", "")
    user.is_superuser = user.is_staff = data["beheerder"]
    user.is_active = data["actief"]
    user.save()
    Role.objects.update_or_create(user=user, defaults={"gemeenten": ",".join(data["gemeenten"]), "national": data["landelijk"]})


@_admin_only
def account_list(request):
    form = NewAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = get_user_model()(username=form.cleaned_data["gebruikersnaam"])
        user.set_password(form.cleaned_data["wachtwoord1"])
        _apply(user, form.cleaned_data)
        messages.success(request, f"Het account '{user.username}' is gemaakt.")
        return redirect("accounts")
    users = get_user_model().objects.order_by("username").select_related("role")
    form.describe_fields()
    return render(request, "beheer/accounts.html", {"users": users, "form": form})


@_admin_only
def account_edit(request, username):
    user = get_object_or_404(get_user_model(), username=username)
    role = Role.objects.filter(user=user).first()
    initial = {"naam": user.get_full_name(), "email": user.email, "beheerder": user.is_superuser, "actief": user.is_active,
               "gemeenten": [s for s in (role.gemeenten.split(",") if role else []) if s], "landelijk": bool(role and role.national)}
    form = RoleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if user == request.user and not (form.cleaned_data["beheerder"] and form.cleaned_data["actief"]):
            form.add_error(None, "Je kunt je eigen beheerdersrechten niet uitzetten. Vraag een andere beheerder.")
        else:
            _apply(user, form.cleaned_data)
            messages.success(request, f"Het account '{user.username}' is bijgewerkt.")
            return redirect("accounts")
    form.describe_fields()
    return render(request, "beheer/account.html", {"account": user, "form": form})
