"""rdotool: packaging toolkit for RDO, the successor of rdopkg."""

__all__ = ["__version__"]

# Kept as a literal (and checked against the installed metadata by a test) so that
# `rdotool --version` does not pay for importlib.metadata.
__version__ = "0.1.0"
