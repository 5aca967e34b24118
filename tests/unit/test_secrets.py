"""No secret is committed: no .env, no key files, no tokens or passwords in tracked files.

Scans what git tracks (`git ls-files`). Settings files may name a secret only as an
environment variable (${NAME}), leave it empty, or use an obvious placeholder.
"""
from __future__ import annotations

import re
import subprocess
from pathlib import Path, PurePosixPath
from typing import List

import pytest

ROOT = Path(__file__).resolve().parents[2]

SECRET_FILE_NAMES = re.compile(r"(^|/)(\.env|id_rsa|id_dsa|id_ecdsa|id_ed25519)$|\.(pem|key|p12|pfx|keystore)$")

# Shapes of real credentials, wherever they appear.
SECRET_SHAPES = {
    "private key": re.compile(r"-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----"),
    "Telegram bot token": re.compile(r"\b\d{8,10}:AA[A-Za-z0-9_-]{33}\b"),
    "Twilio key or account id": re.compile(r"\b(?:AC|SK)[0-9a-f]{32}\b"),
    "AWS access key": re.compile(r"\bAKIA[0-9A-Z]{16}\b"),
    "GitHub token": re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36}\b"),
    "Slack token": re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}"),
}

# In settings files: `token: value`, `PASSWORD=value` and the like must not hold a value.
SETTINGS_SUFFIXES = {".yml", ".yaml", ".env", ".example", ".toml", ".ini", ".cfg", ".json", ".conf"}
SECRET_SETTING = re.compile(
    r"^\s*-?\s*[\"']?([\w.-]*(?:token|password|passwd|secret|api_?key|private_?key)[\w.-]*)[\"']?\s*[:=]\s*(.*?)\s*$",
    re.IGNORECASE,
)
ALLOWED_VALUE = re.compile(
    r"""^(|["']{2}|null|~|\$\{[^}]*\}|["']\$\{[^}]*\}["']|\$\(.*\)|<[^>]*>|["']?change[-_]?me["']?|\{\{.*\}\}|\||>|[\w.-]*:)$""",
    re.IGNORECASE,
)


def tracked_files() -> List[str]:
    try:
        result = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout (or git is missing): cannot list the committed files")
    return [name for name in result.stdout.decode().split("\0") if name]


def findings_in(name: str, text: str) -> List[str]:
    found = [f"{name}: {label}" for label, shape in SECRET_SHAPES.items() if shape.search(text)]
    path = PurePosixPath(name)
    if path.suffix in SETTINGS_SUFFIXES or path.name.startswith(".env"):
        for number, line in enumerate(text.splitlines(), 1):
            if line.lstrip().startswith("#"):
                continue
            match = SECRET_SETTING.match(line)
            if match and not ALLOWED_VALUE.match(match.group(2).split(" #")[0].strip()):
                found.append(f"{name}:{number}: {match.group(1)} has a value")
    return found


def test_no_secret_file_is_committed():
    assert [f for f in tracked_files() if SECRET_FILE_NAMES.search(f)] == []


def test_the_local_env_file_is_ignored_by_git():
    result = subprocess.run(["git", "check-ignore", "-q", ".env"], cwd=ROOT)
    assert result.returncode == 0, ".env must be in .gitignore"


def test_no_committed_file_holds_a_secret():
    problems = []
    for name in tracked_files():
        path = ROOT / name
        if not path.is_file() or path.stat().st_size > 2_000_000:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # binary files: only their names are checked
        problems.extend(findings_in(name, text))
    assert problems == []


# The scanner finds what it looks for (samples built at run time, so this file stays clean).
@pytest.mark.parametrize("name,text", [
    ("deploy/x.pem.txt", "-----BEGIN " + "RSA PRIVATE KEY-----\nabc"),
    ("bot/credentials.yml", "telegram:\n  access_token: " + "123456789:AA" + "b" * 33),
    ("bot/credentials.yml", "twilio:\n  auth_token: 0123456789abcdef"),
    ("deploy/production.env.example", "TRACKER_DB_PASSWORD=" + "hunter2"),
    ("scripts/x.py", "key = 'AKIA" + "ABCDEFGHIJKLMNOP'"),
])
def test_the_scan_finds_a_planted_secret(name, text):
    assert findings_in(name, text)


@pytest.mark.parametrize("text", [
    "access_token: ${TELEGRAM_TOKEN}",
    "password: \"${TRACKER_DB_PASSWORD}\"",
    "RASA_TOKEN=",
    "TRACKER_DB_PASSWORD=change-me",
    "  token: <see the secret rasa-token>",
    "# password: in the comment only",
])
def test_the_scan_allows_placeholders(text):
    assert findings_in("deploy/values.yml", text) == []
