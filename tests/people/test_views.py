"""Personnel pages and API: French forms that keep what was typed, visibility, query budget."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reperes.people.enums import ChangeRequestStatus, StaffCategory
from reperes.people.models import ChangeRequest, FinancialDocument, StaffingLine, StaffMember
from tests.forms import posted
from tests.labels import shown_fields, unlabelled_fields
from tests.pages import page_text
from tests.people.factories import (
    PDF,
    ChangeRequestFactory,
    FinancialDocumentFactory,
    StaffingLineFactory,
    StaffMemberFactory,
)

# What a director types to add a person to the register.
STAFF = {
    "display_name": "Éducatrice Exemple Saisie",
    "job_title": "Éducatrice spécialisée",
    "category": "social_worker",
    "qualification": "Éducatrice spécialisée",
    "has_required_diploma": "on",
    "diploma": "DEES 2019",
    "fte": "0,8",
    "arrival": "2024-02-01",
    "departure": "",
    "counts_for_presence": "on",
}


def _service_url(world, year=None):
    url = reverse("people:service", kwargs={"pk": world["services"]["a"].pk})
    return f"{url}?annee={year}" if year else url


@pytest.fixture
def staffed(world):
    service = world["services"]["a"]
    for category, fte in [
        (StaffCategory.DIRECTION, "1"),
        (StaffCategory.SOCIAL_WORKER, "3.83"),
        (StaffCategory.ADMINISTRATIVE, "0.5"),
    ]:
        StaffingLineFactory(service=service, year=2024, category=category, planned_fte=Decimal(fte))
    StaffMemberFactory(service=service, display_name="Cheffe Exemple", director=True)
    StaffMemberFactory(service=service, display_name="Éducateur Exemple Parti", gone=True)
    StaffMemberFactory(
        service=service,
        display_name="Animatrice Exemple Sans Diplôme",
        without_diploma=True,
        arrival=date(2021, 9, 1),
    )
    ChangeRequestFactory(service=service, title="Quatrième poste d'éducateur")
    FinancialDocumentFactory(service=service)
    return service


def test_service_page_shows_planned_actual_register_requests_and_documents(client, world, staffed):
    client.force_login(world["users"]["departement_agent"])
    html = page_text(
        client.get(_service_url(world, 2024)),
        "Tableau des effectifs 2024",
        "3,83",
        "Éducateur Exemple Parti",
        "30/06/2024",
        # Convention A starts on 1 January 2023, after the arrival: VAE due 1 January 2025.
        "VAE au plus tard le 01/01/2025",
        "Demande en attente : 7 ETP",
        "Quatrième poste d&#x27;éducateur",
        reverse("people:request_decide", kwargs={"pk": ChangeRequest.objects.get().pk}),
        "Reçu dans les délais",
    )
    # A funder reads, it does not keep the register.
    assert reverse("people:staff_add", kwargs={"pk": staffed.pk}) not in html


def test_service_page_for_the_director_offers_the_register_actions(client, world, staffed):
    client.force_login(world["users"]["director_a"])
    html = client.get(_service_url(world, 2024)).content.decode()
    assert reverse("people:staff_add", kwargs={"pk": staffed.pk}) in html
    member = StaffMember.objects.get(display_name="Cheffe Exemple")
    assert reverse("people:staff_edit", kwargs={"pk": member.public_id}) in html
    assert "Décider" not in html


@pytest.mark.usefixtures("staffed")
def test_overdue_vae_is_an_alert(client, world):
    client.force_login(world["users"]["educator_a"])
    html = client.get(_service_url(world, 2025)).content.decode()
    assert "délai dépassé" in html
    assert "Animatrice Exemple Sans Diplôme" in html


def test_year_without_anything_still_renders(client, world):
    client.force_login(world["users"]["director_a"])
    response = client.get(_service_url(world, 2031))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Aucun tableau des effectifs" in html


@pytest.mark.usefixtures("staffed")
def test_list_page_shows_only_visible_services(client, world):
    client.force_login(world["users"]["educator_b"])
    html = client.get(reverse("people:list")).content.decode()
    assert "SPS B" in html
    assert "SPS A" not in html
    client.force_login(world["users"]["commune_agent"])
    html = client.get(reverse("people:list")).content.decode()
    assert "SPS A" in html
    assert "SPS B" not in html
    assert "1 demande en attente" in html


# Session and user (2), the user's organisation in the header (1), the session's save (3), the
# page: service, table, register, conventions' start, requests, documents, the right to decide;
# the conventions binding the funder on the day (reperes.core.access: conventions, their
# parties, their events — 3, once per request); and the clauses that apply: for each span asked
# (the years N-1, N, N+1 the documents are about, the year and today for the staff terms, the
# year for the disagreements) the conventions' dates (1), the access layer (3, whatever the
# number of days checked) and the binding conventions (1); each binding convention's clause
# versions (2). Constant in the size of the register, the requests and the documents.
QUERY_BUDGET = 54


def test_service_page_query_count_does_not_grow_with_the_register(client, world, staffed):
    client.force_login(world["users"]["departement_agent"])
    url = _service_url(world, 2024)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(15):
        StaffMemberFactory(service=staffed, display_name=f"Éducateur Exemple {n}")
        ChangeRequestFactory(service=staffed, title=f"Demande {n}")
        FinancialDocumentFactory(service=staffed, year=2020 + n % 5)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few) <= QUERY_BUDGET


# --- Forms -----------------------------------------------------------------------------------------


def test_add_a_person_with_a_french_decimal(client, world):
    client.force_login(world["users"]["director_a"])
    response = client.post(
        reverse("people:staff_add", kwargs={"pk": world["services"]["a"].pk}), posted(STAFF)
    )
    assert response.status_code == 302
    member = StaffMember.objects.get()
    assert member.fte == Decimal("0.8")
    assert member.service == world["services"]["a"]


def test_a_french_error_keeps_what_was_typed(client, world):
    client.force_login(world["users"]["director_a"])
    response = client.post(
        reverse("people:staff_add", kwargs={"pk": world["services"]["a"].pk}),
        posted(STAFF, fte="1,5", departure="2024-01-15"),
    )
    page_text(
        response,
        "Le temps de travail d&#x27;une personne est compris entre 0 et 1 ETP.",
        "Le départ ne peut pas précéder l&#x27;arrivée.",
        'value="Éducatrice Exemple Saisie"',
        'value="1,5"',
        'value="DEES 2019"',
    )
    assert not StaffMember.objects.exists()


def test_staffing_table_form(client, world):
    client.force_login(world["users"]["director_a"])
    url = reverse("people:staffing_set", kwargs={"pk": world["services"]["a"].pk})
    response = client.post(url, {"year": "2025", "source": "", "fte_social_worker": "-1"})
    html = response.content.decode()
    assert "Un effectif ne peut pas être négatif." in html
    assert "Indiquez d&#x27;où vient ce tableau" in html
    assert 'value="-1"' in html
    response = client.post(url, {"year": "2025", "source": "Convention A"})
    assert (
        "Indiquez l&#x27;effectif prévu d&#x27;au moins une catégorie." in response.content.decode()
    )
    response = client.post(
        url,
        {
            "year": "2025",
            "source": "Convention A",
            "fte_social_worker": "3,83",
            "fte_direction": "1",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?annee=2025")
    assert StaffingLine.objects.get(category="social_worker").planned_fte == Decimal("3.83")
    response = client.post(url, {"year": "2025", "source": "Autre", "fte_social_worker": "5"})
    assert "déjà fixé" in response.content.decode()


def test_change_request_form_needs_the_line_it_changes(client, world):
    client.force_login(world["users"]["director_a"])
    url = reverse("people:request_add", kwargs={"pk": world["services"]["a"].pk})
    page_text(
        client.post(url, {"kind": "staffing_change", "title": "Renfort"}),
        "Choisissez la catégorie dont l&#x27;effectif change.",
        'value="Renfort"',
    )
    response = client.post(
        url,
        {
            "kind": "staffing_change",
            "title": "Renfort",
            "category": "social_worker",
            "year": "2025",
            "planned_fte": "4",
        },
    )
    assert response.status_code == 302
    request = ChangeRequest.objects.get()
    assert request.status == ChangeRequestStatus.PENDING
    assert request.requested_by == world["users"]["director_a"]


def test_departement_decides_in_writing_with_a_pdf(client, world):
    service = world["services"]["a"]
    StaffingLineFactory(service=service, year=2024, planned_fte=Decimal("6"))
    request = ChangeRequestFactory(service=service)
    url = reverse("people:request_decide", kwargs={"pk": request.pk})
    client.force_login(world["users"]["departement_agent"])
    html = client.get(url).content.decode()
    assert "Accord écrit" in html
    response = client.post(
        url,
        {
            "decision": "approve",
            "decided_on": "2024-03-01",
            "decision_text": "Accord écrit du Président.",
            "written_decision": SimpleUploadedFile("accord.pdf", PDF, "application/pdf"),
        },
    )
    assert response.status_code == 302
    assert StaffingLine.objects.get(service=service, year=2024).planned_fte == Decimal("7")
    response = client.get(reverse("people:request_decision_file", kwargs={"pk": request.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    # Already decided: back to the service page.
    assert client.get(url).status_code == 302


def test_a_decision_refuses_a_non_pdf_and_keeps_the_text(client, world):
    request = ChangeRequestFactory(service=world["services"]["a"])
    client.force_login(world["users"]["departement_agent"])
    response = client.post(
        reverse("people:request_decide", kwargs={"pk": request.pk}),
        {
            "decision": "refuse",
            "decided_on": "2024-03-01",
            "decision_text": "Refus motivé.",
            "written_decision": SimpleUploadedFile("refus.txt", b"texte", "text/plain"),
        },
    )
    html = response.content.decode()
    assert "Le document doit être un fichier PDF." in html
    assert "Refus motivé." in html
    request.refresh_from_db()
    assert request.status == ChangeRequestStatus.PENDING


def test_upload_a_document(client, world):
    client.force_login(world["users"]["director_a"])
    url = reverse("people:document_add", kwargs={"pk": world["services"]["a"].pk})

    def upload(certified_by):
        return client.post(
            url,
            {
                "kind": "certified_statements",
                "year": "2023",
                "received_on": "2024-04-29",
                "file": SimpleUploadedFile("comptes.pdf", PDF, "application/pdf"),
                "certified_by": certified_by,
            },
        )

    assert "Indiquez le commissaire aux comptes" in upload("").content.decode()
    response = upload("Cabinet Exemple")
    assert response.status_code == 302
    document = FinancialDocument.objects.get()
    # Certified statements of 2023, due 30 April 2024 (convention A's clause): back to 2024.
    assert response["Location"].endswith("?annee=2024")
    assert "comptes" not in document.file.name


@pytest.mark.parametrize(
    ("persona", "code"),
    [("educator_a", 403), ("departement_agent", 403), ("educator_b", 404), ("dpo", 404)],
)
def test_writes_are_refused_and_nothing_is_written(client, world, persona, code):
    client.force_login(world["users"][persona])
    response = client.post(
        reverse("people:staff_add", kwargs={"pk": world["services"]["a"].pk}), posted(STAFF)
    )
    assert response.status_code == code
    assert not StaffMember.objects.exists()


@pytest.mark.parametrize(("persona", "code"), [("director_a", 403), ("commune_agent", 403)])
def test_only_the_departement_decides_over_http(client, world, persona, code):
    request = ChangeRequestFactory(service=world["services"]["a"])
    client.force_login(world["users"][persona])
    response = client.post(
        reverse("people:request_decide", kwargs={"pk": request.pk}),
        {"decision": "approve", "decided_on": "2024-03-01", "decision_text": "Accord."},
    )
    assert response.status_code == code
    request.refresh_from_db()
    assert request.status == ChangeRequestStatus.PENDING


def test_close_a_person(client, world):
    member = StaffMemberFactory(service=world["services"]["a"], arrival=date(2022, 1, 3))
    client.force_login(world["users"]["director_a"])
    url = reverse("people:staff_close", kwargs={"pk": member.public_id})
    response = client.post(url, {"departure": "2021-12-31"})
    assert (
        "Le départ ne peut pas précéder l&#x27;arrivée (03/01/2022)." in response.content.decode()
    )
    response = client.post(url, {"departure": "2024-08-31"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.departure == date(2024, 8, 31)


# --- API -------------------------------------------------------------------------------------------


@pytest.mark.usefixtures("staffed")
def test_api_register_is_scoped_and_uses_public_ids(client, world):
    StaffMemberFactory(service=world["services"]["b"], display_name="Éducateur Exemple B")
    client.force_login(world["users"]["educator_b"])
    names = [
        m["display_name"] for m in client.get(reverse("api:staff-member-list")).json()["results"]
    ]
    assert names == ["Éducateur Exemple B"]
    client.force_login(world["users"]["commune_agent"])
    results = client.get(reverse("api:staff-member-list")).json()["results"]
    assert {m["display_name"] for m in results} == {
        "Cheffe Exemple",
        "Éducateur Exemple Parti",
        "Animatrice Exemple Sans Diplôme",
    }
    assert all("id" not in m for m in results)
    member = StaffMember.objects.get(display_name="Cheffe Exemple")
    detail = client.get(reverse("api:staff-member-detail", kwargs={"pk": member.public_id}))
    assert detail.json()["public_id"] == str(member.public_id)
    assert client.get(f"/api/v1/staff/{member.pk}/").status_code == 404
    client.force_login(world["users"]["outsider"])
    assert client.get(reverse("api:staffing-line-list")).json()["results"] == []
    assert client.get(reverse("api:change-request-list")).json()["results"] == []


@pytest.mark.parametrize(
    ("name", "target", "persona"),
    [
        ("people:staffing_set", "service", "director_a"),
        ("people:staff_add", "service", "director_a"),
        ("people:request_add", "service", "director_a"),
        ("people:document_add", "service", "director_a"),
        ("people:staff_edit", "member", "director_a"),
        ("people:staff_close", "member", "director_a"),
        ("people:request_decide", "request", "departement_agent"),
    ],
)
def test_form_pages_render_labelled_fields(client, world, name, target, persona):
    service = world["services"]["a"]
    targets = {
        "service": service.pk,
        "member": StaffMemberFactory(service=service).public_id,
        "request": ChangeRequestFactory(service=service).pk,
    }
    client.force_login(world["users"][persona])
    response = client.get(reverse(name, kwargs={"pk": targets[target]}))
    html = response.content.decode()
    assert response.status_code == 200
    form = response.context["form"]
    visible = {form.add_prefix(field.name) for field in form.visible_fields()}
    assert visible, name
    # Every field of the form is on the page, and every field on the page has its label.
    assert visible <= shown_fields(html), name
    assert unlabelled_fields(html) == [], name
    assert reverse("people:service", kwargs={"pk": service.pk}) in html


# --- Only the clauses of the conventions binding the service -------------------------------------


def test_without_clauses_no_document_no_vae_no_prior_approval(client, world, staffed):
    """Service A's conventions hold no clause: no document is due, nobody has a VAE deadline,
    nothing needs prior approval (the request form is not offered and refuses in French)."""
    from reperes.conventions.models import Clause

    Clause.objects.all().delete()
    client.force_login(world["users"]["director_a"])
    html = client.get(_service_url(world, 2024)).content.decode()
    assert "Aucune convention qui lie le service ne demande de document" in html
    assert "VAE" not in html
    assert "ne soumet d'engagement à un accord écrit préalable" in html
    assert reverse("people:request_add", kwargs={"pk": staffed.pk}) not in html
    response = client.get(reverse("people:request_add", kwargs={"pk": staffed.pk}), follow=True)
    assert "il n&#x27;y a pas de demande à faire" in response.content.decode()
    count = ChangeRequest.objects.count()
    client.post(
        reverse("people:request_add", kwargs={"pk": staffed.pk}),
        {"kind": "investment", "title": "Véhicule"},
    )
    assert ChangeRequest.objects.count() == count


@pytest.mark.usefixtures("staffed")
def test_the_page_cites_the_binding_clauses_and_no_other_convention(client, world):
    from reperes.conventions.models import Clause

    # The draft convention on service A (not accepted by the operator) says something else.
    draft = world["conventions"]["draft"]
    for clause in Clause.objects.filter(convention=world["conventions"]["a"]):
        clause.pk, clause.convention, clause.article = None, draft, "art. 99"
        clause.save()
    client.force_login(world["users"]["departement_agent"])
    html = client.get(_service_url(world, 2024)).content.decode()
    assert "Convention « Convention A », art. 5" in html  # the VAE clause
    assert "Convention « Convention A », art. 9" in html  # prior approval
    assert "Convention « Convention A », art. 6" in html  # staff statement
    assert "art. 99" not in html
    assert "CAF brouillon" not in html
    assert "Pas-de-Calais" not in html
    assert "Drôme" not in html


@pytest.mark.usefixtures("staffed")
def test_presence_of_educators_only_under_a_clause_that_needs_it(client, world):
    from tests.factories import make_clause

    client.force_login(world["users"]["departement_agent"])
    assert "Présence éducative" not in client.get(_service_url(world, 2024)).content.decode()
    make_clause(
        world["conventions"]["a"],
        "minimum_staff",
        "effectif",
        "art. 7",
        category="social_worker",
        fte="3",
    )
    html = client.get(_service_url(world, 2024)).content.decode()
    assert "Présence éducative 2024" in html
    assert "Convention « Convention A », art. 7" in html


@pytest.mark.usefixtures("staffed")
def test_presence_of_educators_under_a_schedule_prorated_on_it(client, world):
    """Money registers its schedules prorated on presence (seed 004 art. 6) with people's
    staffing terms: the staff page shows the presence and names the schedule's article."""
    from tests.money.factories import PaymentScheduleFactory

    client.force_login(world["users"]["departement_agent"])
    assert "Présence éducative" not in client.get(_service_url(world, 2024)).content.decode()
    PaymentScheduleFactory(convention=world["conventions"]["a"], advance_balance=True, article="11")
    html = client.get(_service_url(world, 2024)).content.decode()
    assert "Présence éducative 2024" in html
    assert "Convention « Convention A », art. 11" in html


def test_two_binding_conventions_that_disagree_are_shown_as_a_warning(client, world):
    """A second convention binds service A and wants the budget by 30 September: the staff
    page names both rules with their sources, and keeps applying both."""
    from tests.conftest import accept
    from tests.factories import ConventionFactory, PartyFactory, make_clause
    from tests.people.factories import _yearly

    url = _service_url(world, 2024)
    client.force_login(world["users"]["director_a"])
    assert "ne disent pas la même chose" not in client.get(url).content.decode()
    other = ConventionFactory(title="Convention de la commune", service=world["services"]["a"])
    PartyFactory(convention=other, organisation=world["orgs"]["commune"], role="pilot")
    PartyFactory(convention=other, organisation=world["orgs"]["operator_a"], role="operator")
    accept(other)
    make_clause(
        other,
        "document",
        "budget",
        "art. 3",
        document="budget_forecast",
        owner="operator",
        **_yearly(9, 30, -1),
    )
    page_text(
        client.get(url),
        "ne disent pas la même chose",
        "Convention de la commune",
        "art. 3",
        "le 30 septembre de l&#x27;année N-1",
        "le 31 octobre de l&#x27;année N-1",
    )
