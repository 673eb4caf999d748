"""Let ``orderdraft.validate(...)`` and ``orderdraft.compose(...)`` be calls.

The public API names two functions after the modules that hold them. Python sets a
package attribute to the submodule whenever the submodule is imported, so a lazily
exported function of the same name would be replaced by the module depending on import
order. Instead the module itself is made callable: calling it calls its function, and
``from orderdraft.compose import compose_case`` and ``mock.patch("orderdraft.compose.x")``
keep working because the attribute still *is* the module.
"""

from __future__ import annotations

import sys
import types
from typing import Any


def make_callable(module_name: str, function: str) -> None:
    """Calling the module ``module_name`` calls its attribute ``function`` (looked up at
    call time, so monkeypatching the function is honoured)."""

    class CallableModule(types.ModuleType):
        def __call__(self, *args: Any, **kwargs: Any) -> Any:
            return getattr(self, function)(*args, **kwargs)

    sys.modules[module_name].__class__ = CallableModule
