//! Prints the instruction verdict of each input line (a JSON string per line): a tuning aid for
//! `instruction_score`, run as `cargo run -p warden-analysis --example score < texts.jsonl`.

use std::io::BufRead;

fn main() {
    for line in std::io::stdin().lock().lines().map_while(Result::ok) {
        let Ok((name, text)) = serde_json::from_str::<(String, String)>(&line) else {
            continue;
        };
        let f = warden_analysis::instruction_score(&text);
        let cues: Vec<String> = f
            .cues
            .iter()
            .map(|c| format!("{:?}:{}", c.kind, c.text))
            .collect();
        println!(
            "{} {} {:.1} {}\n    {}",
            if f.is_instruction { "INJ " } else { "----" },
            name,
            f.score,
            f.cue_summary(),
            cues.join(" | ")
        );
    }
}
