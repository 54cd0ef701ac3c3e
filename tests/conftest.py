"""The test tiers: ``pytest --quick`` runs the quick tier, plain ``pytest`` everything, and every
full-tier test carries the ``full`` marker (so ``-m full`` and ``-m "not full"`` select by tier too).
The rule and the hooks are in ``tests/tiers.py``."""

from tiers import (pytest_addoption, pytest_collection_modifyitems,  # noqa: F401  (pytest hooks)
                   pytest_ignore_collect, pytest_report_header)
