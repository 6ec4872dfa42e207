"""Language identification restricted to the languages Kronika supports and their neighbours.

Restricting the detector matters: lingua over all languages is slower, uses ~1.3 GB and confuses
Latvian with Norwegian (STACK-NOTES §4). An explicit `lang` in metadata always wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

# Languages Kronika extracts from (models in models/<lang>/).
SUPPORTED_LANGS: tuple[str, ...] = ("lv", "en")
# Languages the detector must tell them from (Baltic neighbours and common news languages).
NEIGHBOUR_LANGS: tuple[str, ...] = (
    "lt",
    "et",
    "ru",
    "uk",
    "be",
    "de",
    "pl",
    "fi",
    "sv",
    "fr",
    "es",
)
CANDIDATE_LANGS: tuple[str, ...] = SUPPORTED_LANGS + NEIGHBOUR_LANGS
UNDETERMINED = "und"
# The detector looks at this many characters: enough for a stable decision, bounded cost.
DETECT_CHARS = 3000


@dataclass(frozen=True)
class LangDecision:
    lang: str
    score: float
    method: str  # metadata | detector | fallback


@lru_cache(maxsize=1)
def _detector():  # type: ignore[no-untyped-def]
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in CANDIDATE_LANGS]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()


def normalise_lang_code(value: object) -> str | None:
    """Metadata language tags like 'LV', 'lv-LV', 'en_GB' -> 'lv', 'en'; None if unusable."""
    if not isinstance(value, str):
        return None
    code = value.strip().lower().replace("_", "-").split("-")[0]
    # ASCII only: "Ĺv" or "lā" is no language tag (and would break the articles contract).
    return code if code.isascii() and code.isalpha() and 2 <= len(code) <= 3 else None


def detect_language(text: str, declared: str | None = None) -> LangDecision:
    declared_code = normalise_lang_code(declared)
    if declared_code:
        return LangDecision(declared_code, 1.0, "metadata")
    sample = text[:DETECT_CHARS]
    if not any(ch.isalpha() for ch in sample):
        return LangDecision(UNDETERMINED, 0.0, "fallback")
    values = _detector().compute_language_confidence_values(sample)
    if not values:
        return LangDecision(UNDETERMINED, 0.0, "fallback")
    best = values[0]
    code = best.language.iso_code_639_1.name.lower()
    return LangDecision(code, round(float(best.value), 4), "detector")
