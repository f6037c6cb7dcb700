//! `warden bench fleet`: durable ingest of 1, 2, 4 … gateways' logs into one PostgreSQL.
//!
//! Each simulated gateway is what a `warden serve` commits: its own log (own data directory,
//! keys, Merkle tree, checkpoints) opened with the PostgreSQL backend, fed by producer threads
//! with the realistic mix of bodies `bench ingest` uses. The HTTP front is left out so the
//! figure is the database path a fleet shares. The baseline, measured in the same run over the
//! same number of connections, is a plain binary COPY of the same rows (ids, times, kinds,
//! session/task/agent, body) into an unindexed table, committed in groups of the size the
//! gateways achieved: the most a client could push into this server the same way.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use warden_core::NewEvent;
use warden_gateway::DEFAULT_CONFIG;
use warden_pg::postgres::binary_copy::BinaryCopyInWriter;
use warden_pg::postgres::types::Type;
use warden_pg::testing::TestSchema;
use warden_pg::PgUrl;
use warden_store::{Backend, DataDir, Store, StoreOptions};

use super::bench::{fmt_rate, median, new_event};
use crate::cli::BenchFleetArgs;

struct Run {
    rate: f64,
    per_commit: f64,
    /// Append latencies (request queued to durable), seconds.
    latencies: Vec<f64>,
    /// Database bytes (tables, indexes, TOAST) per event stored.
    bytes_per_event: f64,
}

/// Everything the log occupies in the schema: tables with their indexes and TOAST.
fn stored_bytes(url: &PgUrl) -> Result<f64, String> {
    let mut c = url.connect().map_err(|e| e.to_string())?;
    let row = c
        .query_one(
            "SELECT COALESCE(sum(pg_total_relation_size(c.oid)), 0)::float8 FROM pg_class c
             JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = current_schema() AND c.relkind = 'r'",
            &[],
        )
        .map_err(|e| e.to_string())?;
    Ok(row.get(0))
}

pub fn run(args: &BenchFleetArgs) -> Result<ExitCode, String> {
    let base: PgUrl = args.store.parse().map_err(|e| format!("--store: {e}"))?;
    let commit = {
        let mut c = base.connect().map_err(|e| e.to_string())?;
        let row = c
            .query_one("SHOW synchronous_commit", &[])
            .map_err(|e| e.to_string())?;
        row.get::<_, String>(0)
    };
    println!(
        "bench fleet: {} events per run, {} producers/gateway x {} events/request, {} runs, {base} (synchronous_commit={commit})",
        args.events, args.producers, args.batch, args.runs
    );
    println!("  gateways   warden events/s   baseline events/s   ratio   events/commit   append p50 / p99   bytes/event");
    for &g in &args.gateways {
        let g = g.max(1);
        let mut runs = Vec::new();
        let mut baselines = Vec::new();
        for run in 0..args.runs.max(1) {
            let schema = TestSchema::create_in(&args.store, "bench").map_err(|e| e.to_string())?;
            let url: PgUrl = schema
                .url
                .parse()
                .map_err(|e: warden_pg::PgError| e.to_string())?;
            let r = warden_run(args, g, &url)?;
            let b = baseline_run(args, g, r.per_commit.round() as usize, &url)?;
            eprintln!(
                "  {g} gateways, run {}: warden {} events/s ({:.0} events/commit), baseline {} events/s",
                run + 1,
                fmt_rate(r.rate),
                r.per_commit,
                fmt_rate(b)
            );
            runs.push(r);
            baselines.push(b);
        }
        let rate = median(runs.iter().map(|r| r.rate).collect());
        let per_commit = median(runs.iter().map(|r| r.per_commit).collect());
        let mut lat: Vec<f64> = runs
            .iter()
            .flat_map(|r| r.latencies.iter().copied())
            .collect();
        lat.sort_by(|a, b| a.total_cmp(b));
        let pct = |p: f64| {
            lat.get(((lat.len() as f64 * p) as usize).min(lat.len().saturating_sub(1)))
                .copied()
                .unwrap_or(0.0)
                * 1000.0
        };
        let base_rate = median(baselines);
        let bytes = median(runs.iter().map(|r| r.bytes_per_event).collect());
        println!(
            "  {g:>8}   {:>15}   {:>17}   {:>5.2}   {:>13.0}   {:>6.1} ms / {:>5.1} ms   {bytes:>11.0}",
            fmt_rate(rate),
            fmt_rate(base_rate),
            rate / base_rate.max(1.0),
            per_commit,
            pct(0.5),
            pct(0.99)
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `g` gateways' stores, `args.producers` threads each; aggregate events/s.
fn warden_run(args: &BenchFleetArgs, g: usize, url: &PgUrl) -> Result<Run, String> {
    let tmp = tempfile::Builder::new()
        .prefix("warden-bench-fleet-")
        .tempdir()
        .map_err(|e| e.to_string())?;
    let mut stores = Vec::new();
    for n in 0..g {
        let dir = DataDir::open_or_init(&tmp.path().join(format!("gw{n}")), DEFAULT_CONFIG)
            .map_err(|e| e.to_string())?;
        let options = StoreOptions {
            backend: Backend::Postgres(url.clone()),
            ..Default::default()
        };
        stores.push(Arc::new(
            Store::open(&dir, options).map_err(|e| e.to_string())?,
        ));
    }
    let producers = g * args.producers.max(1);
    let per_producer = args.events / producers;
    let batch = args.batch.max(1);
    // Bodies are built before timing: the producers stand for gateways' pipelines.
    let work: Vec<Vec<Vec<NewEvent>>> = (0..producers)
        .map(|p| {
            let events: Vec<NewEvent> = (p * per_producer..(p + 1) * per_producer)
                .map(new_event)
                .collect();
            events.chunks(batch).map(<[NewEvent]>::to_vec).collect()
        })
        .collect();
    let started = Instant::now();
    let handles: Vec<_> = work
        .into_iter()
        .enumerate()
        .map(|(p, requests)| {
            let store = stores[p % g].clone();
            std::thread::spawn(move || -> Result<Vec<f64>, String> {
                let mut lat = Vec::with_capacity(requests.len());
                for events in requests {
                    let t = Instant::now();
                    store.append_blocking(events).map_err(|e| e.to_string())?;
                    lat.push(t.elapsed().as_secs_f64());
                }
                Ok(lat)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    for h in handles {
        latencies.extend(h.join().map_err(|_| "a producer panicked".to_string())??);
    }
    let elapsed = started.elapsed().as_secs_f64();
    let total = (per_producer * producers) as f64;
    let commits: u64 = stores
        .iter()
        .map(|s| s.stats().commits.load(std::sync::atomic::Ordering::Relaxed))
        .sum();
    for s in &stores {
        s.close().map_err(|e| e.to_string())?;
    }
    Ok(Run {
        rate: total / elapsed,
        per_commit: total / commits.max(1) as f64,
        latencies,
        bytes_per_event: stored_bytes(url)? / total.max(1.0),
    })
}

/// The same rows by plain binary COPY over `g` connections, `group` rows per commit.
fn baseline_run(args: &BenchFleetArgs, g: usize, group: usize, url: &PgUrl) -> Result<f64, String> {
    let mut c = url.connect().map_err(|e| e.to_string())?;
    c.batch_execute(
        "CREATE TABLE baseline_events (id bytea NOT NULL, ts_ns bigint NOT NULL, kind text NOT NULL,
           session_id text NOT NULL, task_id text NOT NULL, agent text NOT NULL, body bytea)",
    )
    .map_err(|e| e.to_string())?;
    let per = args.events / g;
    let rows: Vec<Vec<NewEvent>> = (0..g)
        .map(|n| (n * per..(n + 1) * per).map(new_event).collect())
        .collect();
    let started = Instant::now();
    let handles: Vec<_> = rows
        .into_iter()
        .map(|events| {
            let url = url.clone();
            std::thread::spawn(move || -> Result<(), String> {
                let mut c = url.connect().map_err(|e| e.to_string())?;
                for chunk in events.chunks(group.max(1)) {
                    copy_chunk(&mut c, chunk).map_err(|e| e.to_string())?;
                }
                Ok(())
            })
        })
        .collect();
    for h in handles {
        h.join()
            .map_err(|_| "a baseline writer panicked".to_string())??;
    }
    Ok((per * g) as f64 / started.elapsed().as_secs_f64().max(1e-6))
}

fn copy_chunk(
    c: &mut warden_pg::postgres::Client,
    chunk: &[NewEvent],
) -> Result<(), warden_pg::postgres::Error> {
    let mut tx = c.transaction()?;
    let sink = tx.copy_in(
        "COPY baseline_events (id, ts_ns, kind, session_id, task_id, agent, body) FROM STDIN (FORMAT binary)",
    )?;
    let types = [
        Type::BYTEA,
        Type::INT8,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::BYTEA,
    ];
    let mut w = BinaryCopyInWriter::new(sink, &types);
    for e in chunk {
        let m = &e.meta;
        let ts = m.ts.unix_nanos() as i64;
        w.write(&[
            &&m.id.as_bytes()[..],
            &ts,
            &m.kind.as_str(),
            &m.session_id.as_str(),
            &m.task_id.as_str(),
            &m.agent.as_str(),
            &e.body.canonical(),
        ])?;
    }
    w.finish()?;
    tx.commit()
}
