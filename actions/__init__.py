"""Custom actions of the Hulpwijzer (run by `rasa run actions --actions actions`).

rasa-sdk registers every Action subclass in this package's modules.
"""

