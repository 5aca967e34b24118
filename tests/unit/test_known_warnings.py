"""Training and start-up hide the known harmless warnings (hulpwijzer/known_warnings.py) and
still show every other warning, also after a library resets the warning filters."""
from __future__ import annotations

import subprocess
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import warnings
from hulpwijzer.known_warnings import hide_known_harmless
hide_known_harmless()
warnings.simplefilter("always")  # what libraries do while Rasa loads
warnings.warn("pkg_resources is deprecated as an API. See https://setuptools.pypa.io", DeprecationWarning)
warnings.warn("The utterance 'utter_zorg_suicide' is not used in any story or rule.", UserWarning)
warnings.warn("The utterance 'utter_nieuw' is not used in any story or rule.", UserWarning)
warnings.warn("Something new went wrong.", RuntimeWarning)
"""


def test_known_harmless_warnings_are_hidden_and_others_shown():
    result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "pkg_resources" not in result.stderr and "utter_zorg_suicide" not in result.stderr
    assert "utter_nieuw" in result.stderr and "Something new went wrong." in result.stderr


def test_each_known_warning_says_why_it_is_harmless():
    from hulpwijzer.known_warnings import KNOWN_HARMLESS

    assert all(start.strip() and len(why.split()) >= 4 for start, why in KNOWN_HARMLESS.items())


def test_the_test_runs_filters_parse_and_match_their_own_warning():
    """Each known warning becomes a pytest filter that pytest accepts and that hides that warning
    (colons in a message would otherwise split the filter into the wrong fields)."""
    from _pytest.config import parse_warning_filter

    from hulpwijzer.known_warnings import KNOWN_HARMLESS, filters_for_pytest

    for start, entry in zip(KNOWN_HARMLESS, filters_for_pytest()):
        action, message, category, module, _ = parse_warning_filter(entry, escape=False)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            warnings.filterwarnings(action, message, category, module)
            warnings.warn(start + " and more words after it", UserWarning)
        assert caught == [], entry


def test_a_quiet_import_passes_on_new_warnings_and_drops_known_ones(tmp_path, monkeypatch):
    from hulpwijzer.known_warnings import import_without_known_harmless

    (tmp_path / "noisy_module_for_test.py").write_text(
        "import warnings\n"
        "warnings.warn('pkg_resources is deprecated as an API. See the docs.', DeprecationWarning)\n"
        "warnings.warn('Something new went wrong in this library.', UserWarning)\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        import_without_known_harmless("noisy_module_for_test")
    assert [str(w.message) for w in caught] == ["Something new went wrong in this library."]
