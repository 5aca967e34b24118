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
from hulpwijzer.config import ROOT as CODE_ROOT, load as load_settings, setting as environment_setting  # noqa: F401

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


# `make reload` / `make rollback`: train if needed and swap the model in the running bot.
RELOAD_COMMAND = ["-m", "hulpwijzer.staff.reload_model"]
ROLLBACK_OPTION = "--rollback"


def domain_folder() -> Path:
    """The answers (responses) staff edit: bot/domain of the edited project."""
    return PROJECT_ROOT / "bot" / "domain"


def nlu_folder() -> Path:
    """The example questions staff edit: data/nlu of the edited project."""
    return PROJECT_ROOT / "data" / "nlu"
