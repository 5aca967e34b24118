"""`make reload`: train if the data changed, then swap the model in the running Rasa server
without a restart and without a pause in the answers (PUT /webhooks/model/swap, see
hulpwijzer/rasa_server/model_swap.py; Rasa's own PUT /model where that route is missing).
`make rollback`: put the previous model back, the same way.

Before a training replaces models/hulpwijzer.tar.gz, the old model (and its fingerprint) is
kept in models/previous/, so a bad change can be undone in seconds. Conversations keep
going during the swap: they live in the tracker store, not in the model.

`--root FOLDER`: the project whose bot/, data/ and models/ are used (the beheer app passes
the project its staff edit). `--summary FILE`: after the swap, measure the model the bot now
uses on the held-out sets and write make eval's short summary (hulpwijzer/staff/model_summary.py).
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import List, Optional, Tuple

ROOT = Path(__file__).resolve().parents[2]  # run as a script too: put the project on the path
sys.path.insert(0, str(ROOT))

from hulpwijzer import config as settings_module  # noqa: E402
from hulpwijzer.config import MODEL_NAME, MODEL_PATHS, ModelPaths, model_paths  # noqa: E402
from hulpwijzer.ops import train_if_changed  # noqa: E402

KEEP_PREVIOUS = 3


def keep_current_model(paths: ModelPaths = MODEL_PATHS) -> Optional[Path]:
    """Copy the current model and its fingerprint to models/previous/ (newest KEEP_PREVIOUS)."""
    model, fingerprint = paths.model_file, paths.fingerprint_file
    if not model.exists():
        return None
    paths.previous_dir.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    kept = paths.previous_dir / f"{MODEL_NAME}-{stamp}.tar.gz"
    shutil.copy2(model, kept)
    if fingerprint.exists():
        shutil.copy2(fingerprint, kept.with_name(kept.name.replace(".tar.gz", ".fingerprint")))
    for old in previous_models(paths)[KEEP_PREVIOUS:]:
        old.unlink()
        old.with_name(old.name.replace(".tar.gz", ".fingerprint")).unlink(missing_ok=True)
    return kept


def previous_models(paths: ModelPaths = MODEL_PATHS):
    """Kept models, newest first."""
    return sorted(paths.previous_dir.glob("*.tar.gz"), reverse=True) if paths.previous_dir.exists() else []


def restore(previous: Path, paths: ModelPaths = MODEL_PATHS) -> None:
    """Make a kept model the current one again (with its fingerprint, so no retraining)."""
    shutil.copy2(previous, paths.model_file)
    fingerprint = previous.with_name(previous.name.replace(".tar.gz", ".fingerprint"))
    if fingerprint.exists():
        shutil.copy2(fingerprint, paths.fingerprint_file)
    else:
        paths.fingerprint_file.unlink(missing_ok=True)


def put_model_file(url: str, model: Path, timeout: float) -> None:
    """PUT {"model_file": <path>} to a model-loading route; raises unless it answers 204."""
    request = urllib.request.Request(
        url, data=json.dumps({"model_file": str(model.resolve())}).encode(),
        headers={"Content-Type": "application/json"}, method="PUT",
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        if response.status != 204:
            raise RuntimeError(f"Rasa answered {response.status}")


def swap_model(rasa_url: str, token: str, model: Path, timeout: float = 600) -> None:
    """Ask the running Rasa server to load `model`; the old model answers meanwhile.

    Our route (hulpwijzer/rasa_server/model_swap.py) loads the model beside the running one; Rasa's own
    PUT /model (used when a server runs without our route) pauses all answers while it loads."""
    try:
        put_model_file(f"{rasa_url}/webhooks/model/swap?token={token}", model, timeout)
    except urllib.error.HTTPError as error:
        if error.code != 404:
            raise RuntimeError(f"Rasa answered {error.code}: {error.read().decode(errors='replace')}") from error
        put_model_file(f"{rasa_url}/model?token={token}", model, timeout)


def loaded_model(rasa_url: str, token: str) -> Optional[str]:
    """The model file the running server uses, or None when no server answers."""
    try:
        with urllib.request.urlopen(f"{rasa_url}/status?token={token}", timeout=5) as response:
            return json.loads(response.read().decode()).get("model_file")
    except (urllib.error.URLError, OSError):
        return None


def _servers() -> Tuple[List[str], str]:
    """The Rasa servers that take a new model, and the token. RASA_SERVER_URLS (comma separated)
    names them where there are several (the compose stack's rasa-1 and rasa-2); by default it
    is the one `make run` starts on this machine."""
    settings = settings_module.load()
    urls = [u.strip().rstrip("/") for u in settings.values.get("RASA_SERVER_URLS", "").split(",") if u.strip()]
    return urls or [f"http://127.0.0.1:{settings['RASA_PORT']}"], settings.values.get("RASA_TOKEN", "")


def _running(urls: List[str], token: str) -> List[str]:
    """The servers among `urls` that answer now."""
    return [url for url in urls if loaded_model(url, token) is not None]


# Exit code when the model is ready but no bot answered to take it (the beheer app says so,
# instead of "the bot uses it now"); `make reload` on a developer's machine treats it as fine.
TRAINED_NOT_IN_USE = 3


def _swap_if_running(model: Path, bot_must_run: bool = False) -> int:
    """Swap the model in every running server; a server that does not answer is skipped (it
    starts with the new model, see RASA_MODEL_FILE in hulpwijzer/ops/serve.py)."""
    urls, token = _servers()
    running = _running(urls, token)
    if not running:
        print(f"De bot draait nu niet (geen antwoord op {', '.join(urls)}). Het model wordt gebruikt bij de volgende 'make run'.")
        return TRAINED_NOT_IN_USE if bot_must_run else 0
    for url in sorted(set(urls) - set(running)):
        print(f"Geen antwoord van {url}: die server krijgt het model bij zijn volgende start.")
    print("Het nieuwe model wordt geladen in de draaiende bot (gesprekken lopen gewoon door)...", flush=True)
    for url in running:
        try:
            swap_model(url, token, model)
        except (urllib.error.URLError, OSError, RuntimeError) as error:
            print(f"Wisselen mislukt op {url}: {error}. Die server gebruikt nog het oude model.", file=sys.stderr)
            return 1
        print(f"Klaar: de bot gebruikt nu {model.name} (server {url}: {loaded_model(url, token)}).")
    return 0


def reload(paths: ModelPaths = MODEL_PATHS, bot_must_run: bool = False) -> int:
    if paths.model_file.exists() and paths.fingerprint_file.exists() and \
            paths.fingerprint_file.read_text().strip() != train_if_changed.fingerprint(paths):
        kept = keep_current_model(paths)
        if kept:
            print(f"Het huidige model is bewaard als {kept.relative_to(paths.root)} (terugzetten: make rollback).")
    if train_if_changed.train(paths) != 0:
        print("Trainen mislukt: de bot gebruikt nog het oude model. Draai eerst 'make check'.", file=sys.stderr)
        return 1
    return _swap_if_running(paths.model_file, bot_must_run)


def rollback(paths: ModelPaths = MODEL_PATHS, bot_must_run: bool = False) -> int:
    kept = previous_models(paths)
    if not kept:
        print("Er is geen vorig model bewaard in models/previous/. Zet de wijziging terug met git en draai 'make reload'.")
        return 1
    previous = kept[0]
    restore(previous, paths)
    previous.unlink()
    previous.with_name(previous.name.replace(".tar.gz", ".fingerprint")).unlink(missing_ok=True)
    print(f"Vorig model teruggezet: {previous.name}.")
    print("Let op: zet ook de wijziging in de bestanden terug (git revert), anders traint de volgende 'make run' het nieuwe model opnieuw.")
    return _swap_if_running(paths.model_file, bot_must_run)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Train en wissel het model zonder herstart, of zet het vorige terug.")
    parser.add_argument("--rollback", action="store_true", help="zet het vorige model terug")
    parser.add_argument("--root", type=Path, default=MODEL_PATHS.root, help="de map van het project (standaard: deze)")
    parser.add_argument("--summary", type=Path, help="meet daarna het model en schrijf de samenvatting in dit bestand")
    parser.add_argument("--bot-must-run", action="store_true",
                        help=f"eindig met code {TRAINED_NOT_IN_USE} als geen draaiende bot het model overneemt")
    args = parser.parse_args(argv)
    paths = model_paths(args.root)
    result = (rollback if args.rollback else reload)(paths, args.bot_must_run)
    if result in (0, TRAINED_NOT_IN_USE) and args.summary:
        from hulpwijzer.staff import model_summary

        urls, token = _servers()
        running = _running(urls, token)  # they have just loaded it
        model_summary.measure_and_write(paths.model_file, args.summary,
                                        model_summary.running_bot_parser(running[0], token) if running else None)
    return result


if __name__ == "__main__":
    sys.exit(main())
