"""`make run`: start the action server, the Rasa server and the demo page; Ctrl-C stops all.

While they run, a part that stops is started again (hulpwijzer/ops/supervisor.py) and the others keep
serving; only Ctrl-C, `kill`, or a part that keeps crashing (a crash loop) stops everything.
"""
from __future__ import annotations

import signal
import subprocess
import sys
import time

from hulpwijzer import config as settings_module
from hulpwijzer.ops import channel_credentials
from hulpwijzer.ops.stack import Stack, action_server, beheer_server, rasa_server, web_server
from hulpwijzer.ops.supervisor import CrashLoop, Supervisor
from tools.model.setup_spacy import installed_pipeline_name
from hulpwijzer.ops.train_if_changed import MODEL_FILE

ROOT = settings_module.ROOT
MESSENGERS = {"telegram": "Telegram:", "whatsapp": "WhatsApp:"}  # channel module -> label
WEBHOOKS = {"telegram": "telegram", "whatsapp": "twilio"}  # channel module -> Rasa's URL name


def messenger_lines(settings, rasa_port: str) -> str:
    on = [name for name in channel_credentials.select(settings.values).names if name in MESSENGERS]
    if not on:
        return "  Messengers:     off (set their credentials in .env, see .env.example)\n"
    return "".join(f"  {MESSENGERS[name]:<15} POST http://localhost:{rasa_port}/webhooks/{WEBHOOKS[name]}/webhook\n" for name in on)


def main() -> int:
    settings_module.ensure_token()
    settings = settings_module.load()
    log_dir = ROOT / "var" / "log"
    log_dir.mkdir(parents=True, exist_ok=True)
    stack = Stack(
        [action_server(settings, log_dir), rasa_server(settings, MODEL_FILE, log_dir), web_server(settings, log_dir),
         beheer_server(settings, log_dir)],
        settings,
    )
    # Ctrl-C and `kill` both end in stack.stop(), so no process is left behind. SIGINT is
    # set explicitly: a shell starting us in the background would otherwise ignore it.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    started = time.monotonic()
    print(f"Dutch spaCy pipeline: {installed_pipeline_name()} (models/spacy/nl)")
    print("Starting the action server, the Rasa server, the demo page and the beheer (logs in var/log/)...", flush=True)
    # AVG: the privacy answer promises that old conversations are deleted. Production runs
    # the retention job daily (docs/production.md); here it runs once at every start.
    with open(log_dir / "retention.log", "ab") as retention_log:
        subprocess.Popen([sys.executable, "-m", "hulpwijzer.ops.retention"], cwd=ROOT, env=settings.process_env(),
                         stdout=retention_log, stderr=subprocess.STDOUT)
    try:
        stack.start()
        rasa, web = settings["RASA_PORT"], settings["WEB_PORT"]
        print(
            f"\nReady in {time.monotonic() - started:.0f} s.\n"
            f"  Demo chat:      http://localhost:{web}/\n"
            f"  REST channel:   POST http://localhost:{rasa}/webhooks/rest/webhook\n"
            f"  HTTP API:       http://localhost:{rasa}/  (token: RASA_TOKEN in .env)\n"
            f"  Action server:  http://localhost:{settings['ACTION_PORT']}/health\n"
            f"  Beheer (staff): http://localhost:{settings['BEHEER_PORT']}/  (accounts: make beheer-user)\n"
            f"{messenger_lines(settings, rasa)}"
            "A part that stops is started again (var/log/supervisor.log). Press Ctrl-C to stop everything.",
            flush=True,
        )
        Supervisor(stack.services, settings.process_env, log_dir / "supervisor.log").run()
        return 1  # not reached: run() ends with an exception
    except KeyboardInterrupt:
        return 0
    except CrashLoop as error:
        print(f"\n{error} See var/log/ for details.", file=sys.stderr)
        return 1
    except RuntimeError as error:
        print(f"{error} See var/log/ for details.", file=sys.stderr)
        return 1
    finally:
        print("\nStopping...", flush=True)
        stack.stop()
        print("All processes stopped.")


if __name__ == "__main__":
    sys.exit(main())
