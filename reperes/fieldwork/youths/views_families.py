"""Pages of the families known to the service, and the service director's lists of
problems and responses for the current convention."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from reperes.accounts.enums import Role
from reperes.accounts.http import SignedInRequest
from reperes.core.access import get_visible_or_404
from reperes.core.form_actions import Text, run_form_action
from reperes.fieldwork.enums import ChoiceKind
from reperes.fieldwork.pages import field_service, page_of
from reperes.fieldwork.youths import actions
from reperes.fieldwork.youths.forms import (
    FamilyForm,
    FamilyLinkForm,
    ListItemForm,
)
from reperes.fieldwork.youths.lists import current_convention, has_own_list, list_items
from reperes.fieldwork.youths.models import Family, Youth
from reperes.fieldwork.youths.pages import PAGE_SIZE, _age_label, _family_url, _form_page
from reperes.partners.models import Service


# ---------------------------------------------------------------- families
def _engaged_now(today: date) -> Q:
    return Q(engaged_since__isnull=False, engaged_since__lte=today) & (
        Q(engaged_until__isnull=True) | Q(engaged_until__gte=today)
    )


@require_GET
def family_list(request: HttpRequest) -> HttpResponse:
    service = field_service(request)
    today = timezone.localdate()
    families = Family.objects.visible_to(request.user)
    counts = families.aggregate(known=Count("pk"), engaged=Count("pk", filter=_engaged_now(today)))
    kept = Q(youths__anonymised_on__isnull=True)
    rows = families.annotate(youth_count=Count("youths", filter=kept)).order_by("code")
    page = page_of(request, rows, PAGE_SIZE)
    return render(
        request,
        "fieldwork/family_list.html",
        {"service": service, "page": page, "counts": counts, "today": today},
    )


@require_http_methods(["GET", "POST"])
def family_create(request: HttpRequest) -> HttpResponse:
    service = field_service(request)
    form = FamilyForm(request.POST or None, service=service)
    return run_form_action(
        request,
        form,
        lambda: actions.create_family(request.user, service, **form.cleaned_data),
        success="La famille a été enregistrée.",
        redirect_to=_family_url,
        page=lambda: _form_page(
            request,
            form,
            "Nouvelle famille",
            reverse("fieldwork:family_list"),
            intro="Une famille est enregistrée sous un code, jamais sous son nom.",
        ),
    )


@require_GET
def family_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    family = get_visible_or_404(Family, request.user, public_id=pk)
    youths = list(
        family.youths.filter(anonymised_on__isnull=True).only(
            "public_id", "pseudonym", "gender", "birth_year", "age_band"
        )
    )
    today = timezone.localdate()
    return render(
        request,
        "fieldwork/family_detail.html",
        {
            "family": family,
            "youths": [{"youth": y, "age": _age_label(y, today)} for y in youths],
            "engaged": Family.objects.filter(pk=family.pk).filter(_engaged_now(today)).exists(),
            "link_form": FamilyLinkForm(family=family),
        },
    )


def _family_form(
    request: HttpRequest,
    family: Family,
    form: Any,
    action: Callable[..., Any],
    *,
    success: Text,
    heading: str,
    fresh: Callable[[], Any] | None = None,
) -> HttpResponse:
    """A form about one family (``run_form_action``), back to the family when done; the
    heading ends with the family's code as recorded (an edit form changes its instance's)."""
    return run_form_action(
        request,
        form,
        action,
        fresh=fresh,
        success=success,
        redirect_to=_family_url(family),
        page=lambda: _form_page(
            request,
            form,
            f"{heading} {Family.objects.get(pk=family.pk).code}",
            _family_url(family),
            family=family,
        ),
    )


@require_http_methods(["GET", "POST"])
def family_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    family = get_visible_or_404(Family, request.user, public_id=pk)
    form = FamilyForm(request.POST or None, instance=family, service=family.service)
    return _family_form(
        request,
        family,
        form,
        lambda version: actions.update_family(
            request.user, family, version=version, **form.cleaned_data
        ),
        fresh=lambda: FamilyForm(instance=Family.objects.get(pk=family.pk), service=family.service),
        success="La famille a été mise à jour.",
        heading="Modifier la famille",
    )


@require_http_methods(["GET", "POST"])
def family_link(request: HttpRequest, pk: Any) -> HttpResponse:
    """Attach a youth to the family by pseudonym (``POST``), or detach one (``retirer``)."""
    family = get_visible_or_404(Family, request.user, public_id=pk)
    if request.method == "POST" and request.POST.get("retirer"):
        youth = get_visible_or_404(Youth, request.user, public_id=request.POST["retirer"])
        try:
            actions.unlink_youth(request.user, family, youth)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, f"{youth.pseudonym} n'est plus rattaché à la famille.")
        return redirect(_family_url(family))
    form = FamilyLinkForm(request.POST or None, family=family)

    def link() -> Youth:
        assert form.youth is not None
        actions.link_youth(request.user, family, form.youth)
        return form.youth

    return _family_form(
        request,
        family,
        form,
        link,
        success=lambda youth: f"{youth.pseudonym} est rattaché à la famille.",
        heading="Rattacher un jeune à la famille",
    )


# ---------------------------------------------------------------- lists per convention
def _director_service(request: SignedInRequest) -> Service:
    service = field_service(request)
    if request.user.role != Role.SERVICE_DIRECTOR:
        raise PermissionDenied("Seule la direction du service adapte les listes.")
    return service


@require_http_methods(["GET", "POST"])
def lists_config(request: SignedInRequest) -> HttpResponse:
    """The problems and responses proposed in the service's accompaniments, per convention."""
    service = _director_service(request)
    convention = current_convention(service)
    add_forms: dict[str, ListItemForm] = {
        kind: ListItemForm(prefix=kind) for kind in (ChoiceKind.PROBLEM, ChoiceKind.RESPONSE)
    }
    if request.method == "POST":
        if convention is None:
            raise Http404("Aucune convention")
        kind = request.POST.get("liste", "")
        if kind not in ChoiceKind.values:
            messages.error(request, "Liste inconnue.")
            return redirect("fieldwork:lists")
        op = request.POST.get("op", "")
        item = request.POST.get("entree", "")
        try:
            if op == "copier":
                actions.copy_default_list(request.user, convention, kind)
                messages.success(request, "La convention a maintenant sa propre liste.")
            elif op == "ajouter":
                form = ListItemForm(request.POST, prefix=kind)
                add_forms[kind] = form
                if form.is_valid():
                    actions.add_list_item(
                        request.user, convention, kind, form.cleaned_data["label"]
                    )
                    messages.success(request, "L'entrée a été ajoutée.")
                    return redirect("fieldwork:lists")
            elif op == "basculer":
                entry = actions.toggle_list_item(request.user, convention, kind, int(item or 0))
                verb = "de nouveau proposée" if entry.active else "n'est plus proposée"
                messages.success(request, f"« {entry.label} » {verb}.")
            elif op in ("monter", "descendre"):
                actions.move_list_item(
                    request.user, convention, kind, int(item or 0), up=op == "monter"
                )
            else:
                messages.error(request, "Action inconnue.")
        except (ValidationError, ValueError) as exc:
            text = exc.messages[0] if isinstance(exc, ValidationError) else "Entrée inconnue."
            if op == "ajouter":
                add_forms[kind].add_error("label", text)
            else:
                messages.error(request, text)
        if op != "ajouter" or not add_forms[kind].errors:
            return redirect("fieldwork:lists")
    lists = []
    for kind in (ChoiceKind.PROBLEM, ChoiceKind.RESPONSE):
        items = list(list_items(convention, kind))
        lists.append(
            {
                "kind": kind,
                "label": "Problématiques" if kind == ChoiceKind.PROBLEM else "Réponses apportées",
                "own": has_own_list(convention, kind),
                "items": items,
                "form": add_forms[kind],
            }
        )
    return render(
        request,
        "fieldwork/lists_config.html",
        {"service": service, "convention": convention, "lists": lists},
    )
