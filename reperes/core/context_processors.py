from django.conf import settings
from django.http import HttpRequest


def platform(request: HttpRequest) -> dict[str, object]:
    from reperes.fieldwork.records import field_service_id

    user = getattr(request, "user", None)
    return {
        "demo_mode": settings.DEMO_ALLOWED,
        # « Terrain » is shown to whom may open it (the staff of the service their
        # organisation runs), read only when the navigation asks (a callable).
        "does_field_work": lambda: field_service_id(user) is not None,
    }
