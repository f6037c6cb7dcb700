//! Observe mode's fallback, kept in order by the writer itself.
//!
//! An observe-mode event the log cannot take (disk full, database gone) is handed to a
//! [`Fallback`] (the gateway's spool), which appends it again later. Order is the hard part:
//! after a refused group, the next group may well commit (a rolled-back transaction frees the
//! space it took), and the log would then hold later events ahead of earlier ones still waiting
//! in the fallback. So the decision is made here, on the writer thread, where the order of
//! requests is the order they were submitted: once an append with a fallback has been refused,
//! every later append with a fallback is handed over too, without touching the log, until the
//! fallback says it has delivered everything back. Appends without a fallback (enforce mode,
//! and the fallback's own deliveries) are never held back.

use std::sync::Arc;

use warden_core::NewEvent;

use crate::writer::{Reply, WriterStats};
use crate::StoreError;

/// Where events the log refused go instead, to be appended again later.
pub trait Fallback: Send + Sync {
    /// Takes events the log could not record, in the order they were submitted. Called on the
    /// writer thread: it must not wait on the writer.
    fn hand_over(&self, events: Vec<NewEvent>);
    /// True once everything handed over has been appended to the log again. It must not turn
    /// true while anything handed over is still waiting to be delivered.
    fn is_drained(&self) -> bool;
}

/// The writer's hold-back state (see the module docs).
#[derive(Default)]
pub(crate) struct Holdback {
    /// Set from the first refused append with a fallback until that fallback has drained.
    held: Option<Arc<dyn Fallback>>,
}

impl Holdback {
    /// Splits a group's appends into the events to commit and their replies. While the log is
    /// holding back, appends with a fallback are handed over instead, behind the ones before.
    pub(crate) fn admit(
        &mut self,
        appends: Vec<(Vec<NewEvent>, Reply)>,
    ) -> (Vec<Vec<NewEvent>>, Vec<Reply>) {
        if self.held.as_ref().is_some_and(|f| f.is_drained()) {
            self.held = None;
            tracing::info!("the fallback has delivered everything; events go to the log again");
        }
        let mut requests = Vec::with_capacity(appends.len());
        let mut replies = Vec::with_capacity(appends.len());
        for (events, reply) in appends {
            match reply {
                Reply::Fallback(fallback) if self.held.is_some() => fallback.hand_over(events),
                reply => {
                    requests.push(events);
                    replies.push(reply);
                }
            }
        }
        (requests, replies)
    }

    /// A group did not commit: appends with a fallback are handed over (and hold back the ones
    /// after them); the others learn why.
    pub(crate) fn refuse(
        &mut self,
        requests: Vec<Vec<NewEvent>>,
        replies: Vec<Reply>,
        message: &str,
        stats: &WriterStats,
    ) {
        for (events, reply) in requests.into_iter().zip(replies) {
            stats
                .failed_requests
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            match reply {
                Reply::Fallback(fallback) => {
                    fallback.hand_over(events);
                    self.held = Some(fallback);
                }
                reply => reply.send(Err(StoreError::Invalid(message.to_owned()))),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Mutex;
    use warden_core::{
        AgentRef, Body, EventId, EventKind, EventMeta, SessionId, Source, TaskId, Timestamp,
    };

    #[derive(Default)]
    struct Recorder {
        taken: Mutex<Vec<EventId>>,
        drained: AtomicBool,
    }

    impl Fallback for Recorder {
        fn hand_over(&self, events: Vec<NewEvent>) {
            let mut taken = self.taken.lock().expect("lock");
            taken.extend(events.iter().map(|e| e.meta.id));
            self.drained.store(false, Ordering::SeqCst);
        }
        fn is_drained(&self) -> bool {
            self.drained.load(Ordering::SeqCst)
        }
    }

    fn event(i: u64) -> NewEvent {
        let session = SessionId::new("s1".to_owned()).expect("session");
        let meta = EventMeta::new(
            EventId::from_parts(1_763_700_000_000 + i, &[i as u8; 10]),
            Timestamp::from_unix_nanos(1_763_700_000_000_000_000).expect("ts"),
            EventKind::Prompt,
            Source::Api,
            AgentRef::unattested("test"),
            TaskId::implicit_for(&session),
            session,
        );
        NewEvent {
            meta,
            body: Body::from_value(&serde_json::json!({"prompt": "p"})),
        }
    }

    fn ids(requests: &[Vec<NewEvent>]) -> Vec<EventId> {
        requests.iter().flatten().map(|e| e.meta.id).collect()
    }

    #[test]
    fn after_a_refusal_later_fallback_appends_follow_into_the_fallback_until_it_drains() {
        let fallback = Arc::new(Recorder::default());
        let stats = WriterStats::default();
        let mut holdback = Holdback::default();
        let (a, b, c, d) = (event(1), event(2), event(3), event(4));
        let (ida, idb, idc, idd) = (a.meta.id, b.meta.id, c.meta.id, d.meta.id);
        let with_fallback = || Reply::Fallback(fallback.clone());

        // Nothing held: everything is admitted.
        let (requests, replies) = holdback.admit(vec![(vec![a], with_fallback())]);
        assert_eq!(ids(&requests), vec![ida]);
        // The group fails: `a` goes to the fallback and holds back what follows.
        holdback.refuse(requests, replies, "disk full", &stats);
        assert_eq!(*fallback.taken.lock().expect("lock"), vec![ida]);

        // `b` (with a fallback) follows `a` without touching the log; an enforce-mode append
        // (a waiting caller) is still tried.
        let (waiting, _answer) = tokio::sync::oneshot::channel();
        let (requests, _) = holdback.admit(vec![
            (vec![b], with_fallback()),
            (vec![c], Reply::Waiting(waiting)),
        ]);
        assert_eq!(ids(&requests), vec![idc]);
        assert_eq!(*fallback.taken.lock().expect("lock"), vec![ida, idb]);

        // Once the fallback has delivered everything, appends reach the log again.
        fallback.drained.store(true, Ordering::SeqCst);
        let (requests, _) = holdback.admit(vec![(vec![d], with_fallback())]);
        assert_eq!(ids(&requests), vec![idd]);
        assert_eq!(stats.failed_requests.load(Ordering::Relaxed), 1);
    }
}
