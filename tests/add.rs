//! `budget-compare add`: documents into a data set's manifest, each checked
//! by `validate` first, the whole set checked before anything is written; a
//! city-year the manifest has already is refused unless `--replace`.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::root;

/// A fresh copy of the bundled data set (`www/data/*.json`).
fn data_copy(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("budget-compare-add-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for entry in std::fs::read_dir(root().join("www/data")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
        }
    }
    dir
}

fn cli(args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_budget-compare"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn a_new_year_is_added_a_city_year_again_only_when_told_and_a_bad_document_never() {
    let dir = data_copy("year");
    let index = dir.join("index.json");
    let original = std::fs::read_to_string(&index).unwrap();
    let elsewhere = dir.join("incoming");
    std::fs::create_dir_all(&elsewhere).unwrap();

    // A new year: synthetic, made here from Kaohsiung 107 (tests only).
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("kaohsiung-107.json")).unwrap())
            .unwrap();
    doc["fiscal_year"] = 108.into();
    let new = elsewhere.join("k108-synthetic.json");
    std::fs::write(&new, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    let (ok, out) = cli(&["add", path(&new), "--to", path(&index)]);
    assert!(ok, "{out}");
    assert!(
        dir.join("kaohsiung-108.json").exists(),
        "copied beside the manifest"
    );
    let added = std::fs::read_to_string(&index).unwrap();
    assert_eq!(
        added,
        original.replace(
            "    { \"href\": \"kaohsiung-107.json\", \"city\": \"kaohsiung\", \"fiscal_year\": 107 }\n",
            "    { \"href\": \"kaohsiung-107.json\", \"city\": \"kaohsiung\", \"fiscal_year\": 107 },\n    { \"href\": \"kaohsiung-108.json\", \"city\": \"kaohsiung\", \"fiscal_year\": 108 }\n",
        ),
        "one line more, in the manifest's own layout and order"
    );
    let (ok, out) = cli(&["validate", path(&index)]);
    assert!(ok && out.contains("9 documents usable, 0 refused"), "{out}");

    // Taichung 105 again, imported from the official whole-city table.
    let table = root().join("../shared/data-sources/taichung-105-city-agency-budget-table.xls");
    let (ok, out) = cli(&[
        "import",
        path(&table),
        "--year",
        "105",
        "--out-dir",
        path(&elsewhere),
    ]);
    assert!(ok, "{out}");
    let imported = elsewhere.join("taichung-105.json");
    let (ok, out) = cli(&["add", path(&imported), "--to", path(&index)]);
    assert!(!ok);
    assert_eq!(
        out.trim(),
        "taichung-105.json: taichung 105 is in index.json already (taichung-105.json): not added; pass --replace to replace it"
    );
    assert_eq!(
        std::fs::read_to_string(&index).unwrap(),
        added,
        "nothing written"
    );
    let shipped = std::fs::read(dir.join("taichung-105.json")).unwrap();
    let incoming = std::fs::read(&imported).unwrap();
    assert_ne!(
        shipped, incoming,
        "the official table's 說明 differ from the CSV's"
    );
    let (ok, out) = cli(&["add", path(&imported), "--to", path(&index), "--replace"]);
    assert!(ok, "{out}");
    assert_eq!(
        std::fs::read(dir.join("taichung-105.json")).unwrap(),
        incoming,
        "the file replaced"
    );
    assert_eq!(
        std::fs::read_to_string(&index).unwrap(),
        added,
        "the same entry, the file replaced"
    );

    // A document that does not pass validate: refused, nothing written.
    doc["budget"]["lines"][0]["amount"] = "1,593".into();
    doc["fiscal_year"] = 109.into();
    let bad = elsewhere.join("bad.json");
    std::fs::write(&bad, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    let (ok, out) = cli(&["add", path(&bad), "--to", path(&index)]);
    assert!(!ok);
    assert!(
        out.starts_with("bad.json: not added, it does not pass validate:\nbad.json: budget.lines[0].amount: expected a non-negative integer, found \"1,593\""),
        "{out}"
    );
    assert_eq!(
        std::fs::read_to_string(&index).unwrap(),
        added,
        "nothing written"
    );
    assert!(!dir.join("kaohsiung-109.json").exists());
    let _ = std::fs::remove_dir_all(&dir);
}
