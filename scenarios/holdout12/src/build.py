#!/usr/bin/env python3
"""Write the holdout12 sessions (scenarios/holdout12/*.json). Stdlib only; byte-identical on rebuild.

    python3 scenarios/holdout12/src/build.py
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import lib  # noqa: E402
import s_attack  # noqa: E402,F401
import s_attack2  # noqa: E402,F401
import s_benign  # noqa: E402,F401
import s_benign2  # noqa: E402,F401


def main() -> int:
    out = HERE.parent
    stems = [s["stem"] for s in lib.REGISTRY]
    dup = [s for s, n in Counter(stems).items() if n > 1]
    if dup:
        raise SystemExit(f"duplicate stems: {dup}")
    for old in out.glob("*-h12-*.json"):
        old.unlink()
    for spec in lib.REGISTRY:
        doc = lib.build(spec)
        text = json.dumps(doc, indent=1, ensure_ascii=True) + "\n"
        (out / f"{spec['stem']}.json").write_text(text, encoding="utf-8")
    kinds = Counter("benign" if s.startswith("benign-") else "attack" for s in stems)
    print(f"wrote {len(stems)} sessions ({kinds['benign']} benign, {kinds['attack']} attack)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
