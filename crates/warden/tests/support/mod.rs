//! Shared helpers for the binary's end-to-end tests: start a real gateway process, run the CLI.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_warden");

/// A `warden serve` process on an ephemeral loopback port, stopped (SIGTERM) on drop.
pub struct Gateway {
    pub child: Child,
    pub url: String,
    pub data: PathBuf,
    /// Everything the gateway wrote on stderr (its log).
    pub log: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Gateway {
    pub fn start(data: &Path, extra: &[&str]) -> Self {
        Self::start_env(data, extra, &[])
    }

    /// [`Gateway::start`] with extra environment variables (e.g. a faked clock).
    pub fn start_env(data: &Path, extra: &[&str], env: &[(&str, &str)]) -> Self {
        let mut child = Command::new(BIN)
            .args(["serve", "--listen", "127.0.0.1:0", "--data"])
            .arg(data)
            .args(extra)
            .envs(env.iter().copied())
            .env("WARDEN_LOG", "info")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn warden serve");
        let stderr = child.stderr.take().expect("stderr");
        let mut lines = BufReader::new(stderr).lines();
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            let Some(Ok(line)) = lines.next() else { break };
            if let Some(rest) = line.split("listening on ").nth(1) {
                let url = rest.split_whitespace().next().expect("url").to_owned();
                let log = std::sync::Arc::new(std::sync::Mutex::new(line.clone()));
                let sink = log.clone();
                std::thread::spawn(move || {
                    for line in lines.by_ref().map_while(Result::ok) {
                        if let Ok(mut l) = sink.lock() {
                            l.push_str(&line);
                            l.push('\n');
                        }
                    }
                });
                return Self {
                    child,
                    url,
                    data: data.to_path_buf(),
                    log,
                };
            }
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("warden serve did not report its address");
    }

    /// The reviewer admin token `warden serve` created at first start (review endpoints need a
    /// reviewer).
    pub fn admin_token(&self) -> String {
        std::fs::read_to_string(self.data.join("review-admin.token"))
            .expect("the admin token file")
            .trim()
            .to_owned()
    }

    /// Stops the gateway the way an operator does (SIGTERM) and waits for it to exit.
    pub fn stop(mut self) -> std::process::ExitStatus {
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status();
        self.child.wait().expect("wait for the gateway")
    }
}

impl Drop for Gateway {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs the CLI; returns (exit code, stdout, stderr).
pub fn warden(args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    use std::io::Write as _;
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run warden");
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(text.as_bytes())
            .expect("write stdin");
    }
    drop(child.stdin.take());
    let out = child.wait_with_output().expect("wait");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The shared scenario corpus beside the repository.
pub fn shared_scenarios() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/scenarios")
}

/// Scenario files in a directory, sorted.
pub fn scenario_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("scenario dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}
