//! The shipped data: reproducible from the sources, consistent, and the
//! figures the comparison core computes from it.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{dataset, root, shared};

use std::collections::BTreeMap;

use budget_compare::core::compare::{
    change, compare, series, series_cagr, Cell, CityYear, Metric, Options,
};
use budget_compare::core::import::budget_table::{document_file_name, to_json};
use budget_compare::core::import::{import_budget_table, Mapping, Which};
use budget_compare::core::model::{CategoryId, CityId, Document, FiscalYear, Line};
use budget_compare::core::schema::schema_json;

fn www(file: &str) -> String {
    let path = root().join("www").join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn import(file: &str, year: Option<u16>, which: Which) -> Vec<Document> {
    let mapping = Mapping::kaohsiung().expect("mapping table parses");
    let imported =
        import_budget_table(file, &shared(file), year, which, &mapping).expect("imports");
    assert_eq!(
        imported.warnings,
        Vec::<String>::new(),
        "比較 column agrees in {file}"
    );
    imported.documents
}

#[test]
fn importer_reproduces_the_committed_documents_byte_for_byte() {
    let docs = import("kaohsiung-labor-budget-105.csv", None, Which::Both);
    assert_eq!(
        docs.iter().map(|d| d.fiscal_year.0).collect::<Vec<_>>(),
        [105, 104],
        "105 layout: 本年度 then 上年度"
    );
    let docs106 = import("kaohsiung-labor-budget-106.csv", Some(106), Which::ThisYear);
    for doc in docs.iter().chain(&docs106) {
        let name = document_file_name(doc);
        assert_eq!(
            to_json(doc),
            www(&format!("data/{name}")),
            "{name} differs from a fresh import"
        );
    }
}

#[test]
fn the_106_layout_needs_a_year_and_the_105_layout_checks_it() {
    let mapping = Mapping::kaohsiung().expect("mapping");
    let err = import_budget_table(
        "k106.csv",
        &shared("kaohsiung-labor-budget-106.csv"),
        None,
        Which::Both,
        &mapping,
    )
    .expect_err("no year");
    assert_eq!(
        err.to_string(),
        "k106.csv: expected the fiscal year: the file does not state it, pass --year"
    );
    let err = import_budget_table(
        "k105.csv",
        &shared("kaohsiung-labor-budget-105.csv"),
        Some(106),
        Which::Both,
        &mapping,
    )
    .expect_err("wrong year");
    assert_eq!(
        err.to_string(),
        "k105.csv: expected fiscal year 106 as given, found 中華民國105年度 in the file"
    );
}

#[test]
fn an_unmapped_line_is_an_error_not_a_guess() {
    let mut mapping = Mapping::kaohsiung().expect("mapping");
    mapping.rules.retain(|r| r.program != "勞資關係");
    let err = import_budget_table(
        "k105.csv",
        &shared("kaohsiung-labor-budget-105.csv"),
        None,
        Which::Both,
        &mapping,
    )
    .expect_err("unmapped");
    assert_eq!(
        err.to_string(),
        "k105.csv: record 21: expected a mapping rule for 勞工局 › 勞資關係 › 促進勞資和諧, found none: add one to the mapping table"
    );
}

/// Leaves keyed by (unit without prefixes, leaf name): amount and category.
fn leaves(
    doc: &Document,
    mapping: &Mapping,
) -> BTreeMap<(String, String), (u64, Option<CategoryId>)> {
    let mut out = BTreeMap::new();
    doc.budget
        .as_ref()
        .expect("budget")
        .for_each_leaf(|path, category| {
            let unit = mapping.unit_key(&path[0].name).to_owned();
            let leaf = path.last().expect("leaf");
            let old = out.insert(
                (unit, leaf.name.clone()),
                (leaf.amount.0, category.cloned()),
            );
            assert_eq!(old, None, "leaf keys are unique");
        });
    out
}

#[test]
fn fiscal_105_agrees_line_by_line_in_both_tables() {
    let mapping = Mapping::kaohsiung().expect("mapping");
    let from_105 = &import("kaohsiung-labor-budget-105.csv", None, Which::ThisYear)[0];
    let from_106 = &import("kaohsiung-labor-budget-106.csv", Some(106), Which::LastYear)[0];
    assert_eq!(from_106.fiscal_year, FiscalYear(105));
    let (a, b) = (leaves(from_105, &mapping), leaves(from_106, &mapping));
    assert_eq!(a.len(), 29);
    assert_eq!(a, b, "each leaf's amount and category");
    let units = |d: &Document| -> Vec<(String, u64)> {
        d.budget
            .as_ref()
            .expect("budget")
            .lines
            .iter()
            .map(|l| (mapping.unit_key(&l.name).to_owned(), l.amount.0))
            .collect()
    };
    assert_eq!(units(from_105), units(from_106));
}

#[test]
fn each_document_adds_up_to_its_stated_total() {
    let ds = dataset();
    for (year, total, lines, leaves) in [
        (104, 4_656_094, 52, 29),
        (105, 675_035, 52, 29),
        (106, 4_790_165, 52, 29),
    ] {
        let doc = ds
            .document(&CityId::from("kaohsiung"), FiscalYear(year))
            .expect("loaded");
        let budget = doc.budget.as_ref().expect("budget");
        assert_eq!(
            budget.total.map(|t| t.0),
            Some(total),
            "{year} stated total"
        );
        assert_eq!(budget.leaf_total(), total, "{year} leaves");
        // The Compare figures, social insurance included: every leaf is in
        // one of the taxonomy's categories, so they add up to the total.
        let comparison = compare(
            &ds,
            &[CityYear::new("kaohsiung", year)],
            Options {
                metric: Metric::Amount,
                pass_through: true,
            },
        );
        let column = &comparison.columns[0];
        let by_category: f64 = column.cells.iter().filter_map(|c| c.value()).sum();
        let nt = (total * 1000) as f64;
        assert_eq!(by_category, nt, "{year} category totals in NT$");
        assert_eq!(column.total, Cell::Value(nt), "{year} the column's total");
        let mut count = (0, 0);
        fn walk(l: &budget_compare::core::model::Line, count: &mut (usize, usize)) {
            count.0 += 1;
            if l.is_leaf() {
                count.1 += 1
            }
            l.children.iter().for_each(|c| walk(c, count));
        }
        budget.lines.iter().for_each(|l| walk(l, &mut count));
        assert_eq!(count, (lines, leaves), "{year} lines, leaves");
    }
}

#[test]
fn the_bundled_data_set_validates_without_errors_or_warnings() {
    let ds = dataset();
    let messages: Vec<String> = ds.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(messages, Vec::<String>::new());
    assert_eq!(ds.documents.len(), 5);
    assert!(ds.failed.is_empty());
}

#[test]
fn reference_series_are_the_source_csvs() {
    let ds = dataset();
    let reference = ds.reference.as_ref().expect("reference");
    let cpi: Vec<(u16, f64)> = reference
        .cpi
        .as_ref()
        .expect("cpi")
        .values
        .iter()
        .map(|v| (v.year, v.value))
        .collect();
    let csv_cpi: Vec<(u16, f64)> = shared("taiwan-cpi-annual.csv")
        .lines()
        .skip(1)
        .map(|l| {
            let (y, v) = l.split_once(',').expect("2 columns");
            (y.parse().expect("year"), v.parse().expect("cpi"))
        })
        .collect();
    assert_eq!(cpi, csv_cpi);
    let pop: Vec<(String, u16, f64)> = reference
        .population
        .as_ref()
        .expect("population")
        .values
        .iter()
        .map(|v| (v.city.0.clone(), v.year, v.value))
        .collect();
    let csv_pop: Vec<(String, u16, f64)> = shared("city-population-year-end.csv")
        .lines()
        .skip(1)
        .map(|l| {
            let c: Vec<&str> = l.split(',').collect();
            (
                c[0].to_owned(),
                c[1].parse().expect("year"),
                c[2].parse().expect("pop"),
            )
        })
        .collect();
    assert_eq!(pop, csv_pop);
}

fn inspection() -> CategoryId {
    CategoryId::from("inspection-safety")
}

#[test]
fn compare_by_category_on_the_real_figures() {
    let ds = dataset();
    let keys = [
        CityYear::new("kaohsiung", 105),
        CityYear::new("kaohsiung", 106),
        CityYear::new("taichung", 109),
    ];
    let c = compare(&ds, &keys, Options::default());
    assert!(
        !c.categories.contains(&CategoryId::from("social-insurance")),
        "pass-through left out by default"
    );
    assert_eq!(
        c.cell(&keys[0], &inspection()),
        Some(Cell::Value(8_927_000.0))
    );
    assert_eq!(
        c.cell(&keys[1], &inspection()),
        Some(Cell::Value(8_676_000.0))
    );
    assert_eq!(
        c.cell(&keys[2], &inspection()),
        Some(Cell::NoBudget),
        "Taichung 109 has no budget: missing, not 0"
    );
    assert_eq!(
        c.columns[0].total,
        Cell::Value(446_233_000.0),
        "105 without social insurance"
    );
    // Sum of the category cells equals the total shown.
    let sum: f64 = c.columns[1].cells.iter().filter_map(|c| c.value()).sum();
    assert_eq!(Cell::Value(sum), c.columns[1].total);

    let with = compare(
        &ds,
        &keys,
        Options {
            pass_through: true,
            ..Options::default()
        },
    );
    assert_eq!(
        with.cell(&keys[1], &CategoryId::from("social-insurance")),
        Some(Cell::Value(4_336_831_000.0))
    );
    assert_eq!(with.columns[1].total, Cell::Value(4_790_165_000.0));

    let share = |pass_through| {
        compare(
            &ds,
            &keys[..1],
            Options {
                metric: Metric::Share,
                pass_through,
            },
        )
        .cell(&keys[0], &inspection())
        .and_then(Cell::value)
        .expect("share")
    };
    assert!((share(false) - 8927.0 / 446_233.0 * 100.0).abs() < 1e-9);
    assert!((share(true) - 8927.0 / 675_035.0 * 100.0).abs() < 1e-9);
    let shares: f64 = compare(
        &ds,
        &keys[..1],
        Options {
            metric: Metric::Share,
            pass_through: false,
        },
    )
    .columns[0]
        .cells
        .iter()
        .filter_map(|c| c.value())
        .sum();
    assert!((shares - 100.0).abs() < 1e-9);
}

/// Sets every leaf of `lines` with `f`.
fn each_leaf(lines: &mut [Line], f: &dyn Fn(&mut Line)) {
    for line in lines {
        if line.children.is_empty() {
            f(line);
        } else {
            each_leaf(&mut line.children, f);
        }
    }
}

#[test]
fn a_category_outside_the_taxonomy_counts_in_the_total_only_and_sums_saturate() {
    // Loading refuses both; the comparison copes with a data set built otherwise.
    let base = dataset();
    let i = base
        .documents
        .iter()
        .position(|d| d.budget.is_some())
        .expect("a document with a budget");
    let doc = &base.documents[i];
    let key = CityYear::new(doc.city.id.as_str(), doc.fiscal_year.0);
    let all = Options {
        pass_through: true,
        ..Options::default()
    };
    let before = compare(&base, std::slice::from_ref(&key), all);

    let mut ds = base.clone();
    let lines = &mut ds.documents[i].budget.as_mut().expect("budget").lines;
    each_leaf(lines, &|l| {
        if l.category.as_ref().map(CategoryId::as_str) == Some("administration") {
            l.category = Some(CategoryId::from("not-in-the-taxonomy"));
        }
    });
    let c = compare(&ds, std::slice::from_ref(&key), all);
    let administration = CategoryId::from("administration");
    assert!(before.cell(&key, &administration).is_some());
    assert_eq!(c.cell(&key, &administration), None, "no row for it");
    assert!(!c
        .categories
        .iter()
        .any(|id| id.as_str() == "not-in-the-taxonomy"));
    assert_eq!(
        c.columns[0].total, before.columns[0].total,
        "still in the total"
    );

    let lines = &mut ds.documents[i].budget.as_mut().expect("budget").lines;
    // A third of u64::MAX per leaf (in thousands): the total of more than
    // three leaves passes u64::MAX (a wrapping sum would land far below it).
    each_leaf(lines, &|l| l.amount.0 = u64::MAX / 1000 / 3);
    let c = compare(&ds, std::slice::from_ref(&key), all);
    assert_eq!(c.columns[0].total, Cell::Value(u64::MAX as f64));
}

#[test]
fn per_resident_and_real_terms_name_what_is_missing() {
    let ds = dataset();
    let keys = [
        CityYear::new("kaohsiung", 105),
        CityYear::new("kaohsiung", 106),
    ];
    let per = compare(
        &ds,
        &keys,
        Options {
            metric: Metric::PerResident,
            pass_through: false,
        },
    );
    assert_eq!(
        per.columns[0].total,
        Cell::NoReference,
        "no population for 2016"
    );
    let v = per.columns[1].total.value().expect("2017 population");
    assert!((v - 453_334_000.0 / 2_776_912.0).abs() < 1e-9);

    let real = compare(
        &ds,
        &keys,
        Options {
            metric: Metric::Real { base: 2021 },
            pass_through: false,
        },
    );
    let v = real
        .cell(&keys[1], &inspection())
        .and_then(Cell::value)
        .expect("cpi 2017");
    assert!((v - 8_676_000.0 * 100.0 / 96.4525).abs() < 1e-6);
    let none = compare(
        &ds,
        &keys,
        Options {
            metric: Metric::Real { base: 2030 },
            pass_through: false,
        },
    );
    assert_eq!(none.columns[1].total, Cell::NoReference);
}

#[test]
fn year_over_year_and_compound_growth_on_the_real_figures() {
    let ds = dataset();
    let rows = series(
        &ds,
        &CityId::from("kaohsiung"),
        Some(&inspection()),
        Options::default(),
    );
    let years: Vec<u16> = rows.iter().map(|r| r.year.0).collect();
    assert_eq!(
        years,
        (104..=109).collect::<Vec<_>>(),
        "every year of the data set, gaps included"
    );
    assert_eq!(rows[0].cell, Cell::Value(8_767_000.0));
    assert_eq!(rows[0].change, None);
    let c = rows[2].change.expect("105 -> 106");
    assert_eq!(c.absolute, -251_000.0);
    assert_eq!(format!("{:.1}", c.percent.expect("pct")), "-2.8");
    assert_eq!(
        rows[3].cell,
        Cell::Value(8_493_000.0),
        "107 from the plan's budget table"
    );
    assert_eq!(rows[4].cell, Cell::NoBudget, "108 is a gap, never 0");
    assert_eq!(rows[4].change, None, "no change into a gap");
    assert_eq!(rows[5].change, None, "nor out of one");
    let g = series_cagr(&rows).expect("cagr");
    assert!((g - ((8493.0f64 / 8767.0).powf(1.0 / 3.0) - 1.0) * 100.0).abs() < 1e-9);

    let totals = series(&ds, &CityId::from("kaohsiung"), None, Options::default());
    let values: Vec<Option<f64>> = totals.iter().take(4).map(|r| r.cell.value()).collect();
    assert_eq!(
        values,
        [
            Some(461_487_000.0),
            Some(446_233_000.0),
            Some(453_334_000.0),
            Some(445_419_000.0)
        ]
    );
    assert_eq!(
        change(Some(0.0), Some(5.0)).map(|c| c.percent),
        Some(None),
        "no % change from 0"
    );
    assert_eq!(change(None, Some(5.0)), None);
}

#[test]
fn the_committed_json_schema_is_fresh() {
    assert_eq!(
        www("schema/budget-compare-1.schema.json"),
        schema_json(),
        "regenerate with: cargo run --bin budget-compare -- schema > www/schema/budget-compare-1.schema.json"
    );
}

#[test]
fn categories_sorted_by_size_and_folded_into_other() {
    let ds = dataset();
    let keys = [
        CityYear::new("kaohsiung", 106),
        CityYear::new("kaohsiung", 107),
    ];
    let c = compare(&ds, &keys, Options::default()).sorted_by_size();
    assert_eq!(
        c.categories[0].as_str(),
        "administration",
        "the largest first"
    );
    // Ordered by each category's largest figure across the columns.
    let largest: Vec<f64> = (0..c.categories.len())
        .map(|i| {
            c.columns
                .iter()
                .filter_map(|col| col.cells[i].value())
                .fold(f64::MIN, f64::max)
        })
        .collect();
    assert!(largest.windows(2).all(|w| w[0] >= w[1]), "{largest:?}");
    let top = c.top(5);
    assert_eq!(top.categories.len(), 6);
    assert_eq!(top.categories[5].as_str(), "other");
    let total: f64 = top.columns[1].cells.iter().filter_map(|x| x.value()).sum();
    assert_eq!(
        Cell::Value(total),
        top.columns[1].total,
        "nothing is lost in the fold"
    );
    assert_eq!(c.top(50), c, "short lists stay as they are");
}

/// The browser loads a large data set in two steps: the data set of the
/// first step's files has the rest pending, and adding the second step's
/// files (the first ones are not checked again) gives the data set read at
/// once.
#[test]
fn a_data_set_assembled_in_two_steps_is_the_one_read_at_once() {
    use budget_compare::core::dataset::{check, parse_manifest, Base, CheckedFile};
    let read = |file: &str| -> Result<String, String> { Ok(www(&format!("data/{file}"))) };
    let manifest = parse_manifest("index.json", &www("data/index.json")).expect("manifest");
    let reference = manifest.reference.as_deref().map(read);
    let base = Base::read(&manifest, &read(&manifest.taxonomy), reference.as_ref()).expect("base");
    let hrefs: Vec<&str> = manifest.documents.iter().map(|d| d.href.as_str()).collect();
    let checked = |href: &&str| check(&manifest, &base.taxonomy, href, &read(href));
    let mut files: Vec<CheckedFile> = hrefs[..2].iter().map(checked).collect();
    let first = base.assemble("index.json", &manifest, files.clone());
    assert_eq!(first.documents.len(), 2);
    let pending: Vec<&str> = first.pending.iter().map(|d| d.href.as_str()).collect();
    assert_eq!(pending, hrefs[2..]);
    files.extend(hrefs[2..].iter().map(checked));
    let whole = base.assemble("index.json", &manifest, files);
    assert!(whole.pending.is_empty());
    assert_eq!(whole, dataset());
}
