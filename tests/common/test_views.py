import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from common.views import error_text, paginate, perform


def _request(path="/", **params):
    request = RequestFactory().post(path) if not params else RequestFactory().get(path, params)
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    request.user = type("Anonymous", (), {"pk": None})()
    return request


def test_perform_success_shows_message_and_redirects():
    request = _request()
    done = []
    response = perform(request, lambda: done.append(1), success="Saved.", redirect_to="/next/")
    assert done == [1]
    assert response.status_code == 302 and response.url == "/next/"
    assert [str(m) for m in get_messages(request)] == ["Saved."]


def test_perform_refusal_shows_the_services_reason_and_redirects():
    request = _request()

    def refuse():
        raise ValidationError(["Too late.", "The ballot is closed."])

    response = perform(request, refuse, success="Saved.", redirect_to="/back/")
    assert response.url == "/back/"
    messages = list(get_messages(request))
    assert [str(m) for m in messages] == ["Too late. The ballot is closed."]
    assert messages[0].level_tag == "error"


def test_perform_other_errors_are_not_swallowed():
    def crash():
        raise RuntimeError("bug")

    with pytest.raises(RuntimeError):
        perform(_request(), crash, success=None, redirect_to="/")


def test_error_text_joins_messages():
    assert error_text(ValidationError({"name": ["Required."], "date": ["In the past."]})) == "Required. In the past."


@pytest.mark.parametrize(("asked", "shown"), [("2", 2), ("x", 1), ("99", 3), (None, 1)])
def test_paginate_gives_a_real_page_for_any_number(asked, shown):
    request = _request(**({"page": asked} if asked else {"q": ""}))
    page = paginate(request, list(range(55)), per_page=25)
    assert page.number == shown
    assert page.paginator.num_pages == 3
