"""Python rule functions for the unscored `security` pack: secrets that must not be sent."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import lru_cache

import re2
from spacy.tokens import Doc

from commlint.nlp.per_doc import text_of
from commlint.rules.registry import Match, RuleContext, rule_function

_QUOTES = "\"'`\u2018\u2019\u201c\u201d"
_MIN_CODE_DIGITS = 4  # a PIN or a one-time code; "8 characters" is a length, not a secret
_MIN_SECRET = 6  # a password mixes letters with digits or symbols


@lru_cache(maxsize=8)
def _secret_pattern(names: tuple[str, ...]) -> re2._Regexp[str]:
    """A secret's name, optionally what it is for ("for the server room"), "is" or "set to"
    and ":" or "=", then the next word (linear: re2)."""
    alternatives = "|".join(
        r"\s+".join(re2.escape(word) for word in name.split()) for name in names
    )
    verb = r"(?:is|was|will\s+be|is\s+now|now|(?:has\s+been\s+)?(?:set|changed|reset)\s+to)"
    purpose = r"\s+for\s+(?:the\s+|your\s+|this\s+|our\s+)?[\w-]+(?:\s+[\w-]+){0,2}?"
    return re2.compile(
        rf"(?i)\b(?:(?:temp|temporary|new|initial|default|one-off)\s+)?(?:{alternatives})\b"
        rf"(?:{purpose}(?:\s+{verb}\b|\s*[:=])|(?:\s+{verb}\b)?)(?:\s*[:=]\s*|\s+)(\S+)"
    )


def _looks_secret(word: str) -> bool:
    """A value that is a secret rather than prose: a quoted word, four or more digits, or a
    word that mixes letters with digits, symbols or inner capitals ("Welcome123", "Xy7!abc")."""
    quoted = word[:1] in _QUOTES
    value = word.strip(_QUOTES + "([{").rstrip(".,;:!?)]}" + _QUOTES)
    if not value or "://" in value or value.lower().startswith("www."):
        return False  # a link (to a reset page) is the right way to send it
    if quoted:
        return len(value) >= _MIN_CODE_DIGITS and any(c.isalnum() for c in value)
    digits = value.replace("-", "")
    if digits.isdigit():  # a PIN, a code, a recovery key in groups
        return len(digits) >= _MIN_CODE_DIGITS and not value.startswith("-")
    if len(value) < _MIN_SECRET or not any(c.isalpha() for c in value):
        return False
    if any(c.isdigit() for c in value):
        return True
    word_like = value.replace("-", "").replace("'", "").replace("\u2019", "")
    if not word_like.isalpha():
        return True  # letters with symbols: "abc!def"
    return any(c.isupper() for c in value[1:]) and any(c.islower() for c in value)


@rule_function("commlint.credential.v1")
def credential(doc: Doc, ctx: RuleContext, *, secrets: Sequence[str]) -> Iterator[Match]:
    """A secret's name (`secrets`: "password", "PIN", "one-time code") followed by a value
    that looks like one ("Temp pw is Welcome123", "PIN: 4821").

    Talk about a secret is not one: "your password has been reset", "a password of 12
    characters", "the code we texted you".
    """
    text = text_of(doc)
    for found in _secret_pattern(tuple(secrets)).finditer(text):
        before = text[found.start() - 1] if found.start() else " "
        if not (before.isspace() or before in _QUOTES + "(["):
            continue  # inside a word or a link: "reset-password-1234.html"
        value = found.group(1)
        if _looks_secret(value):
            trimmed = value.rstrip(".,;:!?)]}")
            yield Match(found.start(), found.start(1) + len(trimmed))
