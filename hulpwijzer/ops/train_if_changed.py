"""Train the Rasa model only when something that goes into it has changed.

The fingerprint is a hash of the contents (not the dates) of the config, domain, training
data and the code of our own NLU components, so a fresh clone trains once and a second
``make run`` without changes starts at once.
"""
from __future__ import annotations

import fcntl
import hashlib
import subprocess
import sys
from pathlib import Path

from hulpwijzer.config import (BOT_CONFIG as CONFIG, child_environment, CONCEPTS_DIR, DOMAIN_DIR as DOMAIN, FINGERPRINT_FILE, MODEL_DIR,
                               MODEL_FILE, MODEL_NAME, ROOT, SAFETY_DIR, SPACY_MODEL_DIR, TRAINING_DATA)

# Code and files that shape the trained model besides the YAML.
MODEL_INPUTS = [
    ROOT / "hulpwijzer" / "rasa_server" / "nlu",
    ROOT / "hulpwijzer" / "core",  # the NLU steps read the place table and the topic word list through core
    SAFETY_DIR,
    CONCEPTS_DIR,
    SPACY_MODEL_DIR / "meta.json",
]


def _files(path: Path):
    if path.is_file():
        yield path
    elif path.is_dir():
        for child in sorted(path.rglob("*")):
            if child.is_file() and "__pycache__" not in child.parts:
                yield child


def fingerprint() -> str:
    digest = hashlib.sha256()
    for root in [CONFIG, DOMAIN, *TRAINING_DATA, *MODEL_INPUTS]:
        for file in _files(root):
            digest.update(str(file.relative_to(ROOT)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


def rasa_train_command(out_dir: Path, fixed_name: str) -> list:
    # `rasa train`, with the known harmless warnings hidden (hulpwijzer/known_warnings.py).
    return [
        sys.executable, "-m", "hulpwijzer.known_warnings",
        "train",
        "--config", str(CONFIG),
        "--domain", str(DOMAIN),
        "--data", *[str(p) for p in TRAINING_DATA],
        "--out", str(out_dir),
        "--fixed-model-name", fixed_name,
    ]


def main() -> int:
    MODEL_DIR.mkdir(exist_ok=True)
    # One training at a time: parallel test runs share models/.
    with open(MODEL_DIR / ".train.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _train_if_changed()


def _directory_is_valid() -> bool:
    """A broken directory stops training: the bot must never go live with it."""
    from hulpwijzer.core.directory.schema import DirectoryError
    from hulpwijzer.core.directory.store import directory_path, load_directory

    try:
        load_directory(directory_path())
    except DirectoryError as error:
        print(f"The partner directory has an error, so no training: {error}", file=sys.stderr)
        return False
    return True


def _train_if_changed() -> int:
    if not _directory_is_valid():
        return 1
    current = fingerprint()
    if MODEL_FILE.exists() and FINGERPRINT_FILE.exists():
        if FINGERPRINT_FILE.read_text().strip() == current:
            print(f"Model is up to date: {MODEL_FILE.relative_to(ROOT)} (no training needed).")
            return 0
    print("Training data or config changed: training a new model...", flush=True)
    env = child_environment(RASA_TELEMETRY_ENABLED="false")
    result = subprocess.run(rasa_train_command(MODEL_DIR, MODEL_NAME), cwd=ROOT, env=env)
    if result.returncode != 0 or not MODEL_FILE.exists():
        print("Training failed; see the messages above.", file=sys.stderr)
        return 1
    FINGERPRINT_FILE.write_text(current + "\n")
    print(f"Trained: {MODEL_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
