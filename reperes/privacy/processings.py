"""The processing activities of the register (GDPR art. 30.1 b to f)."""

from __future__ import annotations

from .register import Processing

PROCESSINGS = (
    Processing(
        "suivi",
        "Suivi éducatif des jeunes et des familles",
        "Prévention spécialisée : rencontrer, accompagner et orienter les jeunes et les familles "
        "d'un territoire ; produire les bilans d'activité demandés par les conventions.",
        "Mission d'intérêt public (RGPD art. 6.1 e) : protection de l'enfance, code de l'action "
        "sociale et des familles art. L. 121-2 et L. 221-1 ; identité recueillie avec l'accord "
        "du jeune.",
        "Éducateurs et direction du service qui accompagne le jeune. Les financeurs ne reçoivent "
        "que des chiffres agrégés, sous secret statistique, jamais une fiche.",
        "Fiche active pendant la durée fixée par la clause « Protection des données » de la "
        "convention après le dernier contact ; à défaut, 2 ans (référentiel CNIL « protection "
        "de l'enfance ») ; puis anonymisation : identité détruite, statistiques conservées.",
        retention_params=("retention_value", "retention_unit"),
    ),
    Processing(
        "acces",
        "Journal des accès aux fiches des jeunes",
        "Savoir qui a lu ou modifié quelle fiche, et quand : contrôle interne, réponse à une "
        "demande d'accès, mesure d'une violation de données.",
        "Obligation de sécurité (RGPD art. 5.1 f et 32).",
        "Direction du service et délégué à la protection des données ; personne d'autre.",
        "Durée fixée par la clause « Protection des données » de la convention ; à défaut, "
        "12 mois (recommandation CNIL : 6 à 12 mois).",
    ),
    Processing(
        "comptes",
        "Comptes, authentification et sécurité des connexions",
        "Donner à chacun l'accès qui correspond à son rôle ; bloquer les essais de mots de "
        "passe ; second facteur pour les comptes qui voient des identités.",
        "Obligation de sécurité (RGPD art. 32) ; intérêt légitime de l'hébergeur.",
        "Administration de la plateforme ; direction du service pour les codes d'activation de "
        "son personnel.",
        "Durée de l'habilitation ; session fermée après inactivité ; tentatives de connexion "
        "selon le réglage du verrouillage (django-axes).",
    ),
    Processing(
        "audit",
        "Traçabilité des actions des utilisateurs",
        "Savoir qui a saisi, modifié, validé ou publié quoi : preuve des engagements, contrôle "
        "interne, historique des versions.",
        "Obligation de sécurité (RGPD art. 32) ; intérêt légitime des parties.",
        "Utilisateurs qui voient l'objet concerné ; délégué à la protection des données.",
        "Durée de conservation de l'objet tracé ; purge par le seul travail de conservation.",
    ),
    Processing(
        "personnel",
        "Tableau des effectifs et temps de travail",
        "Suivre le personnel affecté au service (qualification, diplôme requis, ETP, arrivées "
        "et départs) comme les conventions le demandent ; temps passé par activité.",
        "Exécution des conventions (RGPD art. 6.1 b et c) ; intérêt légitime de l'employeur.",
        "Direction du service ; agents des financeurs parties à une convention qui lie le "
        "service (tableau des effectifs, sans le temps saisi).",
        "Durée de la convention qui le demande, puis archives de l'employeur.",
    ),
    Processing(
        "conventions",
        "Conventions, signataires et représentants",
        "Tenir les conventions signées, qui les a signées et avec quelle habilitation.",
        "Exécution des conventions (RGPD art. 6.1 b) ; mission d'intérêt public.",
        "Membres des organisations parties à la convention.",
        "Durée de la convention, puis délai d'utilité administrative de chaque partie.",
    ),
    Processing(
        "instances",
        "Instances de pilotage et réunions",
        "Convoquer les instances prévues par les conventions, tenir les présences et les "
        "comptes rendus.",
        "Exécution des conventions (RGPD art. 6.1 b).",
        "Membres des organisations parties à la convention de l'instance.",
        "Durée de la convention, puis délai d'utilité administrative de chaque partie.",
    ),
    Processing(
        "rapports",
        "Observation du territoire et rapports d'activité",
        "Rédiger les parties libres des rapports et les observations du territoire ; remonter "
        "des chiffres agrégés aux financeurs.",
        "Exécution des conventions (RGPD art. 6.1 b et e).",
        "Service ; financeurs pour les rapports publiés (chiffres sous secret statistique) ; "
        "instances de la prévention de la délinquance pour les seules observations générales.",
        "Durée de la convention ; les publications restent inchangées (chiffres agrégés).",
    ),
    Processing(
        "protection",
        "Violations de données et exercice des droits",
        "Déclarer et notifier les violations de données, répondre aux demandes d'exercice des "
        "droits.",
        "Obligation légale (RGPD art. 12 à 22, 33 et 34).",
        "Direction du service, délégué à la protection des données, CNIL et financeur notifiés.",
        "Conservées sans limite : chaque incident est gardé, notifié ou non (RGPD art. 33.5).",
    ),
)
