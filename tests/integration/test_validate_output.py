"""`make validate` (Rasa's own data check) prints no warning we have not weighed: each one is
fixed, or listed with why in hulpwijzer/known_warnings.py. So a new warning in its output is
worth reading (issue 15)."""
from __future__ import annotations

import subprocess
import sys

from hulpwijzer import config


def test_rasa_data_validate_warns_about_nothing_unexplained():
    command = [sys.executable, "-m", "hulpwijzer.known_warnings", "data", "validate",
               "--domain", str(config.DOMAIN_DIR), "--data", *map(str, config.TRAINING_DATA),
               "--config", str(config.BOT_CONFIG)]
    result = subprocess.run(command, cwd=config.ROOT, capture_output=True, text=True, timeout=600,
                            env=config.child_environment(RASA_TELEMETRY_ENABLED="false"))
    assert result.returncode == 0, result.stderr[-3000:]
    warnings = [line for line in (result.stdout + result.stderr).splitlines() if "Warning:" in line]
    assert warnings == []
