//! The bad-input corpus (`tests/fixtures/bad/`): each file gives a clear
//! message naming file, path and expectation; none panics; hostile text is
//! kept as text.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{root, taxonomy};

use budget_compare::core::validate::{check_file, parse_document};

fn check(file: &str) -> Result<Vec<String>, Vec<String>> {
    let text =
        std::fs::read_to_string(root().join("tests/fixtures/bad").join(file)).expect("fixture");
    match parse_document(file, &text, &taxonomy(), None) {
        Ok(c) => Ok(c.warnings.iter().map(ToString::to_string).collect()),
        Err(e) => Err(e.iter().map(ToString::to_string).collect()),
    }
}

#[test]
fn each_bad_file_gets_its_message() {
    // The 13th line down the chain is past the limit of 12.
    let deep = format!(
        "deep-lines.json: budget.lines[1]{}: expected lines nested at most 12 levels deep",
        ".children[0]".repeat(12)
    );
    let cases: &[(&str, &str)] = &[
        ("string-for-number.json", "string-for-number.json: budget.lines[1].amount: expected a non-negative integer, found \"1,593\""),
        ("negative-amount.json", "negative-amount.json: budget.lines[1].amount: expected a non-negative integer, found -100"),
        ("wrong-type.json", "wrong-type.json: budget.lines[0].name: expected a string, found 42"),
        ("unknown-category.json", "unknown-category.json: budget.lines[1].category: expected a category id defined in the taxonomy, found \"astrology\""),
        ("duplicate-id.json", "duplicate-id.json: budget.lines[1].id: expected a unique id, found \"1\" again (first used at budget.lines[0].id)"),
        ("year-out-of-range.json", "year-out-of-range.json: fiscal_year: expected a ROC fiscal year from 1 to 300, found 2017 (a Gregorian year? ROC 106 = 2017)"),
        ("wrong-format.json", "wrong-format.json: format: expected \"budget-compare/1\", found \"budget-compare/2\""),
        ("malformed.json", "malformed.json: expected valid JSON, found an error at line 1 column 59: key must be a string"),
        ("deep-lines.json", deep.as_str()),
        ("very-deep.json", "very-deep.json: expected valid JSON, found an error at line 1 column 3966: nested more than 128 levels deep (the reader's limit)"),
    ];
    for (file, want) in cases {
        assert_eq!(check(file), Err(vec![(*want).to_owned()]), "{file}");
    }
    let truncated = check("truncated.json").expect_err("truncated");
    assert_eq!(truncated.len(), 1);
    assert!(
        truncated[0].starts_with("truncated.json: expected valid JSON, found an error at line "),
        "{}",
        truncated[0]
    );
}

#[test]
fn hostile_rtl_and_emoji_text_is_usable_and_kept_as_written() {
    assert_eq!(check("hostile-names.json"), Ok(vec![]));
    assert_eq!(check("rtl-emoji.json"), Ok(vec![]));
    let text = std::fs::read_to_string(root().join("tests/fixtures/bad/hostile-names.json"))
        .expect("fixture");
    let doc = parse_document("h.json", &text, &taxonomy(), None)
        .expect("usable")
        .document;
    let names: Vec<&str> = doc
        .budget
        .as_ref()
        .expect("budget")
        .lines
        .iter()
        .map(|l| l.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "<img src=x onerror=alert(1)>",
            "</script><script>alert(2)</script>"
        ]
    );
}

#[test]
fn a_file_over_20_mib_is_refused_before_parsing() {
    // Synthetic: 30 MiB of spaces around a valid document.
    let text = format!("{}{}", " ".repeat(30 * 1024 * 1024), "{}");
    let err = parse_document("huge.json", &text, &taxonomy(), None).expect_err("too large");
    assert_eq!(
        err.iter().map(ToString::to_string).collect::<Vec<_>>(),
        ["huge.json: file is 31,457,282 bytes, expected at most 20,971,520 bytes (20 MiB): refused before parsing"]
    );
}

#[test]
fn a_collection_names_the_bad_document_by_index_and_keeps_the_good_one() {
    let text = std::fs::read_to_string(root().join("tests/fixtures/bad/collection.json"))
        .expect("fixture");
    let mut diagnostics = Vec::new();
    let docs = check_file("collection.json", &text, &taxonomy(), &[], &mut diagnostics);
    let years: Vec<Option<u16>> = docs
        .iter()
        .map(|d| d.as_ref().map(|d| d.fiscal_year.0))
        .collect();
    assert_eq!(years, [Some(104), None]);
    let messages: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        ["collection.json: documents[1].budget.lines[1].amount: expected a non-negative integer, found \"1,593\""]
    );
}
