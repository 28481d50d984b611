"""Reading a configuration file (TOML), with French messages for every mistake.

Every configuration of perfml (allocation, Garantie jeunes, diffusion…) is read here, so
a missing file, a wrong encoding or a TOML syntax error is told the same way, in French,
with its line and column, and never as a Python traceback.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from perfml.errors import UserError

# tomllib's messages (Python 3.12), in the order they are tried.
SYNTAX_ERRORS: tuple[tuple[str, str], ...] = (
    (r"^Cannot declare (?P<key>.+) twice$", "la section {key} est déclarée deux fois"),
    (r"^Cannot overwrite a value$", "une clé reçoit deux valeurs"),
    (r"^Cannot mutate immutable namespace (?P<key>.+)$", "la clé {key} ne peut être complétée"),
    (r"^Cannot redefine namespace (?P<key>.+)$", "la section {key} est redéfinie"),
    (r"^Duplicate inline table key (?P<key>.+)$", "la clé {key} est répétée"),
    (r"^Expected '=' after a key in a key/value pair$", "il manque « = » après une clé"),
    (r"^Expected '\]' at the end of a table declaration$", "il manque « ] » après une section"),
    (r"^Expected '\]\]' at the end of an array declaration$", "il manque « ]] »"),
    (
        r"^Expected newline or end of document after a statement$",
        "un retour à la ligne est attendu après une valeur",
    ),
    (r"^(Found invalid|Illegal) character (?P<char>.+)$", "caractère interdit {char}"),
    (r"^Invalid date or datetime$", "date invalide (AAAA-MM-JJ attendu)"),
    (r"^Invalid hex value$", "valeur hexadécimale invalide"),
    (r"^Escaped character is not a Unicode scalar value$", "caractère échappé invalide"),
    (r"^Invalid initial character for a key part$", "nom de clé invalide"),
    (r"^Invalid statement$", "ligne illisible (une clé = valeur ou une [section] attendue)"),
    (
        r"^Invalid value$",
        "valeur invalide (un nombre, un texte entre guillemets, true/false ou une liste)",
    ),
    (r"^Unclosed array$", "liste non fermée (il manque « ] »)"),
    (r"^Unclosed inline table$", "table non fermée (il manque « }} »)"),
    (r"^Unescaped '\\\\' in a string$", "barre oblique inverse non doublée dans un texte"),
    (r"^Unterminated string$", "texte non fermé (il manque un guillemet)"),
)
POSITION = re.compile(
    r"^(?P<message>.*) \((?:at line (?P<line>\d+), column (?P<column>\d+)|"
    r"at end of document)\)$",
    re.S,
)


def describe_toml_error(error: tomllib.TOMLDecodeError) -> str:
    """Return a French description of a TOML syntax error, with its line and column."""
    text = str(error)
    match = POSITION.match(text)
    message, where = text, ""
    if match:
        message = match["message"]
        where = (
            f" (ligne {match['line']}, colonne {match['column']})"
            if match["line"]
            else " (à la fin du fichier)"
        )
    for pattern, french in SYNTAX_ERRORS:
        found = re.match(pattern, message, re.S)
        if found:
            return french.format(**found.groupdict()) + where
    return "syntaxe invalide" + where


def show_value(value: Any) -> str:
    """A value as the user wrote it, cut short (a 4 000-digit integer is not repeated)."""
    if isinstance(value, int) and abs(value) >= 10**30:
        return f"un entier d'environ {int(value.bit_length() * 0.30103) + 1} chiffres"
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "…"


def read_toml(path: str | Path, what: str = "Le fichier de configuration") -> dict[str, Any]:
    """Return the TOML document at `path`; any problem is a French `UserError`."""
    path = Path(path)
    if not path.is_file():
        raise UserError(f"{what} {path} n'existe pas.")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(f"{what} {path} n'est pas encodé en UTF-8.") from None
    except OSError as error:
        raise UserError(f"{what} {path} ne peut être lu ({error.strerror}).") from None
    return parse_toml(text, f"{what} {path}")


def parse_toml(text: str, source: str = "La configuration") -> dict[str, Any]:
    """Return the TOML document `text`; a syntax error is a French `UserError`."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise UserError(
            f"{source} n'est pas un TOML valide : {describe_toml_error(error)}."
        ) from None
    except ValueError:
        # An integer of thousands of digits, which Python refuses to convert.
        raise UserError(
            f"{source} n'est pas un TOML valide : un nombre a trop de chiffres."
        ) from None
