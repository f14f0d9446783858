"""Builders of the observatory tests."""

from __future__ import annotations

from reperes.demo.build.observatory import RSA
from reperes.observatory import actions
from reperes.observatory.enums import ZoneLevel


def rsa_series(
    agent, convention, definition="Foyers allocataires du RSA au 31 décembre.", **fields
):
    """The demo's RSA allocataires by IRIS (the zones imported first), a series ``agent``
    publishes under ``convention``."""
    values = {"source": "CAF", **fields}
    series = actions.create_series(
        agent,
        convention=convention,
        name="Allocataires du RSA",
        definition=definition,
        unit="allocataires",
        level=ZoneLevel.IRIS,
        **values,
    )
    actions.import_values(series, "rsa.csv", RSA.encode("utf-8"))
    return series
