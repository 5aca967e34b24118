"""Serve the beheer app with waitress: python -m hulpwijzer.beheer.serve --port 8090.
The database (accounts, sessions, drafts) is brought up to date first."""
from __future__ import annotations

import argparse
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hulpwijzer.beheer.settings")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="Beheer in de browser")
    parser.add_argument("--port", type=int, default=8090)
    parser.add_argument("--bind", default="127.0.0.1")
    args = parser.parse_args(argv)

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    from waitress import serve

    from hulpwijzer.beheer.wsgi import application

    serve(application, host=args.bind, port=args.port, threads=4, ident="hulpwijzer-beheer")


if __name__ == "__main__":
    main()
