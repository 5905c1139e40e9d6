"""xietong: Chinese regional-development news → a source-linked ledger of facts."""

__version__ = "0.1.0"

from xietong import native

native.install()  # before any compiled module is imported: use the build only when current
