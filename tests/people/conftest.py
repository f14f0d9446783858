"""Convention A's staffing clauses, for every personnel test that builds the world.

The personnel pages follow only the clauses of the conventions binding the service
(``reperes.people.terms``, ``reperes.deadlines.duties``): without clauses, service A would owe no
document, have no VAE rule and no prior approval. A test about what happens without a clause
deletes them (``Clause.objects.all().delete()``).
"""

from __future__ import annotations

import pytest

from tests.people.factories import staffing_clauses


@pytest.fixture(autouse=True)
def _convention_a_clauses(request):
    if "world" in request.fixturenames:
        staffing_clauses(request.getfixturevalue("world")["conventions"]["a"])
