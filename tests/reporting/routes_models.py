"""The report model editor in the role × URL matrix.

The editor is for the agents of a Département and the platform administrators: everybody else
gets a 403 on every page (whatever the model). A model of the Département is read by its agent
and by a platform administrator; only its Département's agent changes it (preview, draft,
version) and only a platform administrator shares it.
"""

from __future__ import annotations

from tests.matrix import only

READERS = only({"departement_agent": 200, "platform_admin": 200}, 403)
COMPOSER = only({"departement_agent": 200}, 403)
ADMIN = only({"platform_admin": 200}, 403)

ROUTES = {
    "reporting:models": (None, READERS),
    "reporting:model_create": (None, COMPOSER),
    "reporting:model_copy": (None, COMPOSER),
    "reporting:model_library": ("library_model", READERS),
    "reporting:model": ("composed_model", READERS),
    "reporting:model_edit": ("composed_model", COMPOSER),
    "reporting:model_preview": ("composed_model", COMPOSER),
    "reporting:model_save_version": ("composed_model", COMPOSER),
    "reporting:model_share": ("composed_model", ADMIN),
}
API_ROUTES: dict = {}
EXEMPT: set = set()

SPEC = {
    "sections": [
        {
            "title": "Les jeunes",
            "blocks": [
                {"type": "values", "key": "t-jeunes", "title": "Jeunes", "codes": ["youths.met"]}
            ],
        }
    ],
    "narratives": {},
}


def make_targets(world) -> dict:
    from reperes.reporting.models import ReportModel, ReportModelVersion

    model = ReportModel.objects.create(
        key="modele-matrice",
        title="Modèle de la matrice",
        owner=world["orgs"]["departement"],
        draft=SPEC,
    )
    ReportModelVersion.objects.create(model=model, number=1, spec=SPEC)
    return {"composed_model": model.pk, "library_model": "bilan-annuel"}
