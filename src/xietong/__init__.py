"""xietong: Chinese regional-development news → a source-linked ledger of facts."""

__version__ = "0.1.0"
