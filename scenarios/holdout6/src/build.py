#!/usr/bin/env python3
"""Write every holdout6 session as scenarios/holdout6/<stem>.json (stdlib only).

    python3 scenarios/holdout6/src/build.py          # (re)write the set
    python3 scenarios/holdout6/src/build.py --check  # fail if a file would change

Rebuilding is byte-identical: ids, UUIDs, timestamps and fake secrets derive from the file stem.
"""
from __future__ import annotations

import importlib
import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import lib  # noqa: E402

FAMILIES = [
    "f_injection", "f_exfil", "f_secrets", "f_privilege", "f_probe", "f_loop_rate", "f_chains",
    "b_content", "b_ops", "b_secrets", "b_pace",
]


def main(argv):
    for name in FAMILIES:
        importlib.import_module(name)
    out_dir = HERE.parent
    stems = Counter(s.stem for s in lib.REGISTRY)
    dupes = [k for k, v in stems.items() if v > 1]
    if dupes:
        sys.exit(f"duplicate stems: {dupes}")
    changed = []
    for s in lib.REGISTRY:
        text = json.dumps(s.to_doc(), indent=1, ensure_ascii=False) + "\n"
        path = out_dir / f"{s.stem}.json"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            changed.append(path.name)
            if "--check" not in argv:
                path.write_text(text, encoding="utf-8")
    written = {f"{s.stem}.json" for s in lib.REGISTRY}
    stale = [p.name for p in out_dir.glob("*.json") if p.name not in written]
    kinds = Counter(s.kind for s in lib.REGISTRY)
    agents = Counter(s.agent for s in lib.REGISTRY)
    print(f"{len(lib.REGISTRY)} sessions ({kinds['benign']} benign, {kinds['attack']} attack); "
          + ", ".join(f"{a} {agents[a]}" for a in lib.AGENTS), file=sys.stderr)
    if stale:
        print("stale files (not produced by the generator): " + ", ".join(sorted(stale)), file=sys.stderr)
    if "--check" in argv and (changed or stale):
        print("would change: " + ", ".join(changed[:20]), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
