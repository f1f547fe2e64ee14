"""What the review pages' tests share: addresses, form posts, and reading a CSV download."""

import csv
import io

from django.urls import reverse


def url(name, *args):
    return reverse(f"reviews:{name}", args=args)


def review_post(application, *, score="4", submit=False):
    """The review form filled in: every gate met, every score `score`, a comment on each."""
    data = {"submit": "1"} if submit else {"save": "1"}
    for criterion in application.criteria_version.criteria.all():
        if criterion.is_gate:
            data[f"verdict_{criterion.pk}"] = "met"
        else:
            data[f"score_{criterion.pk}"] = score
        data[f"comment_{criterion.pk}"] = f"Reviewer remark on {criterion.code}."
    if submit:
        data.update({"recommendation": "admit", "justification": "A credible member of the supply chain."})
    return data


def decision_post(application, outcome="approve"):
    """The decision form filled in: every gate met, every score agreed at 4, a comment on each."""
    data = {"outcome": outcome, "justification": "Meets every criterion of the Terms of Reference."}
    for criterion in application.criteria_version.criteria.all():
        data[f"agreed_{criterion.pk}"] = "met" if criterion.is_gate else "4"
        data[f"summary_comment_{criterion.pk}"] = f"Agreed on {criterion.code}."
    return data


def csv_text(response):
    """The whole body of a CSV download, streamed or not (a stream is read once, then kept on the response)."""
    if not hasattr(response, "_csv_text"):
        body = b"".join(response.streaming_content) if response.streaming else response.content
        response._csv_text = body.decode()
    return response._csv_text


def csv_rows(response):
    return list(csv.reader(io.StringIO(csv_text(response))))
