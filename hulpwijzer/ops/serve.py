"""Run ONE process of the bot in the foreground: `python -m hulpwijzer.ops.serve rasa|actions|beheer`.

For containers and service managers (deploy/docker-compose.yml, Kubernetes, systemd), where
each process runs on its own and the platform restarts it. The command line is the one `make
run` uses (hulpwijzer/ops/stack.py), with settings from the environment (docs/production.md).

Without such a platform, `--supervise` keeps the process running itself: it is started as a
child and started again when it stops, with back-off, as `make run` does (hulpwijzer/ops/supervisor.py).
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

from hulpwijzer import config as settings_module
from hulpwijzer.config import MODEL_FILE
from hulpwijzer.ops.stack import Stack, action_server, beheer_server, rasa_server
from hulpwijzer.ops.supervisor import CrashLoop, Supervisor

MIN_TOKEN_LENGTH = 24


def served_model(settings) -> Path:
    """The model a Rasa server starts with: the one staff last published from the beheer
    (RASA_MODEL_FILE, on the folder the beheer trains into) once there is one, else the image's.
    So a restarted server does not go back to an older model than its neighbours use."""
    published = settings.values.get("RASA_MODEL_FILE", "")
    return Path(published) if published and Path(published).is_file() else MODEL_FILE


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("process", choices=["rasa", "actions", "beheer"])
    parser.add_argument("--supervise", action="store_true",
                        help="start it again when it stops (for hosts without a service manager)")
    args = parser.parse_args(argv)
    settings = settings_module.load()
    if args.process == "rasa":
        token = settings.values.get("RASA_TOKEN") or ""
        # "UNSET" is what Rasa's Helm chart puts in when no token was given.
        if len(token) < MIN_TOKEN_LENGTH or token == "UNSET":
            parser.error(f"RASA_TOKEN must be a random string of {MIN_TOKEN_LENGTH}+ characters: "
                         "the HTTP API must never be open or guessable.")
        model = served_model(settings)
        if not model.exists():
            parser.error(f"No trained model at {model}: run `make train` first.")
        service = rasa_server(settings, model)
    elif args.process == "beheer":
        service = beheer_server(settings)
    else:
        service = action_server(settings)
    sys.stdout.flush()
    if args.supervise:
        return supervise(Stack([service], settings))
    os.execvpe(service.command[0], service.command, {**settings.process_env(), **service.extra_env})
    return 1  # not reached: exec replaces this process


def supervise(stack: Stack) -> int:
    """Run the process as a child and start it again when it stops; SIGTERM or Ctrl-C stop it."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        stack.start()
        print(f"The {stack.services[0].name} is up; it is started again when it stops.", file=sys.stderr, flush=True)
        Supervisor(stack.services, stack.settings.process_env).run()
    except KeyboardInterrupt:
        return 0
    except (CrashLoop, RuntimeError) as error:
        print(error, file=sys.stderr)
        return 1
    finally:
        stack.stop()
    return 1


if __name__ == "__main__":
    sys.exit(main())
