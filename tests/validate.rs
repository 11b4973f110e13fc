//! Every validation error kind and warning, with its exact message (table-driven).
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use budget_compare::core::model::{DocumentRef, Taxonomy};
use budget_compare::core::validate::{
    check_file, parse_document, parse_manifest, parse_taxonomy, Severity,
};
use serde_json::{json, Value};

fn taxonomy() -> Taxonomy {
    parse_taxonomy(
        "taxonomy.json",
        &json!({
            "format": "budget-compare/1",
            "categories": [
                { "id": "administration", "name": { "zh-TW": "一般行政" }, "description": { "zh-TW": "行政" } },
                { "id": "inspection-safety", "name": { "zh-TW": "勞動檢查" }, "description": { "zh-TW": "檢查" } },
                { "id": "social-insurance", "name": { "zh-TW": "社會保險" }, "description": { "zh-TW": "補助" }, "pass_through": true }
            ]
        })
        .to_string(),
    )
    .expect("test taxonomy is valid")
}

/// A small valid document; cases change one thing in it.
fn base() -> Value {
    json!({
        "format": "budget-compare/1",
        "city": { "id": "kaohsiung", "name": { "zh-TW": "高雄市", "en": "Kaohsiung" } },
        "agency": { "zh-TW": "高雄市政府勞工局" },
        "fiscal_year": 107,
        "sources": [ { "id": "plan-107", "title": "施政計畫" } ],
        "budget": {
            "currency": "TWD", "unit": 1000, "total": 300,
            "lines": [
                { "id": "1", "name": "一般行政", "amount": 200, "source": "plan-107", "category": "administration",
                  "children": [
                      { "id": "1.1", "name": "行政管理", "amount": 150 },
                      { "id": "1.2", "name": "業務管理", "amount": 50 }
                  ] },
                { "id": "2", "name": "勞動檢查", "amount": 100, "category": "inspection-safety" }
            ]
        },
        "plan": {
            "goals": [ { "id": "g1", "title": "安全", "text": "降低職災", "categories": ["inspection-safety"] } ],
            "programs": [ { "id": "p1", "title": "檢查", "text": "勞動檢查", "categories": ["inspection-safety"],
                            "budget_lines": ["2"],
                            "targets": [ { "text": "職災死亡人數降為 30 人以下", "value": 30, "unit": "人", "direction": "at_most" } ] } ]
        }
    })
}

fn set(doc: &mut Value, pointer: &str, value: Value) {
    let (parent, key) = pointer.rsplit_once('/').expect("a pointer");
    let target = doc
        .pointer_mut(parent)
        .expect("parent exists in the base document");
    match target {
        Value::Array(items) => items[key.parse::<usize>().expect("index")] = value,
        Value::Object(map) => {
            map.insert(key.to_owned(), value);
        }
        _ => panic!("{parent} is not a container"),
    }
}

fn messages(text: &str) -> Result<Vec<String>, Vec<String>> {
    let entry = DocumentRef {
        href: "kaohsiung-107.json".into(),
        city: "kaohsiung".into(),
        fiscal_year: budget_compare::core::model::FiscalYear(107),
    };
    match parse_document("kaohsiung-107.json", text, &taxonomy(), Some(&entry)) {
        Ok(c) => Ok(c.warnings.iter().map(ToString::to_string).collect()),
        Err(e) => Err(e.iter().map(ToString::to_string).collect()),
    }
}

#[test]
fn the_base_document_is_valid_without_warnings() {
    assert_eq!(messages(&base().to_string()), Ok(vec![]));
}

#[test]
fn each_error_kind_names_file_path_and_expectation() {
    type Case = (&'static str, Box<dyn Fn(&mut Value)>, &'static str);
    let cases: Vec<Case> = vec![
        ("string for a number", Box::new(|d| set(d, "/budget/lines/0/children/1/amount", json!("1,593"))),
         "kaohsiung-107.json: budget.lines[0].children[1].amount: expected a non-negative integer, found \"1,593\""),
        ("negative amount", Box::new(|d| set(d, "/budget/lines/1/amount", json!(-5))),
         "kaohsiung-107.json: budget.lines[1].amount: expected a non-negative integer, found -5"),
        ("fractional amount", Box::new(|d| set(d, "/budget/total", json!(1.5))),
         "kaohsiung-107.json: budget.total: expected a non-negative integer, found 1.5"),
        ("wrong format tag", Box::new(|d| set(d, "/format", json!("budget-compare/2"))),
         "kaohsiung-107.json: format: expected \"budget-compare/1\", found \"budget-compare/2\""),
        ("wrong type", Box::new(|d| set(d, "/budget/lines/1/name", json!(42))),
         "kaohsiung-107.json: budget.lines[1].name: expected a string, found 42"),
        ("missing field", Box::new(|d| { d["budget"]["lines"][1].as_object_mut().map(|o| o.remove("amount")); }),
         "kaohsiung-107.json: budget.lines[1]: expected the required field `amount`, found none"),
        ("unknown category", Box::new(|d| set(d, "/budget/lines/1/category", json!("astrology"))),
         "kaohsiung-107.json: budget.lines[1].category: expected a category id defined in the taxonomy, found \"astrology\""),
        ("unknown programme category", Box::new(|d| set(d, "/plan/programs/0/categories/0", json!("youth"))),
         "kaohsiung-107.json: plan.programs[0].categories[0]: expected a category id defined in the taxonomy, found \"youth\""),
        ("leaf without category", Box::new(|d| { d["budget"]["lines"][1].as_object_mut().map(|o| o.remove("category")); }),
         "kaohsiung-107.json: budget.lines[1]: expected a `category` on this leaf line or on one of its parents, found none"),
        ("duplicate line id", Box::new(|d| set(d, "/budget/lines/0/children/1/id", json!("1.1"))),
         "kaohsiung-107.json: budget.lines[0].children[1].id: expected a unique id, found \"1.1\" again (first used at budget.lines[0].children[0].id)"),
        ("duplicate programme id", Box::new(|d| set(d, "/plan/programs/0/id", json!("g1"))),
         "kaohsiung-107.json: plan.programs[0].id: expected a unique id, found \"g1\" again (first used at plan.goals[0].id)"),
        ("unresolved budget link", Box::new(|d| set(d, "/plan/programs/0/budget_lines/0", json!("9.9"))),
         "kaohsiung-107.json: plan.programs[0].budget_lines[0]: expected the id of a budget line in this document, found \"9.9\""),
        ("unknown source", Box::new(|d| set(d, "/budget/lines/0/source", json!("elsewhere"))),
         "kaohsiung-107.json: budget.lines[0].source: expected the id of one of this document's `sources`, found \"elsewhere\""),
        ("year out of range", Box::new(|d| set(d, "/fiscal_year", json!(2018))),
         "kaohsiung-107.json: fiscal_year: expected a ROC fiscal year from 1 to 300, found 2018 (a Gregorian year? ROC 107 = 2018)"),
        ("city differs from the manifest", Box::new(|d| set(d, "/city/id", json!("taichung"))),
         "kaohsiung-107.json: city.id: expected city \"kaohsiung\" as the manifest lists it, found \"taichung\""),
        ("zero unit", Box::new(|d| set(d, "/budget/unit", json!(0))),
         "kaohsiung-107.json: budget.unit: expected a positive unit (1000 for 千元), found 0"),
        ("bad target direction", Box::new(|d| set(d, "/plan/programs/0/targets/0/direction", json!("below"))),
         "kaohsiung-107.json: plan.programs[0].targets[0].direction: expected one of `at_most`, `at_least`, `exactly`, found \"below\""),
        ("unknown budget stage", Box::new(|d| set(d, "/budget/stage", json!("draft"))),
         "kaohsiung-107.json: budget.stage: expected one of `published`, `proposed`, `enacted`, `final`, found \"draft\""),
        ("budget stage not a string", Box::new(|d| set(d, "/budget/stage", json!(3))),
         "kaohsiung-107.json: budget.stage: expected one of `published`, `proposed`, `enacted`, `final`, found 3"),
        ("capital_separate not a boolean", Box::new(|d| set(d, "/budget/capital_separate", json!("yes"))),
         "kaohsiung-107.json: budget.capital_separate: expected true or false, found \"yes\""),
    ];
    for (name, change, want) in cases {
        let mut doc = base();
        change(&mut doc);
        let got = messages(&doc.to_string());
        assert_eq!(got, Err(vec![want.to_owned()]), "case: {name}");
    }
}

#[test]
fn a_budget_says_its_stage_and_a_file_without_one_is_published() {
    use budget_compare::core::model::Stage;
    let name = "kaohsiung-107.json";
    let stage = |doc: &Value| {
        parse_document(name, &doc.to_string(), &taxonomy(), None)
            .expect("valid")
            .document
            .budget
            .map(|b| b.stage)
    };
    assert_eq!(stage(&base()), Some(Stage::Published), "absent: as printed");
    for (id, want) in [
        ("published", Stage::Published),
        ("proposed", Stage::Proposed),
        ("enacted", Stage::Enacted),
        ("final", Stage::Final),
    ] {
        let mut doc = base();
        set(&mut doc, "/budget/stage", json!(id));
        assert_eq!(stage(&doc), Some(want), "{id}");
    }
}

#[test]
fn too_deep_nesting_is_refused_at_its_path() {
    let mut doc = base();
    let mut line =
        json!({ "id": "deep", "name": "x", "amount": 100, "category": "inspection-safety" });
    for i in 0..13 {
        line = json!({ "id": format!("n{i}"), "name": "x", "amount": 100, "children": [line] });
    }
    set(&mut doc, "/budget/lines/1", line);
    set(&mut doc, "/plan/programs/0/budget_lines", json!([]));
    let errors = messages(&doc.to_string()).expect_err("too deep");
    assert_eq!(
        errors,
        vec![format!(
            "kaohsiung-107.json: budget.lines[1]{}: expected lines nested at most 12 levels deep",
            ".children[0]".repeat(12)
        )]
    );
}

#[test]
fn malformed_and_oversized_files() {
    let truncated = "{\"format\": \"budget-compare/1\",\n \"city\": {\"id\": \"kao";
    assert_eq!(
        messages(truncated),
        Err(vec!["kaohsiung-107.json: expected valid JSON, found an error at line 2 column 20: EOF while parsing a string".to_owned()])
    );
    let trailing = format!("{} x", base());
    let got = messages(&trailing).expect_err("trailing");
    assert!(
        got[0].contains("expected valid JSON, found an error at line 1"),
        "{}",
        got[0]
    );
    assert!(got[0].ends_with("trailing characters"), "{}", got[0]);

    let huge = " ".repeat(20 * 1024 * 1024 + 1);
    assert_eq!(
        messages(&huge),
        Err(vec!["kaohsiung-107.json: file is 20,971,521 bytes, expected at most 20,971,520 bytes (20 MiB): refused before parsing".to_owned()])
    );
}

#[test]
fn warnings_for_sums_that_do_not_add_up() {
    let mut doc = base();
    set(&mut doc, "/budget/lines/0/children/1/amount", json!(45));
    set(&mut doc, "/budget/total", json!(310));
    set(&mut doc, "/budget/recurrent", json!(250));
    set(&mut doc, "/budget/capital", json!(50));
    assert_eq!(
        messages(&doc.to_string()),
        Ok(vec![
            "kaohsiung-107.json: budget.lines[0].amount: children add up to 195, expected the line's amount 200 (difference -5)".to_owned(),
            "kaohsiung-107.json: budget.total: lines add up to 300, expected the stated total 310 (difference -10)".to_owned(),
            "kaohsiung-107.json: budget.recurrent: recurrent + capital add up to 300, expected the stated total 310".to_owned(),
        ])
    );
    // Warnings do not make the document unusable.
    let c = parse_document("k.json", &doc.to_string(), &taxonomy(), None).expect("usable");
    assert!(c.warnings.iter().all(|w| w.severity() == Severity::Warning));
}

#[test]
fn manifest_and_taxonomy_errors() {
    let manifest = json!({
        "format": "budget-compare/1", "title": { "zh-TW": "t" }, "taxonomy": "taxonomy.json",
        "documents": [
            { "href": "a.json", "city": "kaohsiung", "fiscal_year": 105 },
            { "href": "b.json", "city": "kaohsiung", "fiscal_year": 105 },
            { "href": "c.json", "city": "kaohsiung", "fiscal_year": 0 }
        ]
    });
    let errors: Vec<String> = parse_manifest("index.json", &manifest.to_string())
        .expect_err("duplicates")
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        errors,
        vec![
            "index.json: documents[1]: expected a unique id, found \"kaohsiung 105\" again (first used at documents[0])",
            "index.json: documents[2].fiscal_year: expected a ROC fiscal year from 1 to 300, found 0",
        ]
    );
    let taxonomy = json!({ "format": "budget-compare/1", "categories": [
        { "id": "a", "name": { "zh-TW": "甲" }, "description": { "zh-TW": "甲" } },
        { "id": "a", "name": { "zh-TW": "乙" }, "description": { "zh-TW": "乙" } }
    ]});
    let errors: Vec<String> = parse_taxonomy("taxonomy.json", &taxonomy.to_string())
        .expect_err("duplicate")
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        errors,
        vec!["taxonomy.json: categories[1].id: expected a unique id, found \"a\" again (first used at categories[0].id)"]
    );
}

#[test]
fn hostile_text_is_kept_as_text() {
    let mut doc = base();
    set(
        &mut doc,
        "/budget/lines/1/name",
        json!("<img src=x onerror=alert(1)></script>"),
    );
    let c = parse_document("k.json", &doc.to_string(), &taxonomy(), None).expect("valid");
    let budget = c.document.budget.expect("budget");
    assert_eq!(
        budget.lines[1].name,
        "<img src=x onerror=alert(1)></script>"
    );
}

/// A collection file of `docs`, checked for `entries` (city, year), with
/// the messages it gives: (the fiscal years of the documents per entry, messages).
fn collection(docs: Vec<Value>, entries: &[(&str, u16)]) -> (Vec<Option<u16>>, Vec<String>) {
    let text = json!({ "format": "budget-compare/1", "documents": docs }).to_string();
    check_all_json(&text, entries)
}

/// `text` checked as the file `all.json` that `entries` (city, year) name.
fn check_all_json(text: &str, entries: &[(&str, u16)]) -> (Vec<Option<u16>>, Vec<String>) {
    let refs: Vec<DocumentRef> = entries
        .iter()
        .map(|(city, year)| DocumentRef {
            href: "all.json".into(),
            city: (*city).into(),
            fiscal_year: budget_compare::core::model::FiscalYear(*year),
        })
        .collect();
    let refs: Vec<&DocumentRef> = refs.iter().collect();
    let mut diagnostics = Vec::new();
    let docs = check_file("all.json", text, &taxonomy(), &refs, &mut diagnostics);
    (
        docs.iter()
            .map(|d| d.as_ref().map(|d| d.fiscal_year.0))
            .collect(),
        diagnostics.iter().map(ToString::to_string).collect(),
    )
}

fn base_of(year: u16) -> Value {
    let mut doc = base();
    set(&mut doc, "/fiscal_year", json!(year));
    doc
}

#[test]
fn a_collection_gives_each_entry_its_document() {
    let docs = vec![base_of(108), base_of(106), base_of(107)];
    let (got, messages) = collection(docs.clone(), &[("kaohsiung", 107), ("kaohsiung", 108)]);
    assert_eq!(got, [Some(107), Some(108)]);
    assert!(messages.is_empty(), "{messages:?}");
    // Checked on its own (no manifest), every document of the file.
    let (got, _) = collection(docs, &[]);
    assert_eq!(got, [Some(108), Some(106), Some(107)]);
}

#[test]
fn a_city_year_twice_in_a_collection_is_an_error_and_the_first_is_used() {
    let mut again = base_of(106);
    set(&mut again, "/budget/total", json!(999));
    let docs = vec![base_of(106), base_of(107), again];
    let (got, messages) = collection(docs, &[("kaohsiung", 106), ("kaohsiung", 107)]);
    assert_eq!(got, [Some(106), Some(107)]);
    assert_eq!(
        messages,
        ["all.json: documents[2]: expected a unique id, found \"kaohsiung 106\" again (first used at documents[0])"]
    );
}

#[test]
fn errors_in_a_collection_name_the_document_and_spare_the_others() {
    let mut bad = base_of(106);
    set(&mut bad, "/budget/lines/1/amount", json!("1,593"));
    set(&mut bad, "/budget/lines/0/category", json!("unknown"));
    let mut uneven = base_of(108);
    set(&mut uneven, "/budget/total", json!(301));
    let mut wrong = base_of(107);
    set(
        &mut wrong,
        "/budget/lines/0/category",
        json!("<img src=x onerror=alert(1)>"),
    );
    let (got, messages) = collection(
        vec![base_of(105), bad, uneven, wrong],
        &[
            ("kaohsiung", 105),
            ("kaohsiung", 106),
            ("kaohsiung", 108),
            ("kaohsiung", 107),
            ("taichung", 109),
        ],
    );
    assert_eq!(got, [Some(105), None, Some(108), None, None]);
    assert_eq!(
        messages,
        [
            "all.json: documents[1].budget.lines[1].amount: expected a non-negative integer, found \"1,593\"",
            "all.json: documents[2].budget.total: lines add up to 300, expected the stated total 301 (difference -1)",
            "all.json: documents[3].budget.lines[0].category: expected a category id defined in the taxonomy, found \"<img src=x onerror=alert(1)>\"",
            "all.json: documents: expected a document of city \"taichung\", fiscal year 109 as the manifest lists it, found none",
        ]
    );
}

#[test]
fn a_malformed_collection_is_refused_once_for_all_its_entries() {
    let check = |text: &str| {
        let (docs, messages) = check_all_json(text, &[("kaohsiung", 106), ("kaohsiung", 107)]);
        assert_eq!(docs, [None, None], "{text}");
        messages
    };
    assert_eq!(
        check(r#"{"format": "budget-compare/1", "documents": {"a": 1}}"#),
        ["all.json: documents: expected an array of documents, found an object"]
    );
    assert_eq!(
        check(r#"{"format": "budget-compare/2", "documents": []}"#),
        ["all.json: format: expected \"budget-compare/1\", found \"budget-compare/2\""]
    );
    assert_eq!(
        check(r#"{"format": "budget-compare/1", "documents": [}"#),
        ["all.json: expected valid JSON, found an error at line 1 column 46: expected value"]
    );
}

#[test]
fn a_repeated_line_id_names_both_paths_in_the_tree() {
    let mut doc = base();
    set(&mut doc, "/budget/lines/0/children/1/id", json!("2"));
    set(&mut doc, "/budget/lines/0/children/0/id", json!("1"));
    assert_eq!(
        messages(&doc.to_string()),
        Err(vec![
            "kaohsiung-107.json: budget.lines[0].children[0].id: expected a unique id, found \"1\" again (first used at budget.lines[0].id)".to_owned(),
            "kaohsiung-107.json: budget.lines[1].id: expected a unique id, found \"2\" again (first used at budget.lines[0].children[1].id)".to_owned(),
        ])
    );
}
