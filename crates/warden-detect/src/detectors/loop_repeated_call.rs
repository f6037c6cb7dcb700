//! `loop.repeated_call`: the same tool with the same normalized arguments repeats N times in a
//! window without progress, or a short cycle (A→B→A→B…) repeats. Progress resets the count: a
//! user prompt, or a state-changing call not seen before in the streak (an edit between two
//! test runs is work, not a loop).

use std::collections::VecDeque;

use warden_analysis::Effect;
use warden_core::EventId;

use crate::alert::Response;
use crate::catalogue::LOOP_REPEATED_CALL;
use crate::engine::Ctx;
use crate::observation::Observed;
use crate::state::{key_hash, LoopEntry};

const HISTORY: usize = 48;

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let p = &ctx.cfg.loop_repeated_call.params;
    match &ctx.obs.what {
        Observed::Prompt { .. } => {
            ctx.session.loops.history.clear();
            ctx.session.loops.alerted.clear();
            ctx.session.loops.since.clear();
            ctx.session.loops.results.clear();
            ctx.session.loops.changed.clear();
        }
        Observed::ToolResult { text, .. } => {
            if let Some(key) = ctx.derived.answered_args {
                note_result(&mut ctx.session.loops, key, text, ctx.now);
            }
        }
        Observed::ToolCall {
            tool, args, facts, ..
        } => {
            if p.ignore_tools.contains(&tool.name) {
                return;
            }
            // explicit waiting (sleep/backoff) is polling, not a loop: the repeats before the
            // wait do not add up with those after it
            if facts
                .targets
                .commands
                .iter()
                .any(|c| matches!(c.as_str(), "sleep" | "wait" | "watch"))
                || args
                    .get("command")
                    .and_then(|c| c.as_str())
                    .is_some_and(|c| c.contains("--watch") || c.contains(" wait "))
            {
                let lane = ctx.obs.subagent.as_deref().map(key_hash).unwrap_or(0);
                mark_progress(&mut ctx.session.loops.since, lane, ctx.now);
                return;
            }
            let key = ctx.derived.args;
            let lane = ctx.obs.subagent.as_deref().map(key_hash).unwrap_or(0);
            let window = i128::from(p.window_secs) * 1_000_000_000;
            let now = ctx.now;
            let loops = &mut ctx.session.loops;
            loops.history.retain(|e| now - e.ts <= window);
            let seen_before = loops.history.iter().any(|e| e.key == key && e.lane == lane);
            let changes_state = matches!(facts.effect, Effect::Write | Effect::Egress);
            if changes_state && !seen_before {
                // progress: new work since the last repeats
                loops.since.retain(|(l, _)| *l != lane);
                if loops.since.len() >= 16 {
                    loops.since.remove(0);
                }
                loops.since.push((lane, now));
                loops.alerted.clear();
            }
            let since = loops
                .since
                .iter()
                .find(|(l, _)| *l == lane)
                .map(|(_, t)| *t)
                .unwrap_or(i128::MIN);
            // a call whose answer moved on (queued, running, done) is polling, not spinning
            let since = loops
                .changed
                .iter()
                .find(|(k, _)| *k == key)
                .map_or(since, |(_, t)| since.max(*t));
            if loops.history.len() >= HISTORY {
                loops.history.pop_front();
            }
            loops.history.push_back(LoopEntry {
                key,
                lane,
                ts: now,
                event: Some(ctx.obs.event_id),
            });

            // identical repeats
            // counted without collecting: the evidence is gathered only when an alert fires
            let n = repeats(&loops.history, key, lane, since).count() as u32;
            let level = loops
                .alerted
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, l)| *l)
                .unwrap_or(0);
            if n >= p.throttle_threshold && level < 2 {
                loops.alerted.retain(|(k, _)| *k != key);
                loops.alerted.push((key, 2));
                let ev = last_repeats(&loops.history, key, lane, since);
                ctx.emit_as(
                    LOOP_REPEATED_CALL,
                    Some(Response::Throttle),
                    None,
                    ev,
                    format!(
                        "{} called {n} times with identical arguments and no progress; throttling",
                        tool.name
                    ),
                );
                return;
            }
            if n >= p.repeat_threshold && level < 1 {
                loops.alerted.push((key, 1));
                let ev = last_repeats(&loops.history, key, lane, since);
                ctx.emit(
                    LOOP_REPEATED_CALL,
                    ev,
                    format!(
                        "{} called {n} times with identical arguments and no progress",
                        tool.name
                    ),
                );
                return;
            }

            // short cycles
            let lane_hist: Vec<&LoopEntry> =
                loops.history.iter().filter(|e| e.lane == lane).collect();
            let reps = p.cycle_repeats.max(2) as usize;
            for period in 2..=p.max_cycle_len.max(2) {
                let need = period * reps;
                if lane_hist.len() < need {
                    break;
                }
                let tail = &lane_hist[lane_hist.len() - need..];
                let cyclic = (period..need).all(|i| tail[i].key == tail[i - period].key);
                let distinct = (1..period).any(|i| tail[i].key != tail[0].key);
                if cyclic && distinct {
                    let sig = tail[..period]
                        .iter()
                        .fold(0xcbf2_9ce4_8422_2325u64, |h, e| {
                            (h ^ e.key).wrapping_mul(0x0100_0000_01b3)
                        });
                    if loops.alerted.iter().any(|(k, _)| *k == sig) {
                        return;
                    }
                    loops.alerted.push((sig, 1));
                    let ev: Vec<_> = tail.iter().filter_map(|e| e.event).collect();
                    ctx.emit(
                        LOOP_REPEATED_CALL,
                        ev,
                        format!("a cycle of {period} calls repeated {reps} times without progress"),
                    );
                    return;
                }
            }
        }
        _ => {}
    }
}

fn mark_progress(since: &mut Vec<(u64, i128)>, lane: u64, now: i128) {
    since.retain(|(l, _)| *l != lane);
    if since.len() >= 16 {
        since.remove(0);
    }
    since.push((lane, now));
}

/// Records a call's result. A result unlike any of the call's recent ones (digits aside: a
/// clock or a counter ticking is not news) is progress for that call, so its repeats count
/// afresh: a poll whose answer moves on (queued, running, done). A stuck agent gets the same
/// answer every time, or flips between two (an edit and its revert).
fn note_result(loops: &mut crate::state::LoopState, key: u64, text: &str, now: i128) {
    let h = text
        .bytes()
        .take(8 * 1024)
        .filter(|b| !b.is_ascii_digit())
        .fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
    match loops.results.iter_mut().find(|(k, _)| *k == key) {
        Some((_, seen)) if seen.contains(&h) => {}
        Some((_, seen)) => {
            seen.rotate_right(1);
            seen[0] = h;
            loops.changed.retain(|(k, _)| *k != key);
            if loops.changed.len() >= 32 {
                loops.changed.remove(0);
            }
            loops.changed.push((key, now));
            loops.alerted.retain(|(k, _)| *k != key);
        }
        None => {
            if loops.results.len() >= 32 {
                loops.results.remove(0);
            }
            loops.results.push((key, [h; 4]));
        }
    }
}

/// Events of the calls with this key in this lane since the last progress.
fn repeats(
    history: &VecDeque<LoopEntry>,
    key: u64,
    lane: u64,
    since: i128,
) -> impl Iterator<Item = EventId> + '_ {
    history
        .iter()
        .filter(move |e| e.key == key && e.lane == lane && e.ts >= since)
        .filter_map(|e| e.event)
}

/// The last 32 of [`repeats`], oldest first (an alert's evidence).
fn last_repeats(history: &VecDeque<LoopEntry>, key: u64, lane: u64, since: i128) -> Vec<EventId> {
    let all: Vec<EventId> = repeats(history, key, lane, since).collect();
    all[all.len().saturating_sub(32)..].to_vec()
}
