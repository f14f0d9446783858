"""Malformed query parameters and ids never make a 500 (issue 9 point 8).

Hypothesis draws, for each example, one set of malformed values for every query parameter the
views read (huge, negative and zero integers, non-numeric text, far dates, unicode, control
characters, empty) and one malformed id per route; every named route of the application and
every API endpoint is then opened with them (GET) as a funder agent, a service director and an
educator. Path arguments are either the ``world`` objects of the permission matrix or malformed
ids. Size: 4 examples (the issue's two cases, then 2 drawn) × 3 personas × ~200 routes ≈ 2,400
requests, about two minutes on one core; derandomized so that CI sees the same examples every
time, without shrinking (a failing example is reported as drawn, with every 500 it caused).
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from tests.test_permissions import (  # noqa: F401 (the ``targets`` fixture)
    API_ROUTES,
    EXEMPT,
    ROUTES,
    _named_routes,
    targets,
)

# Every query parameter a view or an API endpoint reads (grep request.GET / query_params).
PARAMETERS = [
    "accompagnement",
    "age",
    "annee",
    "at",
    "commune",
    "copier",
    "date",
    "entree",
    "etat",
    "genre",
    "intent",
    "liste",
    "modele",
    "nature",
    "nom",
    "op",
    "page",
    "partenaire",
    "periode",
    "personne",
    "place",
    "prenom",
    "problematique",
    "q",
    "quartier",
    "retirer",
    "semaine",
    "service",
    "situation",
    "statut",
    "telephone",
    "theme",
    "token",
    "version",
    "year",
    "format",
    "ordering",
]

MALFORMED = [
    "",
    "0",
    "-1",
    "99999999999999999999",
    "9223372036854775808",
    "-9223372036854775809",
    "1e309",
    "NaN",
    "abc",
    "0x10",
    "٣",
    "2025-02-30",
    "9999-12-31",
    "0000-01-01",
    "9999-12-31_9999-12-31",
    "2025-10-01_2025-01-01",
    "2025-W99",
    "99999-W01",
    "_",
    "a\x00b",
    "é" * 300,
    "../../etc/passwd",
    "<script>",
    "' OR 1=1 --",
]
values = st.one_of(
    st.sampled_from(MALFORMED),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.text(max_size=12),
    st.dates().map(lambda d: f"{d.isoformat()}_{d.isoformat()}"),
)
MALFORMED_IDS = ["0", "99999999999999999999", "abc", "-1", "1.5", "%00", "é"]
ids = st.one_of(
    st.sampled_from(MALFORMED_IDS),
    st.integers(min_value=0, max_value=2**70).map(str),
    st.uuids().map(str),
)
PERSONAS = ("departement_agent", "director_a", "educator_a")
HUGE = "99999999999999999999"
# The six causes of the issue's twenty 500s, always tried first.
ISSUE_QUERY = {
    "partenaire": HUGE,
    "quartier": HUGE,
    "commune": HUGE,
    "problematique": HUGE,
    "service": HUGE,
    "personne": HUGE,
    "annee": "0",
    "year": "0",
    "periode": "9999-12-31_9999-12-31",
    "date": "9999-12-31",
    "semaine": "99999-W01",
    "q": "a\x00b",
    "page": HUGE,
}


def _routes() -> list[tuple[str, str | None]]:
    table = {**ROUTES, **API_ROUTES}
    names = sorted(n for n in _named_routes() if n not in EXEMPT and n in table)
    return [(name, table[name][0]) for name in names]


def _path(name: str, target: str | None, objects: dict, bad_id: str | None) -> str:
    if target is None:
        return reverse(name)
    good = reverse(name, kwargs={"pk": objects[target]})
    if bad_id is None:
        return good
    # Put the malformed id where the real one is (a converter would refuse it in reverse()).
    return good.replace(str(objects[target]), bad_id, 1)


def test_the_fuzz_covers_every_route():
    assert len(_routes()) == len(_named_routes() - EXEMPT)


# WeasyPrint warns when the system lacks HarfBuzz-Subset: a library notice, not our code.
@pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")
@pytest.mark.parametrize("persona", PERSONAS)
@settings(
    max_examples=2,
    deadline=None,
    derandomize=True,
    # Shrinking replays ~200 requests per attempt: the failing example as drawn says enough.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@example(query=ISSUE_QUERY, bad_id="abc")
@example(query=dict.fromkeys(PARAMETERS, "-1"), bad_id=HUGE)
@given(
    query=st.fixed_dictionaries({}, optional=dict.fromkeys(PARAMETERS, values)),
    bad_id=st.one_of(st.none(), ids),
)
def test_no_route_answers_500_to_malformed_parameters(
    request, client, world, persona, query, bad_id
):
    objects = request.getfixturevalue("targets")
    client.force_login(world["users"][persona])
    client.raise_request_exception = False
    failures = []
    for name, target in _routes():
        path = _path(name, target, objects, bad_id)
        response = client.get(path, query)
        if response.streaming:
            # Read to the end: the test client then closes the download with the
            # connection-closing signal disconnected (response.close() would close the
            # database connection inside the test's transaction on PostgreSQL).
            b"".join(response.streaming_content)
        if response.status_code >= 500:
            exc_info = getattr(response, "exc_info", None)
            failures.append((response.status_code, path, query, exc_info and exc_info[1]))
    assert not failures, "\n".join(map(repr, failures))
