from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from accounts import views as accounts_views
from accounts.names import ask_name
from portal import pages, views

# The Django admin logs in through allauth too, so MFA and rate limits apply there as well.
admin.autodiscover()
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]  # allauth wraps it
admin.site.site_header = "Alliance Portal administration"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("legal-notice/", pages.page, {"slug": "legal-notice"}, name="legal_notice"),
    path("privacy/", pages.page, {"slug": "privacy"}, name="privacy"),
    path("accessibility/", pages.page, {"slug": "accessibility"}, name="accessibility"),
    path("contact/", pages.page, {"slug": "contact"}, name="contact"),
    path("accounts/name/", ask_name, name="account_name"),
    path("accounts/security/", include("accounts.urls")),
    path("i18n/setlang/", accounts_views.set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("alliances/", include("alliances.urls")),
    path("organisations/", include("organisations.urls")),
    path("applications/", include("applications.urls")),
    path("declarations/", include("declarations.urls")),
    path("review/", include("reviews.urls")),
    path("members/", include("memberships.urls")),
    path("groups/", include("workinggroups.urls")),
    path("deliverables/", include("deliverables.urls")),
]
