from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

_LOGIN_AT = "reperes_login_at"
_RENEWED_AT = "reperes_renewed_at"


class SessionLifetimeMiddleware:
    """Ends a session 12 hours after login, however active it was, and keeps an active one
    open without writing it at every request.

    The idle timeout (30 minutes) is the session's age in the session table, counted from its
    last save. The session is saved when something in it changed, and otherwise renewed at most
    once every ``REPERES_SESSION_RENEW_SECONDS`` (60): an idle session closes between 29 and
    30 minutes after its last request, and a page that changes nothing writes nothing
    (``SESSION_SAVE_EVERY_REQUEST`` is off; it cost an UPDATE and a commit per request).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            session = request.session
            started = session.get(_LOGIN_AT)
            now = timezone.now().timestamp()
            limit = settings.SESSION_ABSOLUTE_LIFETIME.total_seconds()
            if started is None:
                session[_LOGIN_AT] = now
            elif now - float(started) > limit:
                logout(request)
                return self.get_response(request)
            renewed = session.get(_RENEWED_AT)
            if renewed is None or now - float(renewed) >= settings.REPERES_SESSION_RENEW_SECONDS:
                session[_RENEWED_AT] = now  # saved, so its expiry moves 30 minutes ahead
        return self.get_response(request)


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Login is required everywhere; the JSON API authenticates by itself (session or token)
    and answers 401/403 instead of redirecting to the login page."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
