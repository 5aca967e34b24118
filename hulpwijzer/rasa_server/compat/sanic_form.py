"""A Sanic request's form read again with its empty fields kept.

Sanic 21.12.2 parses a form body once, on the first read of `request.form`, without blank
values (parse_qs's default), and keeps the result in the request's `parsed_form` attribute,
where every later read of `request.form` (also Rasa's Twilio channel) finds it. Sanic 21.12
has no public way to keep blank values, so the parsed form is put there. Checked against the
versions in compat/versions.py.
"""
from __future__ import annotations

from urllib.parse import parse_qs

from sanic.request import Request, RequestParameters


def keep_blank_form_fields(request: Request) -> None:
    """From now on request.form also has the fields sent empty (a form body in UTF-8)."""
    request.parsed_form = RequestParameters(parse_qs(request.body.decode("utf-8"), keep_blank_values=True))
