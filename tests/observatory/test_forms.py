"""A series or a dashboard is filed under a convention the user may read: the form offers no
other, and a convention typed into the request by hand is refused with nothing written."""

from __future__ import annotations

import pytest

from reperes.observatory.enums import ValueKind, ZoneLevel
from reperes.observatory.models import Dashboard, Series

PAGES = {
    "series": (
        "/observatoire/series/nouvelle/",
        Series,
        {
            "name": "Bénéficiaires de la complémentaire santé",
            "definition": "Bénéficiaires au 31 décembre.",
            "source": "CAF",
            "unit": "personnes",
            "level": ZoneLevel.IRIS,
            "kind": ValueKind.COUNT,
        },
    ),
    "dashboard": ("/observatoire/tableaux/nouveau/", Dashboard, {"title": "Tableau de Metz"}),
}


@pytest.mark.parametrize("page", PAGES)
def test_only_a_readable_convention_is_offered_and_accepted(client, metz, page):
    url, model, typed = PAGES[page]
    convention = metz["convention"]
    before = model.objects.count()

    client.force_login(metz["stranger"])
    assert f'value="{convention.pk}"' not in client.get(url).content.decode()
    response = client.post(url, {**typed, "convention": convention.pk})
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert model.objects.count() == before

    client.force_login(metz["caf_agent"])
    assert f'value="{convention.pk}"' in client.get(url).content.decode()
    assert client.post(url, {**typed, "convention": convention.pk}).status_code == 302
    assert model.objects.count() == before + 1
