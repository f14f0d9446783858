from django.http import HttpRequest

from reperes.fieldwork.records import field_service_id


def field_work(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    return {
        # « Terrain » is shown to whom may open it (the staff of the service their
        # organisation runs), read only when the navigation asks (a callable).
        "does_field_work": lambda: field_service_id(user) is not None,
    }
