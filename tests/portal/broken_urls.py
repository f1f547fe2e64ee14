"""A URLconf with one view that fails, for the 500 page test (the portal's own URLs never fail on purpose)."""

from django.urls import include, path


def broken(request):
    raise RuntimeError("This view fails on purpose.")


urlpatterns = [path("broken/", broken), path("", include("portal.urls"))]
