"""The privacy desk's records: breaches (GDPR art. 33–34), legal holds on retention, rights
requests (art. 15–22), destructions at the end of a convention, the DPIA's completion.

None of them is ever deleted by the application: each is the proof of what was done.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any, ClassVar

from django.db import models
from django.utils import timezone

from reperes.core.fields import EncryptedTextField, Link, acting_user
from reperes.partners.fields import optional_organisation

if TYPE_CHECKING:
    from reperes.partners.models import Organisation, Service


def service_field() -> Link[Service, Service]:
    """The service the record is about (where the breach happened, where the youth is known)."""
    return Link("partners.Service", "service", related_name="+")


def controller_field() -> Link[Organisation, Organisation]:
    """The organisation that operates the service: the controller of the processing
    (responsable de traitement) the record answers for."""
    return Link("partners.Organisation", "responsable de traitement", related_name="+")


class KeptQuerySet(models.QuerySet[Any]):
    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError(self.model.refusal)


class Kept(models.Model):
    """A record of the desk the application never deletes: the proof of what was done. Each
    says why in ``refusal``."""

    refusal = "Cet enregistrement ne peut pas être effacé."

    objects = KeptQuerySet.as_manager()

    class Meta:
        abstract = True

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError(self.refusal)


class BreachStatus(models.TextChoices):
    OPEN = "open", "Ouvert"
    CLOSED = "closed", "Clos"


class Recipient(models.TextChoices):
    CNIL = "cnil", "CNIL"
    FUNDER = "funder", "Financeur (partie de la convention)"
    PEOPLE = "people", "Personnes concernées"


class Breach(Kept):
    """A personal-data breach in a service, declared by its director; the operator of the
    service is the controller (responsable de traitement)."""

    service = service_field()
    controller = controller_field()
    declared_at = models.DateTimeField("déclaré le")
    discovered_at = models.DateTimeField("découvert le")
    facts = models.TextField("faits")
    data_categories = models.TextField("catégories de données concernées")
    people_categories = models.TextField("catégories de personnes concernées")
    window_start = models.DateTimeField("début de la période examinée", null=True, blank=True)
    window_end = models.DateTimeField("fin de la période examinée", null=True, blank=True)
    people_count = models.PositiveIntegerField("nombre de personnes concernées", null=True)
    readers_count = models.PositiveIntegerField("nombre de lecteurs", null=True)
    consequences = models.TextField("conséquences probables", blank=True)
    measures = models.TextField("mesures prises ou envisagées", blank=True)
    status = models.CharField(
        "état", max_length=10, choices=BreachStatus.choices, default=BreachStatus.OPEN
    )
    cnil_reminded_at = models.DateTimeField("rappel CNIL envoyé le", null=True, blank=True)
    funder_reminded_at = models.DateTimeField("rappel financeur envoyé le", null=True, blank=True)
    created_by = acting_user("déclaré par")
    created_at = models.DateTimeField("enregistré le", default=timezone.now)

    refusal = "Un incident de sécurité ne peut pas être effacé."

    class Meta:
        verbose_name = "violation de données"
        verbose_name_plural = "violations de données"
        ordering = ["-declared_at", "-pk"]

    def __str__(self) -> str:
        return f"Violation n° {self.pk} ({self.declared_at:%d/%m/%Y})"


class BreachNotification(Kept):
    breach = Link(Breach, related_name="notifications")
    recipient = models.CharField("destinataire", max_length=10, choices=Recipient.choices)
    organisation = optional_organisation("organisme notifié")
    at = models.DateTimeField("notifiée le")
    means = models.CharField("moyen", max_length=200)
    reference = models.CharField("référence", max_length=200, blank=True)
    recorded_by = acting_user()
    recorded_at = models.DateTimeField("enregistrée le", default=timezone.now)

    refusal = "Une notification ne peut pas être effacée."

    class Meta:
        verbose_name = "notification d'une violation"
        verbose_name_plural = "notifications des violations"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_recipient_display()} le {self.at:%d/%m/%Y %H:%M}"


# ---------------------------------------------------------------- retention
class LegalHoldQuerySet(KeptQuerySet):
    def active(self) -> LegalHoldQuerySet:
        return self.filter(lifted_at__isnull=True)


class LegalHold(Kept):
    """A youth's record kept past its retention, for a stated reason (a judicial request, a
    rights request being answered, a litigation): the retention job leaves it alone until the
    hold is lifted. Kept after lifting, as the trace of why the record lived longer."""

    service = service_field()
    youth = Link("fieldwork.Youth", "fiche", related_name="legal_holds")
    reason = models.TextField("motif")
    until = models.DateField("jusqu'au (si connu)", null=True, blank=True)
    recorded_by = acting_user("enregistré par")
    recorded_at = models.DateTimeField("enregistré le", default=timezone.now)
    lifted_at = models.DateTimeField("levé le", null=True, blank=True)
    lifted_by = acting_user("levé par", blank=True)
    lift_reason = models.TextField("motif de la levée", blank=True)

    refusal = "Un gel de conservation ne peut pas être effacé ; levez-le."

    # Kept's manager with the active holds; a class variable, as the base declares it.
    objects: ClassVar = LegalHoldQuerySet.as_manager()

    class Meta:
        verbose_name = "gel de conservation"
        verbose_name_plural = "gels de conservation"
        ordering = ["-recorded_at", "-pk"]

    def __str__(self) -> str:
        return f"Gel n° {self.pk} ({self.recorded_at:%d/%m/%Y})"


# ---------------------------------------------------------------- rights requests
class RightKind(models.TextChoices):
    ACCESS = "access", "Accès (RGPD art. 15)"
    RECTIFICATION = "rectification", "Rectification (RGPD art. 16)"
    ERASURE = "erasure", "Effacement (RGPD art. 17)"
    LIMITATION = "limitation", "Limitation (RGPD art. 18)"
    OPPOSITION = "opposition", "Opposition (RGPD art. 21)"


class RequesterKind(models.TextChoices):
    YOUTH = "youth", "Le jeune lui-même"
    PARENT = "parent", "Titulaire de l'autorité parentale"
    REPRESENTATIVE = "representative", "Représentant mandaté (avocat, tuteur…)"


class RequestStatus(models.TextChoices):
    OPEN = "open", "En cours"
    ANSWERED = "answered", "Répondue"


class Decision(models.TextChoices):
    GRANTED = "granted", "Accordée"
    PARTLY = "partly", "Accordée en partie"
    REFUSED = "refused", "Refusée"


class RightsRequest(Kept):
    """A request to exercise a right of the GDPR (art. 15 to 22) about a youth's record, received
    by the service: the register of requests the controller must be able to show. The
    requester's name and address are needed for the answer: encrypted like an identity."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = service_field()
    controller = controller_field()
    youth = Link("fieldwork.Youth", "fiche concernée", related_name="rights_requests", null=True)
    kind = models.CharField("droit exercé", max_length=15, choices=RightKind.choices)
    requester_kind = models.CharField("demandeur", max_length=15, choices=RequesterKind.choices)
    requester_name = EncryptedTextField("nom du demandeur")
    requester_address = EncryptedTextField("adresse pour la réponse", blank=True)
    identified_by = models.CharField("identité vérifiée par", max_length=300)
    received_on = models.DateField("reçue le")
    details = models.TextField("objet de la demande", blank=True)
    due_on = models.DateField("réponse due le")
    extended_to = models.DateField("délai prolongé jusqu'au", null=True, blank=True)
    extension_reason = models.TextField("motif de la prolongation", blank=True)
    reminded_on = models.DateField("rappel envoyé le", null=True, blank=True)
    status = models.CharField(
        "état", max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    decision = models.CharField("décision", max_length=10, choices=Decision.choices, blank=True)
    decision_reason = models.TextField("motifs de la décision", blank=True)
    decided_on = models.DateField("décidée le", null=True, blank=True)
    letter_sent_on = models.DateField("réponse envoyée le", null=True, blank=True)
    erased_at = models.DateTimeField("effacement réalisé le", null=True, blank=True)
    erased_digest = models.CharField("empreinte de l'ensemble effacé", max_length=64, blank=True)
    created_by = acting_user("enregistrée par")
    created_at = models.DateTimeField("enregistrée le", default=timezone.now)

    refusal = "Une demande d'exercice des droits ne peut pas être effacée."

    class Meta:
        verbose_name = "demande d'exercice des droits"
        verbose_name_plural = "demandes d'exercice des droits"
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return f"Demande n° {self.pk} ({self.get_kind_display()}, {self.received_on:%d/%m/%Y})"

    @property
    def deadline(self) -> Any:
        return self.extended_to or self.due_on


# ---------------------------------------------------------------- end of a convention
class DestructionStatus(models.TextChoices):
    REQUESTED = "requested", "Demandée"
    PERFORMED = "performed", "Réalisée"


class Destruction(Kept):
    """The end of a convention for a service with no successor: the restitution or destruction
    of the nominative data its data-protection clause asks for, then its dated proof."""

    convention = Link("conventions.Convention", "convention", related_name="+")
    service = service_field()
    ended_on = models.DateField("fin de la convention")
    mode = models.CharField("sort des données", max_length=20)
    article = models.CharField("article", max_length=100, blank=True)
    written_proof = models.BooleanField("preuve écrite demandée", default=False)
    requested_on = models.DateField("demandée le")
    status = models.CharField(
        "état",
        max_length=10,
        choices=DestructionStatus.choices,
        default=DestructionStatus.REQUESTED,
    )
    returned_on = models.DateField("restitution faite le", null=True, blank=True)
    returned_how = models.CharField("restitution : moyen", max_length=300, blank=True)
    performed_at = models.DateTimeField("réalisée le", null=True, blank=True)
    performed_by = acting_user("réalisée par", blank=True)
    counts = models.JSONField("ce qui a été détruit", default=dict, blank=True)
    digest = models.CharField("empreinte de l'ensemble détruit", max_length=64, blank=True)
    sent_to_funder_on = models.DateField("preuve envoyée le", null=True, blank=True)
    created_at = models.DateTimeField("enregistrée le", default=timezone.now)

    refusal = "Une destruction et sa preuve ne peuvent pas être effacées."

    class Meta:
        verbose_name = "destruction des données en fin de convention"
        verbose_name_plural = "destructions des données en fin de convention"
        ordering = ["-ended_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "service"], name="destruction_once_per_convention"
            )
        ]

    def __str__(self) -> str:
        return f"Fin de convention du {self.ended_on:%d/%m/%Y}"


# ---------------------------------------------------------------- DPIA
class DpiaCompletion(models.Model):
    """The DPO's completion of the pre-filled DPIA (AIPD) of a controller: answers to the
    questions the code cannot answer, dated and signed. Each completion is a new row: the
    previous ones stay as the history of the analysis."""

    controller = controller_field()
    answers = models.JSONField("réponses", default=dict, blank=True)
    completed_on = models.DateField("datée du")
    completed_by = acting_user("complétée par")
    created_at = models.DateTimeField("enregistrée le", default=timezone.now)

    class Meta:
        verbose_name = "analyse d'impact complétée"
        verbose_name_plural = "analyses d'impact complétées"
        ordering = ["-completed_on", "-pk"]

    def __str__(self) -> str:
        return f"AIPD du {self.completed_on:%d/%m/%Y}"
