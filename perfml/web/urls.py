"""The application's addresses (French paths)."""

from django.urls import include, path

from perfml.web.home import home

urlpatterns = [
    path("", home, name="home"),
    path("", include("perfml.web.accounts.urls")),
    path("", include("perfml.web.steering.urls")),
    path("dialogue/", include("perfml.web.dialogue.urls")),
    path("financement/", include("perfml.web.funding.urls")),
    path("garantie-jeunes/", include("perfml.web.gj.urls")),
    path("telechargements/", include("perfml.web.downloads.urls")),
]
