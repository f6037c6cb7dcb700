//! The persisted cursor: the position of the last event a sink's destination acknowledged.
//!
//! Written atomically (temporary file, fsync, rename, fsync of the directory) only after an
//! acknowledgement, so after a crash the sink resumes at or before where it stopped, never
//! after: at-least-once.

use std::io::Write as _;
use std::path::{Path, PathBuf};

pub struct Cursor {
    path: PathBuf,
}

impl Cursor {
    pub fn new(dir: &Path) -> Self {
        Self {
            path: dir.join("cursor"),
        }
    }

    /// The last acknowledged position; `Ok(None)` when nothing was delivered yet.
    pub fn load(&self) -> Result<Option<Option<u64>>, String> {
        match std::fs::read_to_string(&self.path) {
            Ok(text) => parse(text.trim())
                .map(Some)
                .map_err(|e| format!("{}: {e}", self.path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("cannot read {}: {e}", self.path.display())),
        }
    }

    /// Records that everything up to `last` (or nothing, `None`) was acknowledged.
    pub fn store(&self, last: Option<u64>) -> Result<(), String> {
        let text = match last {
            Some(seq) => format!("{seq}\n"),
            None => "none\n".to_owned(),
        };
        write_atomic(&self.path, text.as_bytes())
    }
}

fn parse(text: &str) -> Result<Option<u64>, String> {
    if text == "none" {
        return Ok(None);
    }
    text.parse::<u64>().map(Some).map_err(|_| {
        format!("the cursor holds {text:?}, not a log position; delete the file to start over")
    })
}

/// Replaces `path` with `bytes` so that a crash leaves either the old or the new content.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let tmp = path.with_extension("tmp");
    let fail = |e: std::io::Error| format!("cannot write {}: {e}", path.display());
    let mut f = std::fs::File::create(&tmp).map_err(fail)?;
    f.write_all(bytes).map_err(fail)?;
    f.sync_all().map_err(fail)?;
    std::fs::rename(&tmp, path).map_err(fail)?;
    if let Some(dir) = path.parent() {
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}
