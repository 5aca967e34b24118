"""Run ONE process of the bot in the foreground: `python -m scripts.serve rasa|actions`.

For containers and service managers (deploy/docker-compose.yml, Kubernetes), where each
process runs on its own and the platform restarts it. The command line is the one `make run`
uses (scripts/stack.py), with settings from the environment (docs/production.md).
"""
from __future__ import annotations

import argparse
import os
import sys

from scripts import settings as settings_module
from scripts.stack import action_server, rasa_server
from scripts.train_if_changed import MODEL_FILE

MIN_TOKEN_LENGTH = 24


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("process", choices=["rasa", "actions"])
    args = parser.parse_args(argv)
    settings = settings_module.load()
    if args.process == "rasa":
        token = settings.values.get("RASA_TOKEN") or ""
        # "UNSET" is what Rasa's Helm chart puts in when no token was given.
        if len(token) < MIN_TOKEN_LENGTH or token == "UNSET":
            parser.error(f"RASA_TOKEN must be a random string of {MIN_TOKEN_LENGTH}+ characters: "
                         "the HTTP API must never be open or guessable.")
        if not MODEL_FILE.exists():
            parser.error(f"No trained model at {MODEL_FILE}: run `make train` first.")
        service = rasa_server(settings, MODEL_FILE)
    else:
        service = action_server(settings)
    sys.stdout.flush()
    os.execvpe(service.command[0], service.command, {**settings.process_env(), **service.extra_env})
    return 1  # not reached: exec replaces this process


if __name__ == "__main__":
    sys.exit(main())
