"""Train the Rasa model only when something that goes into it has changed.

The fingerprint is a hash of the contents (not the dates) of the config, domain, training
data and the code of our own NLU components, so a fresh clone trains once and a second
``make run`` without changes starts at once.

`--root FOLDER` trains the project in FOLDER (its bot/ and data/, into its models/): the
beheer app's model job uses it for the project its staff edit (BEHEER_ROOT).
"""
from __future__ import annotations

import argparse
import fcntl
import hashlib
import subprocess
import sys
from pathlib import Path

from hulpwijzer.config import (child_environment, CONCEPTS_DIR, FINGERPRINT_FILE, MODEL_DIR, MODEL_FILE, MODEL_NAME,  # noqa: F401
                               MODEL_PATHS, ModelPaths, model_paths, ROOT, SAFETY_DIR, setting, SPACY_MODEL_DIR)

# Code and files of this code folder that shape the trained model besides the project's YAML.
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


def fingerprint(paths: ModelPaths = MODEL_PATHS) -> str:
    digest = hashlib.sha256()
    # Names relative to their own folder, so a copy of the project has the same fingerprint.
    for base, roots in ((paths.root, [paths.config, paths.domain, *paths.training_data]), (ROOT, MODEL_INPUTS)):
        for root in roots:
            for file in _files(root):
                digest.update(str(file.relative_to(base)).encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()


def rasa_train_command(out_dir: Path, fixed_name: str, paths: ModelPaths = MODEL_PATHS) -> list:
    # `rasa train`, with the known harmless warnings hidden (hulpwijzer/known_warnings.py).
    return [
        sys.executable, "-m", "hulpwijzer.known_warnings",
        "train",
        "--config", str(paths.config),
        "--domain", str(paths.domain),
        "--data", *[str(p) for p in paths.training_data],
        "--out", str(out_dir),
        "--fixed-model-name", fixed_name,
    ]


def train(paths: ModelPaths = MODEL_PATHS) -> int:
    """Train the project in `paths` if its inputs changed; 0 when its model is current."""
    paths.model_dir.mkdir(parents=True, exist_ok=True)
    # One training at a time on this code folder: parallel test runs and the beheer's jobs
    # share its Rasa training cache (.rasa/cache, relative to the working folder below).
    MODEL_DIR.mkdir(exist_ok=True)
    with open(MODEL_DIR / ".train.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _train_if_changed(paths)


def _directory_is_valid(paths: ModelPaths) -> bool:
    """A broken directory stops training: the bot must never go live with it."""
    from hulpwijzer.core.directory.schema import DirectoryError
    from hulpwijzer.core.directory.store import directory_path, load_directory

    try:
        # The folder the action server reads (DIRECTORY_PATH), else the project's own.
        load_directory(directory_path() if setting("DIRECTORY_PATH") else paths.directory)
    except DirectoryError as error:
        print(f"The partner directory has an error, so no training: {error}", file=sys.stderr)
        return False
    return True


def _train_if_changed(paths: ModelPaths) -> int:
    if not _directory_is_valid(paths):
        return 1
    current = fingerprint(paths)
    model, fingerprint_file = paths.model_file, paths.fingerprint_file
    if model.exists() and fingerprint_file.exists():
        if fingerprint_file.read_text().strip() == current:
            print(f"Model is up to date: {model.relative_to(paths.root)} (no training needed).")
            return 0
    print("Training data or config changed: training a new model...", flush=True)
    env = child_environment(RASA_TELEMETRY_ENABLED="false")
    # Run in this code folder: bot/config.yml names the spaCy pipeline relative to it.
    result = subprocess.run(rasa_train_command(paths.model_dir, MODEL_NAME, paths), cwd=ROOT, env=env)
    if result.returncode != 0 or not model.exists():
        print("Training failed; see the messages above.", file=sys.stderr)
        return 1
    fingerprint_file.write_text(current + "\n")
    print(f"Trained: {model.relative_to(paths.root)}")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Train the model only when its inputs changed.")
    parser.add_argument("--root", type=Path, default=ROOT, help="the project folder (default: this code's)")
    return train(model_paths(parser.parse_args(argv).root))


if __name__ == "__main__":
    sys.exit(main())
