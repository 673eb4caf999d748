"""orderdraft: draft family-court orders with compliant DVPP wording, and check drafts.

The public Python API mirrors the CLI so a document pipeline written in Python gets the
same findings as one that shells out to ``orderdraft validate``.
"""

__version__ = "0.1.0"
