"""The checks of an aggregate submission (``reperes.rules.submission_checks``), on the seed 001
« Activité 2022 » figures and on generated ones."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from reperes.rules.submission_checks import (
    Check,
    Severity,
    blocking,
    check_hours_plausible,
    check_identical_services,
    check_not_negative,
    check_totals,
    check_year_on_year,
    french_number,
    group_identical_services,
    identical_codes,
)
from tests.properties import examples

SETTINGS = examples(200)
D = Decimal
PARTS = {"hours": ["hours.a", "hours.b", "hours.c"]}
counts = st.integers(min_value=0, max_value=100_000).map(D)

# Seed 001, « Répartition de l'activité par SPS », street work / individual / collective /
# writing hours.
ETAPLES = {"street": D(572), "individual": D(917), "collective": D(1691), "writing": D(710)}
LIEVIN = {"street": D(572), "individual": D(917), "collective": D(1691), "writing": D(710)}
CALAIS = {"street": D(1639), "individual": D(805), "collective": D(1417), "writing": D(637)}


def test_french_number():
    assert french_number(D(12968)) == "12\u202f968"
    assert french_number(D("3.83")) == "3,83"
    assert french_number(D("1.10")) == "1,1"


@SETTINGS
@given(st.lists(counts, min_size=3, max_size=3))
def test_a_total_equal_to_its_parts_passes(parts):
    values = {"hours": sum(parts, D(0)), **dict(zip(PARTS["hours"], parts, strict=True))}
    assert check_totals(values, PARTS.items()) == []


@SETTINGS
@given(st.lists(counts, min_size=3, max_size=3), st.integers(min_value=1, max_value=1000))
def test_a_total_off_by_anything_is_an_error(parts, delta):
    values = {"hours": sum(parts, D(0)) + delta, **dict(zip(PARTS["hours"], parts, strict=True))}
    [finding] = check_totals(values, PARTS.items())
    assert finding.severity is Severity.ERROR
    assert finding.check is Check.TOTALS
    assert finding.codes[0] == "hours"


def test_a_part_left_nr_may_hold_the_difference_but_not_exceed_the_total():
    # Harnes 2022: « Écrits professionnels » reads « Dans les accompagnements individuels ».
    values = {"hours": D(4836), "hours.a": D(4000), "hours.b": None, "hours.c": D(836)}
    assert check_totals(values, PARTS.items()) == []
    values["hours.a"] = D(4001)
    [finding] = check_totals(values, PARTS.items(), {"hours": "Heures"})
    assert "4\u202f837" in finding.message
    assert "« Heures »" in finding.message


def test_a_total_left_nr_is_not_checked():
    assert check_totals({"hours": None, "hours.a": D(3)}, PARTS.items()) == []


@SETTINGS
@given(st.dictionaries(st.text(min_size=1, max_size=5), st.integers(-50, 50).map(D)))
def test_every_negative_value_and_only_those_is_an_error(values):
    findings = check_not_negative(values)
    assert {f.codes[0] for f in findings} == {c for c, v in values.items() if v < 0}
    assert all(f.is_error for f in findings)


def test_hours_of_arras_2022_are_implausible_for_its_staff():
    # 12 968 h for 3,83 ETP of social workers: 2,1 times the legal 1 607 h.
    [finding] = check_hours_plausible(D(12968), D("3.83"))
    assert finding.severity is Severity.WARNING
    assert "1\u202f607" in finding.message
    assert "3,83 ETP" in finding.message
    assert "6\u202f770 h au plus" in finding.message


def test_hours_of_etaples_2022_are_plausible():
    assert check_hours_plausible(D(4894), D(4)) == []


@SETTINGS
@given(
    st.decimals(min_value=0, max_value=20, places=2),
    st.decimals(min_value=0, max_value=50_000, places=0),
)
def test_hours_flagged_exactly_above_the_ceiling(fte, hours):
    flagged = bool(check_hours_plausible(hours, fte))
    assert flagged == (hours > 0 and hours > fte * D(1607) * D("1.1"))


def test_hours_without_staff_figure_are_not_checked():
    assert check_hours_plausible(D(5000), None) == []
    assert check_hours_plausible(None, D(3)) == []


def test_a_change_beyond_thirty_percent_needs_an_explanation():
    [finding] = check_year_on_year({"x": D(140), "y": D(129)}, {"x": D(100), "y": D(100)})
    assert finding.codes == ("x",)
    assert finding.needs_explanation
    assert "(+40\u202f%)" in finding.message
    assert blocking([finding], {}) == [finding]
    assert blocking([finding], {"x": "   "}) == [finding]
    assert blocking([finding], {"x": "Un éducateur de plus depuis mars."}) == []


def test_a_rise_from_zero_needs_an_explanation():
    [finding] = check_year_on_year({"x": D(12)}, {"x": D(0)})
    assert finding.needs_explanation


@SETTINGS
@given(counts.filter(lambda v: v > 0), st.decimals(min_value=-1, max_value=2, places=2))
def test_year_on_year_flags_exactly_beyond_the_threshold(before, change):
    now = (before * (1 + change)).quantize(D(1))
    if now < 0:
        return
    flagged = bool(check_year_on_year({"x": now}, {"x": before}))
    assert flagged == (abs((now - before) / before) > D("0.30"))


def test_warnings_without_explanation_other_than_changes_do_not_block():
    [finding] = check_hours_plausible(D(12968), D("3.83"))
    assert blocking([finding], {}) == []


def test_etaples_and_lievin_2022_look_copied_and_calais_does_not():
    found = check_identical_services(
        {"SPS Etaples": ETAPLES, "SPS Liévin": LIEVIN, "SPS Calais": CALAIS}
    )
    [etaples] = found["SPS Etaples"]
    [lievin] = found["SPS Liévin"]
    assert found["SPS Calais"] == []
    assert "SPS Liévin" in etaples.message
    assert "SPS Etaples" in lievin.message
    assert "572, 917, 1\u202f691, 710" in etaples.message
    assert set(etaples.codes) == set(ETAPLES)


def test_zeros_and_nr_do_not_count_as_identical():
    first = {"a": D(0), "b": None, "c": D(3), "d": D(4)}
    second = {"a": D(0), "b": None, "c": D(3), "d": D(4)}
    assert identical_codes(first, second) == ["c", "d"]
    assert check_identical_services({"A": first, "B": second}) == {"A": [], "B": []}


@SETTINGS
@given(st.dictionaries(st.sampled_from("abcdef"), counts), st.integers(min_value=1, max_value=6))
def test_identical_flag_is_symmetric_and_counts_nonzero_values(values, minimum):
    found = check_identical_services({"A": values, "B": dict(values)}, min_identical=minimum)
    nonzero = [c for c, v in values.items() if v != 0]
    assert bool(found["A"]) == bool(found["B"]) == (len(nonzero) >= minimum)


def test_three_services_sharing_figures_make_one_warning_naming_the_three():
    groups = group_identical_services(
        {
            "SPS Etaples": ETAPLES,
            "SPS Liévin": LIEVIN,
            "SPS Lens": dict(ETAPLES),
            "SPS Calais": CALAIS,
        }
    )
    [group] = groups
    assert group.names == ("SPS Etaples", "SPS Lens", "SPS Liévin")
    assert group.message.startswith(
        "SPS Etaples, SPS Lens et SPS Liévin déclarent les mêmes chiffres pour 4 indicateurs "
        "(572, 917, 1\u202f691, 710)"
    )
    found = check_identical_services(
        {
            "SPS Etaples": ETAPLES,
            "SPS Liévin": LIEVIN,
            "SPS Lens": dict(ETAPLES),
            "SPS Calais": CALAIS,
        }
    )
    assert found["SPS Calais"] == []
    assert found["SPS Etaples"] == found["SPS Lens"] == found["SPS Liévin"] == [group.finding()]


def test_services_sharing_only_part_of_their_figures_are_grouped_on_the_shared_part():
    lens = {**ETAPLES, "writing": D(711), "other": D(5)}
    [group] = group_identical_services({"SPS Etaples": ETAPLES, "SPS Lens": lens})
    assert group.codes == ("street", "individual", "collective")
    assert group.figures == (D(572), D(917), D(1691))


def test_300_services_of_which_150_identical_pairs_give_150_warnings():
    # Every service its own figures (no three shared with any other) except the pairs: the
    # check names each pair once, not 300 × 299 comparisons' worth of warnings.
    services = {}
    for pair in range(150):
        figures = {code: D(1000 * pair + i + 1) for i, code in enumerate("abcd")}
        services[f"Service {pair:03d} A"] = figures
        services[f"Service {pair:03d} B"] = dict(figures)
    groups = group_identical_services(services)
    assert len(groups) == 150
    assert all(
        len(group.names) == 2 and group.names[0][:11] == group.names[1][:11] for group in groups
    )
    found = check_identical_services(services)
    assert sum(len(findings) for findings in found.values()) == 300  # one per service


@SETTINGS
@given(
    st.lists(
        st.dictionaries(st.sampled_from("abcdef"), st.integers(min_value=0, max_value=3).map(D)),
        max_size=8,
    ),
    st.integers(min_value=1, max_value=4),
)
def test_grouping_flags_exactly_the_pairs_sharing_enough_figures(figures, minimum):
    services = {f"S{i}": values for i, values in enumerate(figures)}
    groups = group_identical_services(services, min_identical=minimum)
    flagged = {(a, b) for group in groups for a in group.names for b in group.names if a < b}
    names = sorted(services)
    expected = {
        (a, b)
        for i, a in enumerate(names)
        for b in names[i + 1 :]
        if len(identical_codes(services[a], services[b])) >= minimum
    }
    assert flagged == expected
    for group in groups:
        assert len(group.codes) >= minimum
        for name in group.names:
            assert all(
                services[name][c] == v for c, v in zip(group.codes, group.figures, strict=True)
            )
