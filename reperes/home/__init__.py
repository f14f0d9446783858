"""The site's front door: the home page, which sends each role to its work and shows the
conventions. It reads every domain app, so it sits on top of them (docs/architecture.md), not
in ``core`` below them. Its route keeps the name ``core:home`` (``reperes/urls.py``)."""
