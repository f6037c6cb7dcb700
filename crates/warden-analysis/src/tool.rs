//! Tool names as agents report them.

use serde::{Deserialize, Serialize};

/// A tool as named by the agent: either a plain name (`Bash`, `Read`) or an MCP tool reported by
/// hooks as `mcp__<server>__<tool>` (server and tool may contain single underscores and dashes).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ToolRef {
    /// The full name as reported.
    pub name: String,
    /// The MCP server, for MCP tools.
    pub server: Option<String>,
    /// The tool's own name (the part after the server for MCP tools).
    pub tool: String,
}

/// Tools of the coding agents Warden knows (Claude Code names, with Codex / Gemini CLI aliases).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KnownTool {
    Bash,
    Read,
    Write,
    Edit,
    MultiEdit,
    NotebookEdit,
    Glob,
    Grep,
    Ls,
    WebFetch,
    WebSearch,
    /// Subagent spawn.
    Task,
    TodoWrite,
    /// Codex `apply_patch`.
    ApplyPatch,
}

impl ToolRef {
    pub fn parse(name: &str) -> Self {
        if let Some(rest) = name.strip_prefix("mcp__") {
            if let Some(i) = rest.find("__") {
                let (server, tool) = (&rest[..i], &rest[i + 2..]);
                if !server.is_empty() && !tool.is_empty() {
                    return Self {
                        name: name.to_owned(),
                        server: Some(server.to_owned()),
                        tool: tool.to_owned(),
                    };
                }
            }
        }
        Self {
            name: name.to_owned(),
            server: None,
            tool: name.to_owned(),
        }
    }

    /// An MCP tool seen at the MCP layer (server known from the connection).
    pub fn mcp(server: &str, tool: &str) -> Self {
        Self {
            name: format!("mcp__{server}__{tool}"),
            server: Some(server.to_owned()),
            tool: tool.to_owned(),
        }
    }

    pub fn is_mcp(&self) -> bool {
        self.server.is_some()
    }

    /// The built-in agent tool this is, if any (never for MCP tools).
    pub fn known(&self) -> Option<KnownTool> {
        if self.server.is_some() {
            return None;
        }
        Some(match self.name.as_str() {
            "Bash" | "shell" | "Shell" | "PowerShell" | "powershell" | "pwsh"
            | "run_shell_command" | "exec_command" | "local_shell" | "container.exec" => {
                KnownTool::Bash
            }
            "Read" | "read_file" | "read_many_files" | "view" => KnownTool::Read,
            "Write" | "write_file" | "create_file" => KnownTool::Write,
            "Edit" | "replace" | "edit_file" | "str_replace_based_edit_tool" => KnownTool::Edit,
            "MultiEdit" => KnownTool::MultiEdit,
            "NotebookEdit" => KnownTool::NotebookEdit,
            "Glob" | "glob" => KnownTool::Glob,
            "Grep" | "grep" | "search_file_content" => KnownTool::Grep,
            "LS" | "ls" | "list_directory" => KnownTool::Ls,
            "WebFetch" | "web_fetch" => KnownTool::WebFetch,
            "WebSearch" | "web_search" | "google_web_search" => KnownTool::WebSearch,
            "Task" | "Agent" => KnownTool::Task,
            "TodoWrite" | "write_todos" | "update_plan" => KnownTool::TodoWrite,
            "apply_patch" => KnownTool::ApplyPatch,
            _ => return None,
        })
    }

    /// Lowercase words of the tool's own name (`send_email` → `send`, `email`;
    /// `createPullRequest` → `create`, `pull`, `request`).
    pub fn words(&self) -> Vec<String> {
        split_words(&self.tool)
    }
}

pub(crate) fn split_words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            if c.is_ascii_uppercase() && prev_lower && !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
            cur.push(c.to_ascii_lowercase());
        } else {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_mcp_names() {
        let t = ToolRef::parse("mcp__github__get_pull_request_diff");
        assert_eq!(t.server.as_deref(), Some("github"));
        assert_eq!(t.tool, "get_pull_request_diff");
        let t = ToolRef::parse("mcp__my_server-2__send_email");
        assert_eq!(t.server.as_deref(), Some("my_server-2"));
        assert_eq!(t.tool, "send_email");
        let t = ToolRef::parse("Bash");
        assert_eq!(t.server, None);
        assert_eq!(t.known(), Some(KnownTool::Bash));
        let t = ToolRef::parse("mcp__broken");
        assert_eq!(t.server, None);
        assert_eq!(t.known(), None);
        assert_eq!(ToolRef::mcp("mail", "send").name, "mcp__mail__send");
        assert_eq!(ToolRef::parse("mcp__x__Bash").known(), None);
    }

    #[test]
    fn splits_words() {
        assert_eq!(
            split_words("createPullRequest"),
            ["create", "pull", "request"]
        );
        assert_eq!(split_words("send_email"), ["send", "email"]);
        assert_eq!(split_words("add-collaborator"), ["add", "collaborator"]);
    }
}
