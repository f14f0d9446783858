from django.db import models

# The kinds of body a convention sets up with it (``conventions.forms_setup``): in
# conventions.enums.
from reperes.conventions.enums import BodyKind as BodyKind


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "Prévue"
    HELD = "held", "Tenue"
    CANCELLED = "cancelled", "Annulée"
