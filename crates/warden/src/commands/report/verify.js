// In-browser check of every embedded inclusion proof: the leaf hash of each canonical
// envelope, its RFC 9162 path to the checkpoint's root, and the checkpoint's Ed25519 signature
// under the log key printed in the report. Nothing leaves the page.
(function () {
  "use strict";
  const enc = new TextEncoder();
  const b64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
  const eq = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
  const cat = (...parts) => { const n = parts.reduce((s, p) => s + p.length, 0); const out = new Uint8Array(n); let o = 0; for (const p of parts) { out.set(p, o); o += p.length; } return out; };
  const sha = async (bytes) => new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const leafHash = (text) => sha(cat(Uint8Array.of(0), enc.encode(text)));
  const nodeHash = (l, r) => sha(cat(Uint8Array.of(1), l, r));

  async function included(leaf, index, size, path, root) {
    if (index >= size) return false;
    let fn = index, sn = size - 1, r = leaf;
    for (const p of path) {
      if (sn === 0) return false;
      if (fn % 2 === 1 || fn === sn) {
        r = await nodeHash(p, r);
        while (fn % 2 === 0 && fn !== 0) { fn = Math.floor(fn / 2); sn = Math.floor(sn / 2); }
      } else {
        r = await nodeHash(r, p);
      }
      fn = Math.floor(fn / 2); sn = Math.floor(sn / 2);
    }
    return sn === 0 && eq(r, root);
  }

  async function checkpoint(note, vkey) {
    const split = note.lastIndexOf("\n\n");
    const body = note.slice(0, split + 1);
    const lines = body.split("\n");
    // <name>+<hash>+<base64 key>; the base64 itself may contain '+'.
    const [name, hashHex, ...rest] = vkey.split("+");
    const keyB64 = rest.join("+");
    const raw = b64(keyB64);
    const sigLine = note.slice(split + 2).split("\n").find((l) => l.startsWith("\u2014 " + name + " "));
    if (!sigLine || raw[0] !== 1) return { size: +lines[1], root: b64(lines[2]), signature: "missing" };
    const sig = b64(sigLine.split(" ")[2]);
    const keyHash = Array.from(sig.slice(0, 4), (b) => b.toString(16).padStart(2, "0")).join("");
    let signature = "unchecked";
    try {
      const key = await crypto.subtle.importKey("raw", raw.slice(1), { name: "Ed25519" }, false, ["verify"]);
      const ok = keyHash === hashHex && await crypto.subtle.verify({ name: "Ed25519" }, key, sig.slice(4), enc.encode(body));
      signature = ok ? "valid" : "INVALID";
    } catch (e) { signature = "unchecked (" + e.name + ": this browser cannot check Ed25519 here; use warden verify-proof)"; }
    return { size: +lines[1], root: b64(lines[2]), signature };
  }

  async function run() {
    const out = document.getElementById("verify-result");
    const data = JSON.parse(document.getElementById("warden-proofs").textContent);
    if (!data.proofs.length) { out.textContent = "no proofs embedded"; return; }
    const cp = await checkpoint(data.proofs[0].checkpoint, data.key);
    let good = 0, bad = 0;
    for (const p of data.proofs) {
      const env = JSON.parse(p.envelope);
      const ok = p.tree_size === cp.size && env.id === p.event_id && env.seq === p.seq &&
        await included(await leafHash(p.envelope), p.seq, p.tree_size, p.path.map(b64), cp.root);
      ok ? good++ : bad++;
      const cell = document.querySelector('td.proof[data-id="' + p.event_id + '"]');
      if (cell) { cell.textContent = ok ? "\u2713" : "\u2717"; cell.className = "proof " + (ok ? "ok" : "bad"); }
    }
    out.textContent = good + " of " + data.proofs.length + " events included in the log of size " + cp.size +
      (bad ? " \u2014 " + bad + " FAIL" : "") + "; checkpoint signature " + cp.signature + ".";
    out.className = bad || cp.signature === "INVALID" ? "bad" : "ok";
  }
  const start = () => run().catch((e) => {
    document.getElementById("verify-result").textContent = "verification failed: " + e;
  });
  document.getElementById("verify").addEventListener("click", start);
  // `report.html#verify` checks on load (and lets a headless browser check a report).
  if (location.hash === "#verify") start();
})();
