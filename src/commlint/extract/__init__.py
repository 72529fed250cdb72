"""Text in: read a message from a file or stdin and turn its bytes into checkable text.

The message is only ever read; nothing here (or anywhere in commlint) writes to it.
"""

from commlint.extract.plain import read_message, validate_text

__all__ = ["read_message", "validate_text"]
