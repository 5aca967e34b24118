"""The WSGI application (served by waitress in hulpwijzer/beheer/serve.py)."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hulpwijzer.beheer.settings")
application = get_wsgi_application()
