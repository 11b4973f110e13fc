//! The JSON Schemas of the data contract, generated from [`crate::core::model`]:
//! one per file kind, and one for any file of the contract that tells the
//! kinds apart by their members.
//!
//! Committed in `www/schema/` (`budget-compare-1.schema.json` and
//! `budget-compare-1-<kind>.schema.json`); a test fails when a committed file
//! differs from what the types generate, and another checks that a standard
//! validator's verdict agrees with `budget-compare validate` on every shipped
//! file and bad fixture.
//!
//! The contract is open to members it does not define (readers ignore them,
//! so a later version can add some), so no schema forbids unknown members;
//! every member it requires is required, with its type and range.

use schemars::{json_schema, schema_for, Schema};

use crate::core::model::{Collection, Document, Manifest, Reference, Taxonomy};

/// A file kind of the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `index.json`.
    Manifest,
    /// `taxonomy.json`.
    Taxonomy,
    /// `reference.json`.
    Reference,
    /// One city-year document.
    Document,
    /// Several documents in one file.
    Collection,
}

impl Kind {
    /// Every kind, in the order the combined schema tells them apart.
    pub const ALL: [Kind; 5] = [
        Kind::Taxonomy,
        Kind::Manifest,
        Kind::Collection,
        Kind::Document,
        Kind::Reference,
    ];

    /// Its name in file names and on the command line.
    pub fn id(self) -> &'static str {
        match self {
            Kind::Manifest => "manifest",
            Kind::Taxonomy => "taxonomy",
            Kind::Reference => "reference",
            Kind::Document => "document",
            Kind::Collection => "collection",
        }
    }

    /// The kind named `id`.
    pub fn from_id(id: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.id() == id)
    }

    /// The committed file of its schema, under `www/schema/`.
    pub fn file_name(self) -> String {
        format!("budget-compare-1-{}.schema.json", self.id())
    }

    fn schema(self) -> Schema {
        match self {
            Kind::Manifest => schema_for!(Manifest),
            Kind::Taxonomy => schema_for!(Taxonomy),
            Kind::Reference => schema_for!(Reference),
            Kind::Document => schema_for!(Document),
            Kind::Collection => schema_for!(Collection),
        }
    }

    /// The type's name in `$defs` of the combined schema.
    fn def(self) -> &'static str {
        match self {
            Kind::Manifest => "Manifest",
            Kind::Taxonomy => "Taxonomy",
            Kind::Reference => "Reference",
            Kind::Document => "Document",
            Kind::Collection => "Collection",
        }
    }

    /// What a file of this kind has that the kinds after it in
    /// [`Kind::ALL`] do not: a taxonomy its `categories`, a manifest its
    /// `taxonomy`, a collection its `documents`, a document any of its own
    /// members; a reference is what is left.
    fn marks(self) -> &'static [&'static str] {
        match self {
            Kind::Taxonomy => &["categories"],
            Kind::Manifest => &["taxonomy"],
            Kind::Collection => &["documents"],
            Kind::Document => &["city", "fiscal_year", "agency", "sources", "budget", "plan"],
            Kind::Reference => &[],
        }
    }
}

/// Pretty JSON with a final newline.
fn pretty(schema: &Schema) -> String {
    let mut text = serde_json::to_string_pretty(schema).unwrap_or_default();
    text.push('\n');
    text
}

/// The schema of one file kind.
pub fn kind_schema_json(kind: Kind) -> String {
    let mut schema = kind.schema();
    schema.insert(
        "title".into(),
        format!("budget-compare data contract, version 1: {}", kind.id()).into(),
    );
    pretty(&schema)
}

/// The schema of any file of the contract: the kind is told by its members
/// (`if`/`then` in [`Kind::ALL`]'s order), and the file must then be valid as
/// that kind.
pub fn schema_json() -> String {
    let mut defs = serde_json::Map::new();
    for kind in Kind::ALL {
        let mut schema = kind.schema();
        if let Some(serde_json::Value::Object(more)) = schema.remove("$defs") {
            defs.extend(more);
        }
        schema.remove("$schema");
        defs.insert(kind.def().to_owned(), schema.to_value());
    }
    // From the last kind back: each `else` is the next test.
    let mut chain = json_schema!({ "$ref": format!("#/$defs/{}", Kind::Reference.def()) });
    for kind in Kind::ALL.into_iter().rev().skip(1) {
        let marks: Vec<serde_json::Value> = kind
            .marks()
            .iter()
            .map(|m| serde_json::json!({ "required": [m] }))
            .collect();
        chain = json_schema!({
            "if": { "anyOf": marks },
            "then": { "$ref": format!("#/$defs/{}", kind.def()) },
            "else": chain,
        });
    }
    let mut schema = json_schema!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "budget-compare data contract, version 1",
        "description": "Any file of the contract: a taxonomy (it has `categories`), a manifest (`taxonomy`), a collection (`documents`), a document (any of `city`, `fiscal_year`, `agency`, `sources`, `budget`, `plan`), else a reference; valid when it is valid as that kind.",
    });
    if let Some(chain) = chain.as_object() {
        for (k, v) in chain {
            schema.insert(k.clone(), v.clone());
        }
    }
    schema.insert("$defs".into(), serde_json::Value::Object(defs));
    pretty(&schema)
}
