"""The environment the suite runs in: the development defaults `make test` sets (DEBUG on).

A pytest plugin named in `addopts` (pyproject.toml), so it runs before pytest-django imports the
settings; a conftest.py would be read too late. An explicit DJANGO_DEBUG still wins.
"""

import os

os.environ.setdefault("DJANGO_DEBUG", "1")
