"""Beheer in de browser: staff keep the partner directory up to date without git or make.

A Django app (auth, sessions, CSRF, password hashing) with django-axes (login throttling),
served by waitress on BEHEER_PORT (hulpwijzer/beheer/serve.py). The YAML files in
data/directory stay the single source of truth: a publish writes them and makes one git
commit with the staff member as author. Everything it needs from the rest of the project
comes through one module, hulpwijzer/beheer/project.py.
"""
