//! Prints the facts and intent signature of calls read from stdin, one JSON object per line:
//! `{"tool": "Bash", "args": {...}, "cwd": "/home/dev/app"}` (a debugging aid for detector work).

use std::io::BufRead;

use serde_json::Value;
use warden_analysis::{analyze_call_in, intent_signature, CallContext, Overrides, ToolRef};

fn main() {
    for line in std::io::stdin().lock().lines().map_while(Result::ok) {
        let Ok(v) = serde_json::from_str::<Value>(&line) else {
            eprintln!("not JSON: {line}");
            continue;
        };
        let tool = ToolRef::parse(v["tool"].as_str().unwrap_or_default());
        let args = v["args"].clone();
        let cwd = v["cwd"].as_str().unwrap_or("/home/dev/app");
        let facts = analyze_call_in(
            &tool,
            &args,
            None,
            &Overrides::default(),
            &CallContext::with_cwd(cwd),
        );
        let sig = intent_signature(&facts, &args);
        println!(
            "{} effect={} flags={:?}\n  targets={}\n  reasons={:?}\n  sig={sig}",
            tool.name,
            facts.effect,
            facts.flags,
            serde_json::to_string(&facts.targets).unwrap_or_default(),
            facts.reasons
        );
    }
}
