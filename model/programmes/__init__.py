"""Social-protection programmes as plug-ins.

The programme table :data:`PROGRAMMES` lists every programme class; each lives in one
module of this package with its parameters next to its code (class attribute
``specs``, section ``programmes.<name>``). The interface between a programme and the
model is :mod:`model.programmes.interface`; shared beneficiary selection is
:mod:`model.programmes.selection`, the shared money ledger :mod:`model.programmes.ledger`.

Adding a programme: one module (a class implementing
:class:`~model.programmes.interface.Programme` that declares its parameters ``specs``,
its output columns ``columns`` and its page sliders ``controls`` beside its rules), one
scenario file and one entry in the table below; the parameter sections, the data
dictionary and the browser page read the table (docs/PROGRAMMES.md, "Adding a
programme"). Importing this package has no side effects.
"""

from model.programmes.blt import BLT
from model.programmes.bpnt import BPNT
from model.programmes.elderly import ElderlyAssistance
from model.programmes.interface import Programme
from model.programmes.kube import KUBE
from model.programmes.pbi_jkn import PBIJKN
from model.programmes.pip import PIP
from model.programmes.pkh import PKH
from model.programmes.savings import Savings

# The programme table. Its order is the order of the parameter sections; the month's
# order of programmes is their ``order`` parameter (ties keep this order).
PROGRAMMES: tuple[type[Programme], ...] = (
    BLT,
    BPNT,
    KUBE,
    PKH,
    Savings,
    PBIJKN,
    PIP,
    ElderlyAssistance,
)


def programme_table() -> list[dict[str, str]]:
    """Name, label and parameter section of every programme (for pages and reports)."""
    return [{"name": p.name, "label": p.label, "section": p.section()} for p in PROGRAMMES]


def by_name(name: str) -> type[Programme]:
    """The programme class called ``name``."""
    for p in PROGRAMMES:
        if p.name == name:
            return p
    raise KeyError(f"no programme {name!r}")
