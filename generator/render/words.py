"""Values shown in words: the data's enums ('partially-met'), counts ('1 statement', '2 statements'),
language codes, and the typography of the analyst's own text (dashes) and of quoted words (one pair of
quotation marks). Plain text in, plain text out: escaping stays escape.py's job."""

from __future__ import annotations

import re

ENUM_WORDS: dict[str, dict[str, str]] = {
    "status": {"open": "open", "rejected": "rejected", "partially-met": "partially met", "met": "met",
               "withdrawn": "withdrawn", "superseded": "superseded", "resolved": "resolved", "moot": "moot"},
    "stance": {"accepts": "accepts", "partially-accepts": "partly accepts", "rejects": "rejects",
               "counter-proposal": "makes a counter-proposal", "non-committal": "non-committal",
               "defers": "defers a decision"},
    "translation": {"original": "original text", "human": "human translation", "machine": "machine translation",
                    "unknown": "translation unknown"},
    "kind": {"person": "person", "organisation": "organisation", "state": "state", "group": "group",
             "media": "media outlet", "open": "open question", "contested": "contested point",
             "estimate": "estimate", "fact": "judgment of fact"},
    "grade": {"A": "A (completely reliable)", "B": "B (usually reliable)", "C": "C (fairly reliable)",
              "D": "D (not usually reliable)", "E": "E (unreliable)", "F": "F (reliability cannot be judged)"},
    "precision": {"day": "", "month": "month only", "year": "year only", "range": "range",
                  "approximate": "approximate"},
}

LANGUAGES = {
    "ar": "Arabic", "bg": "Bulgarian", "be": "Belarusian", "cs": "Czech", "da": "Danish", "de": "German",
    "el": "Greek", "en": "English", "es": "Spanish", "et": "Estonian", "fa": "Persian", "fi": "Finnish",
    "fr": "French", "ga": "Irish", "he": "Hebrew", "hi": "Hindi", "hr": "Croatian", "hu": "Hungarian",
    "hy": "Armenian", "id": "Indonesian", "it": "Italian", "ja": "Japanese", "ka": "Georgian", "kk": "Kazakh",
    "ko": "Korean", "lt": "Lithuanian", "lv": "Latvian", "nl": "Dutch", "no": "Norwegian", "pl": "Polish",
    "pt": "Portuguese", "ro": "Romanian", "ru": "Russian", "sk": "Slovak", "sl": "Slovenian", "sq": "Albanian",
    "sr": "Serbian", "sv": "Swedish", "th": "Thai", "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu",
    "vi": "Vietnamese", "zh": "Chinese",
}


def in_words(kind: str, value: str) -> str:
    """An enum value as a reader reads it ('partially-met' -> 'partially met'); unknown values de-hyphenated."""
    return ENUM_WORDS.get(kind, {}).get(value, value.replace("-", " "))


def language_name(code: str) -> str:
    """'fr' -> 'French'; 'pt-BR' -> 'Portuguese (BR)'; a code we do not know is shown as it is."""
    base, _, region = code.partition("-")
    name = LANGUAGES.get(base.lower())
    if name is None:
        return code
    return f"{name} ({region})" if region else name


def counted(number: int, singular: str, plural: str | None = None) -> str:
    """'1 statement', '3 statements'."""
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


_SPACED_HYPHEN = re.compile(r"(?<=\S) (?:-{1,2}|‐) (?=\S)")


def typeset(text: str) -> str:
    """The analyst's text with real dashes: a hyphen (or two) between spaces is an en dash."""
    return _SPACED_HYPHEN.sub(" – ", text) if "-" in text or "‐" in text else text


def shortened(text: str, limit: int = 90) -> str:
    """A long text cut at a word boundary with '…', for titles and labels; the full text is shown beside it."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:–-") + " …"


_OPENING = "“\"'‘«„‚"
_CLOSING = "”\"'’»“‘"
_TRAILING_PUNCTUATION = ",.;:"


def unquoted(words: str) -> str:
    """Quoted words without the quotation marks they carry at both ends, so that the one pair a footnote
    puts around them is not doubled ('“I don't know…”' -> 'I don't know…'). A comma or full stop outside
    the closing mark, and a comma inside it, go with them; marks that do not stand at both ends are kept."""
    text = words.strip()
    body = text.rstrip(_TRAILING_PUNCTUATION)
    if len(body) >= 2 and body[0] in _OPENING and body[-1] in _CLOSING:
        inner = body[1:-1]
        if not any(mark in inner for mark in "“”«»"):  # '“a” and “b”': the marks belong to the words
            return inner.strip().rstrip(",;:")
    return text
