//! Tasks: the unit of work a session belongs to, with the objective and the declared scope that
//! policy and detection compare actions against.
//!
//! A task is declared with `POST /v1/tasks` (or `warden task start`), is recorded as a `task`
//! event, and binds the session it names. The registry keeps declared tasks in memory and
//! falls back to the store for tasks declared before a restart.

use std::collections::HashMap;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use warden_core::{TaskId, Timestamp};

/// Largest objective accepted, in bytes.
const MAX_OBJECTIVE: usize = 8 * 1024;
/// Most entries in one scope list.
const MAX_SCOPE_ENTRIES: usize = 512;

/// What a task may touch. `None` means "not restricted"; `Some(vec![])` means "nothing".
/// Entries match names as agents report them and allow `*` globs (`mcp__github__get_*`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tools: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub servers: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destinations: Option<Vec<String>>,
}

impl Scope {
    pub fn is_restricted(&self) -> bool {
        self.tools.is_some()
            || self.servers.is_some()
            || self.resources.is_some()
            || self.destinations.is_some()
    }

    fn validate(&self) -> Result<(), String> {
        for (name, list) in [
            ("tools", &self.tools),
            ("servers", &self.servers),
            ("resources", &self.resources),
            ("destinations", &self.destinations),
        ] {
            if let Some(list) = list {
                if list.len() > MAX_SCOPE_ENTRIES {
                    return Err(format!(
                        "scope.{name} has more than {MAX_SCOPE_ENTRIES} entries"
                    ));
                }
                if let Some(bad) = list
                    .iter()
                    .find(|e| e.is_empty() || e.len() > 512 || e.chars().any(char::is_control))
                {
                    return Err(format!(
                        "scope.{name} entry {:?} is empty, too long or has control characters",
                        bad.chars().take(40).collect::<String>()
                    ));
                }
            }
        }
        Ok(())
    }
}

/// `Some(true)` if the list allows `name`, `Some(false)` if it does not, `None` if unrestricted.
/// Entries are `warden-analysis` globs, the matching every scope check uses.
pub fn list_allows(list: &Option<Vec<String>>, name: &str) -> Option<bool> {
    list.as_ref()
        .map(|l| l.iter().any(|p| warden_analysis::glob_match(p, name)))
}

/// The body of `POST /v1/tasks`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskRequest {
    pub objective: String,
    #[serde(default)]
    pub scope: Scope,
    #[serde(default)]
    pub session_id: Option<String>,
    #[serde(default)]
    pub deadline: Option<String>,
    #[serde(default)]
    pub trigger: Option<String>,
    /// RFC 8693 `may_act`: the one agent (SPIFFE id) allowed to take work over by delegation.
    #[serde(default)]
    pub may_act: Option<String>,
}

/// A declared task.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskSpec {
    pub task_id: TaskId,
    pub objective: String,
    pub scope: Scope,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<String>,
    #[serde(default)]
    pub ended: bool,
}

impl TaskRequest {
    /// Validates the request into a task with a fresh id.
    pub fn into_spec(self, task_id: TaskId, now: Timestamp) -> Result<TaskSpec, String> {
        let objective = self.objective.trim().to_owned();
        if objective.is_empty() {
            return Err("objective must not be empty: say what the task is for".into());
        }
        if objective.len() > MAX_OBJECTIVE {
            return Err(format!("objective is longer than {MAX_OBJECTIVE} bytes"));
        }
        self.scope.validate()?;
        let deadline = self.deadline.as_deref().map(Timestamp::parse).transpose()?;
        if deadline.is_some_and(|d| d <= now) {
            return Err("deadline is in the past".into());
        }
        if let Some(t) = &self.trigger {
            if t.is_empty() || t.len() > 256 || t.chars().any(char::is_control) {
                return Err("trigger must be 1..=256 characters without control characters".into());
            }
        }
        Ok(TaskSpec {
            task_id,
            objective,
            scope: self.scope,
            deadline,
            trigger: self.trigger,
            ended: false,
        })
    }
}

/// Declared tasks by id.
#[derive(Default)]
pub struct TaskRegistry {
    tasks: Mutex<HashMap<TaskId, TaskSpec>>,
}

impl TaskRegistry {
    pub fn insert(&self, spec: TaskSpec) {
        if let Ok(mut t) = self.tasks.lock() {
            t.insert(spec.task_id.clone(), spec);
        }
    }

    pub fn get(&self, id: &TaskId) -> Option<TaskSpec> {
        self.tasks.lock().ok()?.get(id).cloned()
    }

    /// Marks a task ended; returns false if it is unknown.
    pub fn end(&self, id: &TaskId) -> bool {
        match self.tasks.lock() {
            Ok(mut t) => t.get_mut(id).map(|s| s.ended = true).is_some(),
            Err(_) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_lists_match_like_agents_name_tools() {
        let get = Some(vec!["mcp__github__get_*".to_owned()]);
        assert_eq!(list_allows(&get, "mcp__github__get_issue"), Some(true));
        assert_eq!(list_allows(&get, "mcp__github__delete_repo"), Some(false));
        let docs = Some(vec!["/home/dev/app/docs/**".to_owned()]);
        assert_eq!(list_allows(&docs, "/home/dev/app/docs"), Some(true));
        assert_eq!(list_allows(&None, "x"), None);
        assert_eq!(list_allows(&Some(vec!["Re*".into()]), "Read"), Some(true));
        assert_eq!(list_allows(&Some(vec![]), "Read"), Some(false));
    }

    #[test]
    fn task_requests_are_validated() {
        let now = Timestamp::parse("2026-01-01T00:00:00Z").expect("time");
        let id = TaskId::new("task-1").expect("id");
        let ok: TaskRequest = serde_json::from_str(
            r#"{"objective":"fix the test","scope":{"tools":["Read","Bash"]}}"#,
        )
        .expect("json");
        let spec = ok.into_spec(id.clone(), now).expect("valid");
        assert!(spec.scope.is_restricted());
        let empty: TaskRequest = serde_json::from_str(r#"{"objective":"  "}"#).expect("json");
        assert!(empty.into_spec(id.clone(), now).is_err());
        let past: TaskRequest =
            serde_json::from_str(r#"{"objective":"x","deadline":"2025-01-01T00:00:00Z"}"#)
                .expect("json");
        assert!(past.into_spec(id, now).expect_err("past").contains("past"));
        assert!(serde_json::from_str::<TaskRequest>(
            r#"{"objective":"x","scope":{"tool":["Read"]}}"#
        )
        .is_err());
    }
}
