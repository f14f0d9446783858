"""Aggregate submissions: the named actions, the checks that block sending, the lock, the
append-only log, the pages and the spreadsheet template (download, hostile uploads,
idempotent re-upload)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from reperes.core.models import AuditEntry
from reperes.people.models import StaffingLine
from reperes.reporting import actions_submissions as actions
from reperes.reporting.enums import SubmissionStatus
from reperes.reporting.models import Submission, SubmissionEvent, SubmissionValue
from reperes.reporting.spreadsheet_submissions import read_upload, template_xlsx

D = Decimal
HOURS = {
    "hours.street_work": D(572),
    "hours.individual": D(917),
    "hours.collective": D(1691),
    "hours.training_leave": D(222),
    "hours.writing": D(710),
    "hours.partnership": D(782),
    "hours.preparation": None,
    "hours": D(4894),
}


def entries(values):
    return {code: (value, "") for code, value in values.items()}


@pytest.fixture
def director(world):
    return world["users"]["director_a"]


@pytest.fixture
def draft(world, director):
    return actions.start_submission(director, world["services"]["a"], 2022)


def _send(director, submission, values=HOURS, explanations=None):
    actions.save_draft(director, submission, entries(values), explanations)
    return actions.send_submission(director, submission)


# ---------------------------------------------------------------- actions


def test_start_is_for_the_director_and_reuses_the_year(world, director, draft):
    assert draft.convention == world["conventions"]["a"]
    assert actions.start_submission(director, world["services"]["a"], 2022) == draft
    with pytest.raises(PermissionDenied):
        actions.start_submission(world["users"]["educator_a"], world["services"]["a"], 2023)


def test_send_then_validate_locks_and_logs(world, director, draft):
    _send(director, draft)
    draft.refresh_from_db()
    assert draft.status == SubmissionStatus.SENT
    assert draft.sent_by == director
    actions.validate_submission(world["users"]["departement_agent"], draft, "Merci.")
    draft.refresh_from_db()
    assert draft.locked
    assert list(draft.events.values_list("kind", flat=True)) == ["sent", "validated"]
    assert AuditEntry.objects.filter(action="submission.validate").count() == 1
    with pytest.raises(actions.SubmissionRefused, match="verrouillée"):
        actions.save_draft(director, draft, {"hours": (D(1), "")})
    assert draft.values.get(code="hours").value == D(4894)


def test_a_total_that_is_not_the_sum_of_its_parts_blocks_sending(director, draft):
    with pytest.raises(actions.SubmissionRefused, match="somme de ses détails"):
        _send(director, draft, {**HOURS, "hours.preparation": D(0), "hours": D(4900)})
    draft.refresh_from_db()
    assert draft.status == SubmissionStatus.DRAFT
    assert not SubmissionEvent.objects.exists()


def test_a_negative_value_is_refused_and_the_database_refuses_it_too(director, draft):
    with pytest.raises(actions.SubmissionRefused, match="négatif"):
        actions.save_draft(director, draft, {"hours": (D(-1), "")})
    assert not draft.values.exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        SubmissionValue.objects.create(submission=draft, code="hours", value=D(-1))


def test_implausible_hours_warn_without_blocking(world, director, draft):
    StaffingLine.objects.create(
        service=world["services"]["a"], year=2022, category="social_worker", planned_fte=D(2)
    )
    findings = _send(director, draft)
    assert [f.check for f in findings] == ["hours"]
    assert "1\u202f607" in findings[0].message


def test_a_change_beyond_the_threshold_must_be_explained(world, director, draft):
    previous = actions.start_submission(director, world["services"]["a"], 2021)
    _send(director, previous, {**HOURS, "hours.street_work": D(286), "hours": D(4608)})
    actions.validate_submission(world["users"]["departement_agent"], previous)
    with pytest.raises(actions.SubmissionRefused, match="expliquez"):
        _send(director, draft)
    draft.refresh_from_db()
    assert draft.status == SubmissionStatus.DRAFT
    _send(director, draft, explanations={"hours.street_work": "Un poste pourvu en 2022."})
    draft.refresh_from_db()
    assert draft.status == SubmissionStatus.SENT


def test_identical_figures_of_another_service_are_flagged_anonymously(world, director, draft):
    other = Submission.objects.create(
        service=world["services"]["b"],
        convention=world["conventions"]["b"],
        year=2022,
        status="sent",
        sent_at=draft.created_at,
    )
    for code, value in HOURS.items():
        SubmissionValue.objects.create(submission=other, code=code, value=value)
    findings = _send(director, draft)
    [copied] = [f for f in findings if f.check == "identical"]
    assert "un autre service" in copied.message
    assert "SPS B" not in copied.message


def test_return_needs_a_comment_and_reopens_for_the_service(world, director, draft):
    _send(director, draft)
    agent = world["users"]["commune_agent"]
    with pytest.raises(actions.SubmissionRefused, match="commentaire"):
        actions.return_submission(agent, draft, "  ")
    actions.return_submission(agent, draft, "Les heures de Formations manquent.")
    draft.refresh_from_db()
    assert draft.status == SubmissionStatus.RETURNED
    assert actions.save_draft(director, draft, {"hours.preparation": (D(0), "")})


def test_only_a_funder_unlocks_with_a_reason_and_it_is_logged(world, director, draft):
    _send(director, draft)
    agent = world["users"]["departement_agent"]
    actions.validate_submission(agent, draft)
    with pytest.raises(PermissionDenied):
        actions.unlock_submission(director, draft, "Erreur de saisie")
    with pytest.raises(PermissionDenied):
        actions.unlock_submission(world["users"]["outsider"], draft, "Erreur de saisie")
    with pytest.raises(actions.SubmissionRefused, match="motif"):
        actions.unlock_submission(agent, draft, "")
    actions.unlock_submission(agent, draft, "Le service signale une erreur de saisie.")
    draft.refresh_from_db()
    assert draft.status == SubmissionStatus.RETURNED
    event = draft.events.get(kind="unlocked")
    assert event.comment == "Le service signale une erreur de saisie."
    assert event.by == agent
    assert AuditEntry.objects.filter(action="submission.unlock").exists()


def test_the_log_is_append_only(director, draft):
    _send(director, draft)
    event = draft.events.get()
    event.comment = "réécrit"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


def test_visibility(world, director, draft):
    users = world["users"]
    assert list(Submission.objects.visible_to(users["educator_a"])) == [draft]
    assert not Submission.objects.visible_to(users["departement_agent"]).exists()  # a draft
    _send(director, draft)
    for persona in ("departement_agent", "commune_agent"):
        assert list(Submission.objects.visible_to(users[persona])) == [draft]
    for persona in ("educator_b", "outsider", "dpo", "platform_admin"):
        assert not Submission.objects.visible_to(users[persona]).exists()


# ---------------------------------------------------------------- pages


def _page(draft):
    return reverse("reporting:submission", kwargs={"pk": draft.public_id})


def test_the_form_keeps_what_was_typed_and_says_why_in_french(client, director, draft):
    client.force_login(director)
    response = client.post(
        _page(draft), {"v_hours-street_work": "abc", "v_hours": "12,5", "intent": "save"}
    )
    assert response.status_code == 200
    assert "Saisissez un nombre" in response.content.decode()
    assert 'value="abc"' in response.content.decode()
    assert not draft.values.exists()


def test_the_form_saves_french_decimals_and_send_refusals_are_shown(client, director, draft):
    client.force_login(director)
    response = client.post(
        _page(draft),
        {"v_hours-street_work": "1000,5", "v_hours": "12", "intent": "send"},
    )
    assert response.status_code == 200
    assert "détails renseignés font déjà" in response.content.decode()
    assert draft.values.get(code="hours.street_work").value == D("1000.5")  # kept as draft
    draft.refresh_from_db()
    assert draft.status == SubmissionStatus.DRAFT


@pytest.mark.parametrize(
    ("persona", "code"), [("educator_a", 403), ("commune_agent", 404), ("educator_b", 404)]
)
@pytest.mark.usefixtures("director")
def test_writes_by_read_only_roles_are_refused(client, world, draft, persona, code):
    client.force_login(world["users"][persona])
    response = client.post(_page(draft), {"v_hours": "1", "intent": "save"})
    assert response.status_code == code
    assert not draft.values.exists()


def test_a_funder_cannot_write_a_sent_submission_nor_a_director_decide(
    client, world, director, draft
):
    _send(director, draft)
    client.force_login(world["users"]["departement_agent"])
    assert client.post(_page(draft), {"v_hours": "1"}).status_code == 403
    client.force_login(director)
    url = reverse("reporting:submission_decide", kwargs={"pk": draft.public_id})
    assert client.post(url, {"intent": "validate"}).status_code == 403
    draft.refresh_from_db()
    assert draft.status == SubmissionStatus.SENT


def test_funder_validates_and_returns_through_the_page(client, world, director, draft):
    _send(director, draft)
    client.force_login(world["users"]["departement_agent"])
    url = reverse("reporting:submission_decide", kwargs={"pk": draft.public_id})
    response = client.post(url, {"intent": "return", "comment": ""})
    assert "commentaire est requis" in response.content.decode()
    client.post(url, {"intent": "validate", "comment": "Conforme."})
    draft.refresh_from_db()
    assert draft.locked
    unlock = reverse("reporting:submission_unlock", kwargs={"pk": draft.public_id})
    assert "motif" in client.post(unlock, {"reason": ""}).content.decode()
    client.post(unlock, {"reason": "Erreur signalée par le service."})
    draft.refresh_from_db()
    assert draft.status == SubmissionStatus.RETURNED


# ---------------------------------------------------------------- spreadsheet


def _workbook(draft):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(template_xlsx(draft)))


def _bytes(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _filled(draft, changes):
    book = _workbook(draft)
    sheet = book["Remontée"]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value in changes:
            row[3].value = changes[row[0].value]
    return _bytes(book)


def _upload(client, draft, content, name="remontee.xlsx"):
    url = reverse("reporting:submission_upload", kwargs={"pk": draft.public_id})
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def test_template_is_prefilled_with_codes_hidden(director, draft):
    actions.save_draft(director, draft, entries(HOURS))
    sheet = _workbook(draft)["Remontée"]
    assert sheet.column_dimensions["A"].hidden
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["hours"][2] == "Heures du service éducatif"
    assert rows["hours"][3] == 4894


def test_upload_then_reupload_is_idempotent(client, director, draft):
    client.force_login(director)
    content = _filled(draft, {"hours.street_work": 572, "hours": "4 894", "hours.writing": "NR"})
    response = _upload(client, draft, content)
    assert response.status_code == 302
    assert draft.values.get(code="hours").value == D(4894)
    assert draft.values.get(code="hours.street_work").value == D(572)
    audits = AuditEntry.objects.filter(action="submission.save").count()
    values = list(draft.values.values_list("code", "value", "note"))
    response = _upload(client, draft, content)
    assert response.status_code == 302
    assert list(draft.values.values_list("code", "value", "note")) == values
    assert AuditEntry.objects.filter(action="submission.save").count() == audits


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"hours": "=SUM(D2:D9)"}, "formule"),
        ({"hours": "beaucoup"}, "pas un nombre"),
        ({"hours": -3}, "négative"),
        ({"hours": True}, "pas un nombre"),
        ({"hours": 1.234}, "deux décimales"),
    ],
)
def test_a_malformed_file_writes_nothing(client, director, draft, changes, message):
    client.force_login(director)
    content = _filled(draft, {"hours.street_work": 10, **changes})
    response = _upload(client, draft, content)
    assert response.status_code == 200
    text = response.content.decode()
    assert message in text
    assert "Ligne" in text
    assert not draft.values.exists()


def test_hostile_files_write_nothing(client, world, director, draft):
    client.force_login(director)
    other = actions.start_submission(director, world["services"]["a"], 2023)
    cases = [
        (b"PK\x03\x04 not really a zip", "XLSX"),
        (b"\x00" * (600 * 1024), "Ko"),
        (_filled(other, {"hours": 1}), "autre remontée"),
    ]
    book = _workbook(draft)
    book["Remontée"]["A3"] = "hours.unknown"
    cases.append((_bytes(book), "indicateur inconnu"))
    for content, message in cases:
        response = _upload(client, draft, content)
        assert response.status_code == 200
        assert message in response.content.decode()
    assert not SubmissionValue.objects.exists()


@pytest.mark.usefixtures("director")
def test_read_upload_refuses_formulas_typed_as_formulas(draft):
    book = _workbook(draft)
    sheet = book["Remontée"]
    sheet["D2"] = "=1+1"
    result = read_upload(_bytes(book), draft)
    assert result.entries == {}
    assert "formule" in result.errors[0]
