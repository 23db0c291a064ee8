"""The reproduction framework: scales and typed settings, rules and verdicts, what every
notebook does at its start and end, outputs published atomically, shared prose, ``estimate``
and the report. It imports the toolkit and :mod:`dsp_paper.nn` only, and knows no study by
name (see ``ARCHITECTURE.md``)."""
