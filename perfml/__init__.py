"""perfml: pilotage de la performance des missions locales."""

__version__ = "0.1.0"
