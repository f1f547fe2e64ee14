"""The applicant's whole journey, in headless Chromium, as a person would walk it."""

import re

import pytest
from django.core import mail

from applications.models import Application
from tests.pdfs import pdf_bytes

# serialized_rollback: every transactional test restores the reference data the migrations loaded.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "a-long-and-unusual-passphrase-42"


def test_applicant_journey_from_signup_to_submitted_application(page, live_server, tmp_path):
    evidence = tmp_path / "iso27001-certificate.pdf"
    evidence.write_bytes(pdf_bytes())
    not_a_pdf = tmp_path / "certificate.pdf"
    not_a_pdf.write_bytes(b"GIF89a definitely an image")

    # Sign up and verify the e-mail address.
    page.goto(f"{live_server.url}/accounts/signup/")
    page.get_by_label("Full name").fill("Eva Lindqvist")
    page.get_by_label("Email").fill("eva@photonics.example.eu")
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    page.get_by_role("heading", name="Verify Your Email Address").wait_for()
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()

    # Create the organisation.
    page.get_by_role("link", name="Create an organisation profile").first.click()
    page.get_by_label("Legal name").fill("Eindhoven Photonics B.V.")
    page.get_by_label("Type of organisation").select_option("sme")
    page.get_by_label("Country of registration").select_option("NL")
    page.get_by_label("Registration number").fill("KVK 17123456")
    page.get_by_label("VAT number").fill("NL004495445B01")
    page.get_by_label("Street and number").fill("High Tech Campus 1")
    page.get_by_label("Postcode").fill("5656 AE")
    page.get_by_label("City").fill("Eindhoven")
    page.get_by_label("Country of the legal representative").select_option("NL")
    page.get_by_label("Legal representative's name").fill("Anna de Vries")
    page.get_by_label("Legal representative's position").fill("CEO")
    page.get_by_label("Legal representative's e-mail").fill("anna@photonics.example.eu")
    page.get_by_label("Primary contact", exact=False).first.fill("Eva Jansen")
    page.get_by_label("Primary contact's e-mail").fill("eva@photonics.example.eu")
    page.get_by_role("button", name="Save the profile").click()
    page.get_by_text("The profile of Eindhoven Photonics B.V. is saved.").wait_for()

    # Start an application and walk every step.
    page.get_by_role("link", name="My applications").click()
    page.get_by_role("combobox", name="Alliance").select_option(
        label="Alliance on Processors and Semiconductor Technologies"
    )
    page.get_by_role("button", name="Start an application").click()
    page.get_by_label("Presentation of the organisation").fill("A photonics foundry with 120 staff.")
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_label("Front-end manufacturing").check()
    page.get_by_label("Photonics").check()
    page.get_by_label("Relevant activities").fill("Silicon photonics wafers for data-centre interconnects.")
    page.get_by_role("button", name="Save and continue").click()

    for radio in page.get_by_label("Yes").all():
        radio.check()
    for textarea in page.locator("textarea").all():
        textarea.fill("Yes: ISO/IEC 27001 certified, GDPR-compliant, EU-only supply of our wafers.")
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_label("Supply Chains").check()
    page.get_by_role("button", name="Save and continue").click()

    # A file that is not a PDF is refused with the reason; a real PDF is accepted.
    page.get_by_label("Title of the document").fill("ISO 27001 certificate")
    page.get_by_label("File (PDF)").set_input_files(str(not_a_pdf))
    page.get_by_role("button", name="Upload").click()
    # The reason shows next to the field, and in the summary at the top that links to it.
    page.locator("#id_file_error").get_by_text("this file is not a PDF").wait_for()
    page.get_by_role("link", name="this file is not a PDF").wait_for()
    page.get_by_label("File (PDF)").set_input_files(str(evidence))
    page.get_by_role("button", name="Upload").click()
    page.get_by_role("link", name="ISO 27001 certificate").wait_for()
    page.get_by_role("button", name="Continue to the Declaration").click()

    page.get_by_label("Signatory's position").fill("Chief Executive Officer")
    page.get_by_label("I am authorised to sign").check()
    page.get_by_role("button", name="Sign the Declaration").click()

    # Submitting is final: the portal asks for confirmation first.
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Submit the application").click()
    page.get_by_text("Your application is submitted.").wait_for()
    assert questions == ["Submit the application? It is then frozen and can no longer be changed."]
    assert page.locator("#application-status").inner_text() == "Submitted"

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the signed Declaration (PDF)").click()
    downloaded = download_info.value.path()
    with open(downloaded, "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    application = Application.objects.get(organisation__legal_name="Eindhoven Photonics B.V.")
    assert application.state == Application.State.SUBMITTED

    # The dashboard shows the application with its new status.
    page.get_by_role("link", name="My applications").click()
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=application.reference))
    assert row.get_by_role("cell").nth(3).inner_text() == "Submitted"
    assert row.get_by_role("cell").nth(1).inner_text() == "Eindhoven Photonics B.V."
    assert application.snapshot["working_groups"] == ["Supply Chains"]
    assert [d["title"] for d in application.snapshot["documents"]] == ["ISO 27001 certificate"]
    assert any("Receipt" in message.subject for message in mail.outbox)
