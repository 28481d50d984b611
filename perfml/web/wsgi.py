"""The WSGI entry point (`perfml.web.wsgi:application`) for a production server.

Loaded once by gunicorn before its workers fork (`--preload`): the year's figures are
read from the disk cache here, so that each worker answers its first request without
building or reading them.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "perfml.web.settings")
application = get_wsgi_application()

from perfml.web.warmup import warm_up  # noqa: E402  (needs Django set up)

warm_up()
