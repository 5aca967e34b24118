"""`make bench`: speed and memory of the bot against the stock `rasa init` bot, in one run.

See docs/performance.md for what is measured, the latest figures and how to read them.
"""
