"""What every field-work page starts from: the user's service (a 404 for anyone who does
no field work, as if the pages did not exist), the user's entry in the staff register, a page
of a list."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

from reperes.core.access import get_visible_or_404
from reperes.fieldwork.records import field_service_id
from reperes.partners.models import Service
from reperes.people.models import StaffMember

PAGE_SIZE = 25

M = TypeVar("M", bound=Model)


def field_service(request: HttpRequest) -> Service:
    """The user's service, or a 404 for anyone who does no field work."""
    if field_service_id(request.user) is None:
        raise Http404("Page introuvable")
    # field_service_id names the account's own service, read with the account
    # (reperes.accounts.backends.AccountBackend.get_user).
    service = getattr(request.user, "service", None)
    assert isinstance(service, Service)  # field_service_id is not None: the account has one
    return service


def staff_of(user: Any) -> StaffMember | None:
    """The register entry the account is linked to, if it is in the user's service."""
    try:
        staff = user.staff_record
    except ObjectDoesNotExist:
        return None
    return staff if staff.service_id == user.service_id else None


def page_of(request: HttpRequest, queryset: Any, size: int = PAGE_SIZE) -> Any:
    """The page of a list that ``?page=`` asks for (the last one past the end)."""
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def create_and_edit(
    form_page: Callable[[HttpRequest, Service, M | None], HttpResponse],
    model: type[M],
    lookup: str = "pk",
) -> tuple[Callable[[HttpRequest], HttpResponse], Callable[[HttpRequest, Any], HttpResponse]]:
    """The two views of a record's form page: a new record of the user's service, and one the
    user may see, found by ``lookup`` (a 404 otherwise)."""

    @require_http_methods(["GET", "POST"])
    def create(request: HttpRequest) -> HttpResponse:
        return form_page(request, field_service(request), None)

    @require_http_methods(["GET", "POST"])
    def edit(request: HttpRequest, pk: Any) -> HttpResponse:
        record = get_visible_or_404(model, request.user, **{lookup: pk})
        return form_page(request, field_service(request), record)

    return create, edit
