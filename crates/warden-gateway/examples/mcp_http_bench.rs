//! Benchmark of the MCP Streamable HTTP proxy (`/mcp/NAME`) against a direct connection to the
//! same upstream, in the same run:
//!
//! - open loop: `tools/call` at a fixed rate (default 1,000 req/s) for a while, paced by a
//!   thread that sleeps to each start, direct and through the gateway taking turns every tenth
//!   of a second (so both see the same moments of a noisy machine); latency is measured from
//!   each request's scheduled start (no coordinated omission), p50 and p99 direct and through
//!   the gateway, and the p99 the gateway adds;
//! - saturated: N concurrent clients send `tools/call` back to back; completed calls per
//!   second direct and through the gateway, and the CPU time the gateway process used per call.
//!
//! The upstream, the gateway (`warden_gateway::serve`, a fresh data directory, the built-in
//! policy set) and the load generator are three processes on loopback (see `common`), so the
//! gateway's figures do not include the client's work. The load generator is a minimal
//! keep-alive HTTP/1.1 client on one thread writing prepared requests; the direct baseline is
//! the same client against the same upstream process. Each figure is the median of `--runs`
//! runs; in the saturated part direct and gateway runs alternate.
//!
//! ```text
//! cargo build --release -p warden-gateway --example mcp_http_bench
//! target/release/examples/mcp_http_bench \
//!     [--rate 1000] [--secs 10] [--sat-secs 5] [--clients 32] [--runs 3] [--mode observe|enforce]
//! ```
//!
//! Counting instructions per call (`--calls N`: N calls through the gateway, `--clients` at a
//! time, then exit; no baseline):
//!
//! ```text
//! B=target/release/examples/mcp_http_bench
//! sleep infinity | $B --role upstream &                  # prints: listening UP
//! sleep infinity | valgrind --tool=callgrind --instr-atstart=no \
//!     $B --role gateway --upstream-url http://UP/mcp &    # prints: listening GW
//! $B --gateway GW --calls 200                             # warm-up
//! callgrind_control -i on; $B --gateway GW --calls 2000; callgrind_control -d
//! ```

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::response::{IntoResponse, Response};
use common::{median, Part};
use warden_gateway::mcp::Upstream;
use warden_gateway::{Config, Mode};

mod common;

/// The `warden` binary's allocator, so the gateway measured here is the one that ships.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

struct Args {
    rate: u64,
    secs: u64,
    sat_secs: u64,
    clients: usize,
    runs: usize,
    mode: Mode,
    /// `upstream` or `gateway`: run that part of the benchmark (started by the load generator).
    role: Option<String>,
    /// The gateway role's upstream.
    upstream_url: Option<String>,
    /// Parts already running (otherwise started here).
    upstream: Option<SocketAddr>,
    gateway: Option<SocketAddr>,
    /// Send this many calls through the gateway and stop (for instruction counts).
    calls: Option<u64>,
}

fn args() -> Result<Args, String> {
    let mut a = Args {
        rate: 1000,
        secs: 10,
        sat_secs: 5,
        clients: 32,
        runs: 3,
        mode: Mode::Observe,
        role: None,
        upstream_url: None,
        upstream: None,
        gateway: None,
        calls: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        let num = |v: String| v.parse::<u64>().map_err(|e| format!("{flag}: {e}"));
        let addr = |v: String| v.parse::<SocketAddr>().map_err(|e| format!("{flag}: {e}"));
        match flag.as_str() {
            "--rate" => a.rate = num(value()?)?.max(1),
            "--secs" => a.secs = num(value()?)?.max(1),
            "--sat-secs" => a.sat_secs = num(value()?)?.max(1),
            "--clients" => a.clients = num(value()?)?.max(1) as usize,
            "--runs" => a.runs = num(value()?)?.max(1) as usize,
            "--mode" => a.mode = value()?.parse()?,
            "--role" => a.role = Some(value()?),
            "--upstream-url" => a.upstream_url = Some(value()?),
            "--upstream" => a.upstream = Some(addr(value()?)?),
            "--gateway" => a.gateway = Some(addr(value()?)?),
            "--calls" => a.calls = Some(num(value()?)?.max(1)),
            other => return Err(format!("unknown flag {other}")),
        }
    }
    Ok(a)
}

/// The upstream: answers every request with a small `tools/call` result echoing the id.
async fn upstream(body: Bytes) -> Response {
    let id = serde_json::from_slice::<serde_json::Value>(&body)
        .ok()
        .and_then(|v| v.get("id").cloned())
        .unwrap_or(serde_json::Value::Null);
    (
        [("content-type", "application/json")],
        format!(
            r#"{{"jsonrpc":"2.0","id":{id},"result":{{"content":[{{"type":"text","text":"ok"}}],"isError":false}}}}"#
        ),
    )
        .into_response()
}

fn call_body(id: u64) -> String {
    format!(
        r#"{{"jsonrpc":"2.0","id":{id},"method":"tools/call","params":{{"name":"lookup","arguments":{{"query":"weather in Paris","limit":3}},"_meta":{{"io.modelcontextprotocol/protocolVersion":"2026-07-28"}}}}}}"#
    )
}

/// Where requests go: the address and the request line's path.
#[derive(Clone)]
struct Target {
    addr: SocketAddr,
    path: String,
}

impl Target {
    fn request(&self, id: u64) -> Vec<u8> {
        let body = call_body(id);
        format!(
            "POST {} HTTP/1.1\r\nhost: {}\r\ncontent-type: application/json\r\naccept: application/json, text/event-stream\r\nmcp-protocol-version: 2026-07-28\r\nmcp-method: tools/call\r\nmcp-name: lookup\r\nwarden-session: bench\r\ncontent-length: {}\r\n\r\n{body}",
            self.path,
            self.addr,
            body.len()
        )
        .into_bytes()
    }
}

/// One keep-alive HTTP/1.1 connection, one request at a time.
struct Conn {
    stream: tokio::net::TcpStream,
    buf: Vec<u8>,
}

impl Conn {
    async fn open(addr: SocketAddr) -> std::io::Result<Self> {
        let stream = tokio::net::TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        Ok(Self {
            stream,
            buf: Vec::with_capacity(4096),
        })
    }

    /// Sends a request, reads the whole response; true when it is a 200 carrying the
    /// upstream's answer (a call Warden refused would be a 200 too).
    async fn call(&mut self, request: &[u8]) -> std::io::Result<bool> {
        use tokio::io::AsyncWriteExt;
        self.stream.write_all(request).await?;
        self.buf.clear();
        let head_end = loop {
            if let Some(i) = find(&self.buf, b"\r\n\r\n") {
                break i + 4;
            }
            self.fill().await?;
        };
        let head = String::from_utf8_lossy(&self.buf[..head_end]).to_ascii_lowercase();
        let ok = head.starts_with("http/1.1 200");
        let length = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse::<usize>().ok());
        let body = match length {
            Some(n) => {
                while self.buf.len() < head_end + n {
                    self.fill().await?;
                }
                self.buf[head_end..head_end + n].to_vec()
            }
            None if head.contains("transfer-encoding: chunked") => self.chunked(head_end).await?,
            None => return Err(std::io::Error::other("a response without a length")),
        };
        Ok(ok && find(&body, br#""text":"ok""#).is_some())
    }

    async fn chunked(&mut self, mut at: usize) -> std::io::Result<Vec<u8>> {
        let mut body = Vec::new();
        loop {
            let line_end = loop {
                if let Some(i) = find(&self.buf[at..], b"\r\n") {
                    break at + i;
                }
                self.fill().await?;
            };
            let size = std::str::from_utf8(&self.buf[at..line_end])
                .ok()
                .and_then(|s| usize::from_str_radix(s.split(';').next()?.trim(), 16).ok())
                .ok_or_else(|| std::io::Error::other("a bad chunk size"))?;
            let data = line_end + 2;
            while self.buf.len() < data + size + 2 {
                self.fill().await?;
            }
            body.extend_from_slice(&self.buf[data..data + size]);
            at = data + size + 2;
            if size == 0 {
                return Ok(body);
            }
        }
    }

    async fn fill(&mut self) -> std::io::Result<()> {
        use tokio::io::AsyncReadExt;
        if self.stream.read_buf(&mut self.buf).await? == 0 {
            return Err(std::io::Error::other("the server closed the connection"));
        }
        Ok(())
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Idle connections to one target, reused across requests.
#[derive(Clone)]
struct Pool {
    target: Target,
    idle: Arc<std::sync::Mutex<Vec<Conn>>>,
}

impl Pool {
    fn new(target: Target) -> Self {
        Self {
            target,
            idle: Arc::default(),
        }
    }

    async fn one_call(&self, id: u64) -> bool {
        let request = self.target.request(id);
        let idle = self.idle.lock().ok().and_then(|mut v| v.pop());
        let reused = idle.is_some();
        let mut conn = match idle {
            Some(c) => c,
            None => match Conn::open(self.target.addr).await {
                Ok(c) => c,
                Err(_) => return false,
            },
        };
        let mut answer = conn.call(&request).await;
        if answer.is_err() && reused {
            // The server closed an idle keep-alive connection (the gateway does after its
            // header timeout): retry once on a new one, as HTTP clients do.
            conn = match Conn::open(self.target.addr).await {
                Ok(c) => c,
                Err(_) => return false,
            };
            answer = conn.call(&request).await;
        }
        match answer {
            Ok(ok) => {
                if let Ok(mut v) = self.idle.lock() {
                    v.push(conn);
                }
                ok
            }
            Err(_) => false,
        }
    }
}

struct OpenLoop {
    p50_us: f64,
    p99_us: f64,
    errors: u64,
    sent: u64,
}

/// Calls in a row sent to one target before the open loop switches to the other.
const BLOCK: u64 = 100;

/// Fixed-rate load for `secs` per target, the targets taking turns in blocks of [`BLOCK`]
/// calls (a tenth of a second at 1,000 req/s): each target sees the stated rate and nothing
/// else, and both see the same moments of the machine (a noisy neighbour, a slow tick), so
/// their difference is the gateway's. Latency counts from each request's scheduled start.
async fn open_loop(targets: [Pool; 2], rate: u64, secs: u64) -> [OpenLoop; 2] {
    let total = 2 * rate * secs;
    let interval = Duration::from_nanos(1_000_000_000 / rate);
    let errors: [Arc<AtomicU64>; 2] = Default::default();
    let mut tasks: [Vec<_>; 2] = Default::default();
    // The schedule is kept by a thread of its own sleeping to each start (the runtime's timer
    // has millisecond ticks, which would add up to a millisecond to every call, direct or not);
    // each call's latency still counts from its scheduled start.
    let (starts, mut due) = tokio::sync::mpsc::channel::<(u64, Instant)>(1024);
    let pacer = std::thread::spawn(move || pace(starts, total, interval));
    while let Some((i, at)) = due.recv().await {
        let side = ((i / BLOCK) % 2) as usize;
        let (pool, errors) = (targets[side].clone(), errors[side].clone());
        tasks[side].push(tokio::spawn(async move {
            let ok = pool.one_call(i).await;
            if !ok {
                errors.fetch_add(1, Ordering::Relaxed);
            }
            at.elapsed()
        }));
    }
    let _ = pacer.join();
    let mut out = Vec::with_capacity(2);
    for (side, tasks) in tasks.into_iter().enumerate() {
        let sent = tasks.len() as u64;
        let mut lat: Vec<Duration> = Vec::with_capacity(tasks.len());
        for t in tasks {
            if let Ok(d) = t.await {
                lat.push(d);
            }
        }
        lat.sort();
        out.push(OpenLoop {
            p50_us: pct(&lat, 0.50),
            p99_us: pct(&lat, 0.99),
            errors: errors[side].load(Ordering::Relaxed),
            sent,
        });
    }
    let via = out.pop().expect("two targets");
    let direct = out.pop().expect("two targets");
    [direct, via]
}

/// Sends each call's index and scheduled start when it is due, `interval` apart.
fn pace(starts: tokio::sync::mpsc::Sender<(u64, Instant)>, total: u64, interval: Duration) {
    #[cfg(target_os = "linux")]
    // SAFETY: `prctl(PR_SET_TIMERSLACK)` takes plain integers and changes only this thread's
    // timer slack (default 50 µs), so that its sleeps end on time.
    unsafe {
        libc::prctl(libc::PR_SET_TIMERSLACK, 1 as libc::c_ulong);
    }
    let start = Instant::now() + Duration::from_millis(50);
    for i in 0..total {
        let at = start + interval * (i as u32);
        let now = Instant::now();
        if at > now {
            std::thread::sleep(at - now);
        }
        if starts.blocking_send((i, at)).is_err() {
            return;
        }
    }
}

fn pct(sorted: &[Duration], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 * q).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i].as_nanos() as f64 / 1000.0
}

/// `clients` loops sending back to back for `secs`; returns (completed calls/s, errors).
async fn saturated(pool: Pool, clients: usize, secs: u64) -> (f64, u64) {
    let done = Arc::new(AtomicU64::new(0));
    let errors = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let end = start + Duration::from_secs(secs);
    let mut tasks = Vec::new();
    for c in 0..clients {
        let (pool, done, errors) = (pool.clone(), done.clone(), errors.clone());
        tasks.push(tokio::spawn(async move {
            let mut id = (c as u64) << 32;
            while Instant::now() < end {
                id += 1;
                if pool.one_call(id).await {
                    done.fetch_add(1, Ordering::Relaxed);
                } else {
                    errors.fetch_add(1, Ordering::Relaxed);
                }
            }
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
    let elapsed = start.elapsed().as_secs_f64();
    (
        done.load(Ordering::Relaxed) as f64 / elapsed,
        errors.load(Ordering::Relaxed),
    )
}

/// `clients` loops sharing `calls` calls; returns (completed, errors).
async fn fixed_count(pool: Pool, clients: usize, calls: u64) -> (u64, u64) {
    let next = Arc::new(AtomicU64::new(0));
    let done = Arc::new(AtomicU64::new(0));
    let errors = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (pool, next, done, errors) = (pool.clone(), next.clone(), done.clone(), errors.clone());
        tasks.push(tokio::spawn(async move {
            loop {
                let id = next.fetch_add(1, Ordering::Relaxed);
                if id >= calls {
                    return;
                }
                let counter = if pool.one_call(id).await {
                    &done
                } else {
                    &errors
                };
                counter.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
    (done.load(Ordering::Relaxed), errors.load(Ordering::Relaxed))
}

fn main() -> Result<(), String> {
    let a = args()?;
    match a.role.as_deref() {
        Some("upstream") => {
            let app = axum::Router::new().route("/mcp", axum::routing::post(upstream));
            return common::upstream(app, 1);
        }
        Some("gateway") => {
            let url = a
                .upstream_url
                .ok_or("--role gateway needs --upstream-url")?;
            let mut config = Config::default();
            config.gateway.mode = a.mode;
            config
                .mcp
                .upstreams
                .insert("bench".into(), Upstream::http(&url));
            return common::gateway(config);
        }
        Some(other) => return Err(format!("unknown role {other}")),
        None => {}
    }

    // The parts not given are started here, each in its own process.
    let up_part = match (a.upstream, a.gateway) {
        (Some(_), _) | (None, Some(_)) => None,
        (None, None) => Some(Part::start(&["--role".into(), "upstream".into()])?),
    };
    let up_addr = a.upstream.or(up_part.as_ref().map(|p| p.addr));
    let gw_part = match (a.gateway, up_addr) {
        (Some(_), _) => None,
        (None, Some(up)) => Some(Part::start(&[
            "--role".into(),
            "gateway".into(),
            "--mode".into(),
            a.mode.as_str().into(),
            "--upstream-url".into(),
            format!("http://{up}/mcp"),
        ])?),
        (None, None) => return Err("no upstream".into()),
    };
    let gw_addr = a
        .gateway
        .or(gw_part.as_ref().map(|p| p.addr))
        .ok_or("no gateway")?;

    // Load generator: one thread.
    let load_rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let via = Pool::new(Target {
        addr: gw_addr,
        path: "/mcp/bench".into(),
    });

    if let Some(calls) = a.calls {
        let started = Instant::now();
        let (done, errors) = load_rt.block_on(fixed_count(via, a.clients, calls));
        println!(
            "{done} calls through the gateway ({errors} errors), {} at a time, in {:.2} s",
            a.clients,
            started.elapsed().as_secs_f64()
        );
        return Ok(());
    }
    let up_addr = up_addr.ok_or("no upstream")?;
    let direct = Pool::new(Target {
        addr: up_addr,
        path: "/mcp".into(),
    });

    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "MCP HTTP proxy benchmark: tools/call, mode {}, {cores} cores, load average {} at start; upstream, gateway and load generator (one thread, keep-alive HTTP/1.1) in three processes",
        a.mode.as_str(),
        common::load_average()
    );
    // Warm both paths (connections, the first-call pin lookups, the policy caches).
    load_rt.block_on(saturated(direct.clone(), 4, 1));
    load_rt.block_on(saturated(via.clone(), 4, 1));

    let mut d50 = Vec::new();
    let mut d99 = Vec::new();
    let mut g50 = Vec::new();
    let mut g99 = Vec::new();
    let mut added = Vec::new();
    println!(
        "\nopen loop: {} req/s for {} s per target per run, direct and gateway taking turns every {BLOCK} calls, latency from scheduled start",
        a.rate, a.secs
    );
    for run in 1..=a.runs {
        let [d, g] = load_rt.block_on(open_loop([direct.clone(), via.clone()], a.rate, a.secs));
        println!(
            "  run {run}: direct p50 {:.0} µs p99 {:.0} µs ({} errors / {}) | gateway p50 {:.0} µs p99 {:.0} µs ({} errors / {}) | added p99 {:.0} µs",
            d.p50_us, d.p99_us, d.errors, d.sent, g.p50_us, g.p99_us, g.errors, g.sent, g.p99_us - d.p99_us
        );
        d50.push(d.p50_us);
        d99.push(d.p99_us);
        g50.push(g.p50_us);
        g99.push(g.p99_us);
        added.push(g.p99_us - d.p99_us);
    }
    let (md50, md99, mg50, mg99) = (median(d50), median(d99), median(g50), median(g99));
    let added_p99 = median(added);
    println!(
        "  median: direct p50 {md50:.0} µs p99 {md99:.0} µs | gateway p50 {mg50:.0} µs p99 {mg99:.0} µs | added p50 {:.0} µs, added p99 {added_p99:.0} µs (median of per-run differences) | p99 ratio gateway/direct {:.2}",
        mg50 - md50,
        mg99 / md99
    );

    println!(
        "\nsaturated: {} concurrent clients for {} s per run",
        a.clients, a.sat_secs
    );
    let mut dt = Vec::new();
    let mut gt = Vec::new();
    let mut cpu = Vec::new();
    let gateway_cpu = || gw_part.as_ref().and_then(Part::cpu_time);
    for run in 1..=a.runs {
        let (d, de) = load_rt.block_on(saturated(direct.clone(), a.clients, a.sat_secs));
        let before = gateway_cpu();
        let (g, ge) = load_rt.block_on(saturated(via.clone(), a.clients, a.sat_secs));
        let per_call = match (before, gateway_cpu()) {
            (Some(b), Some(e)) if g > 0.0 => {
                Some((e - b).as_secs_f64() * 1e6 / (g * a.sat_secs as f64))
            }
            _ => None,
        };
        println!(
            "  run {run}: direct {d:.0} calls/s ({de} errors) | gateway {g:.0} calls/s ({ge} errors) | ratio {:.2}{}",
            g / d,
            per_call.map_or(String::new(), |c| format!(" | gateway CPU {c:.0} µs/call"))
        );
        dt.push(d);
        gt.push(g);
        cpu.extend(per_call);
    }
    let (md, mg) = (median(dt), median(gt));
    let cpu_note = if cpu.is_empty() {
        String::new()
    } else {
        format!(", gateway CPU {:.0} µs/call", median(cpu))
    };
    println!(
        "  median: direct {md:.0} calls/s | gateway {mg:.0} calls/s | ratio gateway/direct {:.2}{cpu_note}",
        mg / md
    );
    println!(
        "\nSUMMARY mcp_http_bench mode={} load={} | {} req/s: added p50 {:.0} µs, added p99 {added_p99:.0} µs (target ≤ 300) | saturated: gateway {mg:.0} calls/s vs direct {md:.0} (ratio {:.2}; target ≥ 10,000){cpu_note}",
        a.mode.as_str(),
        common::load_average(),
        a.rate,
        mg50 - md50,
        mg / md
    );
    drop(gw_part);
    drop(up_part);
    Ok(())
}
