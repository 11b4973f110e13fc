//! Helpers the native integration tests share: repository paths, the
//! bundled data set and taxonomy, the published source files.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use budget_compare::core::dataset::{load_with, Dataset};
use budget_compare::core::model::{CityId, Document, Taxonomy};
use budget_compare::core::validate::parse_taxonomy;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A file of `../shared/data-sources/`.
pub fn shared(file: &str) -> String {
    let path = root().join("../shared/data-sources").join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The bundled data set (`www/data/index.json` and the files it names).
pub fn dataset() -> Dataset {
    let manifest = root().join("www/data/index.json");
    load_with(&manifest.to_string_lossy(), |p| {
        std::fs::read_to_string(p).map_err(|e| e.to_string())
    })
    .expect("the bundled data set loads")
}

/// The bundled taxonomy.
pub fn taxonomy() -> Taxonomy {
    let text = std::fs::read_to_string(root().join("www/data/taxonomy.json")).expect("taxonomy");
    parse_taxonomy("taxonomy.json", &text).expect("valid taxonomy")
}

/// A line as compared with a published document's: id, code, name,
/// amount, category, function (the 說明 notes differ between a table's
/// editions).
pub type Compared = (
    String,
    Option<String>,
    String,
    u64,
    Option<String>,
    Option<String>,
);

/// A budget's lines, depth first, as compared.
pub fn lines(doc: &Document) -> Vec<Compared> {
    let mut out = Vec::new();
    doc.budget.as_ref().expect("a budget").for_each_line(|l| {
        out.push((
            l.id.clone(),
            l.code.clone(),
            l.name.clone(),
            l.amount.0,
            l.category.as_ref().map(|c| c.0.clone()),
            l.function.as_ref().map(|c| c.0.clone()),
        ));
    });
    out
}

/// The official whole-city 歲出機關別預算表 of Taichung 105 (.xls).
pub fn official_xls() -> Vec<u8> {
    std::fs::read(root().join("../shared/data-sources/taichung-105-city-agency-budget-table.xls"))
        .expect("the official table")
}

/// Asserts that `docs`, imported from [`official_xls`], are the shipped
/// Taichung 105 and 104 line by line (ids, codes, names, amounts,
/// categories, functions), with their stage and stated total.
pub fn assert_shipped_taichung_105_and_104(docs: &[Document]) {
    let ds = dataset();
    let years: Vec<u16> = docs.iter().map(|d| d.fiscal_year.0).collect();
    assert_eq!(years, [105, 104]);
    for doc in docs {
        let shipped = ds
            .document(&CityId::from("taichung"), doc.fiscal_year)
            .expect("shipped");
        assert_eq!(
            lines(doc),
            lines(shipped),
            "{} line by line",
            doc.fiscal_year
        );
        assert_eq!(
            doc.budget.as_ref().map(|b| (b.stage, b.total)),
            shipped.budget.as_ref().map(|b| (b.stage, b.total)),
            "{}: stage and stated total",
            doc.fiscal_year
        );
    }
}
