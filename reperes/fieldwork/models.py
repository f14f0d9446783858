"""Field work, private by design (BRIEF §7 and §10): the models of the one ``fieldwork`` app,
each defined in the package of its sub-domain and gathered here for Django.

Three levels of recording: anonymous tallies (``street``: StreetSession + ContactCount), youths
under a pseudonym (``youths``: Youth, no name needed) and, only with the youth's consent, an
identity encrypted field by field (seed 001 art. 9 lists the only nominative data: name, first
name, postal address, phone). Every per-youth record belongs to one service and is visible to
that service's educators and director only (``records.ServiceRecordQuerySet.visible_to``);
youths, families and accompaniments are addressed by random ``public_id`` in URLs; every read
and change of a youth record writes an ``AccessLogEntry`` in the same transaction.
"""

from reperes.fieldwork.collective.models import CollectiveAction, ParticipantCount
from reperes.fieldwork.partners.models import Observation, Partner, PartnershipAction
from reperes.fieldwork.street.models import ContactCount, StreetSession
from reperes.fieldwork.time.models import TimeEntry
from reperes.fieldwork.youths.access_log import AccessLogEntry
from reperes.fieldwork.youths.models import (
    Accompaniment,
    ChoiceItem,
    Family,
    Intervention,
    Youth,
    new_pseudonym,  # the default of Youth.pseudonym, named by migration 0001
)

__all__ = [
    "AccessLogEntry",
    "Accompaniment",
    "ChoiceItem",
    "CollectiveAction",
    "ContactCount",
    "Family",
    "Intervention",
    "Observation",
    "ParticipantCount",
    "Partner",
    "PartnershipAction",
    "StreetSession",
    "TimeEntry",
    "Youth",
    "new_pseudonym",
]
