"""The demonstration server: Django's threaded development server, static files included,
with a listen queue deep enough for a few dozen simultaneous clients.

Django's `runserver` queues 10 connections; beyond that the kernel drops new ones and the
browser retries a second later. For production, see docs/application-web.md (a WSGI
server such as gunicorn behind an HTTPS reverse proxy).

    python -m perfml.web.server [--port 8000]
"""

from __future__ import annotations

import argparse
import os

LISTEN_QUEUE = 128
HOST = "127.0.0.1"  # the demonstration server listens on the loopback only


def serve(port: int = 8000) -> None:
    """Serve the application on http://127.0.0.1:`port` until interrupted."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "perfml.web.settings")
    import django

    django.setup()
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.servers.basehttp import WSGIServer, get_internal_wsgi_application, run

    class DeepQueueServer(WSGIServer):
        request_queue_size = LISTEN_QUEUE

    handler = StaticFilesHandler(get_internal_wsgi_application())
    run(HOST, port, handler, threading=True, server_cls=DeepQueueServer)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Serveur de démonstration de perfml.")
    parser.add_argument("--port", type=int, default=8000)
    serve(parser.parse_args().port)
