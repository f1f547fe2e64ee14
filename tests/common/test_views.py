import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from accounts.models import User
from common.views import error_text, paginate, paginate_by_ids, perform


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


@pytest.mark.django_db
def test_paginate_by_ids_keeps_the_order_and_the_prefetches_of_the_list(django_assert_num_queries):
    from tests import factories  # noqa: PLC0415 - the database tests of this module only

    owners = [factories.UserFactory(full_name=f"Owner {index:02d}") for index in range(30)]
    for owner in owners:
        factories.OrganisationFactory(owner=owner, legal_name=f"Organisation {owner.full_name[-2:]}")
    users = User.objects.filter(pk__in=[o.pk for o in owners]).order_by("-full_name").prefetch_related("organisations")
    with django_assert_num_queries(4):  # count, ids of the page, its rows, their organisations
        page = paginate_by_ids(_request(page="2"), users, per_page=20)
        names = [(user.full_name, user.organisations.all()[0].legal_name) for user in page.object_list]
    assert names == [(f"Owner {index:02d}", f"Organisation {index:02d}") for index in range(9, -1, -1)]
    assert page.number == 2 and page.paginator.count == 30
