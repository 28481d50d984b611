"""The application's addresses (French paths)."""

from django.urls import include, path

from perfml.web import legal
from perfml.web.home import home

legal_patterns = (
    [
        path("accessibilite/", legal.accessibility, name="accessibility"),
        path("mentions-legales/", legal.legal_notice, name="notice"),
        path("donnees-personnelles/", legal.personal_data, name="personal_data"),
    ],
    "legal",
)

urlpatterns = [
    path("", home, name="home"),
    path("", include("perfml.web.accounts.urls")),
    path("", include("perfml.web.steering.urls")),
    path("dialogue/", include("perfml.web.dialogue.urls")),
    path("financement/", include("perfml.web.funding.urls")),
    path("garantie-jeunes/", include("perfml.web.gj.urls")),
    path("telechargements/", include("perfml.web.downloads.urls")),
    path("", include(legal_patterns)),
]
