"""What every field-work page starts from: the user's service (a 404 for anyone who does
no field work, as if the pages did not exist), the user's entry in the staff register, a page
of a list."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest

from reperes.fieldwork.records import field_service_id
from reperes.partners.models import Service
from reperes.people.models import StaffMember

PAGE_SIZE = 25


def field_service(request: HttpRequest) -> Service:
    """The user's service, or a 404 for anyone who does no field work."""
    service_id = field_service_id(request.user)
    if service_id is None:
        raise Http404("Page introuvable")
    return Service.objects.get(pk=service_id)


def staff_of(user: Any) -> StaffMember | None:
    """The register entry the account is linked to, if it is in the user's service."""
    try:
        staff = user.staff_record
    except ObjectDoesNotExist:
        return None
    return staff if staff.service_id == user.service_id else None


def _page(request: HttpRequest, queryset: Any) -> Any:
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
