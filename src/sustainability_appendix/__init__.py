"""Reproducible calculation appendix of the Kaohsiung City Labor Affairs Bureau
Net-Zero Sustainability Report.

Data flows raw -> validated -> computed -> presented -> published:
``tables`` reads and validates inputs, ``chapters`` compute metrics,
notebooks present them, ``build`` executes and publishes the appendix.
"""

__version__ = "0.1.0"
