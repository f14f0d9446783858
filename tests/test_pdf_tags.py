"""Every PDF the application writes is tagged (PDF/UA-1 as WeasyPrint 70 allows it): a structure
tree, ``/MarkInfo <</Marked true>>``, ``/Lang (fr)``, a title the reader shows.

The catalog is read back with the standard library: WeasyPrint compresses it into an object
stream, so every Flate stream is inflated and the catalog dictionary searched in the result.
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path

import pytest

from reperes.core.pdf import UntitledPdf, write_pdf
from tests.matrix_pages import pages_by_persona

ROOT = Path(__file__).resolve().parent.parent / "reperes"


def pdf_objects(content: bytes) -> bytes:
    """The PDF's bytes with each Flate stream inflated after them."""
    parts = [content]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", content, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)


def catalog(content: bytes) -> bytes:
    objects = pdf_objects(content)
    start = objects.find(b"/Type /Catalog")
    assert start >= 0, "pas de catalogue"
    # The catalog's dictionary ends at the first '>>' that closes its own '<<'.
    depth, i = 1, start
    while depth and i < len(objects):
        if objects.startswith(b"<<", i):
            depth, i = depth + 1, i + 2
        elif objects.startswith(b">>", i):
            depth, i = depth - 1, i + 2
        else:
            i += 1
    return objects[start:i]


def title(content: bytes) -> str:
    """The title of the XMP metadata (dc:title), which PDF/UA requires and readers show."""
    found = re.search(rb"<dc:title>.*?<rdf:li[^>]*>(.*?)</rdf:li>", pdf_objects(content), re.S)
    return found.group(1).decode() if found else ""


def assert_tagged(content: bytes, label: str) -> None:
    assert content.startswith(b"%PDF-"), label
    cat = catalog(content)
    assert b"/StructTreeRoot" in cat, (label, cat)
    assert re.search(rb"/MarkInfo\s*<<\s*/Marked true", cat), (label, cat)
    assert b"/Lang (fr)" in cat, (label, cat)
    assert re.search(rb"/DisplayDocTitle true", cat), (label, cat)
    assert title(content).strip(), label


def test_the_helper_writes_a_tagged_french_pdf_with_its_title():
    html = (
        '<html lang="fr"><head><title>Appel de fonds n° 3</title></head>'
        "<body><h1>Appel de fonds</h1><p>Montant : 1 200 €</p></body></html>"
    )
    content = write_pdf(html)
    assert_tagged(content, "aide")
    assert title(content) == "Appel de fonds n° 3"
    # The structure tree holds the heading and the paragraph.
    objects = pdf_objects(content)
    assert b"/S /H1" in objects
    assert b"/S /P" in objects


def test_a_pdf_without_language_is_written_in_french():
    content = write_pdf("<html><head><title>Registre</title></head><body><p>x</p></body></html>")
    assert b"/Lang (fr)" in catalog(content)


def test_a_pdf_without_title_is_refused():
    with pytest.raises(UntitledPdf):
        write_pdf('<html lang="fr"><head></head><body><p>x</p></body></html>')


def test_only_the_helper_calls_weasyprint():
    """One door to WeasyPrint, so no PDF escapes the tags."""
    callers = sorted(
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("*.py")
        if re.search(r"^\s*(from|import) weasyprint", path.read_text(), re.M)
    )
    assert callers == ["core/pdf.py"]


def test_every_pdf_route_of_the_matrix_is_tagged(client, world):
    """The matrix's PDF routes (report, call for funds, payment notice, register, DPIA,
    destruction proof), each opened by the first persona allowed to."""
    seen: dict[str, str] = {}
    for persona, pages in pages_by_persona(world).items():
        for name, url in pages:
            if "pdf" in name and name not in seen:
                seen[name] = persona
                client.force_login(world["users"][persona])
                response = client.get(url)
                assert response.status_code == 200, name
                body = (
                    b"".join(response.streaming_content) if response.streaming else response.content
                )
                assert response["Content-Type"] == "application/pdf", name
                assert_tagged(body, name)
    assert len(seen) >= 6, sorted(seen)
