from django.conf import settings
from django.http import HttpRequest


def platform(_request: HttpRequest) -> dict[str, object]:
    # The navigation's field-work link comes from reperes.fieldwork.context_processors.
    return {"demo_mode": settings.DEMO_ALLOWED}
