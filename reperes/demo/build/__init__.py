"""The demo of each domain app, built on top of the five seed conventions (``loader``).

``manage.py load_demo`` calls ``load()`` of each module here, in ``ORDER``: staffing before
money (money's demo reads the staff), field work before reporting (reports read the records).
Product apps never import this package; it imports them.
"""

ORDER = (
    "people",
    "money",
    "governance",
    "deadlines",
    "fieldwork",
    "reporting",
    "observatory",
    "territory",
)
