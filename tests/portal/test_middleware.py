"""Authenticated pages and private downloads are never stored by a browser or cache; a Permissions-Policy."""

import pytest

from tests import factories
from tests.pdfs import pdf_upload

pytestmark = pytest.mark.django_db


def test_authenticated_page_answers_no_store(applicant_client):
    response = applicant_client.get("/applications/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_authenticated_redirect_answers_no_store(applicant_client):
    assert "no-store" in applicant_client.get("/")["Cache-Control"]


def test_anonymous_home_page_may_be_cached_but_carries_a_permissions_policy(client):
    response = client.get("/")
    assert "no-store" not in response.get("Cache-Control", "")
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


def test_authenticated_page_carries_a_permissions_policy(applicant_client):
    assert "microphone=()" in applicant_client.get("/applications/")["Permissions-Policy"]


def test_private_download_answers_no_store(applicant_client, organisation, applicant):
    draft = factories.ApplicationFactory(organisation=organisation, created_by=applicant)
    applicant_client.post(f"/applications/{draft.pk}/edit/documents/", {"title": "Extract", "file": pdf_upload()})
    document = draft.documents.get()

    response = applicant_client.get(f"/applications/{draft.pk}/documents/{document.pk}/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    b"".join(response.streaming_content)  # read to the end: the file is closed
