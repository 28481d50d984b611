#!/usr/bin/env python3
"""Recompile perfml/cli/locale/fr/LC_MESSAGES/messages.mo from its .po (after an edit)."""

from perfml.cli._catalogue import COMPILED, compile_mo, read_po

COMPILED.write_bytes(compile_mo(read_po()))
print(f"{COMPILED} écrit.")
