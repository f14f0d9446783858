from django.db import models


class OrganisationKind(models.TextChoices):
    DEPARTEMENT = "departement", "Département"
    COMMUNE = "commune", "Commune"
    ASSOCIATION = "association", "Association"
    CCAS = "ccas", "Centre communal d'action sociale (CCAS)"
    CAISSE_DES_ECOLES = "caisse_des_ecoles", "Caisse des écoles"
    CAF = "caf", "Caisse d'allocations familiales (CAF)"
    METROPOLE = "metropole", "Métropole"
    EPCI = "epci", "Intercommunalité (EPCI)"
    ETAT = "etat", "Service de l'État"
    HOST = "host", "Hébergeur de la plateforme"


class QuartierKind(models.TextChoices):
    QPV = "qpv", "Quartier prioritaire de la politique de la ville"
    VEILLE = "veille", "Quartier de veille"
    OTHER = "autre", "Autre quartier ou secteur"


class PlaceKind(models.TextChoices):
    COLLEGE = "college", "Collège"
    LYCEE = "lycee", "Lycée"
    EQUIPMENT = "equipement", "Équipement culturel ou socio-culturel"
    PUBLIC_SPACE = "espace_public", "Espace public"
    SOCIAL_SERVICE = "service_social", "Service social (MDS, CMS…)"
    OTHER = "autre", "Autre lieu"
