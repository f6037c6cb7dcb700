//! A server's tool manifest: what the model is told about each tool, hashed so that any later
//! change — a reworded description, a widened schema, a flipped annotation — is visible.
//!
//! A tool's digest is SHA-256 over the RFC 8785 canonical JSON of the members that reach the
//! model or steer the client: `name`, `title`, `description`, `inputSchema`, `outputSchema`
//! and `annotations`. `_meta` and `icons` are left out: they change for reasons that are not a
//! rug pull (cache hints, artwork). The *shape* digest leaves out the name too, so a tool that
//! reappears under a new name with the same definition is recognised as renamed.

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

/// Members of a tool definition that are pinned.
const PINNED_MEMBERS: &[&str] = &[
    "name",
    "title",
    "description",
    "inputSchema",
    "outputSchema",
    "annotations",
];

/// One tool as listed, with its digests.
#[derive(Clone, Debug, PartialEq)]
pub struct ToolDef {
    pub name: String,
    /// The pinned members, as listed.
    pub definition: Value,
    /// `sha256:<hex>` over the pinned members.
    pub digest: String,
    /// `sha256:<hex>` over the pinned members without `name`.
    pub shape: String,
}

impl ToolDef {
    /// Reads one entry of a `tools/list` result. `None` when it has no string `name`.
    pub fn from_listing(tool: &Value) -> Option<ToolDef> {
        let obj = tool.as_object()?;
        let name = obj.get("name")?.as_str()?.to_owned();
        let mut pinned = Map::new();
        for key in PINNED_MEMBERS {
            if let Some(v) = obj.get(*key) {
                pinned.insert((*key).to_owned(), v.clone());
            }
        }
        let definition = Value::Object(pinned);
        let digest = digest_of(&definition);
        let mut without_name = definition.clone();
        if let Value::Object(m) = &mut without_name {
            m.remove("name");
        }
        let shape = digest_of(&without_name);
        Some(ToolDef {
            name,
            definition,
            digest,
            shape,
        })
    }

    pub fn description(&self) -> Option<&str> {
        self.definition.get("description").and_then(Value::as_str)
    }
}

/// `sha256:<hex>` of a value's canonical JSON.
pub fn digest_of(v: &Value) -> String {
    let bytes = warden_core::canonical::to_vec(v);
    format!("sha256:{}", hex::encode(Sha256::digest(bytes)))
}

/// `sha256:<hex>` of a server's instructions (empty when it gives none).
pub fn instructions_digest(instructions: Option<&str>) -> String {
    format!(
        "sha256:{}",
        hex::encode(Sha256::digest(instructions.unwrap_or("").as_bytes()))
    )
}

/// One page of a `tools/list` result.
#[derive(Clone, Debug, Default)]
pub struct ToolPage {
    pub tools: Vec<ToolDef>,
    /// Entries that could not be read as tools (no name); counted, not pinned.
    pub unreadable: usize,
    pub next_cursor: Option<String>,
}

impl ToolPage {
    /// Reads a `tools/list` result.
    pub fn from_result(result: &Value) -> ToolPage {
        let mut page = ToolPage {
            next_cursor: result
                .get("nextCursor")
                .and_then(Value::as_str)
                .map(str::to_owned),
            ..ToolPage::default()
        };
        if let Some(list) = result.get("tools").and_then(Value::as_array) {
            for t in list {
                match ToolDef::from_listing(t) {
                    Some(d) => page.tools.push(d),
                    None => page.unreadable += 1,
                }
            }
        }
        page
    }
}

/// The `instructions` of an `initialize` or `server/discover` result.
pub fn instructions_of(result: &Value) -> Option<&str> {
    result.get("instructions").and_then(Value::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn digest_ignores_key_order_and_meta_but_not_descriptions() {
        let a = json!({"name":"t","description":"d","inputSchema":{"type":"object","properties":{"a":{},"b":{}}},"_meta":{"x":1}});
        let b = json!({"inputSchema":{"properties":{"b":{},"a":{}},"type":"object"},"description":"d","name":"t","_meta":{"x":2}});
        let c = json!({"name":"t","description":"d ","inputSchema":{"type":"object","properties":{"a":{},"b":{}}}});
        let (a, b, c) = (
            ToolDef::from_listing(&a).unwrap(),
            ToolDef::from_listing(&b).unwrap(),
            ToolDef::from_listing(&c).unwrap(),
        );
        assert_eq!(a.digest, b.digest);
        assert_ne!(a.digest, c.digest);
    }

    #[test]
    fn shape_survives_a_rename() {
        let a = ToolDef::from_listing(&json!({"name":"send","description":"Send mail"})).unwrap();
        let b =
            ToolDef::from_listing(&json!({"name":"send_v2","description":"Send mail"})).unwrap();
        assert_ne!(a.digest, b.digest);
        assert_eq!(a.shape, b.shape);
    }

    #[test]
    fn pages_keep_cursor_and_count_bad_entries() {
        let p = ToolPage::from_result(
            &json!({"tools":[{"name":"a"},{"description":"no name"}],"nextCursor":"c2"}),
        );
        assert_eq!(p.tools.len(), 1);
        assert_eq!(p.unreadable, 1);
        assert_eq!(p.next_cursor.as_deref(), Some("c2"));
    }
}
