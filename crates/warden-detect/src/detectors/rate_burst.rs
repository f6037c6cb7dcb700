//! `rate.burst`: an agent's or a task's call rate in a sliding window, or a task's total calls,
//! tokens or spend, exceed the configured budget. Two windows: a short one for spikes and a
//! longer one for a sustained pace (a crawl, a subagent fan-out) that never spikes. Fires once
//! per window (and once per budget); a sustained alert is skipped while a spike alert is recent.

use std::collections::VecDeque;

use warden_core::EventId;

use crate::catalogue::RATE_BURST;
use crate::engine::Ctx;
use crate::observation::Observed;

fn over(
    window: &mut VecDeque<(i128, EventId)>,
    now: i128,
    event: EventId,
    span: i128,
    max: u32,
) -> bool {
    while window.front().is_some_and(|(t, _)| now - *t > span) {
        window.pop_front();
    }
    window.push_back((now, event));
    while window.len() > max as usize + 1 {
        window.pop_front();
    }
    window.len() > max as usize
}

pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let p = ctx.cfg.rate_burst.params.clone();
    let span = i128::from(p.window_secs) * 1_000_000_000;
    let now = ctx.now;
    let ev = ctx.obs.event_id;
    match &ctx.obs.what {
        Observed::ToolCall { .. } => {
            if over(&mut ctx.agent.window, now, ev, span, p.max_calls_per_agent)
                && ctx.agent.rate_alerted_at.is_none_or(|t| now - t > span)
            {
                ctx.agent.rate_alerted_at = Some(now);
                let evidence: Vec<EventId> = ctx.agent.window.iter().map(|(_, e)| *e).collect();
                ctx.emit(
                    RATE_BURST,
                    evidence.into_iter().rev().take(64).rev().collect(),
                    format!(
                        "agent made more than {} calls in {} s",
                        p.max_calls_per_agent, p.window_secs
                    ),
                );
            }
            if over(&mut ctx.task.window, now, ev, span, p.max_calls_per_task)
                && ctx.task.rate_alerted_at.is_none_or(|t| now - t > span)
            {
                ctx.task.rate_alerted_at = Some(now);
                let evidence: Vec<EventId> = ctx.task.window.iter().map(|(_, e)| *e).collect();
                ctx.emit(
                    RATE_BURST,
                    evidence.into_iter().rev().take(64).rev().collect(),
                    format!(
                        "task made more than {} calls in {} s",
                        p.max_calls_per_task, p.window_secs
                    ),
                );
            }
            let long = i128::from(p.sustained_window_secs) * 1_000_000_000;
            if long > 0 && p.max_sustained_calls_per_agent > 0 {
                let a = &mut *ctx.agent;
                if over(
                    &mut a.sustained,
                    now,
                    ev,
                    long,
                    p.max_sustained_calls_per_agent,
                ) && a.sustained_alerted_at.is_none_or(|t| now - t > long)
                    && a.rate_alerted_at.is_none_or(|t| now - t > long)
                {
                    a.sustained_alerted_at = Some(now);
                    let evidence: Vec<EventId> = a.sustained.iter().map(|(_, e)| *e).collect();
                    ctx.emit(
                        RATE_BURST,
                        evidence.into_iter().rev().take(64).rev().collect(),
                        format!(
                            "agent kept up more than {} calls in {} s",
                            p.max_sustained_calls_per_agent, p.sustained_window_secs
                        ),
                    );
                }
            }
            if long > 0 && p.max_sustained_calls_per_task > 0 {
                let t = &mut *ctx.task;
                if over(
                    &mut t.sustained,
                    now,
                    ev,
                    long,
                    p.max_sustained_calls_per_task,
                ) && t.sustained_alerted_at.is_none_or(|x| now - x > long)
                    && t.rate_alerted_at.is_none_or(|x| now - x > long)
                {
                    t.sustained_alerted_at = Some(now);
                    let evidence: Vec<EventId> = t.sustained.iter().map(|(_, e)| *e).collect();
                    ctx.emit(
                        RATE_BURST,
                        evidence.into_iter().rev().take(64).rev().collect(),
                        format!(
                            "task kept up more than {} calls in {} s (all its agents)",
                            p.max_sustained_calls_per_task, p.sustained_window_secs
                        ),
                    );
                }
            }
            if let Some(b) = p.task_call_budget {
                if ctx.task.calls_total > b && ctx.task.budget_alerted & 1 == 0 {
                    ctx.task.budget_alerted |= 1;
                    ctx.emit(
                        RATE_BURST,
                        vec![ev],
                        format!("task exceeded its budget of {b} calls"),
                    );
                }
            }
        }
        Observed::Usage { .. } => {
            if let Some(b) = p.task_token_budget {
                if ctx.task.tokens > b && ctx.task.budget_alerted & 2 == 0 {
                    ctx.task.budget_alerted |= 2;
                    ctx.emit(
                        RATE_BURST,
                        vec![ev],
                        format!(
                            "task used {} tokens, over its budget of {b}",
                            ctx.task.tokens
                        ),
                    );
                }
            }
            if let Some(b) = p.task_spend_budget_usd {
                if ctx.task.spend_usd > b && ctx.task.budget_alerted & 4 == 0 {
                    ctx.task.budget_alerted |= 4;
                    ctx.emit(
                        RATE_BURST,
                        vec![ev],
                        format!(
                            "task spent ${:.2}, over its budget of ${b:.2}",
                            ctx.task.spend_usd
                        ),
                    );
                }
            }
        }
        _ => {}
    }
}
