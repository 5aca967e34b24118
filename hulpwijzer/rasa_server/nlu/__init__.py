"""Our own steps in the Rasa NLU pipeline (bot/config.yml)."""
