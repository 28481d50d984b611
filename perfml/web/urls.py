"""The application's addresses (French paths)."""

from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from perfml.web import legal
from perfml.web.accounts.proconnect import is_enabled
from perfml.web.accounts.views import proconnect_refusal
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
    path("proconnect/refus/", proconnect_refusal, name="proconnect_refusal"),
]

if is_enabled():
    from mozilla_django_oidc.views import (
        OIDCAuthenticationCallbackView,
        OIDCAuthenticationRequestView,
    )

    # mozilla-django-oidc's views, open before login (names are the ones it reverses).
    urlpatterns += [
        path(
            "proconnect/connexion/",
            login_not_required(OIDCAuthenticationRequestView.as_view()),
            name="oidc_authentication_init",
        ),
        path(
            "proconnect/retour/",
            login_not_required(OIDCAuthenticationCallbackView.as_view()),
            name="oidc_authentication_callback",
        ),
    ]
