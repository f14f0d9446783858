from django.db import models

# How a convention pays (its schedules' kinds and periods) is set up and imported with the
# convention (``conventions.forms_setup``, ``import_money``): they live in conventions.enums.
from reperes.conventions.enums import PeriodMonths as PeriodMonths
from reperes.conventions.enums import ScheduleKind as ScheduleKind


class ChildrenPercentOf(models.TextChoices):
    """What the percents of a share's sub-shares refer to (``StatedShare.children_percent_of``)."""

    PARENT = "parent", "Pourcentages de cette part (ils totalisent 100 %)"
    TOTAL = "total", "Pourcentages du total (ils totalisent le pourcentage de cette part)"


class OtherFundingStatus(models.TextChoices):
    SOUGHT = "sought", "Recherché"
    GRANTED = "granted", "Obtenu"
    REFUSED = "refused", "Refusé"


class ProrataReadingChoices(models.TextChoices):
    """Mirror of ``reperes.rules.schedules.ProrataReading`` (same values)."""

    BALANCE_ONLY = "solde", "Seul le solde est proratisé (lecture littérale)"
    WHOLE_GRANT = "dotation", "Toute la dotation est proratisée, l'avance en est déduite"


class AdvanceCheck(models.TextChoices):
    """On which day the advance's condition (« si un 1 ETP au moins est en poste ») is checked."""

    END_OF_Q1 = "q1_end", "Au 31 mars (dernier jour du premier trimestre)"
    START_OF_YEAR = "year_start", "Au 1er janvier"


class InstalmentSlot(models.TextChoices):
    """Which instalment of a year it is: the natural key that makes generation idempotent."""

    M01 = "m01", "Janvier"
    M02 = "m02", "Février"
    M03 = "m03", "Mars"
    M04 = "m04", "Avril"
    M05 = "m05", "Mai"
    M06 = "m06", "Juin"
    M07 = "m07", "Juillet"
    M08 = "m08", "Août"
    M09 = "m09", "Septembre"
    M10 = "m10", "Octobre"
    M11 = "m11", "Novembre"
    M12 = "m12", "Décembre"
    Q1 = "q1", "1er trimestre"
    Q2 = "q2", "2e trimestre"
    Q3 = "q3", "3e trimestre"
    Q4 = "q4", "4e trimestre"
    S1 = "s1", "1er semestre"
    S2 = "s2", "2e semestre"
    SINGLE = "single", "Versement unique"
    ADVANCE = "advance", "Avance"
    BALANCE = "balance", "Solde"


class InstalmentStatus(models.TextChoices):
    """Computed, never stored (see ``Instalment.status_on``)."""

    PLANNED = "planned", "Prévue"
    DUE = "due", "À verser"
    LATE = "late", "En retard"
    PARTIAL = "partial", "Partiellement versée"
    PAID = "paid", "Versée"
    NOT_DUE = "not_due", "Non due"
