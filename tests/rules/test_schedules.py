"""Payment schedules and the prorata on educators' presence (``reperes.rules.schedules``)."""

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reperes.rules.allocation import CENT
from reperes.rules.schedules import (
    PRORATA_READINGS,
    AdvanceBalanceResult,
    Instalment,
    ProrataReading,
    StaffSpell,
    advance_and_balance,
    compare_readings,
    fte_in_post,
    monthly_instalments,
    planned_fte_days,
    presence_fte_days,
    single_payment,
)
from tests.properties import examples

SETTINGS = examples(200)
D = Decimal
DAY = timedelta(days=1)
ANNUAL_004 = D("245000")
ADVANCE_004 = D("0.60")  # seed 004 art. 6: « un versement de 60% de la dotation »
LONG_AGO = date(2015, 9, 1)


def full_team(n: int = 6) -> list[StaffSpell]:
    return [StaffSpell(D(1), LONG_AGO) for _ in range(n)]


def turnover_team(year: int) -> list[StaffSpell]:
    """Five educators all year; one leaves on 30 June; a replacement arrives on 1 September."""
    return [
        *full_team(5),
        StaffSpell(D(1), LONG_AGO, date(year, 6, 30)),
        StaffSpell(D(1), date(year, 9, 1)),
    ]


# --- Monthly and single payments ---------------------------------------------------------------


def test_monthly_instalments_seed_001() -> None:
    """Seed 001 art. 8.1: "Le financement départemental ainsi calculé fait l'objet d'un
    versement par dotation mensuelle"."""
    instalments = monthly_instalments(2024, D("12000.05"))
    assert len(instalments) == 12
    assert sum(i.amount for i in instalments) == D("12000.05")
    assert [i.amount for i in instalments] == [D("1000.01")] * 5 + [D("1000.00")] * 7
    assert instalments[0] == Instalment(
        date(2024, 1, 1), D("1000.01"), "Dotation mensuelle de janvier 2024"
    )
    assert instalments[3].label == "Dotation mensuelle d'avril 2024"
    assert instalments[7].label == "Dotation mensuelle d'août 2024"
    assert instalments[9].label == "Dotation mensuelle d'octobre 2024"
    assert instalments[11].label == "Dotation mensuelle de décembre 2024"


def test_monthly_instalments_clamp_the_day_to_the_month_end() -> None:
    due = [i.due_on for i in monthly_instalments(2024, D("1200"), day=31)]
    assert due[1] == date(2024, 2, 29)  # leap year
    assert due[3] == date(2024, 4, 30)
    assert monthly_instalments(2023, D("1200"), day=30)[1].due_on == date(2023, 2, 28)
    with pytest.raises(ValueError, match="jour"):
        monthly_instalments(2024, D("1200"), day=0)
    with pytest.raises(ValueError, match="centimes"):
        monthly_instalments(2024, D("1200.001"))


@SETTINGS
@given(
    year=st.integers(min_value=2000, max_value=2100),
    annual=st.integers(min_value=0, max_value=10**10).map(lambda c: D(c).scaleb(-2)),
    day=st.integers(min_value=1, max_value=31),
)
def test_monthly_instalments_sum_to_the_annual_amount(year: int, annual: Decimal, day: int) -> None:
    instalments = monthly_instalments(year, annual, day=day)
    assert len(instalments) == 12
    assert sum(i.amount for i in instalments) == annual
    for month, instalment in enumerate(instalments, start=1):
        assert abs(Fraction(instalment.amount) - Fraction(annual) / 12) <= Fraction(1, 100)
        assert instalment.due_on.year == year
        assert instalment.due_on.month == month


def test_single_payment_seed_002() -> None:
    """Seed 002 art. 6: "Le versement interviendra en une fois sur appel de fonds de Dijon
    Métropole […] dès adoption et notification de la présente convention"."""
    (payment,) = single_payment(
        D("1224"), date(2017, 6, 1), "Participation du CCAS de Chenôve", condition="Appel de fonds"
    )
    assert payment.amount == D("1224.00")
    assert payment.due_on == date(2017, 6, 1)
    assert payment.condition == "Appel de fonds"


# --- Presence ----------------------------------------------------------------------------------


def test_presence_counts_days_inclusive_and_only_spells_that_count() -> None:
    spells = [
        StaffSpell(D(1), date(2023, 1, 1), date(2023, 1, 31)),
        StaffSpell(D("0.5"), date(2023, 1, 16)),
        StaffSpell(D(1), date(2020, 1, 1), counts=False),  # secrétariat
    ]
    january = (date(2023, 1, 1), date(2023, 1, 31))
    assert presence_fte_days(spells, *january) == D("39")  # 31 + 0,5 × 16
    assert presence_fte_days(spells, date(2023, 2, 1), date(2023, 2, 28)) == D("14")
    assert fte_in_post(spells, date(2023, 1, 31)) == D("1.5")
    assert fte_in_post(spells, date(2023, 2, 1)) == D("0.5")
    assert fte_in_post(spells, date(2022, 12, 31)) == D("0")
    assert planned_fte_days(D(6), date(2023, 1, 1), date(2023, 12, 31)) == D(2190)
    with pytest.raises(ValueError, match="avant"):
        StaffSpell(D(1), date(2023, 2, 1), date(2023, 1, 31))
    with pytest.raises(ValueError):
        presence_fte_days(spells, date(2023, 2, 1), date(2023, 1, 1))


def test_leap_year_has_366_days() -> None:
    year_2024 = (date(2024, 1, 1), date(2024, 12, 31))
    assert planned_fte_days(D(6), *year_2024) == D(2196)
    assert presence_fte_days(full_team(), *year_2024) == D(2196)
    result = advance_and_balance(
        2024, ANNUAL_004, full_team(), planned_fte=D(6), advance_rate=ADVANCE_004
    )
    assert result.planned_fte_days == D(2196)
    assert result.ratio == 1
    assert "366 jours" in result.explanation


ftes = st.sampled_from([D("0.5"), D("0.8"), D(1), D("0.25"), D("0.6")])
days_2023 = st.integers(min_value=-400, max_value=800).map(
    lambda n: date(2023, 1, 1) + timedelta(days=n)
)


@st.composite
def spells(draw: st.DrawFn) -> StaffSpell:
    arrival = draw(days_2023)
    length = draw(st.none() | st.integers(min_value=0, max_value=900))
    departure = None if length is None else arrival + timedelta(days=length)
    return StaffSpell(draw(ftes), arrival, departure, counts=draw(st.booleans()))


@SETTINGS
@given(spell=spells(), cut=st.integers(min_value=0, max_value=900), start=days_2023)
def test_presence_is_additive_over_disjoint_spells(
    spell: StaffSpell, cut: int, start: date
) -> None:
    """Splitting a contract in two consecutive spells changes nothing, and presence never
    exceeds fte × days."""
    end = start + timedelta(days=400)
    split_on = spell.arrival + timedelta(days=cut)
    if spell.departure is not None and split_on >= spell.departure:
        return
    first = StaffSpell(spell.fte, spell.arrival, split_on, spell.counts)
    second = StaffSpell(spell.fte, split_on + DAY, spell.departure, spell.counts)
    whole = presence_fte_days([spell], start, end)
    assert whole == presence_fte_days([first], start, end) + presence_fte_days([second], start, end)
    assert whole == presence_fte_days([first, second], start, end)
    assert whole <= spell.fte * ((end - start).days + 1)
    assert whole >= 0


# --- Seed 004 art. 6 ---------------------------------------------------------------------------


def test_seed_004_full_team_all_year() -> None:
    """Seed 004 art. 6: "une dotation fixe de 245 000 € par an. Un versement de 60% de la
    dotation annuelle sera versé courant 1er trimestre de l'année en cours si un 1 ETP au moins
    est en poste. Le solde soit 40% sera réglé sur présentation du rapport d'activité N-1". Six
    educators all of 2023 for the 6 posts financed: 147 000 € in Q1, 98 000 € balance."""
    for reading, result in compare_readings(
        2023, ANNUAL_004, full_team(), planned_fte=D(6), advance_rate=ADVANCE_004
    ).items():
        assert result.reading is reading
        assert result.advance is not None
        assert result.advance.amount == D("147000.00")
        assert result.advance.due_on == date(2023, 3, 31)
        assert result.advance.label == "Avance de 60\u202f% de la dotation 2023"
        assert result.advance_refused_reason == ""
        assert result.balance == D("98000.00")
        assert result.restitution == 0
        assert result.ratio == 1
        assert result.real_fte_days == result.planned_fte_days == D(2190)
        assert result.net == ANNUAL_004


def test_seed_004_turnover_both_readings() -> None:
    """Seed 004 art. 6: "Si la présence éducative réelle sur l'année est inférieure au
    prévisionnel alors le versement de ce solde sera effectué au prorata de la présence réelle
    des éducateurs."

    2023, 6 posts planned: 6 × 365 = 2 190 FTE-days. Five educators all year: 5 × 365 = 1 825.
    One leaves on 30 June: 1 January – 30 June = 31 + 28 + 31 + 30 + 31 + 30 = 181 days. The
    replacement arrives on 1 September: 30 + 31 + 30 + 31 = 122 days (July and August, 62 days,
    are empty). Real = 1 825 + 181 + 122 = 2 128; ratio = 2 128 / 2 190 = 0,971 689 497 7…

    - BALANCE_ONLY: advance 147 000,00 €; balance 98 000 × 2 128 / 2 190 = 95 225,570 7… →
      95 225,57 €; year total 242 225,57 €.
    - WHOLE_GRANT: grant 245 000 × 2 128 / 2 190 = 238 063,926 9… → 238 063,93 €; balance
      238 063,93 − 147 000,00 = 91 063,93 €; nothing to restitute.
    """
    results = compare_readings(
        2023, ANNUAL_004, turnover_team(2023), planned_fte=D(6), advance_rate=ADVANCE_004
    )
    literal = results[ProrataReading.BALANCE_ONLY]
    whole = results[ProrataReading.WHOLE_GRANT]
    for result in (literal, whole):
        assert result.advance is not None
        assert result.advance.amount == D("147000.00")
        assert result.real_fte_days == D(2128)
        assert result.planned_fte_days == D(2190)
        assert result.ratio == D("0.971689497717")
    assert literal.balance == D("95225.57")
    assert literal.restitution == 0
    assert literal.net == D("242225.57")
    assert whole.balance == D("91063.93")
    assert whole.restitution == 0
    assert whole.net == D("238063.93")
    assert "95\u202f225,57\u00a0€" in literal.explanation
    assert "2\u202f128 / 2\u202f190" in literal.explanation
    assert "238\u202f063,93\u00a0€" in whole.explanation


def test_seed_004_turnover_in_a_leap_year() -> None:
    """2024: 1 January – 30 June = 182 days; 1 September – 31 December = 122 days;
    real = 5 × 366 + 182 + 122 = 2 134; planned = 6 × 366 = 2 196.
    BALANCE_ONLY: 98 000 × 2 134 / 2 196 = 95 233,151… → 95 233,15 €.
    WHOLE_GRANT: 245 000 × 2 134 / 2 196 = 238 082,877… → 238 082,88 €, balance 91 082,88 €."""
    results = compare_readings(
        2024, ANNUAL_004, turnover_team(2024), planned_fte=D(6), advance_rate=ADVANCE_004
    )
    assert results[ProrataReading.BALANCE_ONLY].real_fte_days == D(2134)
    assert results[ProrataReading.BALANCE_ONLY].balance == D("95233.15")
    assert results[ProrataReading.WHOLE_GRANT].balance == D("91082.88")


def test_seed_004_nobody_in_post_on_31_march() -> None:
    """Seed 004 art. 6: the advance is due "si un 1 ETP au moins est en poste". The whole team
    arrives on 1 April 2023: no advance, the reason says so, and the whole grant is settled at
    the balance stage: 6 × 275 / (6 × 365) = 275 / 365; 245 000 × 275 / 365 = 184 589,041… →
    184 589,04 € under both readings."""
    team = [StaffSpell(D(1), date(2023, 4, 1)) for _ in range(6)]
    for result in compare_readings(
        2023, ANNUAL_004, team, planned_fte=D(6), advance_rate=ADVANCE_004
    ).values():
        assert result.advance is None
        assert result.advance_refused_reason == (
            "Pas d'avance : 0 ETP en poste au 31/03/2023, il en faut au moins 1."
        )
        assert result.advance_refused_reason in result.explanation
        assert result.balance == D("184589.04")
        assert result.restitution == 0
        assert result.net == D("184589.04")


def test_seed_004_advance_condition_boundaries() -> None:
    arriving_31_march = [StaffSpell(D(1), date(2023, 3, 31))]
    assert advance_and_balance(
        2023, ANNUAL_004, arriving_31_march, planned_fte=D(6), advance_rate=ADVANCE_004
    ).advance
    two_half_times = [StaffSpell(D("0.5"), LONG_AGO), StaffSpell(D("0.5"), LONG_AGO)]
    assert advance_and_balance(
        2023, ANNUAL_004, two_half_times, planned_fte=D(6), advance_rate=ADVANCE_004
    ).advance
    one_half_time = [StaffSpell(D("0.5"), LONG_AGO)]
    assert (
        advance_and_balance(
            2023, ANNUAL_004, one_half_time, planned_fte=D(6), advance_rate=ADVANCE_004
        ).advance
        is None
    )
    not_an_educator = [StaffSpell(D(1), LONG_AGO, counts=False)]
    assert (
        advance_and_balance(
            2023, ANNUAL_004, not_an_educator, planned_fte=D(6), advance_rate=ADVANCE_004
        ).advance
        is None
    )
    checked_earlier = advance_and_balance(
        2023,
        ANNUAL_004,
        arriving_31_march,
        planned_fte=D(6),
        advance_rate=ADVANCE_004,
        advance_check_on=date(2023, 3, 15),
    )
    assert checked_earlier.advance is None
    assert "15/03/2023" in checked_earlier.advance_refused_reason


def test_seed_004_whole_grant_can_ask_for_a_restitution() -> None:
    """Seed 004 art. 6, last paragraph: "Le Département se réserve en outre la possibilité de
    solliciter la restitution de toute somme versée qui n'aurait pas été utilisée". One educator
    all year for six posts: ratio 1/6. BALANCE_ONLY: 98 000 / 6 = 16 333,33 €. WHOLE_GRANT:
    245 000 / 6 = 40 833,33 € justified, 147 000 € already paid: 106 166,67 € to restitute."""
    results = compare_readings(
        2023, ANNUAL_004, full_team(1), planned_fte=D(6), advance_rate=ADVANCE_004
    )
    assert results[ProrataReading.BALANCE_ONLY].balance == D("16333.33")
    whole = results[ProrataReading.WHOLE_GRANT]
    assert whole.balance == 0
    assert whole.restitution == D("106166.67")
    assert whole.net == D("40833.33")
    assert "restituer" in whole.explanation


def test_presence_above_plan_never_increases_the_grant() -> None:
    result = advance_and_balance(
        2023, ANNUAL_004, full_team(8), planned_fte=D(6), advance_rate=ADVANCE_004
    )
    assert result.ratio == 1
    assert result.balance == D("98000.00")
    assert "plafonné" in result.explanation


def test_readings_are_explained_in_french() -> None:
    assert set(PRORATA_READINGS) == set(ProrataReading)
    assert "ce solde" in PRORATA_READINGS[ProrataReading.BALANCE_ONLY]
    assert "restituer" in PRORATA_READINGS[ProrataReading.WHOLE_GRANT]
    assert ProrataReading.BALANCE_ONLY == "solde"
    assert ProrataReading.WHOLE_GRANT == "dotation"


def test_invalid_parameters() -> None:
    with pytest.raises(ValueError):
        advance_and_balance(
            2023, ANNUAL_004, full_team(), planned_fte=D(0), advance_rate=ADVANCE_004
        )
    with pytest.raises(ValueError):
        advance_and_balance(2023, ANNUAL_004, full_team(), planned_fte=D(6), advance_rate=D(2))


# --- Seed 004 art. 6: properties ---------------------------------------------------------------

annuals = st.integers(min_value=0, max_value=10**9).map(lambda c: D(c).scaleb(-2))


@SETTINGS
@given(
    annual=annuals,
    team=st.lists(spells(), max_size=8),
    planned=st.sampled_from([D(1), D(6), D("2.5"), D("0.8")]),
    rate=st.sampled_from([D("0.60"), D("0.5"), D("0.333"), D(1), D(0)]),
    reading=st.sampled_from(list(ProrataReading)),
)
def test_advance_and_balance_invariants(
    annual: Decimal,
    team: list[StaffSpell],
    planned: Decimal,
    rate: Decimal,
    reading: ProrataReading,
) -> None:
    result = advance_and_balance(
        2023, annual, team, planned_fte=planned, advance_rate=rate, reading=reading
    )
    in_post = fte_in_post(team, date(2023, 3, 31))
    assert (result.advance is not None) is (in_post >= 1)
    assert (result.advance_refused_reason == "") is (result.advance is not None)
    assert 0 <= result.ratio <= 1
    paid = result.advance_amount + result.balance
    assert paid <= annual
    assert result.balance >= 0
    assert result.restitution >= 0
    for amount in (result.advance_amount, result.balance, result.restitution):
        assert amount == amount.quantize(CENT)
    expected_ratio = min(
        Fraction(1), Fraction(result.real_fte_days) / Fraction(result.planned_fte_days)
    )
    assert abs(Fraction(result.ratio) - expected_ratio) <= Fraction(1, 2 * 10**12)
    due = (annual * result.ratio).quantize(CENT, rounding=ROUND_HALF_UP)
    if reading is ProrataReading.WHOLE_GRANT or result.advance is None:
        assert result.net == due
    else:
        assert result.restitution == 0
    if result.advance is not None:
        assert result.advance.amount == (annual * rate).quantize(CENT, rounding=ROUND_HALF_UP)


@SETTINGS
@given(annual=annuals, team=st.lists(spells(), max_size=8))
def test_readings_agree_when_they_must(annual: Decimal, team: list[StaffSpell]) -> None:
    """Both readings pay the same without advance or with full presence; otherwise the literal
    reading never pays less than the whole-grant one."""
    results: dict[ProrataReading, AdvanceBalanceResult] = compare_readings(
        2023, annual, team, planned_fte=D(6), advance_rate=ADVANCE_004
    )
    literal = results[ProrataReading.BALANCE_ONLY]
    whole = results[ProrataReading.WHOLE_GRANT]
    if literal.advance is None or literal.ratio == 1:
        assert literal.net == whole.net
    assert literal.net >= whole.net
