//! `budget-compare import` reads what cities publish: the official whole-city
//! 歲出機關別預算表 (.xls), its bureau's section taken out; CSV in Big5 as in
//! UTF-8; .xlsx and .ods copies (written here); and refuses what is not a
//! budget table with a message that says what it found.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{assert_shipped_taichung_105_and_104, dataset, lines, official_xls, shared};

use budget_compare::core::import::source::{read_table_file, Encoding, TableText};
use budget_compare::core::import::{
    import_budget_table, known_documents, Imported, Mapping, Which,
};
use budget_compare::core::model::{CityId, FiscalYear};

fn import(table: &TableText, year: Option<u16>, mapping: &Mapping) -> Imported {
    // One file name for every copy: it is the documents' source file.
    import_budget_table("table", &table.text, year, Which::Both, mapping).expect("imports")
}

#[test]
fn the_official_whole_city_xls_gives_the_shipped_taichung_105_and_104() {
    let bytes = official_xls();
    let table = read_table_file("taichung-105-city-agency-budget-table.xls", &bytes, None).unwrap();
    assert_eq!(table.read_as, "xls workbook, sheet \"Sheet1\"");
    let mapping = Mapping::for_table(&table.text).unwrap();
    assert_eq!(
        mapping.agency.zh_tw, "臺中市政府勞工局",
        "the whole-city table names Taichung first"
    );
    // The official table does not state its year (its file name and the
    // portal's dataset title do): --year.
    let imported = import(&table, Some(105), &mapping);
    assert_shipped_taichung_105_and_104(&imported.documents);
    assert_eq!(
        lines(&imported.documents[0]).len(),
        30,
        "3 units, 11 work plans, 16 lines"
    );
}

#[test]
fn another_agency_of_the_whole_city_table_is_named_or_refused() {
    let table = read_table_file("t.xls", &official_xls(), None).unwrap();
    let mut mapping = Mapping::taichung().unwrap();
    mapping.section = Some("臺中市政府觀光旅遊局".to_owned());
    // Its lines have no mapping rules: the import stops at the first.
    let err =
        import_budget_table("t.xls", &table.text, Some(105), Which::Both, &mapping).unwrap_err();
    assert!(
        err.unmapped.len() > 3,
        "every line of that bureau listed: {}",
        err.unmapped.len()
    );
    assert!(
        err.message
            .starts_with("expected a mapping rule for every line, found "),
        "{err}"
    );
    // A name that is the end of two agencies' names: neither is guessed.
    mapping.section = Some("發展局".to_owned());
    let err =
        import_budget_table("t.xls", &table.text, Some(105), Which::Both, &mapping).unwrap_err();
    assert_eq!(
        err.to_string(),
        "t.xls: expected one 發展局主管 section, found 2: 臺中市政府經濟發展局主管, 臺中市政府都市發展局主管 (name the one with --agency)"
    );
    mapping.section = Some("臺中市政府不存在局".to_owned());
    let err =
        import_budget_table("t.xls", &table.text, Some(105), Which::Both, &mapping).unwrap_err();
    assert!(
        err.to_string().starts_with("t.xls: expected the 臺中市政府不存在局主管 section (a 款 row naming the agency; --agency names another), found "),
        "{err}"
    );
}

#[test]
fn a_big5_csv_imports_as_its_utf8_original() {
    let utf8 = shared("kaohsiung-labor-budget-105.csv");
    let (big5, _, unmappable) = encoding_rs::BIG5.encode(&utf8);
    assert!(!unmappable, "every character of the table is in Big5");
    assert!(
        std::str::from_utf8(&big5).is_err(),
        "the Big5 copy is not UTF-8"
    );
    let from_big5 = read_table_file("k105-big5.csv", &big5, None).unwrap();
    assert_eq!(from_big5.read_as, "Big5 CSV (detected)");
    assert_eq!(from_big5.text, utf8.trim_start_matches('\u{feff}'));
    let named = read_table_file("k105-big5.csv", &big5, Some(Encoding::Big5)).unwrap();
    assert_eq!(named.text, from_big5.text);
    let mapping = Mapping::kaohsiung().unwrap();
    let a = import(
        &read_table_file("k105.csv", utf8.as_bytes(), None).unwrap(),
        None,
        &mapping,
    );
    let b = import(&from_big5, None, &mapping);
    assert_eq!(a.documents, b.documents, "the same documents");
    assert_eq!(
        read_table_file("k105.csv", &big5, Some(Encoding::Utf8))
            .unwrap_err()
            .to_string()
            .split(", found")
            .next(),
        Some("k105.csv: expected UTF-8 text (as --encoding says)")
    );
}

/// The CSV's cells, row by row, without the empty cells that end a row
/// (a spreadsheet keeps no more cells than it has).
fn cells(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes())
        .records()
        .map(|r| {
            let mut row: Vec<String> = r.unwrap().iter().map(str::to_owned).collect();
            while row.last().is_some_and(String::is_empty) {
                row.pop();
            }
            row
        })
        .collect()
}

fn xlsx_of(rows: &[Vec<String>]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("歲出機關別預算表").unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

fn ods_of(rows: &[Vec<String>]) -> Vec<u8> {
    let mut book = spreadsheet_ods::WorkBook::new_empty();
    let mut sheet = spreadsheet_ods::Sheet::new("歲出機關別預算表");
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.set_value(r as u32, c as u32, cell.as_str());
        }
    }
    book.push_sheet(sheet);
    let path = std::env::temp_dir().join(format!("budget-compare-{}.ods", std::process::id()));
    spreadsheet_ods::write_ods(&mut book, &path).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let _ = std::fs::remove_file(&path);
    bytes
}

#[test]
fn xlsx_and_ods_copies_import_as_the_csv() {
    let text = shared("kaohsiung-labor-budget-105.csv");
    // A spreadsheet cell's line breaks are line feeds (the CSV has CR LF
    // inside its 說明 cells, which an .ods would keep as two breaks).
    let rows: Vec<Vec<String>> = cells(&text)
        .into_iter()
        .map(|row| {
            row.into_iter()
                .map(|c| c.replace("\r\n", "\n").replace('\r', "\n"))
                .collect()
        })
        .collect();
    let mapping = Mapping::kaohsiung().unwrap();
    let want = import(
        &read_table_file("k105.csv", text.as_bytes(), None).unwrap(),
        None,
        &mapping,
    );
    for (name, bytes) in [("k105.xlsx", xlsx_of(&rows)), ("k105.ods", ods_of(&rows))] {
        let table = read_table_file(name, &bytes, None).unwrap();
        assert_eq!(
            table.read_as,
            format!("{} workbook, sheet \"歲出機關別預算表\"", &name[5..]),
        );
        let got = cells(&table.text);
        let first = got.iter().zip(&rows).position(|(a, b)| a != b);
        assert_eq!(
            first.map(|i| (&got[i], &rows[i])),
            None,
            "{name}: the same cells ({} rows, {} in the CSV)",
            got.len(),
            rows.len()
        );
        assert_eq!(got.len(), rows.len(), "{name}: as many rows");
        assert_eq!(
            import(&table, None, &mapping).documents,
            want.documents,
            "{name}"
        );
    }
}

#[test]
fn what_is_not_a_budget_table_is_named() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    let huge = vec![b' '; 30 * 1024 * 1024];
    let empty_xlsx = {
        let mut book = rust_xlsxwriter::Workbook::new();
        book.add_worksheet();
        book.save_to_buffer().unwrap()
    };
    for (name, bytes, message) in [
        ("chart.xls", png, "chart.xls: expected a budget table (CSV, .xls, .xlsx or .ods), found a PNG image"),
        ("big.xlsx", huge, "big.xlsx: expected a table of at most 20 MiB, found 30.0 MiB"),
        ("empty.xlsx", empty_xlsx, "empty.xlsx: expected a sheet with a 款,項,目,節 header row (a 歲出機關別預算表), found none in 1 sheet(s): Sheet1"),
        ("nothing.csv", Vec::new(), "nothing.csv: expected a budget table, found an empty file"),
    ] {
        assert_eq!(read_table_file(name, &bytes, None).unwrap_err().to_string(), message);
    }
    // A CSV of another bureau: read, then refused by the importer.
    let other = shared("kaohsiung-labor-budget-105.csv").replace("勞工局主管", "社會局主管");
    let table = read_table_file("social.csv", other.as_bytes(), None).unwrap();
    let err = import_budget_table(
        "social.csv",
        &table.text,
        None,
        Which::Both,
        &Mapping::kaohsiung().unwrap(),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "social.csv: expected the 高雄市政府勞工局主管 section (a 款 row naming the agency; --agency names another), found 社會局主管"
    );
}

#[test]
fn a_renamed_line_stops_the_import_listed_with_a_suggested_rule() {
    let text = shared("kaohsiung-labor-budget-105.csv").replacen(
        "勞工行政業務綜合規劃",
        "勞工行政業務綜合規劃（新名稱）",
        1,
    );
    let ds = dataset();
    let known = known_documents(&ds);
    let mapping = Mapping::kaohsiung().unwrap();
    let err = budget_compare::core::import::import_budget_table_suggesting(
        "k105.csv",
        &text,
        None,
        Which::Both,
        &mapping,
        &known,
    )
    .unwrap_err();
    assert_eq!(err.unmapped.len(), 1, "{err}");
    let line = &err.unmapped[0];
    assert_eq!(
        (
            line.unit.as_str(),
            line.program.as_str(),
            line.line.as_str()
        ),
        ("勞工局", "勞工行政", "勞工行政業務綜合規劃（新名稱）")
    );
    // The shipped Kaohsiung 105 has the same code in the same unit, under
    // the old name (勞動檢查處 has a line with that code too).
    let shipped = ds
        .document(&CityId::from("kaohsiung"), FiscalYear(105))
        .unwrap();
    let mut old = None;
    shipped
        .budget
        .as_ref()
        .unwrap()
        .for_each_leaf(|path, category| {
            let leaf = path.last().unwrap();
            if leaf.code == line.code && path[0].name == "勞工局" {
                old = Some((leaf.name.clone(), category.cloned()));
            }
        });
    let (old_name, old_category) = old.expect("the same code in the shipped document");
    assert_eq!(old_name, "勞工行政業務綜合規劃");
    let (rule, from) = line.suggestion.as_ref().expect("a suggestion");
    assert_eq!(Some(&rule.category), old_category.as_ref());
    assert!(from.starts_with("the same code in kaohsiung-1"), "{from}");
    assert!(
        rule.why.starts_with("suggested by the importer"),
        "marked as a suggestion"
    );
    let message = err.to_string();
    assert!(message.contains("found 1 without one"), "{message}");
    assert!(
        message.contains(&format!(
            "勞工局 › 勞工行政 › 勞工行政業務綜合規劃（新名稱） (code {}, 本年度 {}): suggested category {} (a suggestion: {from})",
            line.code.as_deref().unwrap(),
            budget_compare::core::format::group(line.amount),
            rule.category.0
        )),
        "{message}"
    );
}
