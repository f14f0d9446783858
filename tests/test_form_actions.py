"""The one way a view acts on a form (reperes/core/form_actions.py): validation, the named
action, its refusal on the form, the French message, the redirect, the htmx partial."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.test import RequestFactory

from reperes.core.form_actions import run_form_action


class NameForm(forms.Form):
    name = forms.CharField(label="Nom")


NameFormSet = forms.formset_factory(NameForm, extra=1)


def _request(method: str = "post", data: dict | None = None, htmx: bool = False):
    factory = RequestFactory()
    request = factory.post("/", data or {}) if method == "post" else factory.get("/")
    request._messages = CookieStorage(request)
    request.htmx = htmx
    return request


def _act(request, form, action, **options):
    calls = []

    def run():
        calls.append(True)
        return action()

    response = run_form_action(
        request,
        form,
        run,
        success=options.pop("success", lambda result: f"« {result} » enregistré."),
        redirect_to=options.pop("redirect_to", lambda result: f"/fait/{result}/"),
        page=lambda: HttpResponse("page"),
        **options,
    )
    return response, calls


def _messages(request):
    return [(m.level, m.message) for m in request._messages]


def test_a_get_shows_the_page_and_runs_nothing():
    request = _request("get")
    response, calls = _act(request, NameForm(None), lambda: "x")
    assert response.content == b"page"
    assert calls == []
    assert _messages(request) == []


def test_an_invalid_form_shows_the_page_with_its_errors_and_runs_nothing():
    request = _request(data={"name": ""})
    form = NameForm(request.POST)
    response, calls = _act(request, form, lambda: "x")
    assert response.content == b"page"
    assert calls == []
    assert form.errors["name"]


def test_a_valid_form_runs_the_action_says_so_and_redirects():
    request = _request(data={"name": "Aline"})
    form = NameForm(request.POST)
    response, calls = _act(request, form, lambda: form.cleaned_data["name"])
    assert calls == [True]
    assert response.status_code == 302
    assert response["Location"] == "/fait/Aline/"
    assert _messages(request) == [(messages.SUCCESS, "« Aline » enregistré.")]


def test_the_message_level_may_follow_the_result():
    request = _request(data={"name": "Aline"})
    form = NameForm(request.POST)
    _act(request, form, lambda: "en attente", level=lambda _result: messages.WARNING)
    assert _messages(request) == [(messages.WARNING, "« en attente » enregistré.")]


def test_an_empty_message_says_nothing():
    request = _request(data={"name": "Aline"})
    response, _ = _act(request, NameForm(request.POST), lambda: "x", success="")
    assert response.status_code == 302
    assert _messages(request) == []


def test_a_refusal_goes_on_its_field_or_above_the_form_and_keeps_what_was_typed():
    def refuse():
        raise ValidationError({"name": "Ce nom est pris.", "other": "Hors du formulaire."})

    request = _request(data={"name": "Aline"})
    form = NameForm(request.POST)
    response, calls = _act(request, form, refuse)
    assert response.content == b"page"
    assert calls == [True]
    assert form.errors["name"] == ["Ce nom est pris."]
    assert form.non_field_errors() == ["Hors du formulaire."]
    assert form["name"].value() == "Aline"
    assert _messages(request) == []


def test_a_refusal_of_a_formset_goes_above_its_rows():
    def refuse():
        raise ValidationError("Au moins deux lignes.")

    data = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-name": "Aline"}
    request = _request(data=data)
    formset = NameFormSet(request.POST)
    _act(request, formset, refuse)
    assert formset.non_form_errors() == ["Au moins deux lignes."]


def test_a_refusal_may_be_shown_elsewhere():
    shown = []

    def refuse():
        raise ValidationError("Refusé.")

    request = _request(data={"name": "Aline"})
    form = NameForm(request.POST)
    _act(request, form, refuse, refused=lambda exc: shown.extend(exc.messages))
    assert shown == ["Refusé."]
    assert not form.non_field_errors()


def test_every_form_beside_is_valid_before_the_action_runs():
    request = _request(data={"name": "Aline", "form-TOTAL_FORMS": "x"})
    form = NameForm(request.POST)
    response, calls = _act(request, form, lambda: "x", with_forms=[NameFormSet(request.POST)])
    assert response.content == b"page"
    assert calls == []


def test_under_htmx_the_partial_answers_with_the_notice_or_the_form():
    seen = []

    def partial(**shown):
        seen.append(shown)
        return HttpResponse("partiel")

    request = _request(data={"name": "Aline"}, htmx=True)
    form = NameForm(request.POST)
    response, _ = _act(request, form, lambda: "Aline", partial=partial)
    assert response.content == b"partiel"
    assert seen == [{"notice": "« Aline » enregistré."}]
    assert _messages(request) == []  # the notice is in the partial, not queued for later

    request = _request(data={"name": ""}, htmx=True)
    form = NameForm(request.POST)
    _act(request, form, lambda: "x", partial=partial)
    assert seen[-1] == {"form": form}


def test_without_htmx_the_partial_is_not_used():
    request = _request("get")
    response, _ = _act(request, NameForm(None), lambda: "x", partial=lambda **_: HttpResponse("p"))
    assert response.content == b"page"
