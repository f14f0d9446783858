"""Every field a page shows has a label a screen reader announces (RGAA 11.1): a
``<label for>`` naming its id, a ``<label>`` around it, or ``aria-label`` /
``aria-labelledby``. Used by the form-page tests."""

from __future__ import annotations

from html.parser import HTMLParser

UNLABELLED_TYPES = {"hidden", "submit", "button", "reset", "image"}


class _Fields(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.fields: list[dict[str, str]] = []
        self.label_for: set[str] = set()
        self.labelled_by_ids: set[str] = set()
        self.open_labels = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "label":
            self.open_labels += 1
            if attributes.get("for"):
                self.label_for.add(attributes["for"])
        elif tag in ("input", "select", "textarea"):
            if tag == "input" and attributes.get("type", "text") in UNLABELLED_TYPES:
                return
            self.fields.append({**attributes, "_in_label": "yes" if self.open_labels else ""})

    def handle_endtag(self, tag: str) -> None:
        if tag == "label" and self.open_labels:
            self.open_labels -= 1


def unlabelled_fields(html: str) -> list[str]:
    """The names of the fields of ``html`` without a label."""
    parser = _Fields()
    parser.feed(html)
    return [
        field.get("name") or field.get("id") or "?"
        for field in parser.fields
        if not (
            field["_in_label"]
            or field.get("aria-label", "").strip()
            or field.get("aria-labelledby", "").strip()
            or (field.get("id") and field["id"] in parser.label_for)
        )
    ]


def shown_fields(html: str) -> set[str]:
    """The names of the fields ``html`` shows (hidden inputs and buttons left out)."""
    parser = _Fields()
    parser.feed(html)
    return {field["name"] for field in parser.fields if field.get("name")}
