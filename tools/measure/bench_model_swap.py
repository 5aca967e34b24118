"""Benchmark of `make reload`: how long the model swap (PUT /model) takes, and how long a
user waits for an answer meanwhile.

    python -m tools.measure.bench_model_swap [--swaps 2] [--via rasa]

Starts its own action server and Rasa server on free ports (like the tests), then swaps the
trained model into it while a user sends a message every half second. Default: the way
`make reload` does it (hulpwijzer/rasa_server/model_swap.py, the model loads beside the running one);
--via rasa: Rasa's own PUT /model, which loads on the event loop, so messages sent during
the swap wait until it is done.
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import tempfile
import threading
import time
import urllib.request
import uuid
from pathlib import Path

from hulpwijzer import config as settings_module
from hulpwijzer.staff.reload_model import put_model_file, swap_model
from hulpwijzer.ops.stack import Stack, action_server, rasa_server
from hulpwijzer.ops.train_if_changed import MODEL_FILE


def _free_port() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return str(s.getsockname()[1])


def _ask(url: str) -> float:
    """Seconds until the bot answers one message (REST channel)."""
    request = urllib.request.Request(
        f"{url}/webhooks/rest/webhook",
        data=json.dumps({"sender": f"bench-{uuid.uuid4().hex[:8]}", "message": "hoi"}).encode(),
        headers={"Content-Type": "application/json"},
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=600) as response:
        assert json.loads(response.read()), "no answer"
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--swaps", type=int, default=2)
    parser.add_argument("--via", choices=["hulpwijzer", "rasa"], default="hulpwijzer")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-swap-"))
    os.environ.update(RASA_PORT=_free_port(), ACTION_PORT=_free_port(), RASA_TOKEN=uuid.uuid4().hex,
                      TRACKER_DB=str(workdir / "tracker.db"))
    settings = settings_module.load(env_file=workdir / "no.env")
    url, token = f"http://127.0.0.1:{settings['RASA_PORT']}", settings["RASA_TOKEN"]
    stack = Stack([action_server(settings, workdir), rasa_server(settings, MODEL_FILE, workdir)], settings)
    stack.start()
    try:
        quiet = [_ask(url) for _ in range(5)]
        print(f"answer without a swap: max {max(quiet):.2f} s")
        for number in range(1, args.swaps + 1):
            waits, swapping = [], threading.Event()
            swapping.set()

            def user() -> None:
                while swapping.is_set():
                    waits.append(_ask(url))
                    time.sleep(0.5)

            asker = threading.Thread(target=user)
            started = time.perf_counter()
            asker.start()
            if args.via == "rasa":
                put_model_file(f"{url}/model?token={token}", MODEL_FILE, timeout=600)
            else:
                swap_model(url, token, MODEL_FILE)
            swap = time.perf_counter() - started
            swapping.clear()
            asker.join()
            print(f"swap {number} (via {args.via}): {swap:.1f} s; {len(waits)} messages meanwhile, "
                  f"all answered, longest wait {max(waits):.1f} s")
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
