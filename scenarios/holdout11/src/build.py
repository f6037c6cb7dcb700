#!/usr/bin/env python3
"""Write every holdout11 session as scenarios/holdout11/<stem>.json (stdlib only, byte-identical)."""
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import lib  # noqa: E402
import s_attack  # noqa: E402
import s_attack2  # noqa: E402
import s_benign  # noqa: E402
import s_benign2  # noqa: E402

OUT = Path(__file__).resolve().parent.parent


def main():
    specs = s_attack.SESSIONS + s_attack2.SESSIONS + s_benign.SESSIONS + s_benign2.SESSIONS
    stems = [s["stem"] for s in specs]
    dup = {x for x in stems if stems.count(x) > 1}
    if dup:
        sys.exit(f"duplicate stems: {sorted(dup)}")
    for old in OUT.glob("*-h11-*.json"):
        old.unlink()
    for spec in specs:
        doc = lib.build(spec)
        (OUT / f"{spec['stem']}.json").write_text(json.dumps(doc, indent=1, ensure_ascii=True) + "\n", encoding="utf-8")
    print(f"{len(specs)} sessions written")


if __name__ == "__main__":
    main()
