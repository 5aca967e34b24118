"""python -m hulpwijzer.beheer.manage <command> (Django's manage.py)."""
import os
import sys

from django.core.management import execute_from_command_line

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hulpwijzer.beheer.settings")
    execute_from_command_line(sys.argv)
