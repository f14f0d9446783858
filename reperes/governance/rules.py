"""Meetings held versus meetings required, and documents due before a meeting. BRIEF §5.

The frequencies are those of the conventions:

- « au moins une fois par an » — comité de pilotage (seed 000 art. 6; seed 003 « se réunit au
  moins une fois par an »), comité de pilotage départemental and rencontre MDS/SPS
  (« a minima », seed 001 art. 7);
- « deux fois par an » — conseil pédagogique (seed 000 art. 6);
- « une fois par an » — comité des financeurs (seed 001 art. 7), commission départementale
  (seed 004 art. 10);
- « tous les deux mois » — comité de suivi local (seed 004 art. 10): 6 a year, at a regular
  interval;
- no frequency — comité technique (seed 003): nothing is owed, meetings are only listed.

Choices made here, since the texts say nothing about them:

1. **Whole years, no prorata.** A body owes its full yearly number for every calendar year in
   which its convention applies at all: in force on 31 December, or in force at some point of
   a year during which it ended (« sur l'année », read plainly). A convention that starts on
   1 July still owes « une fois par an » that year. See ``coverage_in_year``.
2. **A meeting counts for the year of its date** (Europe/Paris), and only once it is recorded
   as held: a planned meeting, even past, and a cancelled one do not count.
3. **« au moins » versus « exactement ».** A minimum is met by holding that many or more; for an
   exact number (« deux fois par an ») extra meetings are reported in a note, not as a breach.
4. **Overdue.** A year's shortfall is overdue once the year is over (from 1 January of the next
   year). For a body that meets at a regular interval (« tous les deux mois »), it is also
   overdue during the year as soon as the interval has passed since the last held meeting —
   or since 1 January when none was held yet this year — counted *de quantième à quantième*
   (15 January + 2 months = 15 March; late from 16 March).
5. **Documents due before a meeting** (« transmis en amont des conseils pédagogiques », seed 000
   art. 6 and annex 1) are due ``due_days_before`` days before the day of the meeting.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from dateutil.relativedelta import relativedelta

from reperes.rules.due import REGULAR_COUNTS  # the counts a regular interval allows
from reperes.rules.labelled import LabelledEnum, labels
from reperes.rules.periods import Status

# Meeting statuses, as stored (reperes.governance.enums.MeetingStatus).
PLANNED = "planned"
HELD = "held"
CANCELLED = "cancelled"

RUNNING = frozenset({Status.IN_FORCE, Status.RENEWED})
ENDED = frozenset({Status.WITHDRAWN, Status.TERMINATED, Status.EXPIRED})


def _fr(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _plural(count: int, singular: str, plural: str) -> str:
    return singular if count < 2 else plural


# Does the convention apply during a year? ------------------------------------------------


class Coverage(StrEnum):
    APPLIES = "applies"
    APPLIES_UNCERTAIN = "applies_uncertain"
    DOES_NOT_APPLY = "does_not_apply"
    UNKNOWN = "unknown"


def coverage_in_year(
    first_day: Status, last_day: Status, *, first_certain: bool = True, last_certain: bool = True
) -> Coverage:
    """Whether a convention applies during a year, from its status on 1 January and on
    31 December of that year (``reperes.rules.periods.status_on``).

    In force on 31 December: it applies (for part of the year at least). Ended by 31 December:
    it applies when it was in force on 1 January, or when it was signed but not yet in force
    then (it started and ended during the year — uncertain for an early end, which may come
    before the start). Signed but not in force on 31 December: it does not apply yet, unless
    its start is unknown (an undated signature, seed 003), in which case nobody can say.
    A draft does not apply.
    """
    first_day, last_day = Status(first_day), Status(last_day)
    if last_day in RUNNING:
        return Coverage.APPLIES if last_certain else Coverage.APPLIES_UNCERTAIN
    if last_day in ENDED:
        if first_day in RUNNING:
            return Coverage.APPLIES if first_certain else Coverage.APPLIES_UNCERTAIN
        if first_day in ENDED:
            return Coverage.DOES_NOT_APPLY
        if last_day is Status.EXPIRED and first_day is Status.SIGNED and first_certain:
            return Coverage.APPLIES
        return Coverage.APPLIES_UNCERTAIN
    if last_day is Status.SIGNED and not last_certain:
        return Coverage.UNKNOWN
    return Coverage.DOES_NOT_APPLY


# Held versus required --------------------------------------------------------------------


@dataclass(frozen=True)
class Frequency:
    """``meetings_per_year`` is ``None`` when the text fixes no frequency (comité technique,
    seed 003). ``minimum``: « au moins » (≥) rather than exactly. ``regular``: the text sets an
    interval (« tous les deux mois »), so that ``12 / meetings_per_year`` months may not pass
    without a meeting."""

    meetings_per_year: int | None
    minimum: bool = False
    regular: bool = False

    def __post_init__(self) -> None:
        n = self.meetings_per_year
        if n is not None and n < 1:
            raise ValueError("a frequency is at least one meeting a year")
        if self.regular and n not in REGULAR_COUNTS:
            raise ValueError("a regular interval needs 1, 2, 3, 4, 6 or 12 meetings a year")

    @property
    def interval_months(self) -> int | None:
        if not self.regular or self.meetings_per_year is None:
            return None
        return 12 // self.meetings_per_year


@dataclass(frozen=True)
class MeetingFact:
    day: date
    status: str  # PLANNED, HELD or CANCELLED


class State(LabelledEnum):
    NO_RULE = "no_rule", "Pas de rythme fixé"
    NOT_REQUIRED = "not_required", "Rien n'est dû"
    UNKNOWN = "unknown", "Non calculable"
    MET = "met", "À jour"
    IN_PROGRESS = "in_progress", "En cours"
    OVERDUE = "overdue", "En retard"


STATE_LABELS = labels(State)


@dataclass(frozen=True)
class Compliance:
    year: int
    state: State
    required: int | None
    held: int
    planned: int
    missing: int
    minimum: bool
    overdue_since: date | None
    next_due: date | None
    notes: tuple[str, ...]

    @property
    def label(self) -> str:
        return self.state.label

    @property
    def overdue(self) -> bool:
        return self.state is State.OVERDUE

    @property
    def summary(self) -> str:
        """« 1 réunion manquante sur 2 », « 2 réunions tenues sur 2 », …"""
        held = f"{self.held} {_plural(self.held, 'réunion tenue', 'réunions tenues')}"
        if self.state is State.NO_RULE:
            return f"{held} (pas de rythme fixé par la convention)"
        if self.state is State.NOT_REQUIRED:
            return f"Aucune réunion due en {self.year} : la convention ne s'applique pas"
        if self.state is State.UNKNOWN:
            return f"{held} ; nombre dû non calculable"
        floor = " au minimum" if self.minimum else ""
        if self.missing:
            word = _plural(self.missing, "réunion manquante", "réunions manquantes")
            return f"{self.missing} {word} sur {self.required}{floor}"
        return f"{held} sur {self.required}{floor}"


def compliance(
    frequency: Frequency,
    coverage: Coverage,
    year: int,
    meetings: Iterable[MeetingFact],
    today: date,
) -> Compliance:
    """Held versus required for one body and one calendar year, as seen on ``today``.

    ``meetings`` may hold the body's meetings of any year: those of ``year`` are counted, and
    the last held one before ``today`` anchors the interval of a regular body (choice 4).
    """
    facts = list(meetings)
    in_year = [m for m in facts if m.day.year == year]
    held_days = sorted(m.day for m in in_year if m.status == HELD)
    held = len(held_days)
    planned_days = sorted(m.day for m in in_year if m.status == PLANNED)
    upcoming = [d for d in planned_days if d >= today]
    notes = [
        f"Réunion prévue le {_fr(d)} : ni tenue ni annulée selon Repères."
        for d in planned_days
        if d < today
    ]
    n = frequency.meetings_per_year

    def result(
        state: State,
        required: int | None,
        missing: int = 0,
        overdue_since: date | None = None,
        next_due: date | None = None,
    ) -> Compliance:
        return Compliance(
            year=year,
            state=state,
            required=required,
            held=held,
            planned=len(upcoming),
            missing=missing,
            minimum=frequency.minimum,
            overdue_since=overdue_since,
            next_due=next_due,
            notes=tuple(notes),
        )

    if n is None:
        return result(State.NO_RULE, None)
    if coverage is Coverage.DOES_NOT_APPLY:
        return result(State.NOT_REQUIRED, 0)
    if coverage is Coverage.UNKNOWN:
        notes.insert(
            0,
            "La période d'application de la convention n'est pas connue : le nombre de "
            "réunions dues ne peut pas être calculé.",
        )
        return result(State.UNKNOWN, None)
    if coverage is Coverage.APPLIES_UNCERTAIN:
        notes.insert(
            0,
            "Les dates d'application de la convention sont incertaines : "
            "l'année entière est comptée.",
        )

    missing = max(n - held, 0)
    if not frequency.minimum and held > n:
        extra = held - n
        notes.append(
            f"{extra} {_plural(extra, 'réunion', 'réunions')} de plus que le rythme prévu ({n})."
        )
    year_end = date(year, 12, 31)
    interval = frequency.interval_months
    if interval is not None:
        notes.extend(_gap_notes(held_days, year, interval, year_over=today > year_end))
    if upcoming and missing:
        notes.append(
            f"{len(upcoming)} {_plural(len(upcoming), 'réunion prévue', 'réunions prévues')} "
            f"d'ici la fin de l'année."
        )

    if today > year_end:
        if missing:
            return result(State.OVERDUE, n, missing, overdue_since=year_end + timedelta(days=1))
        return result(State.MET, n)

    next_due = None
    if interval is not None and today >= date(year, 1, 1):
        held_before = [m.day for m in facts if m.status == HELD and m.day <= today]
        anchor = max([date(year, 1, 1), *held_before])
        next_due = anchor + relativedelta(months=interval)
        if today > next_due:
            return result(
                State.OVERDUE,
                n,
                missing,
                overdue_since=next_due + timedelta(days=1),
                next_due=next_due,
            )
    if missing:
        return result(State.IN_PROGRESS, n, missing, next_due=next_due)
    return result(State.MET, n, next_due=next_due)


def _gap_notes(held_days: list[date], year: int, interval: int, *, year_over: bool) -> list[str]:
    """Intervals longer than the rhythm: before the first held meeting of the year (from
    1 January), between two held meetings, and after the last one once the year is over."""
    notes = []
    previous = date(year, 1, 1)
    for day in held_days:
        if day > previous + relativedelta(months=interval):
            since = "le 1er janvier" if previous == date(year, 1, 1) else f"le {_fr(previous)}"
            notes.append(f"Plus de {interval} mois sans réunion entre {since} et le {_fr(day)}.")
        previous = day
    if year_over and held_days and date(year, 12, 31) > previous + relativedelta(months=interval):
        notes.append(f"Plus de {interval} mois sans réunion après le {_fr(previous)}.")
    return notes


# Documents due before a meeting ------------------------------------------------------------


def document_due_on(meeting_day: date, due_days_before: int) -> date:
    """Last day to send a document « en amont » of a meeting (seed 000 art. 6, annex 1)."""
    if due_days_before < 0:
        raise ValueError("a document is due before the meeting, not after")
    return meeting_day - timedelta(days=due_days_before)


class DocumentState(LabelledEnum):
    RECEIVED = "received", "Reçu"
    RECEIVED_LATE = "received_late", "Reçu en retard"
    LATE = "late", "En retard"
    PENDING = "pending", "À recevoir"
    NOT_DUE = "not_due", "Sans objet (réunion annulée)"


DOCUMENT_STATE_LABELS = labels(DocumentState)


def document_state(
    due_on: date, received_on: date | None, today: date, *, cancelled: bool = False
) -> DocumentState:
    if received_on is not None:
        return DocumentState.RECEIVED if received_on <= due_on else DocumentState.RECEIVED_LATE
    if cancelled:
        return DocumentState.NOT_DUE
    return DocumentState.LATE if today > due_on else DocumentState.PENDING


# Reading a frequency as written -------------------------------------------------------------

NUMBER_WORDS = {
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "onze": 11,
    "douze": 12,
}
_NUMBER = r"(\d{1,2}|" + "|".join(NUMBER_WORDS) + r")"
_INTERVALS = (
    (re.compile(r"\b(tous les mois|chaque mois|mensuel(le)?s?)\b"), 1),
    (re.compile(r"\b(bimestriel(le)?s?)\b"), 2),
    (re.compile(r"\b(chaque trimestre|tous les trimestres|trimestriel(le)?s?)\b"), 3),
    (re.compile(r"\b(chaque semestre|tous les semestres|semestriel(le)?s?)\b"), 6),
    (re.compile(r"\btous les " + _NUMBER + r" mois\b"), None),
)
_PER_YEAR = re.compile(
    r"\b"
    + _NUMBER
    + r" (fois|reunions?|rencontres?|seances?|comites?) (par an|l'an|chaque annee)\b"
)
_YEARLY = re.compile(r"\b(annuel(le)?s?|chaque annee|tous les ans)\b")
_MINIMUM = re.compile(r"\b(au moins|a minima|au minimum|minimum)\b")


@dataclass(frozen=True)
class ParsedFrequency:
    meetings_per_year: int
    minimum: bool
    regular: bool


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", stripped).strip()


def _number(token: str) -> int:
    return int(token) if token.isdigit() else NUMBER_WORDS[token]


def frequency_from_text(text: str) -> ParsedFrequency | None:
    """Read a frequency as the conventions write it: « au moins une fois par an » → 1, ≥;
    « deux fois par an » → 2; « tous les deux mois » → 6, at a regular interval. ``None`` when
    the text is not understood (the form then asks for the number)."""
    plain = _plain(text)
    minimum = bool(_MINIMUM.search(plain))
    for pattern, months in _INTERVALS:
        match = pattern.search(plain)
        if match:
            months = months or _number(match.group(1))
            if months < 1 or 12 % months:
                return None
            return ParsedFrequency(12 // months, minimum, True)
    match = _PER_YEAR.search(plain)
    if match:
        count = _number(match.group(1))
        return ParsedFrequency(count, minimum, False) if 1 <= count <= 52 else None
    if _YEARLY.search(plain):
        return ParsedFrequency(1, minimum, False)
    return None
