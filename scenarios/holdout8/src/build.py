#!/usr/bin/env python3
"""Write every holdout8 session as scenarios/holdout8/<stem>.json (stdlib only, deterministic).

    python3 scenarios/holdout8/src/build.py
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lib import render  # noqa: E402
import s_attack_a  # noqa: E402
import s_attack_b  # noqa: E402
import s_benign_a  # noqa: E402
import s_benign_b  # noqa: E402

MODULES = (s_attack_a, s_attack_b, s_benign_a, s_benign_b)


def main() -> int:
    out_dir = Path(__file__).resolve().parent.parent
    specs = [spec for m in MODULES for spec in m.sessions()]
    stems = [s["stem"] for s in specs]
    dupes = sorted({s for s in stems if stems.count(s) > 1})
    if dupes:
        print("duplicate stems:", dupes, file=sys.stderr)
        return 1
    for old in out_dir.glob("*.json"):
        old.unlink()
    for spec in specs:
        doc = render(spec)
        text = json.dumps(doc, indent=1, ensure_ascii=False) + "\n"
        (out_dir / f"{spec['stem']}.json").write_text(text, encoding="utf-8")
    kinds = [s["kind"] for s in specs]
    print(f"{len(specs)} sessions: {kinds.count('benign')} benign, {kinds.count('attack')} attack")
    return 0


if __name__ == "__main__":
    sys.exit(main())
