#!/usr/bin/env python3
"""Write every holdout10 session as scenarios/holdout10/<id>.json (stdlib only, deterministic)."""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import lib  # noqa: E402
import s_attack  # noqa: E402,F401  (registers sessions)
import s_attack2  # noqa: E402,F401
import s_attack3  # noqa: E402,F401
import s_benign  # noqa: E402,F401


def main() -> int:
    out_dir = HERE.parent
    for old in out_dir.glob("*.json"):
        old.unlink()
    ids = Counter(s["id"] for s in lib.SESSIONS)
    dup = [i for i, n in ids.items() if n > 1]
    if dup:
        print("duplicate ids:", dup)
        return 1
    for sess in lib.SESSIONS:
        doc = lib.emit(sess)
        (out_dir / f"{sess['id']}.json").write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    kinds = Counter(s["kind"] for s in lib.SESSIONS)
    agents = Counter((s["agent"], s["kind"]) for s in lib.SESSIONS)
    oses = Counter(s["os"] for s in lib.SESSIONS)
    fam = Counter(s["id"].split("-h10-")[0] for s in lib.SESSIONS)
    alerts = Counter(a for s in lib.SESSIONS for a in s["expect"])
    print(f"{len(lib.SESSIONS)} sessions: {dict(kinds)}")
    print("agents:", dict(sorted(agents.items())))
    print("os:", dict(oses))
    print("families:", dict(sorted(fam.items())))
    print("expected alerts:", dict(alerts.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
