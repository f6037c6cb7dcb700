#!/usr/bin/env python3
"""Write every holdout9 session to scenarios/holdout9/<stem>.json (stdlib only, deterministic)."""
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import s_attack1  # noqa: E402
import s_attack2  # noqa: E402
import s_benign  # noqa: E402


def main() -> int:
    out_dir = HERE.parent
    for old in out_dir.glob("*-h9-*.json"):
        old.unlink()
    docs = s_attack1.sessions() + s_attack2.sessions() + s_benign.sessions()
    seen = set()
    for doc in docs:
        if doc["id"] in seen:
            raise SystemExit(f"duplicate stem {doc['id']}")
        seen.add(doc["id"])
        path = out_dir / f"{doc['id']}.json"
        path.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(docs)} sessions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
