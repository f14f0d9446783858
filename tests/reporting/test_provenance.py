"""Provenance against the engine: for each kind of table origin, the records behind a cell
weigh exactly what ``compute`` put in it (persons, tallies, hours), on the hand-computed
fixture (tests/reporting/report_fixture.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from reperes.reporting import provenance as prov
from reperes.reporting.indicators import DIMENSION_LABELS, Period, Scope, compute
from tests.reporting import report_fixture

PERIOD = Period.year(2024)


@pytest.fixture
def scope(services, data):
    return Scope.for_service(services[0])


@pytest.fixture
def figures(scope):
    return compute(scope, PERIOD)


def _cell(scope, origin, row, column=0):
    return prov.provenance(scope, PERIOD, origin, row, column)


def _grid_origin(dist, name, row_dim, col_dim):
    rows = [*dist.keys_of(row_dim), None]
    columns = [*dist.keys_of(col_dim), None] if col_dim else []
    return {
        "kind": "distribution",
        "distribution": name,
        "row_dimension": row_dim,
        "row_codes": rows,
        "column_dimension": col_dim,
        "column_codes": columns,
    }


def _expected(dist, row_dim, row_code, col_dim, col_code):
    total = 0
    r = dist.dimensions.index(row_dim)
    c = dist.dimensions.index(col_dim) if col_dim else None
    for key, value in dist.counts.items():
        if row_code is not None and key[r] != row_code:
            continue
        if c is not None and col_code is not None and key[c] != col_code:
            continue
        total += value
    return total


@pytest.mark.parametrize(
    ("name", "row_dim", "col_dim"),
    [
        ("met", "age_band", "gender"),
        ("met", "place", "gender"),
        ("contacts", "gender", None),
        ("accompanied", "age_band", "gender"),
        ("accompanied", "place", "situation"),
        ("accompaniments", "entry_mode", None),
        ("accompaniments", "duration", "new"),
        ("problems", "label", None),
        ("responses", "label", None),
        ("collective_categories", "category", None),
        ("partnership", "partner_kind", None),
        ("sessions", "place", "session_kind"),
        ("session_hours", "session_kind", "place"),
    ],
)
def test_distribution_cells_weigh_what_the_engine_counted(scope, figures, name, row_dim, col_dim):
    dist = figures.distributions[name]
    origin = _grid_origin(dist, name, row_dim, col_dim)
    columns = origin["column_codes"] or [None]
    checked = 0
    for i, row_code in enumerate(origin["row_codes"]):
        for j, col_code in enumerate(columns):
            expected = _expected(dist, row_dim, row_code, col_dim, col_code)
            found = _cell(scope, origin, i, j)
            assert found.total == expected, (name, row_code, col_code)
            checked += 1
    assert checked > 1
    assert dist.total() > 0


def test_values_cells_weigh_what_the_engine_counted(scope, figures):
    codes = [
        *report_fixture.EXPECTED_2024,
        *report_fixture.EXPECTED_EXTRA_2024,
    ]
    origin = {"kind": "values", "codes": codes}
    for index, code in enumerate(codes):
        expected = figures.values.get(code, figures.extra.get(code))
        found = _cell(scope, origin, index)
        assert found.total == expected, code
        assert found.definition, code


def test_time_cells(scope, figures):
    codes = [*figures.distributions["time"].keys_of("time"), None]
    origin = {"kind": "time", "codes": codes}
    for index, code in enumerate(codes):
        expected = figures.values["time" if code is None else f"time.{code}"]
        assert _cell(scope, origin, index, 0).total == expected
    share = _cell(scope, origin, 0, 1)
    assert share.note
    assert share.total == figures.values[f"time.{codes[0]}"]


def test_actions_cells(scope, figures):
    actions = list(figures.actions)
    assert actions
    for by, attr in (("age_band", "by_age_band"), ("place", "by_place")):
        columns = sorted({c for a in actions for c in getattr(a, attr)})
        origin = {
            "kind": "actions",
            "action_pks": [a.pk for a in actions],
            "by": by,
            "column_codes": [*columns, None],
        }
        for i, action in enumerate(actions):
            for j, code in enumerate(origin["column_codes"]):
                expected = (
                    action.participants if code is None else getattr(action, attr).get(code, 0)
                )
                assert _cell(scope, origin, i, j).total == expected, (action.title, code)


def test_sessions_cells(scope, figures):
    sessions = figures.distributions["sessions"]
    hours = figures.distributions["session_hours"]
    pairs = [
        [kind, place]
        for place in sessions.keys_of("place")
        for kind in sessions.keys_of("session_kind")
        if sessions.get(kind, place)
    ]
    origin = {"kind": "sessions", "rows": [*pairs, None]}
    for i, pair in enumerate(origin["rows"]):
        count = sessions.total() if pair is None else sessions.get(*pair)
        spent = hours.total() if pair is None else hours.get(*pair)
        assert _cell(scope, origin, i, 0).total == count
        assert _cell(scope, origin, i, 1).total == spent
    assert sessions.total() == 2


def test_labels_cells(scope, figures):
    present = figures.distributions["problems"].margin("label")
    labels = sorted(present) + ["Logement"]
    origin = {"kind": "labels", "list": "problems", "labels": labels}
    for i, label in enumerate(labels):
        assert _cell(scope, origin, i).total == present.get(label, 0), label


def test_youths_under_their_pseudonym_only(scope, data):
    y1 = data["youths"][0]
    y1.last_name = "Durandal"
    y1.first_name = "Clémentine"
    y1.identity_consent_on = date(2024, 3, 1)
    y1.save()
    found = _cell(scope, {"kind": "values", "codes": ["youths.accompanied"]}, 0)
    text = " ".join(f"{r.reference} {r.detail}" for r in found.records)
    assert y1.pseudonym in text
    assert "Durandal" not in text
    assert "Clémentine" not in text
    # Age at the period's end, as the engine reads it: Y1 (born 2008) is 16 on 31/12/2024.
    assert f"{DIMENSION_LABELS['age_band']['15-17']} au 31 décembre 2024" in text


def test_unknown_cells_are_refused(scope):
    origin = {"kind": "values", "codes": ["contacts"]}
    with pytest.raises(prov.UnknownCell):
        _cell(scope, origin, 3)
    with pytest.raises(prov.UnknownCell):
        _cell(scope, origin, 0, 1)
    with pytest.raises(prov.UnknownCell):
        _cell(scope, {"kind": "nothing"}, 0)


def test_period_rules_are_the_engines(scope, data):
    """A youth first met on the period's first day counts; the day before does not."""
    from tests.fieldwork.factories import YouthFactory

    service_id = scope.service_ids[0]
    YouthFactory(service_id=service_id, first_met_on=date(2024, 1, 1))
    YouthFactory(service_id=service_id, first_met_on=date(2023, 12, 31))
    figures = compute(scope, PERIOD)
    found = _cell(scope, {"kind": "values", "codes": ["youths.first_met"]}, 0)
    assert found.total == figures.extra["youths.first_met"] == 3
    assert found.total == Decimal(3)


def test_age_band_is_read_at_the_periods_last_day(scope):
    """A youth born in 2006 is 17 in 2023 and 18 in 2024: over a period from July 2023 to June
    2024 the engine counts them among the 18-21, and so does their provenance."""
    from tests.fieldwork.factories import YouthFactory

    period = Period(date(2023, 7, 1), date(2024, 6, 30))
    YouthFactory(service_id=scope.service_ids[0], birth_year=2006, first_met_on=date(2024, 2, 1))
    dist = compute(scope, period).distributions["met"]
    origin = _grid_origin(dist, "met", "age_band", None)
    for index, code in enumerate(origin["row_codes"]):
        found = prov.provenance(scope, period, origin, index, 0)
        assert found.total == (dist.total() if code is None else dist.margin("age_band")[code])
    assert dist.margin("age_band")["18-21"] >= 1


def test_values_by_column(scope, figures):
    origin = {"kind": "values", "codes": ["youths.accompanied", "contacts"], "by": "column"}
    assert _cell(scope, origin, 0, 1).total == figures.extra["contacts"]
    assert _cell(scope, origin, 0, 0).total == figures.values["youths.accompanied"]
    with pytest.raises(prov.UnknownCell):
        _cell(scope, origin, 1, 0)


@pytest.mark.parametrize(
    "model_key",
    [
        "conseil-pedagogique",
        "suivi-trimestriel",
        "bilan-annuel",
        "rapport-annuel-sps",
        "rapport-drome",
    ],
)
def test_every_figure_of_every_model_is_its_records(scope, model_key):
    """Every cell of every table of the five models (with the origins the engine declares):
    its records weigh the cell (hours to the table's rounding; percentages are not counts)."""
    from reperes.reporting.reports import build

    report = build(model_key, scope=scope, period=PERIOD)
    checked = 0
    for table in report.tables:
        assert table.origin, table.key
        for i, line in enumerate(table.cells):
            for j, value in enumerate(line):
                if value is None or (table.origin["kind"] == "time" and j == 1):
                    continue
                total = _cell(scope, table.origin, i, j).total
                if isinstance(value, Decimal):
                    exponent = value.as_tuple().exponent
                    step = Decimal(1).scaleb(min(exponent, 0) if exponent < 0 else 0)
                    assert abs(Decimal(total) - value) <= step / 2, (table.key, i, j)
                else:
                    assert total == value, (table.key, table.rows[i], table.columns[j])
                checked += 1
    assert checked > 10
