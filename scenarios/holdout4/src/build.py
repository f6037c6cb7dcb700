#!/usr/bin/env python3
"""Writes every holdout4 session as scenarios/holdout4/<id>.json (run from anywhere)."""
import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import lib  # noqa: E402

MODULES = sorted(p.stem for p in Path(__file__).resolve().parent.glob("s_*.py"))
for m in MODULES:
    importlib.import_module(m)
print(f"{lib.write_all()} sessions written", file=sys.stderr)
