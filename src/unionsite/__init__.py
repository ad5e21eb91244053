"""unionsite: static bilingual websites for municipal unions, built from typed records."""

__version__ = "0.1.0"
