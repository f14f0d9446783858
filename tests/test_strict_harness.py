"""The test harness is strict: an undefined template variable stops the test, whichever way
the template is rendered (a view, ``render_to_string`` for e-mails and the PDFs WeasyPrint
prints, a template from a string)."""

from __future__ import annotations

import pytest
from django.template import TemplateSyntaxError, engines
from django.template.backends.django import DjangoTemplates
from django.template.loader import render_to_string


def test_one_template_engine_and_it_is_strict():
    """Every rendering goes through the one engine of the settings (``render_to_string``,
    ``render``, e-mails and PDFs alike): a second engine would escape the strict setting."""
    engine = engines.all()
    assert [type(e) for e in engine] == [DjangoTemplates]
    with pytest.raises(TemplateSyntaxError, match="non définie : missing.name"):
        engines["django"].from_string("Bonjour {{ missing.name }}").render({})


def test_a_filter_does_not_hide_an_undefined_variable():
    with pytest.raises(TemplateSyntaxError, match="non définie : missing"):
        engines["django"].from_string('{{ missing|default:"—" }}').render({})


def test_render_to_string_is_strict(tmp_path, settings):
    (tmp_path / "strict.txt").write_text("Objet : {{ subject }} {{ sender.name }}")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    assert render_to_string("strict.txt", {"subject": "Réunion", "sender": {"name": "Sam"}}) == (
        "Objet : Réunion Sam"
    )
    with pytest.raises(TemplateSyntaxError, match="non définie : sender.name"):
        render_to_string("strict.txt", {"subject": "Réunion"})


def test_conditions_still_read_an_undefined_variable_as_empty():
    """As in production: ``{% if %}`` and ``{% for %}`` take an undefined variable as empty."""
    template = engines["django"].from_string(
        "{% if missing %}oui{% else %}non{% endif %}{% for x in missing %}{{ x }}{% endfor %}"
    )
    assert template.render({}) == "non"


def test_a_missing_route_module_stops_the_permission_matrix(monkeypatch):
    """Every app's routes are loaded, none skipped: a route module that cannot be imported
    fails the matrix instead of leaving its pages out of it."""
    from tests import matrix

    monkeypatch.setattr(matrix, "ROUTE_MODULES", (*matrix.ROUTE_MODULES, "tests.nowhere.routes"))
    with pytest.raises(ModuleNotFoundError, match="tests.nowhere"):
        matrix.load_route_modules({}, {}, set())
