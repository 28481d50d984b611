"""What every response carries for its security: no caching, the CSP nonce of its scripts."""

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


def csp_nonce(request) -> dict:
    """The request's CSP nonce, as a string, for the templates' scripts.

    django-csp's nonce is lazy and reads as false until used: the design system's script
    tag (which tests it before writing it) would otherwise go out without it. Using it
    here also puts it in the response's Content-Security-Policy header.
    """
    nonce = getattr(request, "csp_nonce", None)
    return {"csp_nonce": str(nonce) if nonce is not None else ""}
