"""No test reads the wall clock (issue 15, « A strict test harness »): a test that asks for
today's date passes or fails with the day it runs (a due date that falls on a weekend, a
year that turns). Tests take their day from ``tests/conftest.py``'s ``access_day`` or from
``tests/demo/clock.on`` and write their dates out.

A guard at run time (failing any unfrozen read of ``timezone.now``) is out of reach: the
product itself reads the clock for what it stamps (``auto_now``, sessions, the second
factor's codes, lockouts), and the suite has no freezing library. So the tests' own source is
scanned: a new call to the clock fails here. ``KNOWN`` lists the reads that remain, file by
file, to be removed; the count must match, so that the list only shrinks.
"""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

TESTS = Path(__file__).resolve().parent

#: ``module.function`` calls that read the wall clock (``time.monotonic`` measures a duration
#: and reads no date: it is allowed).
CLOCK = {
    ("datetime", "now"),
    ("datetime", "today"),
    ("datetime", "utcnow"),
    ("date", "today"),
    ("time", "time"),
    ("timezone", "now"),
    ("timezone", "localdate"),
}

#: Reads left, to be removed (file: count). ``timezone.localtime()`` without an argument is
#: also a read (counted with ``timezone.localtime``).
KNOWN = {
    "accounts/oidc_provider.py": 1,  # token expiry the provider signs, like a real one
    "accounts/test_second_factor_activation.py": 1,  # TOTP codes for the current window
    "privacy/test_second_factor.py": 1,  # idem
    "browser/test_convention_setup.py": 1,
    "browser/test_fieldwork_phone.py": 2,
    "browser/test_record_payment.py": 2,
    "fieldwork/importing/test_import.py": 2,
    "fieldwork/partners/test_partners.py": 3,
    "fieldwork/street/test_street.py": 7,
    "fieldwork/youths/test_access_log.py": 1,
    "fieldwork/youths/test_youths.py": 2,
    "governance/factories.py": 2,
    "governance/routes.py": 1,
    "governance/test_actions.py": 2,
    "governance/test_views.py": 2,
    "privacy/routes_breaches.py": 2,
    "privacy/routes_destruction.py": 1,
    "privacy/test_retention.py": 1,
    "reporting/routes_submissions.py": 1,
    "test_healthz.py": 4,
}


def clock_reads(source: str) -> int:
    """How many times ``source`` calls the wall clock (``module.function()`` and
    ``package.module.function()`` forms)."""
    count = 0
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        owner = node.func.value
        if isinstance(owner, ast.Name):
            called = (owner.id, node.func.attr)
        elif isinstance(owner, ast.Attribute):  # datetime.datetime.now(), django.utils.timezone
            called = (owner.attr, node.func.attr)
        else:
            continue
        if called in CLOCK or (called == ("timezone", "localtime") and not node.args):
            count += 1
    return count


def test_the_scan_sees_a_clock_read():
    assert clock_reads("from django.utils import timezone\nday = timezone.localdate()\n") == 1
    assert clock_reads("import datetime\nx = datetime.datetime.now()\n") == 1
    assert clock_reads("from datetime import datetime\nx = datetime.now()\n") == 1
    assert clock_reads("from datetime import date\nd = date.today()\n") == 1
    assert clock_reads("t = timezone.localtime()\nu = timezone.localtime(x)\n") == 1
    assert clock_reads("import time\nstart = time.monotonic()\n") == 0


def test_no_test_reads_the_wall_clock():
    found = Counter()
    for path in TESTS.rglob("*.py"):
        reads = clock_reads(path.read_text())
        if reads:
            found[path.relative_to(TESTS).as_posix()] = reads
    new = {name: n for name, n in found.items() if n > KNOWN.get(name, 0)}
    assert new == {}, "Lisez le jour de access_day ou de tests/demo/clock.on, pas l'horloge"
    # A read removed must leave the list too, so that it only shrinks.
    assert dict(found) == KNOWN
