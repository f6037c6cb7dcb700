//! Detector state shared across a fleet of gateways, in compact summaries.
//!
//! Two detectors judge more than one host sees: `rate.burst` (an agent's call rate) and
//! `probe.retry_after_deny` (a deny on one gateway, the same action retried on another). The
//! engine never talks to the network: the gateway takes summaries out ([`Engine::fleet_deny`]
//! after observing a deny, its own count of an agent's calls), carries them to the other
//! gateways, and merges what it hears ([`Engine::merge_fleet_deny`],
//! [`Engine::merge_fleet_calls`]). A summary holds hashes, an intent signature and event ids —
//! never arguments — and merged state is bounded exactly like local state (the same caps on
//! denies per task and on window lengths).

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use warden_analysis::IntentSignature;
use warden_core::{AgentRef, EventId, TaskId};

use super::Engine;
use crate::observation::Observation;
use crate::state::{push_bounded, AgentState, Denied, TaskState};

/// A refused (or held) call, as another gateway needs it for `probe.retry_after_deny`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FleetDeny {
    /// The root task it counts against.
    pub task: TaskId,
    pub call: EventId,
    pub decision: EventId,
    /// Unix nanoseconds of the decision.
    pub ts: i128,
    /// Hashes of the tool name and of its arguments.
    pub tool: u64,
    pub args: u64,
    pub sig: IntentSignature,
}

/// Calls an agent made on one gateway: `(unix nanoseconds, event)`, oldest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FleetCalls {
    pub agent: AgentRef,
    pub calls: Vec<(i128, EventId)>,
}

impl Engine {
    /// The deny `decision` (just observed) recorded, to tell the fleet; `None` if it recorded
    /// none (not a deny, or a call without an intent signature).
    pub fn fleet_deny(&self, decision: &Observation) -> Option<FleetDeny> {
        let root = self
            .tasks
            .get(&decision.task)
            .and_then(|t| t.root.clone())
            .unwrap_or_else(|| decision.task.clone());
        let d = self
            .tasks
            .get(&root)?
            .denied
            .iter()
            .rev()
            .find(|d| d.decision == decision.event_id)?;
        Some(FleetDeny {
            task: root,
            call: d.call,
            decision: d.decision,
            ts: d.ts,
            tool: d.tool,
            args: d.args,
            sig: (*d.sig).clone(),
        })
    }

    /// Counts a deny made on another gateway against its task here.
    pub fn merge_fleet_deny(&mut self, d: FleetDeny) {
        let max = self.cfg.probe_retry_after_deny.params.max_denied;
        if !self.tasks.contains_key(&d.task) {
            Self::evict_oldest(&mut self.tasks, self.cfg.max_tasks, |t| t.last_seen);
        }
        let task = self
            .tasks
            .entry(d.task)
            .or_insert_with(|| TaskState::new(d.ts));
        if task.denied.iter().any(|x| x.decision == d.decision) {
            return;
        }
        push_bounded(
            &mut task.denied,
            Denied {
                call: d.call,
                decision: d.decision,
                ts: d.ts,
                tool: d.tool,
                args: d.args,
                sig: Arc::new(d.sig),
                pending_tool_use: None,
            },
            max,
        );
    }

    /// Adds calls an agent made on another gateway to its rate windows here, so the next call
    /// it makes here is judged on its fleet-wide rate.
    pub fn merge_fleet_calls(&mut self, c: FleetCalls) {
        let Some(newest) = c.calls.iter().map(|(t, _)| *t).max() else {
            return;
        };
        let p = &self.cfg.rate_burst.params;
        let caps = (
            p.max_calls_per_agent as usize + 1,
            p.max_sustained_calls_per_agent as usize + 1,
        );
        if !self.agents.contains_key(&c.agent) {
            Self::evict_oldest(&mut self.agents, self.cfg.max_tasks, |a| a.last_seen);
        }
        let agent = self
            .agents
            .entry(c.agent)
            .or_insert_with(|| AgentState::new(newest));
        for call in &c.calls {
            insert_sorted(&mut agent.window, *call, caps.0);
            insert_sorted(&mut agent.sustained, *call, caps.1);
        }
    }
}

/// Inserts in time order, keeping the newest `cap` entries.
fn insert_sorted(
    window: &mut std::collections::VecDeque<(i128, EventId)>,
    call: (i128, EventId),
    cap: usize,
) {
    if window.iter().any(|(_, e)| *e == call.1) {
        return;
    }
    let at = window.partition_point(|(t, _)| *t <= call.0);
    window.insert(at, call);
    while window.len() > cap {
        window.pop_front();
    }
}
