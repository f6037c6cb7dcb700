//! The few messages Warden writes itself, on behalf of a tool server it did not let the call
//! reach: a denial, and (stateless era) an `input_required` result awaiting approval.
//!
//! A denied `tools/call` is answered with a tool result flagged `isError` carrying the reason,
//! which is what the model reads and can act on (ask the user, pick another path). Methods
//! without an error flag in their result (`resources/read`, `prompts/get`) get a JSON-RPC error.
//! Every reply carries `_meta["dev.warden/decision"]` so clients and logs can tell Warden's
//! answers from the server's.

use serde_json::{json, Value};

use crate::era::Era;

/// JSON-RPC error code Warden uses for a policy denial (implementation-defined range).
pub const DENIED: i64 = -32001;

/// What Warden decided, for the `_meta` of its replies.
#[derive(Clone, Debug, Default)]
pub struct DecisionMeta {
    pub outcome: &'static str,
    pub reason: String,
    pub decision_id: Option<String>,
    pub policy_version: Option<String>,
}

impl DecisionMeta {
    fn to_value(&self) -> Value {
        json!({
            "outcome": self.outcome,
            "reason": self.reason,
            "decision_id": self.decision_id,
            "policy_version": self.policy_version,
        })
    }
}

/// A denial of the request with JSON id text `id` (as it arrived: `7` or `"abc"`).
pub fn deny(id: &str, method: &str, era: Era, d: &DecisionMeta) -> String {
    let id: Value = serde_json::from_str(id).unwrap_or(Value::Null);
    let meta = json!({ "dev.warden/decision": d.to_value() });
    let msg = if method == "tools/call" {
        let mut result = json!({
            "content": [{"type": "text", "text": d.reason}],
            "isError": true,
            "_meta": meta,
        });
        if era == Era::Stateless {
            result["resultType"] = json!("complete");
        }
        json!({"jsonrpc": "2.0", "id": id, "result": result})
    } else {
        json!({"jsonrpc": "2.0", "id": id, "error": {"code": DENIED, "message": d.reason, "data": meta}})
    };
    msg.to_string()
}

/// A JSON-RPC error with no usable id (a message Warden could not read, a header mismatch).
pub fn error(id: Option<&str>, code: i64, message: &str) -> String {
    let id: Value = id
        .and_then(|i| serde_json::from_str(i).ok())
        .unwrap_or(Value::Null);
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}}).to_string()
}

/// A stateless-era `input_required` result: the call waits on approval `approval_url`; the
/// client retries the same request with `requestState` (and its answer to the URL elicitation).
pub fn input_required(id: &str, state: &str, approval_url: &str, d: &DecisionMeta) -> String {
    let id: Value = serde_json::from_str(id).unwrap_or(Value::Null);
    json!({
        "jsonrpc": "2.0",
        "id": id,
        "result": {
            "resultType": "input_required",
            "inputRequests": {
                "dev.warden/approval": {
                    "method": "elicitation/create",
                    "params": {
                        "mode": "url",
                        "message": format!("Warden holds this call for a reviewer's approval: {}", d.reason),
                        "url": approval_url,
                        "elicitationId": d.decision_id,
                    }
                }
            },
            "requestState": state,
            "_meta": {"dev.warden/decision": d.to_value()},
        }
    })
    .to_string()
}

/// A legacy-era progress notification keeping a held call's stream alive.
pub fn progress(token: &str, progress: u64, message: &str) -> String {
    let token: Value = serde_json::from_str(token).unwrap_or(Value::Null);
    json!({
        "jsonrpc": "2.0",
        "method": "notifications/progress",
        "params": {"progressToken": token, "progress": progress, "message": message}
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tool_denials_are_error_results_other_denials_are_errors() {
        let d = DecisionMeta {
            outcome: "deny",
            reason: "no".into(),
            ..Default::default()
        };
        let t: Value =
            serde_json::from_str(&deny("\"a\"", "tools/call", Era::Stateless, &d)).unwrap();
        assert_eq!(t["id"], "a");
        assert_eq!(t["result"]["isError"], true);
        assert_eq!(t["result"]["resultType"], "complete");
        assert_eq!(t["result"]["content"][0]["text"], "no");
        let r: Value = serde_json::from_str(&deny("3", "resources/read", Era::Legacy, &d)).unwrap();
        assert_eq!(r["id"], 3);
        assert_eq!(r["error"]["code"], DENIED);
    }
}
