//! Prints the instruction finding of each text read from stdin (one JSON string per line), a
//! debugging aid for detector work.

use std::io::BufRead;

fn main() {
    for line in std::io::stdin().lock().lines().map_while(Result::ok) {
        let Ok(text) = serde_json::from_str::<String>(&line) else {
            eprintln!("not a JSON string: {line}");
            continue;
        };
        let f = warden_analysis::instruction_score(&text);
        println!(
            "instruction={} score={:.1} cues={}",
            f.is_instruction,
            f.score,
            f.cue_summary()
        );
    }
}
