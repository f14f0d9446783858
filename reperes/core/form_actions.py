"""One way for a view to act on a form (issue 15, "one way to act").

A view that writes builds its form(s), then hands ``run_form_action`` the named action to run
when they are valid. The helper does, in this order, what every form view used to write again:

1. on POST, validates the form and the forms beside it (formsets);
2. runs the named action (which writes its audit entry in its own transaction); with
   ``fresh``, through ``save_unless_changed`` so that an edit opened on an older version is
   refused with the fields changed in between (``reperes.core.locking``);
3. shows an action's refusal (``ValidationError``) on the form: on its field when the form
   has it, else above the form (on a formset, above its rows), keeping what was typed;
4. on success, says so in French (``messages``) and redirects;
5. under htmx with a ``partial``, answers the partial instead of the whole page: the form with
   its errors, or the fresh partial with the success notice.

Permission checks stay in the view, before the helper is called: they decide whether the
page exists at all for the person, the helper only runs what they may do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .locking import LockedFormMixin, save_unless_changed, show_refusal

T = TypeVar("T")

Text = str | Callable[[Any], str]


def _resolve(value: Any, result: Any) -> Any:
    return value(result) if callable(value) else value


def run_form_action(
    request: HttpRequest,
    form: Any,
    action: Callable[..., T],
    *,
    success: Text,
    redirect_to: Text,
    page: Callable[[], HttpResponse],
    with_forms: Iterable[Any] = (),
    fresh: Callable[[], LockedFormMixin] | None = None,
    level: int | Callable[[Any], int] = messages.SUCCESS,
    partial: Callable[..., HttpResponse] | None = None,
    refused: Callable[[ValidationError], None] | None = None,
) -> HttpResponse:
    """Run ``action`` when ``form`` (and every form of ``with_forms``) is valid on a POST.

    - ``action()`` returns what was written (``action(version)`` with ``fresh``: the version
      the edit form was opened on, and ``fresh()`` builds the form on the record as it is now).
    - ``success`` and ``redirect_to``: the French message and the URL, or functions of what the
      action returned; an empty message says nothing. ``level`` is the message's level.
    - ``page()``: the page with the form, on GET and when something was refused.
    - ``partial(form=...)`` / ``partial(notice=...)``: the htmx answer, when the page offers one.
    - ``refused(exc)``: where the action's refusal is shown when it is not on ``form`` (a
      formset beside it, the list above the page); by default ``show_refusal(form, exc)``.
    """
    htmx = partial is not None and bool(getattr(request, "htmx", False))
    if request.method == "POST" and all([form.is_valid(), *(f.is_valid() for f in with_forms)]):
        done, result = _run(form, action, fresh, refused)
        if done:
            text = _resolve(success, result)
            if htmx:
                assert partial is not None
                return partial(notice=text)
            if text:
                messages.add_message(request, _resolve(level, result), text)
            return redirect(_resolve(redirect_to, result))
    if htmx:
        assert partial is not None
        return partial(form=form)
    return page()


def form_page(
    request: HttpRequest, template_name: str, /, **context: Any
) -> Callable[[], HttpResponse]:
    """The ``page`` of ``run_form_action`` when it is a template and its context (which may
    hold a ``template`` or a ``request`` of its own: the first two are positional only)."""
    return lambda: render(request, template_name, context)


def _run(
    form: Any,
    action: Callable[..., Any],
    fresh: Callable[[], LockedFormMixin] | None,
    refused: Callable[[ValidationError], None] | None,
) -> tuple[bool, Any]:
    if fresh is not None:
        saved: list[Any] = []
        done = save_unless_changed(form, lambda version: saved.append(action(version)), fresh)
        return done, saved[-1] if done else None
    try:
        return True, action()
    except ValidationError as exc:
        if refused is not None:
            refused(exc)
        else:
            show_refusal(form, exc)
        return False, None
