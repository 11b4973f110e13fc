//! The widget's 加入年度 / Add a year goes through `core::import::import_file`
//! (the lazily loaded module calls it with the bytes of the reader's file):
//! the official whole-city .xls, a contract JSON document, and what it
//! refuses; then `Dataset::add_imported` sets the import beside the
//! published documents, marked as the reader's.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{assert_shipped_taichung_105_and_104, dataset, official_xls, shared, taxonomy};

use budget_compare::core::compare::{compare, population, Cell, CityYear, Metric, Options};
use budget_compare::core::dataset::as_imported;
use budget_compare::core::format::Lang;
use budget_compare::core::import::budget_table::to_json;
use budget_compare::core::import::{import_file, known_documents};
use budget_compare::core::model::{CityId, Document, FiscalYear, Lens, Stage};
use budget_compare::ui::state::State;
use budget_compare::ui::view::compare::source_line;

const XLS: &str = "taichung-105-city-agency-budget-table.xls";

fn known() -> Vec<(String, Document)> {
    known_documents(&dataset())
}

#[test]
fn the_official_xls_gives_the_shipped_figures_with_its_provenance() {
    let got = import_file(XLS, &official_xls(), None, None, &taxonomy(), &known()).unwrap();
    assert_eq!(got.read_as, "xls workbook, sheet \"Sheet1\"");
    assert_eq!(
        got.notes[0],
        "fiscal year 105 from the file name: the table does not state it"
    );
    assert_shipped_taichung_105_and_104(&got.documents);
    for doc in &got.documents {
        let source = &doc.sources[0];
        assert_eq!(source.file.as_deref(), Some(XLS));
        let kind = source.kind.as_deref().unwrap();
        assert!(
            kind.ends_with("; read from xls workbook, sheet \"Sheet1\", imported by a reader in the budget-compare widget (自行匯入), not a published data set"),
            "{kind}"
        );
    }
    assert!(got.documents[0].sources[0]
        .kind
        .as_deref()
        .unwrap()
        .contains("column 本年度預算數"));
    assert!(got.documents[1].sources[0]
        .kind
        .as_deref()
        .unwrap()
        .contains("column 上年度預算數"));
}

#[test]
fn a_stated_year_wins_over_the_file_name_and_none_is_an_error() {
    // The Kaohsiung 105 CSV states 中華民國105年度: a file name saying 106 is not asked.
    let csv = shared("kaohsiung-labor-budget-105.csv");
    let got = import_file("k-106.csv", csv.as_bytes(), None, None, &taxonomy(), &[]).unwrap();
    assert_eq!(got.documents[0].fiscal_year, FiscalYear(105));
    assert!(
        got.notes.iter().all(|n| !n.contains("file name")),
        "{:?}",
        got.notes
    );
    // The 106 extract states no year, nor does its name here.
    let csv = shared("kaohsiung-labor-budget-106.csv");
    let err = import_file("extract.csv", csv.as_bytes(), None, None, &taxonomy(), &[]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "extract.csv: expected the fiscal year: the file does not state it (give it: --year, or the year field)"
    );
    let got = import_file(
        "extract.csv",
        csv.as_bytes(),
        Some(106),
        None,
        &taxonomy(),
        &[],
    )
    .unwrap();
    assert_eq!(got.documents[0].fiscal_year, FiscalYear(106));
}

#[test]
fn the_stage_is_the_readers_else_the_tables_title_else_the_mappings() {
    let stage = |text: &str, given| {
        import_file("t.csv", text.as_bytes(), None, given, &taxonomy(), &[])
            .unwrap()
            .documents
            .iter()
            .map(|d| d.budget.as_ref().unwrap().stage)
            .collect::<Vec<_>>()
    };
    // Kaohsiung's title says 地方總預算, neither draft nor enacted: as published.
    let csv = shared("kaohsiung-labor-budget-105.csv");
    assert_eq!(stage(&csv, None), [Stage::Published, Stage::Published]);
    let draft = csv.replacen("高雄市地方總預算", "高雄市地方總預算案", 1);
    assert_eq!(
        stage(&draft, None),
        [Stage::Proposed, Stage::Published],
        "the title says 預算案"
    );
    let enacted = csv.replacen("高雄市地方總預算", "高雄市地方總預算（法定預算）", 1);
    assert_eq!(stage(&enacted, None), [Stage::Enacted, Stage::Published]);
    assert_eq!(
        stage(&draft, Some(Stage::Enacted)),
        [Stage::Enacted, Stage::Published],
        "the reader's word over the title's"
    );
    // Taichung's whole-city table has no title: its mapping says 預算案.
    let got = import_file(
        XLS,
        &official_xls(),
        None,
        Some(Stage::Enacted),
        &taxonomy(),
        &[],
    )
    .unwrap();
    let kind = got.documents[0].sources[0].kind.as_deref().unwrap();
    assert!(kind.starts_with("enacted budget (法定預算)"), "{kind}");
}

#[test]
fn a_contract_document_is_checked_as_validate_checks_it() {
    let ds = dataset();
    let shipped = ds
        .document(&CityId::from("kaohsiung"), FiscalYear(107))
        .unwrap();
    let text = to_json(shipped);
    let got = import_file(
        "kaohsiung-107.json",
        text.as_bytes(),
        None,
        None,
        &taxonomy(),
        &[],
    )
    .unwrap();
    assert_eq!(got.read_as, "contract JSON");
    assert_eq!(got.documents, std::slice::from_ref(shipped));
    // A line under a category the taxonomy does not have: its JSON path.
    let bad = text.replacen("\"category\": \"", "\"category\": \"no-such-", 1);
    let err = import_file("k.json", bad.as_bytes(), None, None, &taxonomy(), &[]).unwrap_err();
    assert!(err.at.starts_with("budget.lines["), "{err}");
    assert!(err.message.contains("no-such-"), "{err}");
}

#[test]
fn what_cannot_be_imported_says_why() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    let other = shared("kaohsiung-labor-budget-105.csv").replace("勞工局主管", "社會局主管");
    let no_city = shared("kaohsiung-labor-budget-106.csv").replace("高雄市", "");
    for (name, bytes, message) in [
        ("chart.xls", png, "chart.xls: expected a budget table (CSV, .xls, .xlsx or .ods), found a PNG image"),
        ("social.csv", other.into_bytes(), "social.csv: expected the 高雄市政府勞工局主管 section (a 款 row naming the agency; --agency names another), found 社會局主管"),
        ("t.csv", no_city.into_bytes(), "t.csv: expected a table that names its city (臺中市 or 高雄市) in its title or 款 row, found neither"),
        ("x.json", b" {\"format\": 1}".to_vec(), "x.json: format: expected \"budget-compare/1\", found 1"),
    ] {
        let err = import_file(name, &bytes, None, None, &taxonomy(), &[]).unwrap_err();
        assert!(err.to_string().starts_with(message), "{err}\nexpected: {message}");
    }
}

#[test]
fn an_import_stands_beside_the_published_documents_marked_as_the_readers() {
    let got = import_file(XLS, &official_xls(), None, None, &taxonomy(), &known()).unwrap();
    let published = dataset();
    let mut ds = published.clone();
    ds.add_imported(got.documents.iter().cloned().map(as_imported).collect());
    let mine = CityId::from("taichung~imported");
    assert_eq!(ds.documents.len(), published.documents.len() + 2);
    assert_eq!(ds.years(&mine), [FiscalYear(104), FiscalYear(105)]);
    assert_eq!(
        ds.cities().last().map(|(c, _)| c.clone()),
        Some(mine.clone()),
        "after the published cities"
    );
    let doc = ds.document(&mine, FiscalYear(105)).unwrap();
    assert_eq!(doc.city.name.zh_tw, "臺中市（自行匯入）");
    assert_eq!(
        doc.city.name.en.as_deref(),
        Some("Taichung (imported by you)")
    );
    assert!(
        doc.sources[0]
            .title
            .starts_with("自行匯入 / imported by you: 臺中市 歲出機關別預算表"),
        "{}",
        doc.sources[0].title
    );
    // The published Taichung 105 is still there, and the import's figures
    // are its figures, per resident too (the population is Taichung's).
    let options = Options {
        metric: Metric::PerResident,
        pass_through: true,
        lens: Lens::Function,
    };
    let keys = [
        CityYear::new("taichung", 105),
        CityYear::new("taichung~imported", 105),
    ];
    let c = compare(&ds, &keys, options);
    let totals: Vec<&Cell> = c.columns.iter().map(|col| &col.total).collect();
    assert!(
        matches!(totals[0], Cell::Value(v) if *v > 0.0),
        "{totals:?}"
    );
    assert_eq!(totals[0], totals[1]);
    assert_eq!(
        population(ds.reference.as_ref(), &mine, 2016),
        population(ds.reference.as_ref(), &CityId::from("taichung"), 2016)
    );
    // The source line names the import first (a chart shortens it at its end).
    let state = State::initial(&ds, Lang::ZhTw);
    let line = source_line(&ds, &keys, &state);
    assert_eq!(
        line,
        "資料來源：自行匯入 / imported by you: 臺中市 歲出機關別預算表 臺中市政府勞工局主管（中華民國105年度）；臺中市 歲出機關別預算表 臺中市政府勞工局主管（中華民國105年度）"
    );
    // Imported again: replaced, not doubled.
    let mut twice = ds.clone();
    twice.add_imported(vec![as_imported(got.documents[0].clone())]);
    assert_eq!(twice.documents.len(), ds.documents.len());
    assert_eq!(twice.years(&mine), [FiscalYear(104), FiscalYear(105)]);
}
