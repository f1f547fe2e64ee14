from functools import cache

import rules
from django.apps import apps
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person. People log in with their e-mail address; there is no user name."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    # A code of settings.LANGUAGES (no choices here, so that adding a language needs no migration); empty: none
    # saved yet, the browser's language applies and e-mails go out in English (accounts.languages).
    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        help_text=_("The language of the portal's pages, e-mails and PDFs for this person."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self):
        return self.full_name or self.email

    def has_perm(self, perm, obj=None):
        """Domain permissions come from the declared policy alone, for superusers too.

        Django's PermissionsMixin grants an active superuser every permission before any backend is asked. The
        superuser is the platform's operator: it keeps the Django admin's model permissions (asked without an
        object), but acting as an applicant, reviewer, decision maker, secretariat or voter needs the role,
        exactly as the `rules.py` of each app declares it.
        """
        if rules.perm_exists(perm) and not (obj is None and _is_model_permission(perm)):
            return self.is_active and rules.has_perm(perm, self, obj)
        return super().has_perm(perm, obj)

    @property
    def display_name(self):
        return self.full_name or self.get_full_name() or self.email


@cache
def _is_model_permission(perm):
    """Whether `perm` is one of Django's model permissions (add/change/delete/view or Meta.permissions)."""
    app_label, _sep, codename = perm.partition(".")
    try:
        config = apps.get_app_config(app_label)
    except LookupError:
        return False
    for model in config.get_models():
        opts = model._meta
        if codename in {f"{action}_{opts.model_name}" for action in opts.default_permissions}:
            return True
        if codename in {name for name, _label in opts.permissions}:
            return True
    return False
