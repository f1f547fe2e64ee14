"""factory_boy factories for the foundation's models. Other apps' factories live beside them in tests/."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from accounts.models import User
from alliances.models import Alliance
from applications import services
from applications.models import Application
from declarations import services as declaration_services
from organisations.models import Organisation, OrganisationUser
from organisations.selectors import forget_organisation_ids

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.eu")
    full_name = factory.Faker("name")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*Group.objects.filter(name__in=extracted))


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    legal_name = factory.Sequence(lambda n: f"Silicon Works {n} B.V.")
    acronym = factory.Sequence(lambda n: f"SW{n}")
    organisation_type = "sme"
    country = "NL"
    registration_number = factory.Sequence(lambda n: f"KVK-{10000000 + n}")
    vat_number = "NL004495445B01"
    website = "https://example.eu"
    street = "Kanaalweg 1"
    postcode = "5611 AB"
    city = "Eindhoven"
    legal_representative_country = "NL"
    legal_representative_name = "Anna de Vries"
    legal_representative_position = "Chief Executive Officer"
    legal_representative_email = factory.Sequence(lambda n: f"ceo{n}@example.eu")
    ultimate_parent_name = ""
    ultimate_parent_country = ""
    value_chain_segments = factory.LazyFunction(lambda: ["design", "back_end"])
    technology_areas = factory.LazyFunction(lambda: ["packaging"])
    activities_description = "Chip design and advanced packaging."
    contact_name = "Jan Jansen"
    contact_email = factory.Sequence(lambda n: f"contact{n}@example.eu")

    @factory.post_generation
    def owner(self, create, extracted, **kwargs):
        if create and extracted:
            OrganisationUser.objects.create(organisation=self, user=extracted, role=OrganisationUser.Role.OWNER)
            forget_organisation_ids(extracted)  # as organisations.services does: the owner acts for one more


def alliance(slug="semiconductors"):
    """The alliances are reference data loaded by migration, so tests use the real ones."""
    return Alliance.objects.get(slug=slug)


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    alliance = factory.LazyFunction(alliance)
    criteria_version = factory.LazyAttribute(lambda o: o.alliance.criteria_versions.order_by("-version").first())
    created_by = factory.SubFactory(UserFactory)
    presentation = "We design chips."
    value_chain_segments = factory.LazyFunction(lambda: ["design"])
    relevant_activities = "Design of RISC-V processors."

    @factory.post_generation
    def creator_acts_for_organisation(self, create, extracted, **kwargs):
        """Whoever started the application acts for its organisation, as the services require."""
        if create:
            OrganisationUser.objects.get_or_create(
                organisation=self.organisation, user=self.created_by, defaults={"role": OrganisationUser.Role.EDITOR}
            )


def answer_every_criterion(application, text="Our evidence is attached."):

    services.save_answers(
        application=application,
        by=application.created_by,
        answers={
            criterion: {"meets": True if criterion.is_gate else None, "text": text}
            for criterion in application.criteria_version.criteria.all()
        },
    )


def complete_but_unsigned(application):
    """Fill in everything submission requires but the Declaration (which is signed once the rest is complete)."""
    # A fresh copy of the person: the organisations they act for are cached on the object, and may be newer.
    application.created_by = User.objects.get(pk=application.created_by_id)
    application.presentation = application.presentation or "We design and package chips."
    application.relevant_activities = application.relevant_activities or "RISC-V processor design."
    application.value_chain_segments = application.value_chain_segments or ["design"]
    application.save()
    answer_every_criterion(application)
    return application


def ready_to_submit(application, *, by=None):
    """Fill in what submission requires, through the real services (the Declaration PDF is rendered)."""
    by = by or application.created_by
    complete_but_unsigned(application)
    signature = declaration_services.sign(
        application=application, by=by, signatory_name="Anna de Vries", signatory_position="CEO"
    )
    # The task renders the PDF after commit; tests run inside one transaction, so call its service directly.
    declaration_services.store_signed_pdf(signature_id=signature.pk)
    return application


def submitted_application(*, organisation=None, by=None, **kwargs):

    organisation = organisation or OrganisationFactory()
    by = by or UserFactory()
    application = ApplicationFactory(organisation=organisation, created_by=by, **kwargs)
    ready_to_submit(application, by=by)
    return services.submit(application=application, by=by)
