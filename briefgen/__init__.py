"""briefgen: dated one-page briefings on U.S.-Mexico relations from a verified catalog."""

__version__ = "0.1.0"
