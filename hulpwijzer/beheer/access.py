"""Who may see and change which directory file: an editor only their own gemeenten, a national
editor the national lines. Everything else is 403, for pages and posts alike."""
from __future__ import annotations

import functools
from typing import List

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404

from hulpwijzer.beheer import project
from hulpwijzer.beheer.models import Role


def allowed_slugs(user) -> List[str]:
    try:
        return user.role.slugs()
    except Role.DoesNotExist:
        return []


def directory_file(slug: str) -> str:
    """The file of a gemeente page; 404 for a name that is not a directory file."""
    name = f"{slug}.yml"
    if "/" in slug or not (project.directory() / name).is_file():
        raise Http404("Deze gemeente staat niet in de gids.")
    return name


def gemeente_editor(view):
    """Login required; then only for editors of this gemeente (`slug` in the URL)."""

    @functools.wraps(view)
    def wrapped(request, slug, *args, **kwargs):
        if slug not in allowed_slugs(request.user):
            raise PermissionDenied
        return view(request, slug, directory_file(slug), *args, **kwargs)

    return login_required(wrapped)
