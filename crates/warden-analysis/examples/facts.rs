//! Prints the facts `analyze_call_in` derives for each input line (`[tool, input, cwd]` as
//! JSON): a tuning aid, run as `cargo run -p warden-analysis --example facts < calls.jsonl`.

use std::io::BufRead;

use warden_analysis::{analyze_call_in, CallContext, Overrides, ToolRef};

fn main() {
    for line in std::io::stdin().lock().lines().map_while(Result::ok) {
        let Ok((tool, input, cwd)) =
            serde_json::from_str::<(String, serde_json::Value, String)>(&line)
        else {
            continue;
        };
        let ctx = CallContext {
            cwd: Some(&cwd),
            ..CallContext::default()
        };
        let f = analyze_call_in(
            &ToolRef::parse(&tool),
            &input,
            None,
            &Overrides::default(),
            &ctx,
        );
        let sig = warden_analysis::intent_signature(&f, &input);
        println!(
            "{tool} {}\n    intent: {sig}",
            serde_json::to_string(&f).unwrap_or_default()
        );
    }
}
