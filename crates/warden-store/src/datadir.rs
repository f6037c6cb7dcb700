//! The data directory: one folder holding everything an instance knows.
//!
//! ```text
//! <data>/
//!   warden.toml        configuration (written with defaults on first use)
//!   warden.db          the audit log (SQLite, WAL mode)
//!   checkpoint         the latest signed checkpoint, outside the database
//!   keys/log.key       Ed25519 signing key, signed-note private key form (mode 0600)
//!   keys/log.pub       the matching verifier key (share it; pin it in `verify --key`)
//!   keys/hmac.keys     versioned HMAC keys that turn secrets into references (mode 0600)
//!   instance           this instance's id, part of the checkpoint origin
//! ```
//! Keeping the latest checkpoint outside the database means rolling the database back to an
//! older copy, or cutting rows together with their checkpoints, is still caught by `verify`.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;
use warden_core::checkpoint::{LogSigner, LogVerifier};

use crate::StoreError;

/// A resolved, initialised data directory.
#[derive(Clone, Debug)]
pub struct DataDir {
    root: PathBuf,
}

/// The instance's log identity: checkpoint origin and signing key.
pub struct LogKeys {
    pub origin: String,
    pub signer: LogSigner,
}

impl std::fmt::Debug for LogKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LogKeys")
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

const KEY_PREFIX: &str = "PRIVATE+KEY+";
const HMAC_HEADER: &str = "# Warden HMAC keys: secrets in the record become hmac-sha256:<version>:<hex> references.\n# Keep this file private. To rotate, add a new version and point `current` at it; keep old\n# versions so existing references stay resolvable.\n";

impl DataDir {
    /// The directory to use: `explicit` (from `--data`), else `$WARDEN_DATA`, else the per-user
    /// default (`$XDG_DATA_HOME/warden`, or `~/.local/share/warden`).
    pub fn resolve(explicit: Option<&Path>) -> Result<PathBuf, StoreError> {
        if let Some(p) = explicit {
            return Ok(p.to_path_buf());
        }
        if let Some(p) = std::env::var_os("WARDEN_DATA").filter(|v| !v.is_empty()) {
            return Ok(PathBuf::from(p));
        }
        if let Some(x) = std::env::var_os("XDG_DATA_HOME").filter(|v| !v.is_empty()) {
            return Ok(PathBuf::from(x).join("warden"));
        }
        match std::env::var_os("HOME").filter(|v| !v.is_empty()) {
            Some(home) => Ok(PathBuf::from(home).join(".local/share/warden")),
            None => Err(StoreError::Invalid(
                "no data directory: pass --data DIR or set WARDEN_DATA (HOME is not set)".into(),
            )),
        }
    }

    /// Opens `root`, creating it with fresh keys and `default_config` on first use.
    pub fn open_or_init(root: &Path, default_config: &str) -> Result<Self, StoreError> {
        let io = |source| StoreError::DataDir {
            path: root.to_path_buf(),
            source,
        };
        fs::create_dir_all(root.join("keys")).map_err(io)?;
        restrict_dir(root).map_err(io)?;
        let dir = Self {
            root: root.to_path_buf(),
        };
        if !dir.instance_path().exists() {
            let id = uuid::Uuid::now_v7().simple().to_string();
            write_new(&dir.instance_path(), id.as_bytes(), 0o644).map_err(io)?;
        }
        if !dir.key_path().exists() {
            let mut seed = [0u8; 32];
            getrandom::fill(&mut seed).map_err(|e| io(std::io::Error::other(e.to_string())))?;
            let instance = dir.instance_id()?;
            let name = format!("warden-{}", &instance[instance.len().saturating_sub(12)..]);
            let signer = LogSigner::from_seed(&name, &seed)
                .map_err(|e| StoreError::Invalid(e.to_string()))?;
            let mut raw = vec![0x01];
            raw.extend_from_slice(&seed);
            let vkey = signer.verifier().encode();
            let key_hash = vkey.split('+').nth(1).unwrap_or_default();
            let key_text = format!("{KEY_PREFIX}{name}+{key_hash}+{}\n", B64.encode(&raw));
            write_new(&dir.key_path(), key_text.as_bytes(), 0o600).map_err(io)?;
            let vkey = format!("{vkey}\n");
            write_new(&dir.pubkey_path(), vkey.as_bytes(), 0o644).map_err(io)?;
        }
        if !dir.hmac_path().exists() {
            let mut key = [0u8; 32];
            getrandom::fill(&mut key).map_err(|e| io(std::io::Error::other(e.to_string())))?;
            let text = format!("{HMAC_HEADER}current 1\n1 {}\n", hex::encode(key));
            write_new(&dir.hmac_path(), text.as_bytes(), 0o600).map_err(io)?;
        }
        let config = dir.config_path();
        if !config.exists() {
            write_new(&config, default_config.as_bytes(), 0o600).map_err(io)?;
        }
        Ok(dir)
    }

    /// Opens an existing data directory without creating anything (for read-only commands).
    pub fn open_existing(root: &Path) -> Result<Self, StoreError> {
        let dir = Self {
            root: root.to_path_buf(),
        };
        if !dir.db_path().exists() {
            return Err(StoreError::Invalid(format!(
                "no audit log at {}: start the gateway once (`warden serve --data {}`) or pass --data",
                dir.db_path().display(),
                root.display()
            )));
        }
        Ok(dir)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }
    pub fn db_path(&self) -> PathBuf {
        self.root.join("warden.db")
    }
    pub fn config_path(&self) -> PathBuf {
        self.root.join("warden.toml")
    }
    pub fn checkpoint_path(&self) -> PathBuf {
        self.root.join("checkpoint")
    }
    pub fn key_path(&self) -> PathBuf {
        self.root.join("keys/log.key")
    }
    pub fn pubkey_path(&self) -> PathBuf {
        self.root.join("keys/log.pub")
    }
    pub fn hmac_path(&self) -> PathBuf {
        self.root.join("keys/hmac.keys")
    }

    /// The versioned HMAC keys for secret references: (current version, keys by version).
    pub fn hmac_keys(
        &self,
    ) -> Result<(u32, std::collections::BTreeMap<u32, [u8; 32]>), StoreError> {
        let text = fs::read_to_string(self.hmac_path()).map_err(|source| StoreError::DataDir {
            path: self.hmac_path(),
            source,
        })?;
        let mut current = None;
        let mut keys = std::collections::BTreeMap::new();
        for line in text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
        {
            let (a, b) = line
                .split_once(' ')
                .ok_or_else(|| self.damaged("keys/hmac.keys has a malformed line"))?;
            if a == "current" {
                current = Some(
                    b.trim()
                        .parse()
                        .map_err(|_| self.damaged("keys/hmac.keys: bad current version"))?,
                );
                continue;
            }
            let version: u32 = a
                .parse()
                .map_err(|_| self.damaged("keys/hmac.keys: bad key version"))?;
            let mut key = [0u8; 32];
            hex::decode_to_slice(b.trim(), &mut key)
                .map_err(|_| self.damaged("keys/hmac.keys: a key is not 64 hex digits"))?;
            keys.insert(version, key);
        }
        let current =
            current.ok_or_else(|| self.damaged("keys/hmac.keys names no current version"))?;
        if !keys.contains_key(&current) {
            return Err(self.damaged("keys/hmac.keys: the current version has no key"));
        }
        Ok((current, keys))
    }

    fn instance_path(&self) -> PathBuf {
        self.root.join("instance")
    }

    pub fn instance_id(&self) -> Result<String, StoreError> {
        let text =
            fs::read_to_string(self.instance_path()).map_err(|source| StoreError::DataDir {
                path: self.instance_path(),
                source,
            })?;
        let id = text.trim().to_owned();
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return Err(self.damaged("the instance file is empty or malformed"));
        }
        Ok(id)
    }

    /// The checkpoint origin of this instance's log.
    pub fn origin(&self) -> Result<String, StoreError> {
        Ok(format!("warden.local/log/{}", self.instance_id()?))
    }

    /// Loads the signing key.
    pub fn log_keys(&self) -> Result<LogKeys, StoreError> {
        let text = fs::read_to_string(self.key_path()).map_err(|source| StoreError::DataDir {
            path: self.key_path(),
            source,
        })?;
        let rest = text
            .trim()
            .strip_prefix(KEY_PREFIX)
            .ok_or_else(|| self.damaged("keys/log.key is not a signed-note private key"))?;
        let mut parts = rest.splitn(3, '+');
        let (Some(name), Some(_hash), Some(key_b64)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(self.damaged("keys/log.key is malformed"));
        };
        let raw = B64
            .decode(key_b64)
            .map_err(|_| self.damaged("keys/log.key is not base64"))?;
        let seed: [u8; 32] = match raw.split_first() {
            Some((0x01, seed)) => seed
                .try_into()
                .map_err(|_| self.damaged("bad key length"))?,
            _ => return Err(self.damaged("keys/log.key is not an Ed25519 key")),
        };
        let signer = LogSigner::from_seed(name, &seed).map_err(|e| self.damaged(&e.to_string()))?;
        Ok(LogKeys {
            origin: self.origin()?,
            signer,
        })
    }

    /// The verifier key stored beside the signing key.
    pub fn verifier(&self) -> Result<LogVerifier, StoreError> {
        let text =
            fs::read_to_string(self.pubkey_path()).map_err(|source| StoreError::DataDir {
                path: self.pubkey_path(),
                source,
            })?;
        LogVerifier::parse(&text).map_err(|e| self.damaged(&format!("keys/log.pub: {e}")))
    }

    /// Atomically replaces the latest-checkpoint file (write, fsync, rename, fsync dir).
    pub fn write_checkpoint_file(&self, note: &str) -> std::io::Result<()> {
        let tmp = self.root.join("checkpoint.tmp");
        {
            let mut f = fs::File::create(&tmp)?;
            f.write_all(note.as_bytes())?;
            f.sync_all()?;
        }
        fs::rename(&tmp, self.checkpoint_path())?;
        fs::File::open(&self.root)?.sync_all()
    }

    fn lock_path(&self) -> PathBuf {
        self.root.join("writer.lock")
    }

    /// Takes the exclusive writer lock, or explains who holds it.
    pub(crate) fn lock_writer(&self) -> Result<fs::File, StoreError> {
        let io = |source| StoreError::DataDir {
            path: self.lock_path(),
            source,
        };
        let file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(self.lock_path())
            .map_err(io)?;
        match file.try_lock() {
            Ok(()) => Ok(file),
            Err(fs::TryLockError::WouldBlock) => Err(StoreError::Invalid(format!(
                "another Warden process is writing to {}; stop it or use another --data directory",
                self.root.display()
            ))),
            Err(fs::TryLockError::Error(e)) => Err(io(e)),
        }
    }

    /// Whether a live process holds the writer lock right now.
    pub fn writer_running(&self) -> bool {
        match fs::OpenOptions::new().write(true).open(self.lock_path()) {
            Ok(f) => matches!(f.try_lock(), Err(fs::TryLockError::WouldBlock)),
            Err(_) => false,
        }
    }

    pub fn read_checkpoint_file(&self) -> Option<String> {
        fs::read_to_string(self.checkpoint_path()).ok()
    }

    fn damaged(&self, reason: &str) -> StoreError {
        StoreError::Damaged {
            path: self.root.clone(),
            reason: reason.to_owned(),
        }
    }
}

fn write_new(path: &Path, contents: &[u8], mode: u32) -> std::io::Result<()> {
    let mut opts = fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        opts.mode(mode);
    }
    #[cfg(not(unix))]
    let _ = mode;
    let mut f = opts.open(path)?;
    f.write_all(contents)?;
    f.sync_all()
}

fn restrict_dir(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let meta = fs::metadata(path)?;
        if meta.permissions().mode() & 0o077 != 0 {
            fs::set_permissions(path, fs::Permissions::from_mode(0o700))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_use_creates_keys_and_config_and_reopens_the_same() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let root = tmp.path().join("data");
        let a = DataDir::open_or_init(&root, "mode = \"observe\"\n").expect("init");
        let keys = a.log_keys().expect("keys load");
        let vkey = a.verifier().expect("verifier");
        assert_eq!(keys.signer.verifier(), vkey);
        let b = DataDir::open_or_init(&root, "ignored").expect("reopen");
        assert_eq!(b.origin().expect("origin"), a.origin().expect("origin"));
        assert_eq!(
            fs::read_to_string(b.config_path()).expect("config"),
            "mode = \"observe\"\n"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = fs::metadata(a.key_path())
                .expect("key")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
