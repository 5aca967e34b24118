"""Custom actions of the Hulpwijzer (run by `rasa run actions --actions actions`).

rasa-sdk registers every Action subclass in this package's modules.
"""
from hulpwijzer.known_warnings import hide_known_harmless

hide_known_harmless()  # the known harmless third-party warnings (hulpwijzer/known_warnings.py)

