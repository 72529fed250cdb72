"""Built-in Python rule functions, one module per rule pack, for checks data cannot express.

Importing this package registers every built-in function with the registry.
"""

from commlint.rules.functions import empathy, expectations, plain_language, security, tone

__all__ = ["empathy", "expectations", "plain_language", "security", "tone"]
