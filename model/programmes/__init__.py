"""Social-protection programmes. Each programme is one module declaring its parameter
section (``programmes.<name>``) and one class implementing
:class:`model.programmes.base.Programme`, registered here in :data:`PROGRAMMES`.
Importing this package imports every programme module, so that all sections are
declared (``model.parameters.ensure_programmes_declared``).
"""

PROGRAMMES: dict[str, type] = {}

# Imported after PROGRAMMES exists: each module registers its class in it. The registry
# (section ``registry``) is declared with the programmes that draw from it.
from model import registry  # noqa: E402, F401
from model.programmes import blt, bpnt, kube, pkh, savings  # noqa: E402, F401
