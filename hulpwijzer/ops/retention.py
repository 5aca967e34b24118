"""`make retention DAYS=30`: delete every stored conversation event older than DAYS days.

Works on the tracker store configured in the endpoints file (SQLite by default, PostgreSQL
in production), with the same environment variables as the Rasa server. A conversation whose
events are all older is gone completely. Run it daily (cron, or a Kubernetes CronJob: see
docs/production.md); it is safe to run while the bot runs.
"""
from __future__ import annotations

import argparse
import sys
import time

from hulpwijzer import config
from hulpwijzer import config as settings_module

# What the bot's privacy answer promises (bot/domain/understanding.yml, utter_faq/privacy).
DEFAULT_RETENTION_DAYS = 30


def tracker_store_config(endpoints_file: str) -> dict:
    from rasa.utils.endpoints import read_endpoint_config

    config = read_endpoint_config(endpoints_file, "tracker_store")
    if config is None:
        raise SystemExit(f"No tracker_store in {endpoints_file}.")
    return {"type": config.type, **config.kwargs, "url": config.url}


def open_store(endpoints_file: str):
    """The SQL tracker store from the endpoints file (env vars filled in like Rasa does)."""
    from rasa.core.tracker_store import SQLTrackerStore

    config = tracker_store_config(endpoints_file)
    kinds = ("sql", "hulpwijzer.rasa_server.stores.redacting_tracker_store.redactingsqltrackerstore")
    if str(config["type"]).lower() not in kinds:
        raise SystemExit(f"Retention works on SQL tracker stores; {endpoints_file} has {config['type']}.")
    kwargs = {k: v for k, v in config.items() if k in ("dialect", "port", "db", "username", "password", "login_db", "query")}
    return SQLTrackerStore(host=config.get("url"), **kwargs)


def delete_older_than(store, days: float, now: float = None) -> dict:
    """Deletes events older than `days`; returns how many events and conversations went."""
    from hulpwijzer.rasa_server.compat.sql_tracker_store import delete_events_before

    cutoff = (now if now is not None else time.time()) - days * 86400
    events, conversations = delete_events_before(store, cutoff)
    return {"events": events, "conversations": conversations}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=float, default=config.number("RETENTION_DAYS", DEFAULT_RETENTION_DAYS))
    args = parser.parse_args(argv)
    if args.days < 0:
        parser.error("--days must be 0 or more")
    # The same environment the Rasa server gets, so every ${...} in the endpoints file is filled.
    settings = settings_module.load()
    config.apply(settings)
    store = open_store(settings["ENDPOINTS_FILE"])
    removed = delete_older_than(store, args.days)
    # Counts only: no sender ids in the output.
    print(f"Retention {args.days:g} days: deleted {removed['events']} events; "
          f"{removed['conversations']} conversations removed completely.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
