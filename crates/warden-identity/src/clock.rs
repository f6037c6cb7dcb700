//! Time, injected: every expiry decision reads the clock the service was built with, so tests
//! move time instead of sleeping.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

/// Seconds since the Unix epoch (the unit of JWT `iat`/`exp`/`nbf`).
pub type UnixSecs = i64;

pub trait Clock: Send + Sync {
    fn now(&self) -> UnixSecs;
}

/// The system clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> UnixSecs {
        match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
            // A clock before 1970 makes every token look not-yet-valid: fail closed.
            Err(_) => 0,
        }
    }
}

/// A clock that only moves when told to (tests, simulations). Clones share the same time.
#[derive(Debug, Clone)]
pub struct ManualClock(Arc<AtomicI64>);

impl ManualClock {
    pub fn new(start: UnixSecs) -> Self {
        Self(Arc::new(AtomicI64::new(start)))
    }

    pub fn advance(&self, secs: i64) {
        self.0.fetch_add(secs, Ordering::SeqCst);
    }

    pub fn set(&self, t: UnixSecs) {
        self.0.store(t, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> UnixSecs {
        self.0.load(Ordering::SeqCst)
    }
}

/// A record timestamp in whole seconds, rounded down, so a task deadline converted with it
/// never ends up later than the one declared.
pub fn unix_secs(ts: &warden_core::Timestamp) -> UnixSecs {
    i64::try_from(ts.unix_nanos().div_euclid(1_000_000_000)).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_round_down() {
        let ts = warden_core::Timestamp::parse("2026-01-01T00:00:00.999Z").expect("ts");
        assert_eq!(unix_secs(&ts), 1_767_225_600);
        let clock = ManualClock::new(10);
        let shared = clock.clone();
        clock.advance(5);
        assert_eq!(shared.now(), 15);
    }
}
