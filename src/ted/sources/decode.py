"""Bytes to text: binary detection, BOMs, UTF-8 first, legacy encodings with a warning, size limits."""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from charset_normalizer import from_bytes

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_LINE_CHARS = 100_000

# Magic numbers of formats people drop next to their documents.
MAGIC = [
    (b"\x89PNG\r\n\x1a\n", "une image PNG"),
    (b"\xff\xd8\xff", "une image JPEG"),
    (b"GIF87a", "une image GIF"),
    (b"GIF89a", "une image GIF"),
    (b"RIFF", "un fichier RIFF (image WebP, son ou vidéo)"),
    (b"%PDF-", "un PDF"),
    (b"PK\x03\x04", "une archive ZIP (ou un document Office)"),
    (b"\x1f\x8b", "une archive gzip"),
    (b"\x7fELF", "un exécutable"),
    (b"SQLite format 3\x00", "une base SQLite"),
]


class NotText(Exception):
    """The file is not a text document (skipped, with the reason)."""


class Unreadable(Exception):
    """The file is text-like but cannot be used (failed, with the reason)."""


@dataclass
class Decoded:
    text: str
    encoding: str
    warning: str | None = None


def sniff_binary(head: bytes) -> str | None:
    for magic, label in MAGIC:
        if head.startswith(magic):
            return label
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    sample = head[:8192]
    if b"\x00" in sample:
        return "un fichier binaire (octets nuls)"
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    if sample and controls / len(sample) > 0.10:
        return "un fichier binaire (caractères de contrôle)"
    return None


def decode(data: bytes) -> Decoded:
    if len(data) > MAX_FILE_BYTES:
        raise Unreadable(
            f"le fichier fait {len(data) / 1_048_576:.1f} Mo, au-delà de la limite de "
            f"{MAX_FILE_BYTES // 1_048_576} Mo ; découpez-le ou retirez-le du dossier"
        )
    label = sniff_binary(data[:8192])
    if label:
        raise NotText(f"ce n'est pas un document texte mais {label}")
    decoded = _decode_text(data)
    text = plain_letters(decoded.text.replace("\r\n", "\n").replace("\r", "\n"))
    longest = max((len(line) for line in text.split("\n")), default=0)
    if longest > MAX_LINE_CHARS:
        number = next(i for i, line in enumerate(text.split("\n"), 1) if len(line) == longest)
        raise Unreadable(
            f"la ligne {number} fait {longest:,} caractères (limite {MAX_LINE_CHARS:,}) : "
            "ce n'est pas un document rédigé ; vérifiez le fichier".replace(",", " ")
        )
    return Decoded(text, decoded.encoding, decoded.warning)


# Unicode's mathematical alphanumerics ("𝗟'𝗮𝗰𝗾𝘂𝗶𝘀𝗶𝘁𝗶𝗼𝗻", "𝑑𝑜𝑛𝑛𝑒́𝑒𝑠"): posts copied from social networks use them as
# bold or italic letters. Read as the letters they style, or no word, name or date in them is found.
STYLED_LETTERS = re.compile("[\U0001D400-\U0001D7FF][\U0001D400-\U0001D7FF\u0300-\u036f]*")  # with their accents


def plain_letters(text: str) -> str:
    return STYLED_LETTERS.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def _decode_text(data: bytes) -> Decoded:
    if data.startswith(codecs.BOM_UTF8):
        return Decoded(data[3:].decode("utf-8", errors="replace"), "utf-8-sig")
    for bom, name in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return Decoded(data[2:].decode(name, errors="replace"), "utf-16")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:200_000], cp_isolation=["cp1252", "latin_1", "iso8859_15", "mac_roman"]).best()
    encoding = best.encoding if best else "cp1252"
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        encoding, text = "latin-1", data.decode("latin-1")
    return Decoded(text, encoding, f"pas en UTF-8 : décodé comme {encoding}")
