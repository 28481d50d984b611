"""Response headers every page gets: nothing a signed-in user saw is kept by a cache."""

from __future__ import annotations

from django.utils.cache import add_never_cache_headers


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every page and download the application answers.

    Static files (served by WhiteNoise before this middleware) keep their long cache
    lifetime; everything else may hold a territory's figures or a security token.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        add_never_cache_headers(response)
        return response
