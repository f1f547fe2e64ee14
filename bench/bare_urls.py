"""One view that renders a small Django template and touches no database: what Django itself costs."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

TEMPLATE = engines["django"].from_string(
    '<!doctype html><html lang="en"><head><title>{{ title }}</title></head>'
    "<body><h1>{{ title }}</h1><ul>{% for item in items %}<li>{{ item }}</li>{% endfor %}</ul></body></html>"
)


def bare(request):
    return HttpResponse(TEMPLATE.render({"title": "Bare Django", "items": range(10)}, request))


urlpatterns = [path("", bare)]
