"""Routes of the reporting namespace (see urls.py)."""

urlpatterns: list = []
