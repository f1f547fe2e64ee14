"""Helpers for the applicant side's tests, built on tests/factories/__init__.py and tests/factories/reviews.py."""

from django.urls import reverse

from tests import factories
from tests.factories import reviews as rf


def superuser():
    """A platform administrator for the Django admin, with the TOTP authenticator the admin requires."""
    return rf.with_totp(factories.UserFactory(is_staff=True, is_superuser=True))


def log_in_with_totp(client, user):
    """Log in as a person does: password, then the code of the authenticator app (allauth MFA)."""
    response = client.post(reverse("account_login"), {"login": user.email, "password": factories.PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": rf.totp_code()})
    assert response.status_code == 302
    return client


def non_eu_controlled_organisation(owner, **kwargs):
    return factories.OrganisationFactory(
        owner=owner, ultimate_parent_name="Pacific Memory Corp.", ultimate_parent_country="TW", **kwargs
    )


def application_in_state(state, **kwargs):
    """An application put in `state` directly (no transition), with its own organisation and owner."""
    owner = factories.UserFactory()
    organisation = factories.OrganisationFactory(owner=owner)
    return factories.ApplicationFactory(organisation=organisation, created_by=owner, state=state, **kwargs)


def admin_form_data(client, url):
    """What the admin's change form would post back unchanged, inlines included."""
    response = client.get(url)
    assert response.status_code == 200
    data = {}
    forms = [response.context["adminform"].form]
    for formset in [inline.formset for inline in response.context["inline_admin_formsets"]]:
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        forms.extend(formset.forms)
    for form in forms:
        for name, field in form.fields.items():
            value = field.prepare_value(form[name].value())
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else value
    return data
