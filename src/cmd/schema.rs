//! `brief schema`: JSON Schemas for editors, generated from the same field
//! table the loader checks against, so the two never disagree.
//!
//! Point the YAML language server at it with a first line such as
//! `# yaml-language-server: $schema=../schema/program.schema.json`.

use serde_json::{Map, Value, json};

use super::Outcome;
use crate::cli::{SchemaArgs, SchemaKind};
use crate::model::schema::{self, Field, Kind};

const DATE_PATTERN: &str = r"^\d{4}-\d{2}-\d{2}$";
const PERIOD_PATTERN: &str = r"^\d{4}-(0[1-9]|1[0-2])$";

pub(crate) fn run(args: &SchemaArgs) -> anyhow::Result<Outcome> {
    let schema = match args.kind {
        SchemaKind::Program => program_schema(),
        SchemaKind::Project => project_schema(),
    };
    println!("{}", serde_json::to_string_pretty(&schema)?);
    Ok(Outcome::Success)
}

/// The schema of any program file: base fragment, single file, defaults or update.
pub(crate) fn program_schema() -> Value {
    let mut root = object(schema::PROGRAM);
    let update = object(schema::PROGRAM);
    root["properties"]["updates"] = json!({
        "description": schema::BASE_ONLY[0].doc,
        "type": "object",
        "patternProperties": { PERIOD_PATTERN: update },
        "additionalProperties": false,
    });
    root["$schema"] = json!("https://json-schema.org/draft-07/schema#");
    root["title"] = json!("brief program file");
    root["description"] = json!("A program's facts, a base fragment, a defaults file or a monthly update (FORMAT v1).");
    root
}

pub(crate) fn project_schema() -> Value {
    let mut root = object(schema::PROJECT);
    root["$schema"] = json!("https://json-schema.org/draft-07/schema#");
    root["title"] = json!("brief project file (brief.yaml)");
    root
}

/// A mapping of the given fields; `x-` keys are always allowed.
fn object(fields: &[Field]) -> Value {
    let mut props = Map::new();
    for f in fields {
        let mut v = kind(f.kind);
        v["description"] = json!(f.doc);
        props.insert(f.name.to_string(), v);
    }
    // No field is marked required: a file may be a fragment or an update,
    // and required fields are checked after merging.
    json!({
        "type": ["object", "null"],
        "properties": props,
        "patternProperties": { "^x-": {} },
        "additionalProperties": false,
    })
}

fn kind(k: Kind) -> Value {
    let nullable = |v: Value| json!({ "anyOf": [v, { "type": "null" }] });
    match k {
        Kind::Text => nullable(json!({ "type": ["string", "number", "boolean"] })),
        Kind::Date => nullable(json!({ "type": "string", "pattern": DATE_PATTERN, "format": "date" })),
        Kind::Bool => nullable(json!({ "type": "boolean" })),
        Kind::Number => nullable(json!({ "type": "number" })),
        Kind::Int(lo, hi) => nullable(json!({ "type": "integer", "minimum": lo, "maximum": hi })),
        Kind::Keyword(values) => nullable(json!({ "enum": values })),
        Kind::Texts => nullable(json!({ "type": "array", "items": { "type": ["string", "number"] } })),
        Kind::Keywords(values) => nullable(json!({ "type": "array", "items": { "enum": values } })),
        Kind::KeywordOrList(one, many) => {
            nullable(json!({ "anyOf": [{ "enum": one }, { "type": "array", "items": { "enum": many } }] }))
        }
        Kind::Items(fields) => nullable(json!({ "type": "array", "items": object(fields) })),
        Kind::StatusByRegion => nullable(json!({
            "type": "object",
            "additionalProperties": { "enum": crate::model::types::Status::VALUES },
        })),
        Kind::Values => nullable(json!({
            "type": "object",
            "patternProperties": { r"^\d{4}-\d{2}(-\d{2})?$": { "type": ["number", "null"] } },
            "additionalProperties": false,
        })),
        Kind::Updates => json!({ "type": "object" }),
        Kind::Object(fields) => object(fields),
        Kind::Named(fields) => json!({ "type": ["object", "null"], "additionalProperties": object(fields) }),
        Kind::TextMap => {
            nullable(json!({ "type": "object", "additionalProperties": { "type": ["string", "number", "boolean"] } }))
        }
        Kind::Labels => {
            let counted = json!({
                "type": "object",
                "properties": { "one": { "type": "string" }, "other": { "type": "string" } },
                "required": ["other"],
                "additionalProperties": false,
            });
            let text = json!({ "anyOf": [{ "type": ["string", "number"] }, counted] });
            nullable(json!({
                "type": "object",
                "propertyNames": { "enum": crate::locale::CODES },
                "additionalProperties": { "type": "object", "additionalProperties": text },
            }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_lists_every_program_field() {
        let s = program_schema();
        for f in schema::PROGRAM {
            assert!(s["properties"].get(f.name).is_some(), "{} missing", f.name);
        }
        assert_eq!(s["properties"]["risks"]["anyOf"][0]["items"]["properties"]["likelihood"]["anyOf"][0]["maximum"], 5);
    }
}
