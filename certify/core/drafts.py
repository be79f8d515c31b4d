"""Drafts kept in the browser (ADR 0037): the version of a saved text that the autosave script
compares with what it sent, so that it says "Saved" only for the exact text the server stored."""

import hashlib

VERSION_HEADER = "X-Draft-Version"  # the stored text's version, after the service cleaned it
RECEIVED_HEADER = "X-Draft-Received"  # the version of the text exactly as it arrived


def text_version(text: str) -> str:
    """SHA-256 of the text's UTF-8 bytes, in hex: the script computes the same in the browser."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
