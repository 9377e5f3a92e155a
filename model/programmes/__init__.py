"""Social-protection programmes. Each programme is one module declaring its parameter
section (``programmes.<name>``) and one class implementing :class:`model.programmes.base.Programme`.
"""

PROGRAMMES: dict[str, type] = {}
