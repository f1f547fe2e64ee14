from django.urls import path

from alliances import views

app_name = "alliances"

urlpatterns = [
    # Public: what an applicant reads before applying (the alliance's Terms of Reference and criteria).
    path("<slug:slug>/", views.alliance_detail, name="detail"),
]
