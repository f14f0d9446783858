from django.db import models


class BodyKind(models.TextChoices):
    COMITE_PILOTAGE = "comite_pilotage", "Comité de pilotage"
    CONSEIL_PEDAGOGIQUE = "conseil_pedagogique", "Conseil pédagogique"
    COMITE_TECHNIQUE = "comite_technique", "Comité technique"
    COMITE_SUIVI_LOCAL = "comite_suivi_local", "Comité de suivi local"
    COMITE_FINANCEURS = "comite_financeurs", "Comité des financeurs"
    COMMISSION_DEPARTEMENTALE = "commission_departementale", "Commission départementale"
    RENCONTRE_MDS_SPS = "rencontre_mds_sps", "Rencontre MDS / SPS"
    OTHER = "other", "Autre instance"


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "Prévue"
    HELD = "held", "Tenue"
    CANCELLED = "cancelled", "Annulée"
