//! Headless Debian chromium driven over W3C WebDriver (chromedriver + fantoccini), for the web
//! UI's end-to-end tests and its benchmark.
//!
//! Why WebDriver rather than CDP: it is the standard, chromedriver ships in the same Debian
//! release as chromium (`chromium-driver`, version-locked to it), and fantoccini speaks it over
//! plain HTTP to a local port, so no TLS stack or browser-protocol crate version has to track
//! chromium's. `.ci/run` installs both packages when missing.

#![allow(dead_code)]

use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};

/// Where screenshots are kept: `target/ui-artifacts/` of the workspace.
pub fn artifacts_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    target.join("ui-artifacts")
}

fn find(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

/// A chromedriver process and one headless chromium session; both stopped on drop.
pub struct Browser {
    pub client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

impl Browser {
    pub async fn start() -> Result<Self, String> {
        let driver_bin = find(&["chromedriver"]).ok_or(
            "chromedriver is not installed: `apt-get install -y chromium chromium-driver` (.ci/run does this)",
        )?;
        let chromium = find(&["chromium", "chromium-browser", "google-chrome"]).ok_or(
            "chromium is not installed: `apt-get install -y chromium chromium-driver` (.ci/run does this)",
        )?;
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("no free port for chromedriver: {e}"))?
            .port();
        let mut driver = Command::new(driver_bin)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start chromedriver: {e}"))?;
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                let _ = driver.kill();
                let _ = driver.wait();
                return Err("chromedriver did not listen within 20 s".into());
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        let profile = tempfile::tempdir().map_err(|e| e.to_string())?;
        let caps = serde_json::json!({
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--window-size=1400,1000", "--no-first-run", "--disable-extensions",
                    format!("--user-data-dir={}", profile.path().display()),
                ]
            }
        });
        let caps = caps.as_object().cloned().unwrap_or_default();
        let connected =
            ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                .capabilities(caps)
                .connect(&format!("http://127.0.0.1:{port}"))
                .await;
        match connected {
            Ok(client) => Ok(Self {
                client,
                driver,
                _profile: profile,
            }),
            Err(e) => {
                let _ = driver.kill();
                let _ = driver.wait();
                Err(format!("chromium did not start under chromedriver: {e}"))
            }
        }
    }

    /// Saves a PNG of the viewport as `target/ui-artifacts/<name>.png`.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let dir = artifacts_dir();
        std::fs::create_dir_all(&dir).expect("create target/ui-artifacts");
        let png = self.client.screenshot().await.expect("screenshot");
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).expect("write screenshot");
        path
    }

    /// Ends the browser session and stops chromedriver.
    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
