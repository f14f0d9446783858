"""The parts of a report the service's director writes (seed 000 annex 1: the annual review's
« éléments d'observations et de compréhension des territoires », the partnership…).

They are kept per service, report model, period and part, so that a report regenerated for a
past period shows the texts written for it. They leave the service with the report: the form
says so, since only general information may be shared with the funders (seed 001 art. 5).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import transaction

from reperes.core.models import audit

from .indicators import Period
from .models import ReportNarrative

MAX_LENGTH = 8000


def narratives_for(service: Any, model_key: str, period: Period) -> dict[str, str]:
    rows = ReportNarrative.objects.filter(
        service=service, model_key=model_key, period_key=period.key
    ).values_list("part", "text")
    return dict(rows)


def parts_of(report: Any) -> list[tuple[str, str]]:
    """The report's written parts, in reading order: (part, title)."""
    return [(n.part, n.title) for s in report.sections for n in s.narratives]


def save_narratives(
    *, service: Any, model_key: str, period: Period, texts: dict[str, str], by: Any
) -> list[str]:
    """Write the director's parts; returns the parts that changed. The audit entry names the
    parts, not their text."""
    changed = []
    report = {"service": service, "model_key": model_key, "period_key": period.key}
    with transaction.atomic():
        existing = {n.part: n for n in ReportNarrative.objects.select_for_update().filter(**report)}
        for part, text in texts.items():
            text = text.strip()
            current = existing.get(part)
            if current is None:
                if not text:
                    continue
                ReportNarrative.objects.create(**report, part=part, text=text, updated_by=by)
            elif current.text != text:
                current.text = text
                current.updated_by = by
                current.save(update_fields=["text", "updated_by", "updated_at"])
            else:
                continue
            changed.append(part)
        if changed:
            audit(
                by,
                "report.narratives",
                service,
                summary=f"Parties rédigées du rapport {model_key} ({period.key})",
                model=model_key,
                period=period.key,
                parts=changed,
            )
    return changed


class NarrativesForm(forms.Form):
    def __init__(self, parts: list[tuple[str, str]], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for part, title in parts:
            self.fields[part] = forms.CharField(
                label=title,
                required=False,
                max_length=MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 6}),
                error_messages={
                    "max_length": f"Ce texte dépasse {MAX_LENGTH} caractères (%(show_value)d)."
                },
            )
