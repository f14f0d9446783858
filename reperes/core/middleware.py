from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.http import HttpRequest, HttpResponse

_LOGIN_AT = "reperes_login_at"


class SessionLifetimeMiddleware:
    """Ends a session 12 hours after login, however active it was.

    The idle timeout (30 minutes) is the session cookie age, renewed on every request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            started = request.session.get(_LOGIN_AT)
            now = time.time()
            limit = settings.SESSION_ABSOLUTE_LIFETIME.total_seconds()
            if started is None:
                request.session[_LOGIN_AT] = now
            elif now - float(started) > limit:
                logout(request)
        return self.get_response(request)


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Login is required everywhere; the JSON API authenticates by itself (session or token)
    and answers 401/403 instead of redirecting to the login page."""

    def process_view(self, request, view_func, view_args, view_kwargs):  # type: ignore[no-untyped-def]
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
