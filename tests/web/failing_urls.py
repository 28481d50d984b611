"""A URL whose view fails (the test that every 500 reaches the server's log)."""

from django.urls import path


def broken(request):
    raise RuntimeError("panne simulée")


urlpatterns = [path("panne/", broken)]
