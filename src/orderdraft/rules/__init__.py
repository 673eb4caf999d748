"""The rule registry and every rule, one module per area of practice.

Importing this package registers all rules; ``REGISTRY`` maps code -> Rule.
"""

from . import (  # noqa: F401  (registers the rules)
    completion,
    dates,
    dvpp,
    meta,
    placeholders,
    providers,
    referrer,
    safety,
    statute,
)
from .registry import REGISTRY, Context, Hit, Rule

__all__ = ["REGISTRY", "Context", "Hit", "Rule"]
