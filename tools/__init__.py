"""Developer tooling: setup, training, starting and stopping the bot."""
