"""Settings for `manage.py` on a developer's machine: the base settings with DEBUG on unless the environment says
otherwise (so `manage.py makemigrations`, `shell`, `seed_demo` … work in a fresh checkout without a SECRET_KEY).

Servers never load this module: gunicorn (wsgi.py) and Celery (celery.py) use `campaign_portal.settings.base`, where
DEBUG defaults to off and a missing SECRET_KEY stops the process. On a server, run manage.py with DEBUG=false (or
DJANGO_SETTINGS_MODULE=campaign_portal.settings.base), as `make serve` does.
"""

import os

os.environ.setdefault("DEBUG", "true")

from campaign_portal.settings.base import *  # noqa: E402,F403
