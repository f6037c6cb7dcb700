//! The MCP tap: what the gateway does with each message of an MCP connection, whatever the
//! transport (stdio wrap, Streamable HTTP proxy). The transport forwards bytes; the tap reads
//! the envelope, records, gates the calls that act, pins tool manifests and says what to do
//! with a client request: forward it, answer it with Warden's own reply, or hold it for a
//! reviewer.

use std::sync::{Arc, Mutex};

use serde_json::{json, Value};
use warden_core::{AgentRef, Draft, EventId, EventKind, Outcome, SessionId, Source, Verdict};
use warden_detect::{Observed, ToolSpec};
use warden_mcp::correlate::{Correlator, Link};
use warden_mcp::envelope::{parse_traceparent, CallParams, Direction, Frame, ParseError};
use warden_mcp::manifest::{digest_of, instructions_of, ToolPage};
use warden_mcp::pins::{Listing, ManifestReport, PinStore};
use warden_mcp::reply::{self, DecisionMeta};
use warden_mcp::seal::{Binding, Sealer};
use warden_mcp::Era;

use crate::approvals::{ApprovalRequest, ApprovalState, Approvals};
use crate::config::Mode;
use crate::decide::{CallKind, GateFacts};
use crate::detect::{flatten_text, Seen};
use crate::pipeline::{new_event_id, now, GateRequest, Pipeline};

/// One MCP connection (a wrapped stdio server, or an HTTP session / stateless client).
pub struct Conn {
    /// The upstream's configured name: the pin namespace and the `mcp__<server>__` prefix.
    pub server: String,
    pub session: SessionId,
    pub source: Source,
    pub agent: AgentRef,
    pub era: Era,
    /// The task token the client presents (kept in memory only; validated on each call).
    pub token: Option<String>,
    corr: Correlator<Option<EventId>>,
    instructions: Option<String>,
    /// This connection pinned the server on its first listing, and pages may follow.
    first_listing_open: bool,
}

impl Conn {
    pub fn new(server: &str, session: SessionId, source: Source, agent: AgentRef) -> Self {
        Self {
            server: server.to_owned(),
            session,
            source,
            agent,
            era: Era::Legacy,
            token: None,
            corr: Correlator::default(),
            instructions: None,
            first_listing_open: false,
        }
    }
}

pub type ConnHandle = Arc<Mutex<Conn>>;

fn lock(c: &ConnHandle) -> std::sync::MutexGuard<'_, Conn> {
    match c.lock() {
        Ok(g) => g,
        Err(p) => p.into_inner(),
    }
}

/// What to do with a client message.
// One value per message, matched at once: the held call's size costs nothing worth a box.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum ClientAction {
    /// Send the original bytes on.
    Forward,
    /// Send the original bytes on, with the gateway's own request state removed (the retry of
    /// an approved `input_required` call: the upstream never issued that state).
    ForwardRewritten(String),
    /// Do not forward; answer the client with this message.
    Reply(String),
    /// Hold for a reviewer (legacy era): wait on the approval, then forward or deny.
    Hold(Held),
}

/// A call waiting on a reviewer.
#[derive(Debug, Clone)]
pub struct Held {
    pub approval: String,
    pub id: String,
    pub method: String,
    pub progress_token: Option<String>,
    pub tool: String,
    pub args_digest: String,
    pub meta: DecisionMeta,
    pub era: Era,
}

pub struct McpTap {
    pins: PinStore,
    sealer: Sealer,
    pub approvals: Arc<Approvals>,
    /// Base URL reviewers open to decide (shown to stateless clients).
    pub approval_url: String,
}

impl McpTap {
    pub fn new(pins: PinStore, seal_key: &[u8], approvals: Arc<Approvals>) -> Self {
        Self {
            pins,
            sealer: Sealer::new(seal_key),
            approvals,
            approval_url: "http://127.0.0.1:7711/v1/approvals/".to_owned(),
        }
    }

    pub fn pins(&self) -> &PinStore {
        &self.pins
    }

    /// A client message, before it is forwarded. Gated calls are decided here (the only path
    /// that may hold the message); anything else is recorded and forwarded.
    pub async fn client(&self, p: &Pipeline, conn: &ConnHandle, raw: &str) -> ClientAction {
        self.client_read(p, conn, Frame::parse(raw).as_ref()).await
    }

    /// [`client`](Self::client) for a message the transport has already read (it read it to
    /// route it): the one parse serves both.
    pub async fn client_read(
        &self,
        p: &Pipeline,
        conn: &ConnHandle,
        read: Result<&Frame<'_>, &ParseError>,
    ) -> ClientAction {
        let frame = match read {
            Ok(f) => f,
            Err(e) => {
                self.record_unreadable(p, conn, Direction::ClientToServer, &e.to_string())
                    .await;
                return match p.mode() {
                    // What cannot be read cannot be shown to be harmless.
                    Mode::Enforce => ClientAction::Reply(reply::error(
                        None,
                        -32700,
                        &format!("Warden could not read this message ({e}); enforce mode does not forward what it cannot read"),
                    )),
                    Mode::Observe => ClientAction::Forward,
                };
            }
        };
        let params = frame.call_params();
        if let Some(v) = params
            ._meta
            .as_ref()
            .and_then(|m| m.protocol_version.as_deref())
        {
            lock(conn).era = Era::of_version(v);
        }
        let kind = match frame.method() {
            Some("tools/call") if frame.is_request() => Some(CallKind::McpToolsCall),
            Some("resources/read") if frame.is_request() => Some(CallKind::McpResourcesRead),
            Some("prompts/get") if frame.is_request() => Some(CallKind::McpPromptsGet),
            _ => None,
        };
        match kind {
            Some(kind) => self.gate(p, conn, frame, params, kind).await,
            None => {
                self.record(p, conn, Direction::ClientToServer, frame, Some(params))
                    .await;
                ClientAction::Forward
            }
        }
    }

    /// A server message, after it was forwarded (or, for a JSON response, before: it is read
    /// once either way). Never changes what the client gets.
    pub async fn server(&self, p: &Pipeline, conn: &ConnHandle, raw: &str) {
        match Frame::parse(raw) {
            Ok(frame) => {
                self.record(p, conn, Direction::ServerToClient, &frame, None)
                    .await
            }
            Err(e) => {
                self.record_unreadable(p, conn, Direction::ServerToClient, &e.to_string())
                    .await
            }
        }
    }

    async fn gate(
        &self,
        p: &Pipeline,
        conn: &ConnHandle,
        frame: &Frame<'_>,
        params: CallParams<'_>,
        kind: CallKind,
    ) -> ClientAction {
        let (server, session, source, agent, era) = {
            let c = lock(conn);
            (
                c.server.clone(),
                c.session.clone(),
                c.source,
                c.agent.clone(),
                c.era,
            )
        };
        let name = params.target_name().unwrap_or_default().to_owned();
        // Arguments that are JSON syntax but not a readable value (a number beyond f64, nesting
        // past the parser's limit) must not be decided as if absent: the server may read them.
        let (args, unreadable) = match params.arguments.map(|a| serde_json::from_str(a.get())) {
            None => (json!({}), None),
            Some(Ok(v)) => (v, None),
            Some(Err(e)) => (json!({}), Some(e.to_string())),
        };
        let tool = match kind {
            CallKind::McpToolsCall => format!("mcp__{server}__{name}"),
            _ => name.clone(),
        };
        let input = match kind {
            CallKind::McpResourcesRead => json!({"uri": name}),
            _ => args.clone(),
        };
        let args_digest = digest_of(&input);
        let id = frame.id().unwrap_or("null").to_owned();
        let method = frame.method().unwrap_or_default().to_owned();
        let policy_version = p.decider().engine().version().unwrap_or_default();

        // The retry of a call that waited for approval (stateless era).
        if let Some(state) = params.request_state.as_deref() {
            if state.starts_with(warden_mcp::seal::PREFIX) {
                return self.retry_after_approval(
                    frame,
                    &params,
                    state,
                    &server,
                    &tool,
                    &args_digest,
                    &policy_version,
                    &id,
                    &method,
                    era,
                );
            }
        }

        let quarantine = match kind {
            CallKind::McpToolsCall => self.pins.quarantine(&server, &name),
            _ => Ok(None),
        };
        let mut hold = match quarantine {
            Ok(Some(q)) => Some(q.reason(&server, &name)),
            Ok(None) => None,
            Err(e) => Some(format!(
                "Warden could not check this tool's pin ({e}); a tool whose pin cannot be checked is not trusted"
            )),
        };
        if let Some(e) = unreadable {
            hold.get_or_insert(format!(
                "Warden could not read this call's arguments ({e}); a call whose arguments cannot be checked against policy is not allowed"
            ));
        }

        // The agent may have announced this call through its hooks: one action, one session.
        let linked = match kind {
            CallKind::McpToolsCall => p.links().claim(&name, &args_digest),
            _ => None,
        };
        let session = match &linked {
            Some(h) => {
                lock(conn).session = h.session.clone();
                h.session.clone()
            }
            None => session,
        };
        let mut draft = Draft::new(
            EventKind::ToolCall,
            session.clone(),
            json!({
                "server": server,
                "method": method,
                "name": name,
                "arguments": args,
                "era": era.as_str(),
            }),
        );
        draft.id = Some(new_event_id());
        draft.correlation.jsonrpc_id = Some(id.clone());
        draft.correlation.parent_id = linked.as_ref().map(|h| h.event);
        if let Some(tp) = params._meta.as_ref().and_then(|m| m.traceparent.as_deref()) {
            if let Some((trace, span)) = parse_traceparent(tp) {
                draft.trace_id = Some(trace);
                draft.span_id = Some(span);
            }
        }
        crate::identity::vet_mcp(p, conn, &mut draft, &mut hold, source, &agent).await;
        let call_id = draft.id;
        lock(conn)
            .corr
            .see(Direction::ClientToServer, frame, call_id);
        let verdict = p
            .gate(GateRequest {
                draft,
                source,
                presenter: agent.clone(),
                facts: GateFacts {
                    tool: tool.clone(),
                    input,
                    server: Some(server.clone()),
                    cwd: None,
                    action: kind,
                    hold,
                },
                tool_use_id: None,
                linked: linked.is_some(),
            })
            .await;
        let meta = decision_meta(&verdict, &policy_version);
        match verdict.outcome {
            Outcome::Allow => ClientAction::Forward,
            Outcome::Deny => {
                self.forget(conn, frame);
                ClientAction::Reply(reply::deny(&id, &method, era, &meta))
            }
            Outcome::Ask => {
                // The same call approved before (a restart dropped the held connection, or the
                // client retried): it runs once. Still pending: the call waits on that request.
                let existing = self.approvals.find_for_call(
                    &agent.to_string(),
                    "",
                    &tool,
                    &args_digest,
                    &policy_version,
                );
                if let Some(r) = &existing {
                    if matches!(r.state, ApprovalState::Approved { .. })
                        && self.approvals.consume(&r.id, &tool, &args_digest)
                    {
                        return ClientAction::Forward;
                    }
                }
                let pending = existing.filter(|r| r.state == ApprovalState::Pending);
                let request = match pending {
                    Some(r) => r,
                    None => self.approvals.open(
                        ApprovalRequest {
                            id: new_event_id().to_string(),
                            agent: agent.to_string(),
                            task_id: String::new(),
                            session_id: session.to_string(),
                            server: Some(server.clone()),
                            tool: tool.clone(),
                            args_digest: args_digest.clone(),
                            policy_version: policy_version.clone(),
                            reason: verdict.reason.clone(),
                            decision_id: verdict.decision_id.map(|d| d.to_string()),
                            opened_at: now().to_string(),
                            ..Default::default()
                        },
                        self.approvals.ttl(),
                    ),
                };
                match era {
                    Era::Stateless => {
                        self.forget(conn, frame);
                        let state = self.sealer.seal(&Binding {
                            approval: request.id.clone(),
                            server,
                            tool,
                            args: args_digest,
                            policy_version,
                            exp: unix_now() + self.approvals.ttl().as_secs() as i64,
                        });
                        let url = format!("{}{}/status", self.approval_url, request.id);
                        ClientAction::Reply(reply::input_required(&id, &state, &url, &meta))
                    }
                    Era::Legacy => ClientAction::Hold(Held {
                        approval: request.id,
                        id,
                        method,
                        progress_token: params
                            ._meta
                            .as_ref()
                            .and_then(|m| m.progress_token)
                            .map(|t| t.get().to_owned()),
                        tool,
                        args_digest,
                        meta,
                        era,
                    }),
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn retry_after_approval(
        &self,
        frame: &Frame<'_>,
        params: &CallParams<'_>,
        state: &str,
        server: &str,
        tool: &str,
        args_digest: &str,
        policy_version: &str,
        id: &str,
        method: &str,
        era: Era,
    ) -> ClientAction {
        let deny = |reason: String| {
            ClientAction::Reply(reply::deny(
                id,
                method,
                era,
                &DecisionMeta {
                    outcome: "deny",
                    reason,
                    decision_id: None,
                    policy_version: Some(policy_version.to_owned()),
                },
            ))
        };
        let binding =
            match self
                .sealer
                .open(state, unix_now(), server, tool, args_digest, policy_version)
            {
                Ok(b) => b,
                Err(e) => return deny(format!("Warden refused the retried call: {e}")),
            };
        match self.approvals.get(&binding.approval).map(|r| r.state) {
            Some(ApprovalState::Approved { .. }) => {
                if !self.approvals.consume(&binding.approval, tool, args_digest) {
                    return deny(
                        "This approval was already used; an approval lets one call run once".into(),
                    );
                }
                let _ = params;
                match strip_request_state(frame) {
                    Some(rewritten) => ClientAction::ForwardRewritten(rewritten),
                    None => deny("Warden could not prepare the approved call".into()),
                }
            }
            Some(ApprovalState::Pending) => {
                let url = format!("{}{}/status", self.approval_url, binding.approval);
                let meta = DecisionMeta {
                    outcome: "ask",
                    reason: "Still waiting for a reviewer's approval".into(),
                    decision_id: None,
                    policy_version: Some(policy_version.to_owned()),
                };
                ClientAction::Reply(reply::input_required(id, state, &url, &meta))
            }
            Some(ApprovalState::Denied { reason, .. }) => {
                deny(format!("A reviewer denied this call: {reason}"))
            }
            Some(ApprovalState::Expired) | None => {
                deny("The approval request expired; expiry is a deny".into())
            }
        }
    }

    /// A held call's outcome: forward, or the reply that denies it.
    pub fn after_hold(&self, held: &Held, state: &ApprovalState) -> Result<(), String> {
        let reason = match state {
            ApprovalState::Approved { .. } => {
                if self
                    .approvals
                    .consume(&held.approval, &held.tool, &held.args_digest)
                {
                    return Ok(());
                }
                "This approval was already used".to_owned()
            }
            ApprovalState::Denied { reason, .. } => {
                format!("A reviewer denied this call: {reason}")
            }
            ApprovalState::Expired | ApprovalState::Pending => {
                "No reviewer approved this call before the request expired; expiry is a deny"
                    .to_owned()
            }
        };
        let meta = DecisionMeta {
            outcome: "deny",
            reason,
            ..held.meta.clone()
        };
        Err(reply::deny(&held.id, &held.method, held.era, &meta))
    }

    fn forget(&self, conn: &ConnHandle, frame: &Frame<'_>) {
        // The call will never be answered by the server: drop it from the correlator by
        // feeding it a synthetic response to the same id.
        if let Some(id) = frame.id() {
            let fake = format!(r#"{{"jsonrpc":"2.0","id":{id},"result":{{}}}}"#);
            if let Ok(f) = Frame::parse(&fake) {
                lock(conn).corr.see(Direction::ServerToClient, &f, None);
            }
        }
    }

    /// Records a non-gated message and tells detection what it saw.
    async fn record(
        &self,
        p: &Pipeline,
        conn: &ConnHandle,
        dir: Direction,
        frame: &Frame<'_>,
        params: Option<CallParams<'_>>,
    ) {
        let event_id = new_event_id();
        let (link, server, session, source, agent) = {
            let mut c = lock(conn);
            let link = c.corr.see(dir, frame, Some(event_id));
            (
                link,
                c.server.clone(),
                c.session.clone(),
                c.source,
                c.agent.clone(),
            )
        };
        let mut items = Vec::with_capacity(2);
        let payload = |r: Option<&serde_json::value::RawValue>| -> Value {
            r.and_then(|v| serde_json::from_str(v.get()).ok())
                .unwrap_or(Value::Null)
        };
        let (kind, body, seen, parent) = match (&link, dir) {
            (Link::Answers(req), Direction::ServerToClient) if req.method == "tools/call" => {
                let result = payload(frame.result());
                let is_error = frame.error().is_some()
                    || result.get("isError").and_then(Value::as_bool) == Some(true);
                let tool = format!("mcp__{server}__{}", req.name.as_deref().unwrap_or(""));
                let text = match frame.error() {
                    Some(e) => flatten_text(&payload(Some(e))),
                    None => flatten_text(&result),
                };
                let body = json!({
                    "server": server, "method": "tools/call", "name": req.name,
                    "result": result, "error": payload(frame.error()),
                });
                let seen = Seen::ToolResult {
                    tool: tool.clone(),
                    tool_use_id: None,
                    text,
                    is_error,
                };
                (EventKind::ToolResult, body, Some(seen), req.data)
            }
            (Link::Answers(req), Direction::ServerToClient) => {
                let result = payload(frame.result());
                let seen = self.on_result(conn, &server, req, &result, &mut items, p);
                let body = message_body(dir, frame, &server, Some(&req.method), result);
                (EventKind::McpMessage, body, seen, req.data)
            }
            _ => {
                let content = payload(frame.params().or(frame.result()).or(frame.error()));
                let method = match &link {
                    Link::Answers(r) | Link::Progress(r) | Link::Cancels(r) => {
                        Some(r.method.clone())
                    }
                    _ => None,
                };
                let parent = match &link {
                    Link::Answers(r) | Link::Progress(r) | Link::Cancels(r) => r.data,
                    _ => None,
                };
                let body = message_body(dir, frame, &server, method.as_deref(), content);
                (EventKind::McpMessage, body, None, parent)
            }
        };
        let mut draft = Draft::new(kind, session, body);
        draft.id = Some(event_id);
        draft.correlation.jsonrpc_id = frame.id().map(str::to_owned);
        draft.correlation.parent_id = parent;
        let params = params.unwrap_or_else(|| frame.call_params());
        if let Some(tp) = params._meta.as_ref().and_then(|m| m.traceparent.as_deref()) {
            if let Some((trace, span)) = parse_traceparent(tp) {
                draft.trace_id = Some(trace);
                draft.span_id = Some(span);
            }
        }
        // After any event `on_result` added: a pin report precedes the listing it is about.
        items.push((draft, seen));
        if let Err(e) = p.observe(items, source, &agent).await {
            tracing::error!(error = %e, "could not queue an MCP message for recording");
        }
    }

    /// What a response teaches: instructions (initialize, server/discover), a tool listing to
    /// pin, a resource's content for detection.
    fn on_result(
        &self,
        conn: &ConnHandle,
        server: &str,
        req: &warden_mcp::correlate::InFlight<Option<EventId>>,
        result: &Value,
        extra: &mut Vec<(Draft, Option<Seen>)>,
        p: &Pipeline,
    ) -> Option<Seen> {
        match req.method.as_str() {
            "initialize" | "server/discover" => {
                let mut c = lock(conn);
                c.instructions = instructions_of(result).map(str::to_owned);
                if let Some(v) = result
                    .get("protocolVersion")
                    .and_then(Value::as_str)
                    .or_else(|| {
                        result
                            .get("supportedVersions")
                            .and_then(|v| v.get(0))
                            .and_then(Value::as_str)
                    })
                {
                    if req.method == "initialize" {
                        c.era = Era::of_version(v);
                    }
                }
                None
            }
            "tools/list" => {
                let page = ToolPage::from_result(result);
                let (instructions, listing) = {
                    let c = lock(conn);
                    let listing = if c.first_listing_open {
                        Listing::ContinuesFirstSight
                    } else {
                        Listing::Fresh
                    };
                    (c.instructions.clone(), listing)
                };
                let report =
                    self.pins
                        .observe(server, instructions.as_deref(), &page.tools, listing);
                {
                    let mut c = lock(conn);
                    c.first_listing_open =
                        matches!(&report, Ok(r) if r.first_sight) && page.next_cursor.is_some();
                }
                match report {
                    Ok(r) if r.has_changes() => {
                        extra.push(manifest_change_event(&r, server, &lock(conn).session));
                    }
                    Ok(_) => {}
                    Err(e) => tracing::error!(error = %e, server, "could not pin a tool listing"),
                }
                let _ = p;
                let tools = page
                    .tools
                    .iter()
                    .filter_map(|t| serde_json::from_value::<ToolSpec>(t.definition.clone()).ok())
                    .collect();
                Some(Seen::Observed(Observed::ToolManifest {
                    server: server.to_owned(),
                    instructions,
                    tools,
                }))
            }
            "resources/read" => Some(Seen::Observed(Observed::Resource {
                uri: req.name.clone().unwrap_or_default(),
                text: flatten_text(result),
            })),
            "prompts/get" => Some(Seen::Observed(Observed::Resource {
                uri: format!("prompt:{}", req.name.as_deref().unwrap_or("")),
                text: flatten_text(result),
            })),
            _ => None,
        }
    }

    async fn record_unreadable(&self, p: &Pipeline, conn: &ConnHandle, dir: Direction, why: &str) {
        let (server, session, source, agent) = {
            let c = lock(conn);
            (
                c.server.clone(),
                c.session.clone(),
                c.source,
                c.agent.clone(),
            )
        };
        let draft = Draft::new(
            EventKind::McpMessage,
            session,
            json!({"server": server, "direction": dir.as_str(), "unreadable": why}),
        );
        if let Err(e) = p.observe(vec![(draft, None)], source, &agent).await {
            tracing::error!(error = %e, "could not queue an MCP message for recording");
        }
    }
}

/// The record of a changed manifest: the quarantine the pin store applied, as an event the
/// detectors see (`tool.manifest_changed` fires on it even when the gateway restarted since
/// the first listing).
fn manifest_change_event(
    r: &ManifestReport,
    server: &str,
    session: &SessionId,
) -> (Draft, Option<Seen>) {
    let body = json!({
        "server": server,
        "pins": {
            "changed": r.changed, "added": r.added, "renamed": r.renamed,
            "instructions_changed": r.instructions_changed, "quarantined": r.quarantined(),
        }
    });
    let draft = Draft::new(EventKind::Other, session.clone(), body);
    (
        draft,
        Some(Seen::Observed(Observed::PinReport {
            server: server.to_owned(),
            quarantined: r.quarantined(),
            instructions_changed: r.instructions_changed,
        })),
    )
}

fn message_body(
    dir: Direction,
    frame: &Frame<'_>,
    server: &str,
    method: Option<&str>,
    content: Value,
) -> Value {
    let member = if frame.is_request() || frame.method().is_some() {
        "params"
    } else if frame.error().is_some() {
        "error"
    } else {
        "result"
    };
    json!({
        "server": server,
        "direction": dir.as_str(),
        "method": frame.method().or(method),
        "kind": format!("{:?}", frame.kind()).to_lowercase(),
        member: content,
    })
}

fn decision_meta(v: &Verdict, policy_version: &str) -> DecisionMeta {
    DecisionMeta {
        outcome: v.outcome.as_str(),
        reason: v.reason.clone(),
        decision_id: v.decision_id.map(|d| d.to_string()),
        policy_version: Some(policy_version.to_owned()),
    }
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// The request without Warden's `requestState` and `inputResponses` (they answer Warden, not
/// the upstream). The one message Warden re-serializes: it is Warden's own protocol exchange.
fn strip_request_state(frame: &Frame<'_>) -> Option<String> {
    let mut v: Value = serde_json::from_str(frame.raw()).ok()?;
    let params = v.get_mut("params")?.as_object_mut()?;
    params.remove("requestState");
    if let Some(Value::Object(responses)) = params.get_mut("inputResponses") {
        responses.remove("dev.warden/approval");
        if responses.is_empty() {
            params.remove("inputResponses");
        }
    }
    Some(v.to_string())
}
