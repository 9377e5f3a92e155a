"""Measures shared by the model and the analysis (numpy and numba, no I/O, no model state).

- :mod:`measures.poverty`: FGT poverty indices and the Gini coefficient;
- :mod:`measures.targeting`: exclusion and inclusion errors of a programme (who should
  have received, who did), on two standards;
- :mod:`measures.intervals`: the Student-t interval of a mean over replications and
  paired (common-random-numbers) differences, with one convention;
- :mod:`measures.numerics`: deterministic numerics (exp, log, power, dot products,
  least squares, sorting and selection with the same bits on any CPU), used by these
  measures and by ``model/``.

``model/`` (monthly metrics) and ``analysis/`` (tables from result files) both import
from here, so a measure has one definition; ``analysis/`` never imports ``model/``.
"""
