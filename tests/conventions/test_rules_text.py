"""How the convention page reads the delays a convention states (and leaves out those it
does not)."""

from __future__ import annotations

from datetime import date

import pytest

from reperes.conventions.models import Convention
from reperes.conventions.rules_text import clause_readings


def _readings(**delays):
    convention = Convention(
        title="Convention",
        period_kind="fixed",
        starts_on=date(2024, 1, 1),
        ends_on=date(2026, 12, 31),
        **delays,
    )
    return dict(clause_readings(convention))


def test_each_stated_delay_is_read_and_an_unstated_one_left_out():
    readings = _readings(
        withdrawal_notice_value=3,
        withdrawal_notice_unit="months",
        termination_delay_value=15,
        termination_delay_unit="days",
    )
    assert readings["Période"] == "Commence le 01/01/2024, se termine le 31/12/2026 inclus."
    assert readings["Dénonciation"] == (
        "Préavis de 3 mois à compter de la réception de la lettre recommandée."
    )
    assert "Mise en demeure" not in readings
    assert readings["Résiliation"].startswith("Prend effet 15 jours après réception")


@pytest.mark.parametrize(
    ("value", "reading"),
    [
        (0, "À tout moment, avec effet à réception."),
        (1, "Préavis de 1 mois à compter de la réception de la lettre recommandée."),
    ],
)
def test_a_withdrawal_without_notice_takes_effect_on_receipt(value, reading):
    assert (
        _readings(withdrawal_notice_value=value, withdrawal_notice_unit="months")["Dénonciation"]
        == reading
    )


def test_a_formal_notice_gives_the_party_at_fault_its_delay():
    readings = _readings(formal_notice_value=1, formal_notice_unit="months")
    assert readings["Mise en demeure"].startswith("La partie fautive dispose de 1 mois après")
    assert list(readings) == ["Période", "Mise en demeure", "Computation des délais"]
