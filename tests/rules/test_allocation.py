"""Shares to euros, exactly to the cent (``reperes.rules.allocation``)."""

from collections import Counter
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from reperes.rules.allocation import (
    CENT,
    Allocation,
    StatedShare,
    WarningKind,
    allocate,
    allocate_shares,
    check_growth,
    evolve,
    format_eur,
    format_percent,
)
from tests.properties import examples

SETTINGS = examples(200)
NNBSP = "\u202f"  # narrow no-break space: thousands, and before "%"
NBSP = "\u00a0"  # no-break space before "€"

D = Decimal


def eur(text: str) -> str:
    """Turn "1 224,00 €" typed with plain spaces into the French typography of the helpers."""
    whole, _, rest = text.rpartition(" €")
    return whole.replace(" ", NNBSP) + NBSP + "€" + rest


def pct(text: str) -> str:
    return text.replace(" ", NNBSP)


cents = st.integers(min_value=0, max_value=10**11).map(lambda c: D(c).scaleb(-2))
int_weights = st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=12).filter(
    any
)
weights = int_weights.map(lambda ws: [D(w) for w in ws])


def kinds(allocation: Allocation) -> Counter[WarningKind]:
    return Counter(w.kind for w in allocation.warnings)


# --- Formatting --------------------------------------------------------------------------------


def test_format_eur_uses_french_typography() -> None:
    assert format_eur(D("1224")) == f"1{NNBSP}224,00{NBSP}€"
    assert format_eur(D("7500.00")) == eur("7 500,00 €")
    assert format_eur(D("245000")) == eur("245 000,00 €")
    assert format_eur(D("1234567.891")) == eur("1 234 567,89 €")
    assert format_eur(D("0.005")) == eur("0,01 €")  # half-up
    assert format_eur(D("-24")) == eur("-24,00 €")
    assert format_eur(D("0")) == eur("0,00 €")


def test_format_percent() -> None:
    assert format_percent(D("16.32")) == f"16,32{NNBSP}%"
    assert format_percent(D("16")) == pct("16,00 %")
    assert format_percent(D("16"), None) == pct("16 %")
    assert format_percent(D("5.50"), None) == pct("5,5 %")
    assert format_percent(D("5.546666"), 2) == pct("5,55 %")
    assert format_percent(D("12.4"), 1) == pct("12,4 %")
    assert format_percent(Fraction(1000, 3), 2) == pct("333,33 %")


# --- allocate ----------------------------------------------------------------------------------


def test_allocate_largest_remainder_with_ties_in_order() -> None:
    # 100,00 € in three equal parts: 33,333…; one cent left, it goes to the first.
    assert allocate(D("100"), [D(1), D(1), D(1)]) == [D("33.34"), D("33.33"), D("33.33")]
    # 0,02 € on weights 1 and 3: exact 0,005 and 0,015, equal remainders: the first wins.
    assert allocate(D("0.02"), [D(1), D(3)]) == [D("0.01"), D("0.01")]
    assert allocate(D("0.02"), [D(3), D(1)]) == [D("0.02"), D("0.00")]
    # Largest remainder wins over order.
    assert allocate(D("1.00"), [D(1), D(2)]) == [D("0.33"), D("0.67")]
    # A zero weight gets nothing.
    assert allocate(D("10"), [D(0), D(1)]) == [D("0.00"), D("10.00")]
    assert allocate(D("0"), [D(1), D(2)]) == [D("0.00"), D("0.00")]


def test_allocate_seed_002_total_on_the_stated_percents() -> None:
    """Seed 002 art. 6: 7 500 € on 16/63/10/4/5 % (98 %): each gets its percent / 98."""
    parts = allocate(D("7500"), [D(16), D(63), D(10), D(4), D(5)])
    assert parts == [D("1224.49"), D("4821.43"), D("765.31"), D("306.12"), D("382.65")]
    assert sum(parts) == D("7500.00")


@pytest.mark.parametrize(
    ("total", "ws", "message"),
    [
        (D("10"), [D(-1), D(2)], "négative"),
        (D("10"), [D(0), D(0)], "nulles"),
        (D("10"), [], "vide"),
        (D("10.001"), [D(1)], "centimes"),
        (D("-10"), [D(1)], "négatif"),
    ],
)
def test_allocate_refuses_bad_input_in_french(
    total: Decimal, ws: list[Decimal], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        allocate(total, ws)


def test_allocate_refuses_floats() -> None:
    with pytest.raises(TypeError):
        allocate(10.0, [D(1)])  # type: ignore[arg-type]


@SETTINGS
@given(total=cents, ws=weights)
def test_allocate_sums_exactly_and_each_part_is_within_a_cent(
    total: Decimal, ws: list[Decimal]
) -> None:
    parts = allocate(total, ws)
    assert len(parts) == len(ws)
    assert sum(parts) == total
    weight_sum = sum(Fraction(w) for w in ws)
    for part, weight in zip(parts, ws, strict=True):
        assert part == part.quantize(CENT)
        exact = Fraction(total) * Fraction(weight) / weight_sum
        assert abs(Fraction(part) - exact) < Fraction(1, 100)
        assert part >= 0


@SETTINGS
@given(total=cents, n=st.integers(min_value=1, max_value=12), data=st.data())
def test_allocate_equal_weights_is_permutation_invariant(
    total: Decimal, n: int, data: st.DataObject
) -> None:
    """Equal weights: parts differ by at most a cent, the extra cents go to the first parts, so
    the multiset of parts is the same whatever the weight (and whatever order)."""
    weight = D(data.draw(st.integers(min_value=1, max_value=1000)))
    parts = allocate(total, [weight] * n)
    other = allocate(total, [weight * 7] * n)
    assert Counter(parts) == Counter(other)
    assert max(parts) - min(parts) <= CENT
    assert parts == sorted(parts, reverse=True)


@SETTINGS
@given(total=cents, ws=weights, data=st.data())
def test_allocate_permuting_weights_permutes_parts_when_no_tie(
    total: Decimal, ws: list[Decimal], data: st.DataObject
) -> None:
    """The order given only breaks ties between equal remainders of different weights."""
    total_cents = int(total * 100)
    weight_sum = sum(Fraction(w) for w in ws)
    remainders = [(total_cents * Fraction(w) / weight_sum) % 1 for w in ws]
    tied = {
        r for r in remainders if sum(1 for s, w in zip(remainders, ws, strict=True) if s == r) > 1
    }
    for r in tied:
        assume(len({w for s, w in zip(remainders, ws, strict=True) if s == r}) == 1)
    permutation = data.draw(st.permutations(range(len(ws))))
    parts = allocate(total, ws)
    permuted = allocate(total, [ws[i] for i in permutation])
    assert Counter(zip(ws, parts, strict=True)) == Counter(
        zip([ws[i] for i in permutation], permuted, strict=True)
    )


# --- allocate_shares: seed 002 -----------------------------------------------------------------

SEED_002_CCAS = (
    ("chenove", "Chenôve", "16", "1224"),
    ("dijon", "Dijon", "63", "4738"),
    ("longvic", "Longvic", "10", "792"),
    ("quetigny", "Quetigny", "4", "330"),
    ("talant", "Talant", "5", "416"),
)


def seed_002_shares() -> list[StatedShare]:
    return [StatedShare(k, label, D(p), D(a)) for k, label, p, a in SEED_002_CCAS]


def test_seed_002_amounts_are_paid_and_the_six_disagreements_reported() -> None:
    """Seed 002 art. 6: "Chenôve (16 %) : 1 224,00 € / Dijon (63 %) : 4 738,00 € / Longvic
    (10 %) : 792,00 € / Quetigny (4 %) : 330,00 € / Talant (5 %) : 416,00 € / Total :
    7 500,00 €". The amounts are paid (they sum to the total); the percents total 98 % and none
    matches its amount."""
    result = allocate_shares(D("7500"), seed_002_shares())
    assert [s.amount for s in result.shares] == [
        D("1224.00"),
        D("4738.00"),
        D("792.00"),
        D("330.00"),
        D("416.00"),
    ]
    assert result.total == D("7500.00")
    assert result.paid == D("7500.00")
    assert result.balanced
    assert [s.effective_percent for s in result.shares] == [
        D("16.32"),
        D("63.17"),
        D("10.56"),
        D("4.40"),
        D("5.55"),
    ]
    assert kinds(result) == {WarningKind.PERCENT_SUM: 1, WarningKind.AMOUNT_VS_PERCENT: 5}

    (percent_sum,) = [w for w in result.warnings if w.kind is WarningKind.PERCENT_SUM]
    assert percent_sum.key is None
    assert percent_sum.stated == pct("98 %")
    assert percent_sum.computed == pct("100 %")
    assert (
        percent_sum.message
        == f"Les pourcentages totalisent {pct('98 %')} au lieu de {pct('100 %')}."
    )

    by_key = {w.key: w for w in result.warnings if w.kind is WarningKind.AMOUNT_VS_PERCENT}
    assert by_key["chenove"].message == (
        f"Chenôve : {eur('1 224,00 €')} représentent {pct('16,32 %')} de {eur('7 500,00 €')}, "
        f"alors que {pct('16 %')} de {eur('7 500,00 €')} font {eur('1 200,00 €')}."
    )
    assert by_key["chenove"].stated == f"{eur('1 224,00 €')} ({pct('16 %')})"
    expected = {
        "chenove": ("16,32 %", "1 200,00 €"),
        "dijon": ("63,17 %", "4 725,00 €"),
        "longvic": ("10,56 %", "750,00 €"),
        "quetigny": ("4,40 %", "300,00 €"),
        "talant": ("5,55 %", "375,00 €"),
    }
    for key, (actual, by_percent) in expected.items():
        assert pct(actual) in by_key[key].message
        assert eur(by_percent) in by_key[key].message
        assert by_key[key].computed.startswith(pct(actual))


def test_seed_002_prefer_percent_balances_and_reports_the_same() -> None:
    """With ``prefer="percent"`` the stated percents (98 %) share the 7 500 € to the cent; the
    text's disagreements are the same six."""
    result = allocate_shares(D("7500"), seed_002_shares(), prefer="percent")
    assert [s.amount for s in result.shares] == [
        D("1224.49"),
        D("4821.43"),
        D("765.31"),
        D("306.12"),
        D("382.65"),
    ]
    assert result.balanced
    assert kinds(result) == {WarningKind.PERCENT_SUM: 1, WarningKind.AMOUNT_VS_PERCENT: 5}


def test_seed_002_cost_and_funding_balance_without_warning() -> None:
    """Seed 002 art. 6: "coût prévisionnel … 17 500 € comme suit : Analyse de la pratique :
    4 300 € / Accompagnement psychologique 13 200 €" and "Le Grand Dijon s'engage à apporter une
    participation de 10 000 €" next to the CCAS' 7 500 €."""
    cost = allocate_shares(
        D("17500"),
        [
            StatedShare("analyse", "Analyse de la pratique", amount=D("4300")),
            StatedShare("psy", "Accompagnement psychologique", amount=D("13200")),
        ],
    )
    assert cost.balanced
    assert cost.warnings == ()
    funding = allocate_shares(
        D("17500"),
        [
            StatedShare(
                "ccas",
                "CCAS et Caisse des écoles",
                amount=D("7500"),
                children=tuple(seed_002_shares()),
            ),
            StatedShare("metropole", "Dijon Métropole", amount=D("10000")),
        ],
    )
    assert funding.balanced
    assert [s.amount for s in funding.shares] == [D("7500.00"), D("10000.00")]
    # The nested CCAS split reports the same six disagreements, keyed under "ccas".
    assert kinds(funding) == {WarningKind.PERCENT_SUM: 1, WarningKind.AMOUNT_VS_PERCENT: 5}
    assert next(w for w in funding.warnings if w.kind is WarningKind.PERCENT_SUM).key == "ccas"
    assert funding.share("quetigny").amount == D("330.00")

    unknown_total = allocate_shares(
        None,
        [
            StatedShare("ccas", "CCAS", amount=D("7500")),
            StatedShare("metropole", "Dijon Métropole", amount=D("10000")),
        ],
    )
    assert unknown_total.total == D("17500.00")
    assert unknown_total.warnings == ()


def test_amounts_not_summing_to_the_total_are_reported() -> None:
    result = allocate_shares(
        D("7500"),
        [StatedShare("a", "A", amount=D("1000")), StatedShare("b", "B", amount=D("6000"))],
    )
    assert [s.amount for s in result.shares] == [D("1000.00"), D("6000.00")]
    assert not result.balanced
    (warning,) = result.warnings
    assert warning.kind is WarningKind.AMOUNT_SUM
    assert warning.stated == eur("7 000,00 €")
    assert warning.computed == eur("7 500,00 €")


def test_mixed_amounts_and_percents() -> None:
    """A fixed amount and a percent: the percent share takes what remains, reported when that
    is not its percent."""
    fine = allocate_shares(
        D("10000"),
        [StatedShare("a", "A", percent=D(60)), StatedShare("b", "B", amount=D("4000"))],
    )
    assert [s.amount for s in fine.shares] == [D("6000.00"), D("4000.00")]
    assert fine.warnings == ()
    off = allocate_shares(
        D("10000"),
        [StatedShare("a", "A", percent=D(60)), StatedShare("b", "B", amount=D("3000"))],
    )
    assert [s.amount for s in off.shares] == [D("7000.00"), D("3000.00")]
    assert off.balanced
    assert kinds(off) == {WarningKind.AMOUNT_SUM: 1}
    too_much = allocate_shares(
        D("1000"),
        [StatedShare("a", "A", percent=D(60)), StatedShare("b", "B", amount=D("3000"))],
    )
    assert [s.amount for s in too_much.shares] == [D("0.00"), D("3000.00")]
    assert not too_much.balanced
    assert WarningKind.AMOUNT_SUM in kinds(too_much)


def test_without_total_a_percent_only_share_cannot_be_computed() -> None:
    with pytest.raises(ValueError, match="pourcentage"):
        allocate_shares(None, [StatedShare("a", "A", percent=D(50))])


def test_invalid_stated_shares() -> None:
    with pytest.raises(ValueError, match="négatif"):
        StatedShare("a", "A", percent=D(-1))
    with pytest.raises(ValueError, match="centimes"):
        StatedShare("a", "A", amount=D("1.234"))
    with pytest.raises(ValueError, match="total"):
        allocate_shares(D("1.001"), [StatedShare("a", "A", percent=D(100))])


# --- allocate_shares: seed 001 -----------------------------------------------------------------

T_001 = D("412345.67")


def seed_001_shares(x: Decimal | None = None, y: Decimal | None = None, of: str = "parent"):
    return [
        StatedShare("departement", "Département", percent=D(95)),
        StatedShare(
            "communes",
            "Communes",
            percent=D(5),
            children=(
                StatedShare("commune-x", "Commune X", percent=x),
                StatedShare("commune-y", "Commune Y", percent=y),
            ),
            children_percent_of=of,  # type: ignore[arg-type]
        ),
    ]


def test_seed_001_model_blank_communes_are_not_invented() -> None:
    """Seed 001 art. 8.1: "Département : 95 % / Communes : 5 % / o Dont Commune X ...% /
    o Dont Commune Y ...%". The communes' 5 % is allocated to "Communes" but no split between
    the communes is invented: each gets nothing, with a MISSING warning, and the unsplit sum is
    reported."""
    result = allocate_shares(T_001, seed_001_shares())
    departement, communes = result.shares
    assert departement.amount == D("391728.39")  # 95 % of 412 345,67 = 391 728,3865
    assert communes.amount == D("20617.28")  # 5 % = 20 617,2835
    assert result.balanced
    assert [c.amount for c in communes.children] == [D("0.00"), D("0.00")]
    assert kinds(result) == {WarningKind.MISSING: 2, WarningKind.AMOUNT_SUM: 1}
    missing = [w for w in result.warnings if w.kind is WarningKind.MISSING]
    assert [w.key for w in missing] == ["commune-x", "commune-y"]
    assert all("n'est pas inventée" in w.message for w in missing)
    (gap,) = [w for w in result.warnings if w.kind is WarningKind.AMOUNT_SUM]
    assert gap.key == "communes"
    assert eur("20 617,28 €") in gap.message
    assert "non répartis" in gap.message


def test_seed_001_one_commune_blank_gets_nothing_the_other_its_percent() -> None:
    result = allocate_shares(D("100000"), seed_001_shares(x=D(60)))
    communes = result.share("communes")
    assert communes.amount == D("5000.00")
    assert [c.amount for c in communes.children] == [D("3000.00"), D("0.00")]
    assert kinds(result) == {
        WarningKind.MISSING: 1,
        WarningKind.PERCENT_SUM: 1,
        WarningKind.AMOUNT_SUM: 1,
    }


@pytest.mark.parametrize(
    ("x", "y", "of"),
    [(D(60), D(40), "parent"), (D(3), D(2), "total")],
)
def test_seed_001_children_percents_of_the_parent_or_of_the_total(
    x: Decimal, y: Decimal, of: str
) -> None:
    result = allocate_shares(D("100000"), seed_001_shares(x, y, of=of))
    communes = result.share("communes")
    assert [c.amount for c in communes.children] == [D("3000.00"), D("2000.00")]
    assert [c.effective_percent for c in communes.children] == [x, y]
    assert result.warnings == ()


def test_seed_001_children_percents_of_the_total_that_do_not_add_up() -> None:
    # "dont Commune X 3 %, dont Commune Y 1 %" under "Communes : 5 %": reported, and the 5 %
    # still shared by the communes in proportion 3:1.
    wrong = allocate_shares(D("100000"), seed_001_shares(D(3), D(1), of="total"))
    assert [c.amount for c in wrong.share("communes").children] == [D("3750.00"), D("1250.00")]
    (warning,) = wrong.warnings
    assert warning.kind is WarningKind.PERCENT_SUM
    assert warning.key == "communes"
    assert warning.stated == pct("4 %")
    assert warning.computed == pct("5 %")
    assert "Communes" in warning.message


def test_nested_amount_disagreement_is_reported_with_the_child_key() -> None:
    result = allocate_shares(
        D("1000"),
        [
            StatedShare(
                "p",
                "Parent",
                amount=D("1000"),
                children=(
                    StatedShare("c1", "Enfant 1", percent=D(50), amount=D("400")),
                    StatedShare("c2", "Enfant 2", percent=D(50), amount=D("600")),
                ),
            )
        ],
    )
    assert [w.key for w in result.warnings if w.kind is WarningKind.AMOUNT_VS_PERCENT] == [
        "c1",
        "c2",
    ]
    assert [c.amount for c in result.share("p").children] == [D("400.00"), D("600.00")]


# --- allocate_shares: properties ---------------------------------------------------------------

percents = st.integers(min_value=0, max_value=10_000).map(lambda p: D(p).scaleb(-2))
small_cents = st.integers(min_value=0, max_value=10**9).map(lambda c: D(c).scaleb(-2))


@st.composite
def stated_shares(draw: st.DrawFn) -> StatedShare:
    index = draw(st.integers(min_value=0, max_value=10**6))
    kind = draw(st.sampled_from(["percent", "amount", "both"]))
    percent = draw(percents) if kind in ("percent", "both") else None
    amount = draw(small_cents) if kind in ("amount", "both") else None
    return StatedShare(f"s{index}", f"Part {index}", percent=percent, amount=amount)


@SETTINGS
@given(
    total=small_cents,
    shares=st.lists(stated_shares(), min_size=1, max_size=8),
    prefer=st.sampled_from(["amount", "percent"]),
)
def test_allocate_shares_balances_or_reports(
    total: Decimal, shares: list[StatedShare], prefer: str
) -> None:
    """Every share states a percent or an amount: the shares sum exactly to the total whenever
    some share is paid by a positive percent and the fixed amounts leave room; otherwise the gap
    is reported as AMOUNT_SUM."""
    result = allocate_shares(total, shares, prefer=prefer)  # type: ignore[arg-type]
    assert result.total == total
    for share in result.shares:
        assert share.amount == share.amount.quantize(CENT)
        assert share.amount >= 0
        assert abs(share.amount - share.exact) < CENT
    by_amount = [
        s for s in shares if s.amount is not None and (prefer == "amount" or s.percent is None)
    ]
    by_percent = [s for s in shares if s not in by_amount]
    fixed = sum((s.amount for s in by_amount if s.amount is not None), D(0))
    if any(s.percent for s in by_percent) and fixed <= total:
        assert result.paid == total
    if result.paid != total:
        assert any(w.kind is WarningKind.AMOUNT_SUM and w.key is None for w in result.warnings)
    for share, stated in zip(result.shares, shares, strict=True):
        if stated in by_amount:
            assert share.amount == stated.amount


@SETTINGS
@given(
    total=small_cents,
    child_percents=st.lists(percents, min_size=1, max_size=6).filter(any),
    parent_percent=percents.filter(bool),
)
def test_children_balance_to_their_parent(
    total: Decimal, child_percents: list[Decimal], parent_percent: Decimal
) -> None:
    shares = [
        StatedShare(
            "parent",
            "Parent",
            percent=parent_percent,
            children=tuple(
                StatedShare(f"c{i}", f"Enfant {i}", percent=p) for i, p in enumerate(child_percents)
            ),
        ),
        StatedShare("other", "Autre", percent=D(100) - parent_percent),
    ]
    result = allocate_shares(total, shares)
    assert result.paid == total
    parent = result.share("parent")
    assert sum(c.amount for c in parent.children) == parent.amount
    expected_warning = sum(child_percents) != 100
    assert (WarningKind.PERCENT_SUM in kinds(result)) is expected_warning


# --- Evolution and growth ----------------------------------------------------------------------


def test_evolve_with_the_voted_rate() -> None:
    """Seed 001 art. 8.1: "taux d'évolution des dépenses voté par l'Assemblée départementale"."""
    assert evolve(D("100000"), D("1.5")) == D("101500.00")
    assert evolve(D("1234.56"), D("2.35")) == D("1263.57")  # 1 263,57216
    assert evolve(D("0.10"), D("5")) == D("0.11")  # 0,105 rounded half-up
    assert evolve(D("245000"), D("0")) == D("245000.00")
    assert evolve(D("1000"), D("-2")) == D("980.00")
    with pytest.raises(ValueError):
        evolve(D("1000"), D("-150"))


def test_seed_002_art_3_growth_is_flagged() -> None:
    """Seed 002 art. 3: "En 2016, 913 jeunes … contre 812 en 2015, soit une augmentation de
    18%": 913 / 812 − 1 = +12,44 %."""
    warning = check_growth(812, 913, D(18))
    assert warning is not None
    assert warning.kind is WarningKind.RATE_VS_FIGURES
    assert warning.stated == pct("+18 %")
    assert warning.computed == pct("+12,44 %")
    assert pct("12,44 %") in warning.message
    assert pct("+18 %") in warning.message
    assert check_growth(812, 913, D("12.4")) is None  # within 0,05 point
    assert check_growth(812, 913, D("12.44")) is None
    assert check_growth(812, 913, D("12.5")) is not None  # 0,06 point off
    assert check_growth(D(84), D(42), D(-50)) is None  # Quetigny's "-50%" if 2015 was 84
    with pytest.raises(ValueError):
        check_growth(0, 10, D(5))


@SETTINGS
@given(
    before=st.integers(min_value=1, max_value=10**6),
    after=st.integers(min_value=0, max_value=10**6),
)
def test_check_growth_accepts_the_true_rate(before: int, after: int) -> None:
    real = (Fraction(after) - before) * 100 / before
    rounded = D(round(real * 100)).scaleb(-2)
    assert check_growth(before, after, rounded) is None
