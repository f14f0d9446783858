"""Every HTML page or partial the money tests fetch must be free of undefined template
variables (the test settings render them as INVALID_TEMPLATE_VARIABLE(...))."""

from __future__ import annotations

import pytest
from django.test import Client

INVALID = "INVALID_TEMPLATE_VARIABLE"


@pytest.fixture(autouse=True)
def no_undefined_template_variable(monkeypatch):
    original = Client.request

    def request(self, **kwargs):
        response = original(self, **kwargs)
        if response.get("Content-Type", "").startswith("text/html"):
            assert INVALID not in response.content.decode(), kwargs.get("PATH_INFO")
        return response

    monkeypatch.setattr(Client, "request", request)
