//! Scheduling priority of the threads that record.
//!
//! Recording must never queue ahead of the traffic it records: on a busy machine the threads
//! that only write the log (the WAL checkpointer always, the writer when nothing waits on it)
//! run at a lower priority, so the agent's own calls are scheduled first. Lower priority never
//! starves them: they still get a share of the CPU, and the bounded queues in front of them
//! push back on the traffic when they fall behind.

/// Lowers the calling thread's scheduling priority by 10 nice steps (to at most 19), below
/// the threads that carry the traffic, whatever nice value the process was started with. Best
/// effort: where the OS does not offer it, or refuses, the priority stays as it was.
pub fn lower_thread_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: `gettid`, `getpriority` and `setpriority` take and return plain integers and
    // touch no memory of ours; on Linux a thread id names one thread for `PRIO_PROCESS`. A
    // failure only leaves the priority as it was.
    unsafe {
        let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
        let now = libc::getpriority(libc::PRIO_PROCESS, tid);
        let _ = libc::setpriority(libc::PRIO_PROCESS, tid, (now + 10).min(19));
    }
}

/// The calling thread's nice value (Linux), for checking what [`lower_thread_priority`] did.
#[cfg(target_os = "linux")]
pub fn thread_nice() -> i32 {
    // SAFETY: `gettid` and `getpriority` take and return plain integers.
    unsafe {
        let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
        libc::getpriority(libc::PRIO_PROCESS, tid)
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn lowers_only_the_calling_thread() {
        let before = thread_nice();
        let lowered = std::thread::spawn(|| {
            lower_thread_priority();
            thread_nice()
        })
        .join()
        .expect("thread");
        assert_eq!(lowered, (before + 10).min(19));
        assert_eq!(thread_nice(), before);
    }
}
