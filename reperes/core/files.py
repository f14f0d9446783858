"""One way to hand a privately stored document to someone already allowed to see it."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse


def private_download(
    field: Any, filename: str, content_type: str = "application/pdf"
) -> FileResponse:
    """Stream the file (no copy in memory) as an attachment that no cache keeps."""
    response = FileResponse(
        field.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response
