//! The JSON Schema of the data contract, generated from [`crate::core::model`].
//!
//! Committed at `www/schema/budget-compare-1.schema.json`; a test fails when
//! the committed file differs from what the types generate.

use schemars::{schema_for, JsonSchema};
use serde::Serialize;

use crate::core::model::{Collection, Document, Manifest, Reference, Taxonomy};

/// The five file kinds of the contract, in one schema: a file is valid when
/// it matches one of them.
#[derive(JsonSchema, Serialize)]
#[serde(untagged)]
#[allow(dead_code)]
enum AnyFile {
    /// `index.json`.
    Manifest(Manifest),
    /// `taxonomy.json`.
    Taxonomy(Taxonomy),
    /// `reference.json`.
    Reference(Reference),
    /// One city-year document.
    Document(Document),
    /// Several city-year documents in one file.
    Collection(Collection),
}

/// The schema as pretty JSON with a final newline.
pub fn schema_json() -> String {
    let mut schema = schema_for!(AnyFile);
    schema.insert(
        "title".into(),
        "budget-compare data contract, version 1".into(),
    );
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
