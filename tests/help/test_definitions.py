"""Every indicator of the catalogue says what it counts; every unit has its French label."""

from reperes.reporting.catalogue import INDICATORS, Unit


def test_every_indicator_has_a_definition():
    assert len(INDICATORS) > 40
    for indicator in INDICATORS:
        assert len(indicator.definition.strip()) > 40, indicator.code
        assert indicator.definition.rstrip().endswith("."), indicator.code


def test_units_have_french_labels():
    assert Unit.PEOPLE.label == "personnes"
    assert Unit.ENCOUNTERS.label == "rencontres"
    assert Unit.HOURS.label == "heures"
    assert Unit.FTE.label == "ETP"
    assert all(unit.label for unit in Unit)


def test_youths_met_counts_persons_and_contacts_count_encounters():
    from reperes.reporting.catalogue import indicator

    met = indicator("youths.met")
    assert met.unit is Unit.PEOPLE
    assert "Chaque jeune compte une fois" in met.definition
    contacts = indicator("contacts")
    assert contacts.unit is Unit.ENCOUNTERS
    assert "jamais des personnes" in contacts.definition
