"""Small, measured fixes to Rasa 3.6 itself, applied in the Rasa server process.

They were checked against the exact versions in versions.py: on any other version the Rasa
server stops at start with a message saying what differs. They are installed when the Rasa server loads our channels (hulpwijzer/rasa_server/channels/guarded.py),
which every served bot does. See docs/performance.md for the measurements behind them.
"""
from hulpwijzer.known_warnings import hide_known_harmless
from hulpwijzer.rasa_server.compat.action_response_validation import install as _install_action_response_validation
from hulpwijzer.rasa_server.compat.graph_runner import install as _install_graph_runner
from hulpwijzer.rasa_server.compat.spacy_model_cache import install as _install_spacy_model_cache
from hulpwijzer.rasa_server.compat.versions import require_checked_versions


def install() -> None:
    require_checked_versions()
    hide_known_harmless()
    _install_action_response_validation()
    _install_spacy_model_cache()
    _install_graph_runner()
