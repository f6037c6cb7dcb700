//! Command-line surface.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(
    name = "warden",
    version,
    about = "Runtime monitor and gatekeeper for AI agents"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Args, Debug, Clone)]
pub struct DataArg {
    /// Data directory [default: $WARDEN_DATA, else ~/.local/share/warden]
    #[arg(long, global = true)]
    pub data: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the gateway (creates the data directory on first use)
    Serve {
        #[command(flatten)]
        data: DataArg,
        /// Address to listen on [default: from warden.toml, 127.0.0.1:7711]
        #[arg(long)]
        listen: Option<SocketAddr>,
        /// observe (never block) or enforce (fail closed) [default: from warden.toml]
        #[arg(long)]
        mode: Option<String>,
        /// Configuration file [default: <data>/warden.toml]
        #[arg(long)]
        config: Option<PathBuf>,
        /// Front an MCP Streamable HTTP server at /mcp/NAME (NAME=URL; repeatable)
        #[arg(long = "mcp-upstream", value_name = "NAME=URL")]
        mcp_upstream: Vec<String>,
        /// Keep the audit log and identity state in a PostgreSQL shared by a fleet
        /// (postgres://USER@HOST:PORT/DB) [default: store.url from warden.toml, else SQLite]
        #[arg(long, value_name = "URL")]
        store: Option<String>,
        #[command(flatten)]
        exposure: ExposureArgs,
    },
    /// MCP capture: wrap a stdio server, review tool pins
    Mcp {
        #[command(subcommand)]
        action: McpCommand,
    },
    /// Calls held for a reviewer's approval (on a running gateway)
    Approvals {
        #[command(subcommand)]
        action: ApprovalsCommand,
    },
    /// Reviewer accounts: add, list, remove, rotate (admin token, on a running gateway)
    Reviewer {
        #[command(subcommand)]
        action: ReviewerCommand,
    },
    /// Check the audit log against its signed checkpoints; exit 0 only if intact
    Verify {
        #[command(flatten)]
        data: DataArg,
        /// Pin the log's public key (verifier key text, or @FILE) instead of trusting the data directory's copy; with a PostgreSQL store, repeat it once per gateway of the fleet
        #[arg(long)]
        key: Vec<String>,
        /// Print the report as JSON
        #[arg(long)]
        json: bool,
        /// Verify every gateway's log in this PostgreSQL (postgres://…) [default: store.url from warden.toml, else the data directory]
        #[arg(long, value_name = "URL")]
        store: Option<String>,
    },
    /// Print an inclusion proof for one event (JSON), against the newest checkpoint
    Prove {
        #[command(flatten)]
        data: DataArg,
        event_id: String,
        /// Prove from a fleet's PostgreSQL (postgres://…) [default: store.url from warden.toml, else the data directory]
        #[arg(long, value_name = "URL")]
        store: Option<String>,
    },
    /// Check an inclusion proof offline against the log's public key
    VerifyProof {
        /// Proof file from `warden prove` (- for stdin)
        proof: PathBuf,
        /// The log's verifier key text, or @FILE (e.g. @<data>/keys/log.pub)
        #[arg(long)]
        key: String,
    },
    /// List sessions, most recent first
    Sessions {
        #[command(flatten)]
        data: DataArg,
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// JSON lines instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Show one session's events in order
    Timeline {
        #[command(flatten)]
        data: DataArg,
        session: String,
        #[arg(long)]
        json: bool,
    },
    /// List events matching filters
    Events {
        #[command(flatten)]
        data: DataArg,
        #[command(flatten)]
        filter: FilterArgs,
        #[arg(long, default_value_t = 200)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// List detector alerts
    Alerts {
        #[command(flatten)]
        data: DataArg,
        #[arg(long)]
        session: Option<String>,
        #[arg(long)]
        task: Option<String>,
        #[arg(long)]
        agent: Option<String>,
        /// Detector id (e.g. exfil.sensitive_to_egress)
        #[arg(long)]
        rule: Option<String>,
        /// Minimum severity: info, low, medium, high, critical
        #[arg(long)]
        severity: Option<String>,
        #[arg(long, default_value_t = 500)]
        limit: usize,
        /// JSON lines
        #[arg(long)]
        json: bool,
    },
    /// Print the reference a secret would have in the record (to search with `events --ref`)
    Hash {
        #[command(flatten)]
        data: DataArg,
        /// The value; `-` reads it from stdin (keeps it out of shell history)
        value: String,
    },
    /// Write a self-contained incident report (HTML and Markdown) with the inclusion proofs of
    /// its events: one of --session, --task, --agent or --ref
    Report {
        #[command(flatten)]
        data: DataArg,
        #[arg(long, group = "report_scope")]
        session: Option<String>,
        #[arg(long, group = "report_scope")]
        task: Option<String>,
        #[arg(long, group = "report_scope")]
        agent: Option<String>,
        /// A secret reference (hmac-sha256:<v>:<hex>, from `warden hash`): every event it is in
        #[arg(long = "ref", group = "report_scope")]
        reference: Option<String>,
        /// Output path without extension [default: ./report-<scope>-<id>]
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// html, markdown or both
        #[arg(long, default_value = "both")]
        format: String,
        /// Cap on events shown and proven; alerts, their evidence, refused or held calls, approvals
        /// and tasks are always kept
        #[arg(long, default_value_t = 5000)]
        max_events: usize,
    },
    /// Start a gateway on a fresh data directory, populated with sample agent sessions (work and
    /// attacks), MCP traffic and a call held for approval; prints where to look
    Demo {
        #[arg(long, default_value = "127.0.0.1:7711")]
        listen: String,
        /// Keep the demo's data here (default: a temporary directory removed on exit)
        #[arg(long)]
        data: Option<PathBuf>,
        /// Populate, print the tour and stop, instead of serving until Ctrl-C
        #[arg(long)]
        exit: bool,
    },
    /// Export events for another system
    Export {
        #[command(flatten)]
        data: DataArg,
        #[arg(long, value_enum, default_value_t = ExportFormat::Jsonl)]
        format: ExportFormat,
        #[command(flatten)]
        filter: FilterArgs,
        /// Write to this file instead of stdout
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Command-form agent hook: reads the hook JSON on stdin, answers in the agent's protocol
    Hook {
        /// claude-code, codex, gemini or cursor
        agent: String,
        #[arg(long, env = "WARDEN_GATEWAY", default_value = "http://127.0.0.1:7711")]
        gateway: String,
        /// What to do when the gateway is unreachable: observe allows, enforce blocks gating events
        #[arg(long, env = "WARDEN_HOOK_MODE", default_value = "observe")]
        mode: String,
        /// Give up on the gateway after this many milliseconds
        #[arg(long, default_value_t = 5000)]
        timeout_ms: u64,
        /// Where events wait while the gateway is unreachable [default: $WARDEN_SPOOL, else ~/.local/state/warden/spool]
        #[arg(long)]
        spool: Option<PathBuf>,
    },
    /// Point an agent's hooks at Warden (writes its settings file, keeping what is there)
    Install {
        /// claude-code, codex, gemini or cursor
        agent: String,
        /// Install for the user (~/.claude/settings.json) instead of this project (.claude/settings.json)
        #[arg(long)]
        user: bool,
        /// Print the resulting settings instead of writing them
        #[arg(long)]
        print: bool,
        /// Use an HTTP hook to the gateway instead of the `warden hook` command
        #[arg(long)]
        http: bool,
        #[arg(long, env = "WARDEN_GATEWAY", default_value = "http://127.0.0.1:7711")]
        gateway: String,
        /// Project directory [default: the current directory]
        #[arg(long)]
        project: Option<PathBuf>,
    },
    /// Declare, end and list tasks
    Task {
        #[command(subcommand)]
        action: TaskCommand,
    },
    /// Register agents and give them identities (SPIFFE ids, join tokens)
    Agent {
        #[command(subcommand)]
        action: AgentCommand,
    },
    /// Start an agent with its credentials: `warden run --agent NAME [--objective …] -- CMD ARGS…`
    ///
    /// The child gets an SVID (and, with --objective, a task and its task token) in its
    /// environment, with WARDEN_GATEWAY pointing its hooks and wrappers at the gateway. The
    /// task ends, and its credentials with it, when the child exits.
    Run {
        #[command(flatten)]
        data: DataArg,
        /// The registered agent to run as
        #[arg(long)]
        agent: String,
        #[arg(long, env = "WARDEN_GATEWAY", default_value = "http://127.0.0.1:7711")]
        gateway: String,
        /// Start a task with this objective (the task flags are those of `warden task start`)
        #[arg(long)]
        objective: Option<String>,
        #[arg(long, value_delimiter = ',')]
        tools: Option<Vec<String>>,
        #[arg(long, value_delimiter = ',')]
        servers: Option<Vec<String>>,
        #[arg(long, value_delimiter = ',')]
        resources: Option<Vec<String>>,
        #[arg(long, value_delimiter = ',')]
        destinations: Option<Vec<String>>,
        /// RFC 3339 deadline
        #[arg(long)]
        deadline: Option<String>,
        /// The one agent (SPIFFE id) allowed to take work over by delegation
        #[arg(long)]
        may_act: Option<String>,
        /// The agent's command and its arguments
        #[arg(required = true, trailing_var_arg = true, allow_hyphen_values = true)]
        command: Vec<String>,
    },
    /// Revoke a task's, an agent's or one token's credentials (takes effect on the next use)
    Revoke {
        #[command(flatten)]
        data: DataArg,
        #[arg(long)]
        task: Option<String>,
        /// Agent name or SPIFFE id
        #[arg(long)]
        agent: Option<String>,
        /// Token id (jti)
        #[arg(long)]
        token: Option<String>,
    },
    /// Upstream secrets Warden injects at egress (values never on the command line)
    Secret {
        #[command(subcommand)]
        action: SecretCommand,
    },
    /// Replay labelled sessions against a running gateway and print each gating decision
    Replay {
        /// Scenario files or directories of them
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, env = "WARDEN_GATEWAY", default_value = "http://127.0.0.1:7711")]
        gateway: String,
        /// JSON lines instead of a table
        #[arg(long)]
        json: bool,
        /// Send each hook through `warden hook claude-code` instead of HTTP
        #[arg(long)]
        command: bool,
    },
    /// Replay labelled sessions through an in-process pipeline and score detectors and decisions
    Eval {
        /// Scenario files or directories
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// observe (score would-be decisions) or enforce
        #[arg(long, default_value = "enforce")]
        mode: String,
        /// Configuration file (policy dir, detector settings) [default: the shipped defaults]
        #[arg(long)]
        config: Option<PathBuf>,
        /// JSON instead of a table
        #[arg(long)]
        json: bool,
        /// Exit 1 if any scenario misses an expected alert or raises a forbidden one
        #[arg(long)]
        strict: bool,
    },
    /// Validate, test and explain policy
    Policy {
        #[command(subcommand)]
        action: PolicyCommand,
    },
    /// Streaming and SIEM sinks configured in warden.toml (docs/sinks.md)
    Sinks {
        #[command(subcommand)]
        action: SinksCommand,
    },
    /// Measure Warden on this machine
    Bench {
        #[command(subcommand)]
        which: BenchCommand,
    },
}

#[derive(Subcommand, Debug)]
pub enum AgentCommand {
    /// Register an agent: spiffe://<trust-domain>/agent/NAME
    Add {
        #[command(flatten)]
        data: DataArg,
        name: String,
        /// Who answers for the agent
        #[arg(long)]
        owner: String,
        /// read_only, assistant or executor
        #[arg(long, default_value = "assistant")]
        tier: String,
    },
    /// List registered agents
    List {
        #[command(flatten)]
        data: DataArg,
        #[arg(long)]
        json: bool,
    },
    /// Unregister an agent and revoke its credentials
    Remove {
        #[command(flatten)]
        data: DataArg,
        name: String,
    },
    /// Print a single-use join token for the agent (redeemed at POST /v1/svid)
    Join {
        #[command(flatten)]
        data: DataArg,
        name: String,
        /// Lifetime in seconds (at most 86400) [default: from warden.toml, 3600]
        #[arg(long)]
        ttl: Option<i64>,
    },
}

#[derive(Subcommand, Debug)]
pub enum SecretCommand {
    /// Store a secret, read from stdin (or --from-env VAR), bound to the upstreams it may go to
    Put {
        #[command(flatten)]
        data: DataArg,
        name: String,
        /// Upstream glob it may be sent to (host, host:port, or a stdio server's name); repeatable
        #[arg(long = "upstream", required = true)]
        upstreams: Vec<String>,
        /// Read the value from this environment variable instead of stdin
        #[arg(long)]
        from_env: Option<String>,
    },
    /// List secrets (names and upstreams, never values)
    List {
        #[command(flatten)]
        data: DataArg,
        #[arg(long)]
        json: bool,
    },
    /// Remove a secret (outstanding leases stop resolving)
    Rm {
        #[command(flatten)]
        data: DataArg,
        name: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum PolicyCommand {
    /// Check a policy directory against the schema (default: the built-in set)
    Validate { dir: Option<PathBuf> },
    /// Run request fixtures (JSON: request → expected decision) against a policy set
    Test {
        /// Directory of fixtures
        fixtures: PathBuf,
        /// Policy directory [default: the built-in set]
        #[arg(long)]
        policies: Option<PathBuf>,
    },
    /// Explain the decision recorded for a tool call (or a decision event)
    Explain {
        #[command(flatten)]
        data: DataArg,
        event_id: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum TaskCommand {
    /// Declare a task (and bind a session to it); prints the task id
    Start {
        /// What the task is for
        #[arg(long)]
        objective: String,
        /// Tools in scope, comma-separated, `*` globs allowed (absent = not restricted)
        #[arg(long, value_delimiter = ',')]
        tools: Option<Vec<String>>,
        #[arg(long, value_delimiter = ',')]
        servers: Option<Vec<String>>,
        #[arg(long, value_delimiter = ',')]
        resources: Option<Vec<String>>,
        #[arg(long, value_delimiter = ',')]
        destinations: Option<Vec<String>>,
        /// Session to bind to the task
        #[arg(long)]
        session: Option<String>,
        /// RFC 3339 deadline
        #[arg(long)]
        deadline: Option<String>,
        /// user, schedule, or the parent task id
        #[arg(long)]
        trigger: Option<String>,
        #[arg(long, env = "WARDEN_GATEWAY", default_value = "http://127.0.0.1:7711")]
        gateway: String,
        #[arg(long)]
        json: bool,
    },
    /// End a task
    End {
        task: String,
        #[arg(long, env = "WARDEN_GATEWAY", default_value = "http://127.0.0.1:7711")]
        gateway: String,
    },
    /// List recorded tasks
    List {
        #[command(flatten)]
        data: DataArg,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args, Debug, Clone, Default)]
pub struct FilterArgs {
    #[arg(long)]
    pub agent: Option<String>,
    #[arg(long)]
    pub task: Option<String>,
    #[arg(long)]
    pub session: Option<String>,
    /// Event kind (prompt, tool_call, tool_result, decision, alert, …)
    #[arg(long)]
    pub kind: Option<String>,
    /// Start of the time range: RFC 3339, or a duration ago like 30m, 2h, 7d
    #[arg(long)]
    pub since: Option<String>,
    /// End of the time range (exclusive): RFC 3339, or a duration ago
    #[arg(long)]
    pub until: Option<String>,
    /// Only events where this secret reference appears (`hmac-sha256:<v>:<hex>`, from `warden hash`)
    #[arg(long = "ref")]
    pub reference: Option<String>,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// The event record, one event per line
    Jsonl,
    /// OCSF 1.6: API Activity (6003), Detection Finding (2004) for alerts; one per line
    Ocsf,
    /// OTLP/JSON: one ExportTraceServiceRequest per line (up to 512 spans each), GenAI names
    Otlp,
    /// ArcSight CEF, one event per line
    Cef,
}

#[derive(Subcommand, Debug)]
pub enum SinksCommand {
    /// Each configured sink's lag, deliveries, failures and dead letters
    Status {
        #[command(flatten)]
        data: DataArg,
        /// JSON lines
        #[arg(long)]
        json: bool,
    },
}

/// TLS and exposure for `warden serve` (beyond loopback, TLS is required).
#[derive(Args, Debug, Clone, Default)]
pub struct ExposureArgs {
    /// PEM certificate chain for TLS (with --tls-key)
    #[arg(long, requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// PEM private key for TLS (with --tls-cert)
    #[arg(long, requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// Listen beyond loopback without TLS (only when something else encrypts the traffic)
    #[arg(long, conflicts_with = "tls_cert")]
    pub insecure_plaintext: bool,
}

#[derive(Subcommand, Debug)]
pub enum BenchCommand {
    /// Sustained ingest into the audit log with durability on, vs plain durable SQLite inserts
    Ingest(BenchIngestArgs),
    /// `verify` throughput, vs a plain scan of the same rows
    Verify(BenchIngestArgs),
    /// Hook round trip (PreToolUse, decision and detection included) over HTTP and as a command,
    /// vs a bare HTTP round trip and a bare process start
    Hooks(BenchHooksArgs),
    /// MCP stdio round trip through `warden mcp wrap` (observe and enforce) vs the same server
    /// spoken to directly
    McpStdio(BenchMcpArgs),
    /// Durable ingest of N gateways' logs into one PostgreSQL (1, 2, 4 …), vs plain COPY of
    /// the same rows over the same number of connections
    Fleet(BenchFleetArgs),
    /// Sustained mixed load (hooks, MCP via the proxy, ingest) for a bounded time: RSS,
    /// latency percentiles and errors per interval, memory growth per session, log verified
    Soak(BenchSoakArgs),
}

#[derive(Args, Debug, Clone)]
pub struct BenchFleetArgs {
    /// The PostgreSQL to measure (a scratch schema is created in it and dropped after)
    #[arg(
        long,
        value_name = "URL",
        default_value = "postgres://postgres@127.0.0.1:5432/test"
    )]
    pub store: String,
    /// Gateway counts to measure, comma-separated
    #[arg(long, value_delimiter = ',', default_value = "1,2,4")]
    pub gateways: Vec<usize>,
    /// Events per run (split across the gateways)
    #[arg(long, default_value_t = 200_000)]
    pub events: usize,
    /// Concurrent producers per gateway
    #[arg(long, default_value_t = 4)]
    pub producers: usize,
    /// Events per append request
    #[arg(long, default_value_t = 64)]
    pub batch: usize,
    /// Runs per gateway count; medians are reported
    #[arg(long, default_value_t = 3)]
    pub runs: usize,
}

#[derive(Args, Debug, Clone)]
pub struct BenchSoakArgs {
    /// How long to run (90s, 10m, 1h)
    #[arg(long, default_value = "10m")]
    pub duration: String,
    /// How often to sample and print a line
    #[arg(long, default_value = "30s")]
    pub interval: String,
    /// Operations per second, all workers together
    #[arg(long, default_value_t = 400)]
    pub rate: u64,
    /// Concurrent workers (each its own sessions)
    #[arg(long, default_value_t = 8)]
    pub workers: usize,
    /// Operations per session before a worker starts a new one
    #[arg(long, default_value_t = 200)]
    pub ops_per_session: u64,
    /// observe or enforce
    #[arg(long, default_value = "observe")]
    pub mode: String,
}

#[derive(Args, Debug, Clone)]
pub struct BenchMcpArgs {
    /// Calls per run
    #[arg(long, default_value_t = 5000)]
    pub calls: usize,
    /// Calls before timing starts
    #[arg(long, default_value_t = 500)]
    pub warmup: usize,
    /// Runs per setup; medians are reported
    #[arg(long, default_value_t = 3)]
    pub runs: usize,
}

#[derive(Args, Debug, Clone)]
pub struct BenchHooksArgs {
    /// HTTP round trips per mode
    #[arg(long, default_value_t = 5000)]
    pub requests: usize,
    /// Command-form invocations (each starts a process)
    #[arg(long, default_value_t = 200)]
    pub commands: usize,
}

#[derive(Args, Debug, Clone)]
pub struct BenchIngestArgs {
    /// Events per run
    #[arg(long, default_value_t = 400_000)]
    pub events: usize,
    /// Concurrent producers
    #[arg(long, default_value_t = 8)]
    pub producers: usize,
    /// Events per append request
    #[arg(long, default_value_t = 64)]
    pub batch: usize,
    /// Runs; the median is reported
    #[arg(long, default_value_t = 3)]
    pub runs: usize,
}

#[derive(Subcommand, Debug)]
pub enum McpCommand {
    /// Run a stdio MCP server behind Warden: `warden mcp wrap [--gateway URL] [--name NAME] -- CMD ARGS…`
    ///
    /// Use it as the server's command in a client configuration:
    /// `"command": "warden", "args": ["mcp", "wrap", "--name", "fs", "--", "npx", "…"]`.
    /// Messages pass through unchanged (stderr and the exit status too); every message is
    /// recorded with the session; tools/call, resources/read and prompts/get are gated.
    Wrap {
        #[command(flatten)]
        data: DataArg,
        /// Record through this gateway instead of the local data directory
        #[arg(long, env = "WARDEN_GATEWAY")]
        gateway: Option<String>,
        /// The server's name (pins and tool names `mcp__NAME__tool`) [default: the program name]
        #[arg(long)]
        name: Option<String>,
        /// Warden session to record under [default: a new one per run]
        #[arg(long, env = "WARDEN_SESSION_ID")]
        session: Option<String>,
        /// observe or enforce when recording locally [default: from warden.toml]
        #[arg(long)]
        mode: Option<String>,
        /// Put a brokered secret in the server's environment (ENV=SECRET; repeatable), leased to
        /// the task of WARDEN_TASK_TOKEN
        #[arg(long = "secret", value_name = "ENV=SECRET")]
        secrets: Vec<String>,
        /// The server command and its arguments
        #[arg(required = true, trailing_var_arg = true, allow_hyphen_values = true)]
        command: Vec<String>,
    },
    /// List pinned MCP tools, or approve quarantined ones
    Pins {
        #[command(flatten)]
        data: DataArg,
        /// Only this server
        #[arg(long)]
        server: Option<String>,
        /// JSON lines instead of a table
        #[arg(long)]
        json: bool,
        #[command(subcommand)]
        action: Option<PinsCommand>,
    },
    /// A stdio MCP server that answers every request at once (benchmark upstream)
    #[command(hide = true)]
    EchoServer,
}

#[derive(Subcommand, Debug)]
pub enum PinsCommand {
    /// Approve what a server now lists (one tool, or every quarantined tool and its instructions)
    Approve {
        server: String,
        tool: Option<String>,
        /// Who approves (recorded)
        #[arg(long, env = "USER", default_value = "reviewer")]
        by: String,
    },
}

/// How a command reaches the gateway as a reviewer.
#[derive(Args, Debug, Clone)]
pub struct ReviewAuth {
    #[arg(long, env = "WARDEN_GATEWAY", default_value = "http://127.0.0.1:7711")]
    pub gateway: String,
    /// Reviewer token, or @FILE [default: $WARDEN_REVIEW_TOKEN, else <data>/review-admin.token]
    #[arg(long, env = "WARDEN_REVIEW_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    #[command(flatten)]
    pub data: DataArg,
}

#[derive(Subcommand, Debug)]
pub enum ApprovalsCommand {
    /// Open and recent approval requests
    List {
        #[command(flatten)]
        auth: ReviewAuth,
        #[arg(long)]
        json: bool,
    },
    /// Let the held call run (once, with exactly its arguments)
    Approve {
        id: String,
        /// Why (recorded with your name)
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        auth: ReviewAuth,
    },
    /// Refuse the held call
    Deny {
        id: String,
        /// Why (recorded with your name, and told to the agent)
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        auth: ReviewAuth,
    },
}

#[derive(Subcommand, Debug)]
pub enum ReviewerCommand {
    /// Add a reviewer and print its token (shown once)
    Add {
        name: String,
        /// viewer, approver or admin
        #[arg(long)]
        role: String,
        /// An agent this reviewer owns (they cannot approve its requests); repeatable
        #[arg(long = "agent", value_name = "AGENT_ID")]
        agents: Vec<String>,
        #[command(flatten)]
        auth: ReviewAuth,
    },
    /// Reviewers, their roles and the agents they own
    List {
        #[command(flatten)]
        auth: ReviewAuth,
        #[arg(long)]
        json: bool,
    },
    /// Remove a reviewer (its token and sessions stop working)
    Remove {
        name: String,
        #[command(flatten)]
        auth: ReviewAuth,
    },
    /// Give a reviewer a new token (printed once); the old one stops working
    Rotate {
        name: String,
        #[command(flatten)]
        auth: ReviewAuth,
    },
}
