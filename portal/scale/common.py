"""What every part of the scale seed shares: the sizes, the random source, and bulk inserts with given times."""

import random
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import models
from django.utils import timezone

BATCH = 2000


@dataclass
class Size:
    """How large the fake alliance is. The defaults are issue 10's size of a real alliance."""

    organisations: int = 2000
    applications: int = 10000
    reviews: int = 50000
    members: int = 1600
    roster: int = 620
    reviewer_load: int = 200
    seed: int = 2026


@dataclass
class Scale:
    """The run's state: its sizes, its random source, and what one part hands to the next."""

    size: Size
    rng: random.Random
    now: datetime = field(default_factory=timezone.now)
    counts: dict = field(default_factory=dict)

    def ago(self, days_low: float, days_high: float) -> datetime:
        """A time between days_high and days_low days ago."""
        return self.now - timedelta(days=self.rng.uniform(days_low, days_high))

    def count(self, label: str, number: int) -> None:
        self.counts[label] = self.counts.get(label, 0) + number


@contextmanager
def given_times(*model_classes):
    """Let bulk_create keep the times the seed gives instead of stamping now (auto_now, auto_now_add)."""
    saved = []
    for model_class in model_classes:
        for model_field in model_class._meta.concrete_fields:
            if isinstance(model_field, models.DateField) and (model_field.auto_now or model_field.auto_now_add):
                saved.append((model_field, model_field.auto_now, model_field.auto_now_add))
                model_field.auto_now = model_field.auto_now_add = False
    try:
        yield
    finally:
        for model_field, auto_now, auto_now_add in saved:
            model_field.auto_now, model_field.auto_now_add = auto_now, auto_now_add


def bulk(scale: Scale, model_class, objects: list, label: str = "") -> list:
    """Insert the objects in batches (their primary keys are set on return); count them under `label`."""
    with given_times(model_class):
        created = model_class.objects.bulk_create(objects, batch_size=BATCH)
    scale.count(label or str(model_class._meta.verbose_name_plural), len(created))
    return created
