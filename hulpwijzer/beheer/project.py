"""The one place where the beheer app uses the rest of the project (the action server's
validator and answer building, make check, the settings). When modules move, fix them here."""
from __future__ import annotations

from pathlib import Path

from hulpwijzer.core import concepts, replies  # noqa: F401  (used through this module)
from hulpwijzer.core.directory.lookup import compose  # noqa: F401
from hulpwijzer.core.directory.schema import CONTACT_TYPES, AUDIENCES, COSTS, ACCESS, NATIONAL, DirectoryError, parse_file  # noqa: F401
from hulpwijzer.core.directory.store import CHECK_INTERVAL_SECONDS, directory_path, load_directory  # noqa: F401
from hulpwijzer.core.texts import directory_problem  # noqa: F401
from hulpwijzer.staff import check as make_check  # noqa: F401
from hulpwijzer.staff import readability  # noqa: F401
from hulpwijzer.staff import report as make_report  # noqa: F401
from hulpwijzer.staff import model_summary  # noqa: F401
from hulpwijzer.config import ROOT as CODE_ROOT, VAR_DIR, load as load_settings, model_paths, setting as environment_setting  # noqa: F401

# The project whose files staff edit (a test points this at a temporary git repository).
PROJECT_ROOT = Path(environment_setting("BEHEER_ROOT") or CODE_ROOT)


def directory() -> Path:
    """The directory folder, the same one the action server reads (DIRECTORY_PATH)."""
    if environment_setting("DIRECTORY_PATH"):
        return directory_path()
    return PROJECT_ROOT / "data" / "directory"


def use_project_concepts() -> None:
    """Topics and gemeenten from the edited project (they may differ from the code's copy)."""
    concepts.use_folder(PROJECT_ROOT / "data" / "concepts")


# The model job: its log and the summary of make eval it writes (hulpwijzer/beheer/modeljob.py).
MODEL_JOB_LOG = VAR_DIR / "log" / "beheer-model.log"
MODEL_JOB_SUMMARY = VAR_DIR / "log" / "beheer-model-summary.json"


def model_job_command(rollback: bool) -> list:
    """`make reload` / `make rollback` for the edited project: train it (its bot/ and data/, into
    its models/) if needed, swap the model in the running bot, then measure it (model_summary)."""
    return ["-m", "hulpwijzer.staff.reload_model", "--root", str(model_paths(PROJECT_ROOT).root),
            "--summary", str(MODEL_JOB_SUMMARY), "--bot-must-run", *(["--rollback"] if rollback else [])]


def domain_folder() -> Path:
    """The answers (responses) staff edit: bot/domain of the edited project."""
    return PROJECT_ROOT / "bot" / "domain"


def nlu_folder() -> Path:
    """The example questions staff edit: data/nlu of the edited project."""
    return PROJECT_ROOT / "data" / "nlu"
