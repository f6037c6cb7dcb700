#!/usr/bin/env python3
"""Write scenarios/holdout5/*.json from the s_*.py session modules (stdlib only).

    python3 scenarios/holdout5/src/build.py
"""
from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from lib import doc  # noqa: E402

MODULES = ["s_inject", "s_secrets", "s_system", "s_control", "s_extra", "s_more", "s_late", "s_benign_a", "s_benign_b", "s_benign_c"]


def main() -> int:
    out_dir = HERE.parent
    for old in out_dir.glob("*.json"):
        old.unlink()
    seen = set()
    n = 0
    for name in MODULES:
        try:
            mod = importlib.import_module(name)
        except ModuleNotFoundError as e:
            if e.name == name:
                continue
            raise
        for sc in mod.build():
            if sc.slug in seen:
                raise SystemExit(f"duplicate slug {sc.slug}")
            seen.add(sc.slug)
            d = doc(sc)
            (out_dir / f"{sc.slug}.json").write_text(json.dumps(d, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
            n += 1
    print(f"wrote {n} sessions to {out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
