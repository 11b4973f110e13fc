//! The published JSON Schemas (`www/schema/`) checked by an independent
//! validator (the `jsonschema` crate, draft 2020-12) against
//! `budget-compare validate`'s own checks: on every shipped file, every bad
//! fixture and the broken copies of a shipped document that the combined
//! schema once accepted, both must give the same verdict, except for the
//! faults a JSON Schema cannot express (listed below, with why).
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use budget_compare::core::schema::{kind_schema_json, schema_json, Kind};
use budget_compare::core::validate::{
    check_file, parse_manifest, parse_reference, parse_taxonomy, Severity,
};
use common::{root, taxonomy};
use serde_json::Value;

/// Faults `validate` finds that no JSON Schema of the contract can: the
/// schema accepts these files and `validate` refuses them.
const NOT_EXPRESSIBLE: [(&str, &str); 3] = [
    (
        "duplicate-id.json",
        "line ids unique across the whole tree of lines: JSON Schema's uniqueItems compares whole items of one array, not one member across nested arrays",
    ),
    (
        "unknown-category.json",
        "a category defined in the taxonomy: the taxonomy is another file, chosen by the manifest; a schema cannot read it",
    ),
    (
        "deep-lines.json",
        "lines nested at most 12 levels: the recursive Line definition has no depth; only a schema unrolled 12 times could count",
    ),
];

/// The validator of a schema file's text.
fn validator(text: &str) -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(text).expect("schema is JSON");
    jsonschema::validator_for(&schema).expect("a valid draft 2020-12 schema")
}

/// The schemas' verdicts on `text`: (the combined schema, the kind's own);
/// text that is not JSON is refused by both.
fn schema_verdicts(text: &str, kind: Kind) -> (bool, bool) {
    match serde_json::from_str::<Value>(text) {
        Ok(value) => (
            validator(&schema_json()).is_valid(&value),
            validator(&kind_schema_json(kind)).is_valid(&value),
        ),
        Err(_) => (false, false),
    }
}

/// `validate`'s verdict on one file of a kind: whether it has no error.
fn validate_verdict(name: &str, text: &str, kind: Kind) -> bool {
    match kind {
        Kind::Manifest => parse_manifest(name, text).is_ok(),
        Kind::Taxonomy => parse_taxonomy(name, text).is_ok(),
        Kind::Reference => parse_reference(name, text).is_ok(),
        Kind::Document | Kind::Collection => {
            let mut diagnostics = Vec::new();
            check_file(name, text, &taxonomy(), &[], &mut diagnostics);
            !diagnostics.iter().any(|d| d.severity() == Severity::Error)
        }
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn kind_of(name: &str, text: &str) -> Kind {
    match name {
        "index.json" => Kind::Manifest,
        "taxonomy.json" => Kind::Taxonomy,
        "reference.json" => Kind::Reference,
        _ if text.contains("\"documents\"") => Kind::Collection,
        _ => Kind::Document,
    }
}

#[test]
fn every_shipped_file_is_valid_by_both() {
    let mut checked = 0;
    for entry in std::fs::read_dir(root().join("www/data")).expect("www/data") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let text = read(&path);
        let kind = kind_of(&name, &text);
        assert!(validate_verdict(&name, &text, kind), "{name}: validate");
        assert_eq!(
            schema_verdicts(&text, kind),
            (true, true),
            "{name}: the schemas"
        );
        checked += 1;
    }
    assert_eq!(checked, 11, "manifest, taxonomy, reference and 8 documents");
}

#[test]
fn every_bad_fixture_gets_the_same_verdict_or_is_listed_as_not_expressible() {
    let dir = root().join("tests/fixtures/bad");
    let (mut refused_by_both, mut valid_by_both, mut agreements) = (0, 0, 0);
    let mut not_expressible = Vec::new();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    for name in &names {
        let text = read(&dir.join(name));
        let kind = kind_of(name, &text);
        let ours = validate_verdict(name, &text, kind);
        let (combined, own) = schema_verdicts(&text, kind);
        assert_eq!(
            combined,
            own,
            "{name}: the combined schema and the {} schema",
            kind.id()
        );
        if ours == combined {
            agreements += 1;
            if ours {
                valid_by_both += 1;
            } else {
                refused_by_both += 1;
            }
        } else {
            assert!(
                !ours && combined,
                "{name}: validate {ours}, schema {combined}"
            );
            not_expressible.push(name.as_str());
        }
    }
    assert_eq!(
        not_expressible,
        {
            let mut listed: Vec<&str> = NOT_EXPRESSIBLE.iter().map(|(n, _)| *n).collect();
            listed.sort_unstable();
            listed
        },
        "only the faults a schema cannot express differ"
    );
    // 14 fixtures: 9 refused by both (malformed and truncated JSON, wrong
    // format, wrong type, string for a number, negative amount, year out of
    // range, a collection with one bad document, nesting past the reader's
    // limit), 2 valid by both (hostile names, right-to-left and emoji text:
    // usable, shown as text), 3 refused by validate alone (listed above).
    assert_eq!(names.len(), 14);
    assert_eq!((refused_by_both, valid_by_both, agreements), (9, 2, 11));
}

/// The amount of a document's first leaf line.
fn first_amount(doc: &mut Value) -> &mut Value {
    let mut line = &mut doc["budget"]["lines"][0];
    while line["children"].as_array().is_some_and(|c| !c.is_empty()) {
        line = &mut line["children"][0];
    }
    &mut line["amount"]
}

#[test]
fn broken_copies_of_a_shipped_document_are_refused_by_both() {
    let text = read(&root().join("www/data/kaohsiung-107.json"));
    let original: Value = serde_json::from_str(&text).expect("json");
    type Change = Box<dyn Fn(&mut Value)>;
    let broken: Vec<(&str, Change)> = vec![
        (
            "amount \"1,593\"",
            Box::new(|d| *first_amount(d) = "1,593".into()),
        ),
        (
            "a negative amount",
            Box::new(|d| *first_amount(d) = (-5).into()),
        ),
        (
            "a fractional amount",
            Box::new(|d| *first_amount(d) = 1.5.into()),
        ),
        (
            "fiscal_year \"107\"",
            Box::new(|d| d["fiscal_year"] = "107".into()),
        ),
        (
            "no city",
            Box::new(|d| {
                d.as_object_mut().expect("object").remove("city");
            }),
        ),
        (
            "budget.lines an object",
            Box::new(|d| d["budget"]["lines"] = serde_json::json!({ "a": 1 })),
        ),
    ];
    assert_eq!(
        schema_verdicts(&text, Kind::Document),
        (true, true),
        "the original"
    );
    for (what, change) in &broken {
        let mut doc = original.clone();
        change(&mut doc);
        let text = doc.to_string();
        assert_eq!(
            schema_verdicts(&text, Kind::Document),
            (false, false),
            "{what}: the schemas"
        );
        assert!(
            !validate_verdict("kaohsiung-107.json", &text, Kind::Document),
            "{what}: validate"
        );
    }
}
