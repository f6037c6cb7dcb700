//! Benchmark of the model API proxy (`/llm/openai/v1/chat/completions`, streaming) against a
//! direct connection to the same upstream, in the same run.
//!
//! The upstream streams `--chunks` Chat Completions chunks, `--gap-us` apart, each carrying the
//! time it was written (`sent_ns`, an extra member the proxy forwards like any other byte).
//! The client measures, per request, the time to first byte from the request's start, and per
//! chunk the time from the upstream writing it to the client reading it. Direct and proxied
//! requests take turns in blocks of ten (with a short idle time at each switch); each figure is the median over `--runs` runs of that run's p50 / p99, and
//! "added" is proxied minus direct. Through the gateway every request is recorded (a `prompt`
//! and a `model_output` event, reassembled from the stream) in a fresh data directory.
//!
//! Upstream, gateway and client are three processes on loopback (see `common`), so the
//! gateway's figures do not include the client's work; the direct baseline is the same client
//! against the same upstream process. Times across processes are read from the system clock.
//!
//! ```text
//! cargo build --release -p warden-gateway --example llm_bench
//! target/release/examples/llm_bench \
//!     [--requests 200] [--chunks 40] [--gap-us 500] [--concurrency 1] [--runs 5]
//!     [--pause-us 0] [--unrecorded]
//! ```

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::body::{Body, Bytes};
use axum::response::Response;
use common::Part;
use futures_util::StreamExt;
use warden_gateway::Config;

mod common;

/// The `warden` binary's allocator, so the gateway measured here is the one that ships.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

struct Args {
    requests: usize,
    chunks: usize,
    gap_us: u64,
    concurrency: usize,
    runs: usize,
    /// Through an endpoint the proxy forwards without reading (the cost of the hop alone).
    unrecorded: bool,
    /// Pause between a client's requests (an agent runs tools between model calls).
    pause_us: u64,
    /// `upstream` or `gateway`: run that part of the benchmark (started by the client).
    role: Option<String>,
    /// The gateway role's OpenAI base URL.
    upstream_url: Option<String>,
    /// Parts already running (both or neither; otherwise started here), for instance the
    /// gateway under `valgrind --tool=callgrind` (see `mcp_http_bench` for the recipe).
    upstream: Option<String>,
    gateway: Option<String>,
}

fn args() -> Result<Args, String> {
    let mut a = Args {
        requests: 200,
        chunks: 40,
        gap_us: 500,
        concurrency: 1,
        runs: 5,
        unrecorded: false,
        pause_us: 0,
        role: None,
        upstream_url: None,
        upstream: None,
        gateway: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "--unrecorded" {
            a.unrecorded = true;
            continue;
        }
        let v = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let text = match flag.as_str() {
            "--role" => Some(&mut a.role),
            "--upstream-url" => Some(&mut a.upstream_url),
            "--upstream" => Some(&mut a.upstream),
            "--gateway" => Some(&mut a.gateway),
            _ => None,
        };
        if let Some(slot) = text {
            *slot = Some(v);
            continue;
        }
        let n = v.parse::<u64>().map_err(|e| format!("{flag}: {e}"))?.max(1);
        match flag.as_str() {
            "--requests" => a.requests = n as usize,
            "--chunks" => a.chunks = n as usize,
            "--gap-us" => a.gap_us = n,
            "--concurrency" => a.concurrency = n as usize,
            "--runs" => a.runs = n as usize,
            "--pause-us" => a.pause_us = n,
            other => return Err(format!("unknown flag {other}")),
        }
    }
    Ok(a)
}

/// The clock the upstream and the client (two processes) both read: the system clock.
fn now_ns() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
}

#[derive(Clone, Copy)]
struct Shape {
    chunks: usize,
    gap: Duration,
}

/// The upstream: a Chat Completions stream with a tool call at the end, as a model writes it.
async fn upstream(
    axum::extract::State(shape): axum::extract::State<Shape>,
    _body: Bytes,
) -> Response {
    let stream = futures_util::stream::unfold(0usize, move |i| async move {
        if i > shape.chunks + 1 {
            return None;
        }
        if i > 0 {
            tokio::time::sleep(shape.gap).await;
        }
        let sent = now_ns();
        let text = if i == shape.chunks + 1 {
            "data: [DONE]\n\n".to_owned()
        } else if i == shape.chunks {
            format!("data: {{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1763702400,\"model\":\"gpt-4.1\",\"sent_ns\":{sent},\"choices\":[{{\"index\":0,\"delta\":{{\"tool_calls\":[{{\"index\":0,\"id\":\"call_bench\",\"type\":\"function\",\"function\":{{\"name\":\"read_file\",\"arguments\":\"{{\\\"path\\\":\\\"/tmp/x\\\"}}\"}}}}]}},\"finish_reason\":\"tool_calls\"}}]}}\n\n")
        } else {
            format!("data: {{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1763702400,\"model\":\"gpt-4.1\",\"sent_ns\":{sent},\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"token {i} of the answer \"}},\"finish_reason\":null}}]}}\n\n")
        };
        Some((Ok::<_, std::io::Error>(Bytes::from(text)), i + 1))
    });
    Response::builder()
        .header("content-type", "text/event-stream")
        .body(Body::from_stream(stream))
        .unwrap_or_default()
}

const REQUEST: &str = r#"{"model":"gpt-4.1","stream":true,"messages":[{"role":"system","content":"You are a coding agent."},{"role":"user","content":"Read /tmp/x and summarise it."}],"tools":[{"type":"function","function":{"name":"read_file","parameters":{"type":"object"}}}]}"#;

#[derive(Default)]
struct Sample {
    ttfb_us: Vec<f64>,
    chunk_us: Vec<f64>,
}

/// One streamed request: time to first byte, and each event's delay from the upstream.
async fn one(client: &reqwest::Client, url: &str, out: &mut Sample) -> Result<(), String> {
    let start = Instant::now();
    let resp = client
        .post(url)
        .header("content-type", "application/json")
        .header("authorization", "Bearer sk-bench")
        .body(REQUEST)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let mut stream = resp.bytes_stream();
    let mut buf: Vec<u8> = Vec::new();
    let mut first = true;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| e.to_string())?;
        let arrived = now_ns();
        if first {
            out.ttfb_us.push(start.elapsed().as_nanos() as f64 / 1e3);
            first = false;
        }
        buf.extend_from_slice(&chunk);
        while let Some(end) = buf.windows(2).position(|w| w == b"\n\n") {
            let event: Vec<u8> = buf.drain(..end + 2).collect();
            let text = String::from_utf8_lossy(&event);
            if let Some(sent) = text
                .split("\"sent_ns\":")
                .nth(1)
                .and_then(|r| r.split(',').next())
                .and_then(|n| n.parse::<u64>().ok())
            {
                out.chunk_us.push(arrived.saturating_sub(sent) as f64 / 1e3);
            }
        }
    }
    Ok(())
}

/// Requests in a row sent to one target before the client switches to the other.
const BLOCK: usize = 10;
/// Idle time at each switch, so that the gateway's recording of its last turn is over before
/// a direct block starts (it would otherwise slow the direct request, in the gateway's favour).
const SETTLE: Duration = Duration::from_millis(10);

/// `requests` streamed requests to each of `urls` (direct, then through the gateway), the two
/// taking turns in blocks of [`BLOCK`]: both see the same moments of a noisy machine, so their
/// difference is the gateway's. `concurrency` clients each run their share.
async fn run(
    client: reqwest::Client,
    urls: [String; 2],
    requests: usize,
    concurrency: usize,
    pause: Duration,
) -> Result<[Sample; 2], String> {
    let per = requests.div_ceil(concurrency);
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let (client, urls) = (client.clone(), urls.clone());
        tasks.push(tokio::spawn(async move {
            let mut s: [Sample; 2] = Default::default();
            for i in 0..2 * per {
                let side = (i / BLOCK) % 2;
                if i > 0 && i % BLOCK == 0 {
                    tokio::time::sleep(SETTLE).await;
                }
                one(&client, &urls[side], &mut s[side]).await?;
                if !pause.is_zero() {
                    tokio::time::sleep(pause).await;
                }
            }
            Ok::<_, String>(s)
        }));
    }
    let mut all: [Sample; 2] = Default::default();
    for t in tasks {
        let s = t.await.map_err(|e| e.to_string())??;
        for (all, s) in all.iter_mut().zip(s) {
            all.ttfb_us.extend(s.ttfb_us);
            all.chunk_us.extend(s.chunk_us);
        }
    }
    Ok(all)
}

fn pct(v: &mut [f64], p: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i.min(v.len() - 1)]
}

fn main() -> Result<(), String> {
    let a = args()?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let shape = Shape {
        chunks: a.chunks,
        gap: Duration::from_micros(a.gap_us),
    };

    match a.role.as_deref() {
        Some("upstream") => {
            let app = axum::Router::new()
                .route("/v1/chat/completions", axum::routing::post(upstream))
                .route("/v1/bench/stream", axum::routing::post(upstream))
                .with_state(shape);
            return common::upstream(app, 1);
        }
        Some("gateway") => {
            let mut config = Config::default();
            config.llm.openai_base_url = a
                .upstream_url
                .ok_or("--role gateway needs --upstream-url")?;
            return common::gateway(config);
        }
        Some(other) => return Err(format!("unknown role {other}")),
        None => {}
    }
    let (parts, up_addr, gw_addr) = match (a.upstream.clone(), a.gateway.clone()) {
        (Some(up), Some(gw)) => (None, up, gw),
        (None, None) => {
            let up = Part::start(&[
                "--role".into(),
                "upstream".into(),
                "--chunks".into(),
                a.chunks.to_string(),
                "--gap-us".into(),
                a.gap_us.to_string(),
            ])?;
            let gw = Part::start(&[
                "--role".into(),
                "gateway".into(),
                "--upstream-url".into(),
                format!("http://{}/v1", up.addr),
            ])?;
            let (u, g) = (up.addr.to_string(), gw.addr.to_string());
            (Some((up, gw)), u, g)
        }
        _ => return Err("--upstream and --gateway go together".into()),
    };
    let endpoint = if a.unrecorded {
        "bench/stream"
    } else {
        "chat/completions"
    };
    let direct = format!("http://{up_addr}/v1/{endpoint}");
    let via = format!("http://{gw_addr}/llm/openai/v1/{endpoint}");

    let load_rt = common::runtime(1)?;
    let client = reqwest::Client::builder()
        .tcp_nodelay(true)
        .pool_max_idle_per_host(64)
        .build()
        .map_err(|e| e.to_string())?;
    println!(
        "LLM proxy benchmark: streamed chat completions{}, {} requests x {} chunks {} us apart, {} us between requests, concurrency {}, {} runs, {cores} cores, load average {} at start (upstream, gateway and client in three processes)",
        if a.unrecorded { " (unrecorded endpoint: the hop alone)" } else { "" },
        a.requests, a.chunks, a.gap_us, a.pause_us, a.concurrency, a.runs, common::load_average()
    );
    let pause = Duration::from_micros(a.pause_us);
    let urls = [direct, via];
    load_rt.block_on(run(client.clone(), urls.clone(), 5, 1, pause))?;

    let mut rows: [Vec<f64>; 8] = Default::default();
    // The gateway's own CPU time per streamed request (all threads), when it was started here.
    let gateway_cpu = || parts.as_ref().and_then(|(_, gw)| gw.cpu_time());
    let mut cpu_per_request = Vec::new();
    for r in 0..a.runs {
        let before = gateway_cpu();
        let [mut d, mut g] = load_rt.block_on(run(
            client.clone(),
            urls.clone(),
            a.requests,
            a.concurrency,
            pause,
        ))?;
        if let (Some(b), Some(e)) = (before, gateway_cpu()) {
            cpu_per_request.push((e - b).as_secs_f64() * 1e6 / a.requests.max(1) as f64);
        }
        let v = [
            pct(&mut d.ttfb_us, 0.5),
            pct(&mut d.ttfb_us, 0.99),
            pct(&mut g.ttfb_us, 0.5),
            pct(&mut g.ttfb_us, 0.99),
            pct(&mut d.chunk_us, 0.5),
            pct(&mut d.chunk_us, 0.99),
            pct(&mut g.chunk_us, 0.5),
            pct(&mut g.chunk_us, 0.99),
        ];
        println!(
            "  run {}: first byte p50/p99 direct {:.0}/{:.0} us, via {:.0}/{:.0} us; per chunk p50/p99 direct {:.0}/{:.0} us, via {:.0}/{:.0} us ({} chunks)",
            r + 1, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], g.chunk_us.len()
        );
        for (row, x) in rows.iter_mut().zip(v) {
            row.push(x);
        }
    }
    let m: Vec<f64> = rows.into_iter().map(common::median).collect();
    println!("medians over {} runs:", a.runs);
    println!(
        "  time to first byte  p50: direct {:>7.0} us  via Warden {:>7.0} us  added {:>6.0} us  ratio {:.2}",
        m[0], m[2], m[2] - m[0], m[2] / m[0]
    );
    println!(
        "  time to first byte  p99: direct {:>7.0} us  via Warden {:>7.0} us  added {:>6.0} us  ratio {:.2}",
        m[1], m[3], m[3] - m[1], m[3] / m[1]
    );
    println!(
        "  per chunk           p50: direct {:>7.0} us  via Warden {:>7.0} us  added {:>6.0} us  ratio {:.2}",
        m[4], m[6], m[6] - m[4], m[6] / m[4]
    );
    println!(
        "  per chunk           p99: direct {:>7.0} us  via Warden {:>7.0} us  added {:>6.0} us  ratio {:.2}",
        m[5], m[7], m[7] - m[5], m[7] / m[5]
    );
    let cpu_note = if cpu_per_request.is_empty() {
        String::new()
    } else {
        format!(
            " | gateway CPU {:.0} us/request",
            common::median(cpu_per_request)
        )
    };
    println!("  target: <= 300 us added at p99{cpu_note}");
    println!(
        "SUMMARY llm_bench{} load={} | first byte added p50 {:.0} us, p99 {:.0} us | per chunk added p50 {:.0} us, p99 {:.0} us (target p99 <= 300) | p99 ratios first byte {:.2}, per chunk {:.2}{cpu_note}",
        if a.unrecorded { " (unrecorded)" } else { "" },
        common::load_average(),
        m[2] - m[0], m[3] - m[1], m[6] - m[4], m[7] - m[5], m[3] / m[1], m[7] / m[5]
    );
    drop(parts);
    Ok(())
}
