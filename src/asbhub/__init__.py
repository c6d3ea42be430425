"""ASB Hub: anti-social behaviour response for a police force, its PCC and partners."""

__version__ = "0.1.0"
