"""The portal's settings with a one-view URLconf: the bare Django reference of bench/load.py."""

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.bare_urls"
