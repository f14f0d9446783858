"""Every PDF the application writes goes through :func:`write_pdf`: tagged for accessibility
(PDF/UA-1 as far as WeasyPrint 70 allows: a structure tree, ``/MarkInfo /Marked true``, the
document's language and its title shown by the reader), in French, with a title.

The language and the title come from the template (``<html lang="fr">`` and ``<title>``); a
template without a title is refused, one without a language is written in French.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

# WeasyPrint logs every rendering step at INFO: keep its warnings only.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

PDF_VARIANT = "pdf/ua-1"
LANGUAGE = "fr"


class UntitledPdf(ValueError):
    """A PDF template has no ``<title>``: a screen reader would announce a file name."""


def write_pdf(
    html: str,
    *,
    base_url: str | None = None,
    allowed_protocols: Iterable[str] = ("data",),
) -> bytes:
    """Render ``html`` to a tagged PDF without network: the fetcher only allows
    ``allowed_protocols`` (``data`` for inline stylesheets and charts, ``file`` for a
    stylesheet read under ``base_url``)."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols=set(allowed_protocols))
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
        pdf_variant=PDF_VARIANT
    )
    title = (document.metadata.title or "").strip()
    if not title:
        raise UntitledPdf("Le gabarit du PDF n'a pas de titre (<title>).")
    document.metadata.title = title
    if not (document.metadata.lang or "").lower().startswith(LANGUAGE):
        document.metadata.lang = LANGUAGE
    return document.write_pdf(pdf_variant=PDF_VARIANT)
