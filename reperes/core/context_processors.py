from django.conf import settings
from django.http import HttpRequest


def platform(request: HttpRequest) -> dict[str, object]:
    return {"demo_mode": settings.DEMO_ALLOWED}
