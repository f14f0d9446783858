"""The request a signed-in page receives, for type checking.

``LoginRequiredMiddleware`` (``reperes.core.middleware``) lets no anonymous request reach a
view that is not marked ``login_not_required``, so such a view's ``request.user`` is an account;
``django_htmx.middleware.HtmxMiddleware`` sets ``request.htmx`` on every request.
"""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from reperes.accounts.models import User


class SignedInRequest(HttpRequest):
    user: User
    htmx: HtmxDetails
