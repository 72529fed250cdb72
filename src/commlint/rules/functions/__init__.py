"""Built-in Python rule functions, one module per dimension, for checks data cannot express.

Importing this package registers every built-in function with the registry.
"""

from commlint.rules.functions import empathy, expectations, plain_language, tone

__all__ = ["empathy", "expectations", "plain_language", "tone"]
