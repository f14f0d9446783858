"""The API's documentation page: Swagger UI over the published schema, for signed-in users
(the schema's own permissions; anonymous gets 401 like the schema).

Swagger UI's scripts and styles are served by the app (drf-spectacular-sidecar), never by a
CDN, and the page holds no inline script or style (the split view loads its start-up script
from its own URL), so the project's content security policy (``'self'`` only) holds on it."""

from drf_spectacular.views import SpectacularSwaggerSplitView


class ApiDocsView(SpectacularSwaggerSplitView):
    template_name = "api/docs.html"
    title = "Documentation de l'API Repères"
