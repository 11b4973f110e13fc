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
use budget_compare::core::model::{CategoryId, CityId, Document, FiscalYear, Lens, Line, Stage};
use budget_compare::core::schema::{kind_schema_json, schema_json, Kind};

fn www(file: &str) -> String {
    let path = root().join("www").join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn import(file: &str, year: Option<u16>, which: Which) -> Vec<Document> {
    let mapping = Mapping::for_table(&shared(file)).expect("mapping table parses");
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
    let taichung = import("taichung-labor-budget-105.csv", Some(105), Which::All);
    assert_eq!(
        taichung
            .iter()
            .map(|d| (
                d.city.id.as_str(),
                d.fiscal_year.0,
                d.budget.as_ref().map(|b| b.stage)
            ))
            .collect::<Vec<_>>(),
        [
            ("taichung", 105, Some(Stage::Proposed)),
            ("taichung", 104, Some(Stage::Published)),
            ("taichung", 103, Some(Stage::Final)),
        ],
        "Taichung's three columns: 本年度 (the draft), 上年度, 前年度決算數"
    );
    for doc in docs.iter().chain(&docs106).chain(&taichung) {
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
        "k106.csv: expected the fiscal year: the file does not state it (give it: --year, or the year field)"
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
        "k105.csv: expected a mapping rule for every line, found 1 without one (add rules to the mapping table; \
         --accept-suggestions writes the suggested ones into a copy of it, for review):\n  \
         record 21: 勞工局 › 勞資關係 › 促進勞資和諧 (code 750801, 本年度 5,257): no suggestion (no other year has this code or name)"
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
    // Kaohsiung 104 has 3 more lines: its 業務管理 split into 3 by its 說明.
    for (city, year, total, lines, leaves) in [
        ("kaohsiung", 104, 4_656_094, 55, 31),
        ("kaohsiung", 105, 675_035, 52, 29),
        ("kaohsiung", 106, 4_790_165, 52, 29),
        ("taichung", 104, 436_107, 30, 16),
        ("taichung", 105, 459_506, 30, 16),
    ] {
        let doc = ds
            .document(&CityId::from(city), FiscalYear(year))
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
            &[CityYear::new(city, year)],
            Options {
                metric: Metric::Amount,
                pass_through: true,
                ..Options::default()
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
fn the_bundled_data_set_validates_without_errors_and_only_the_known_warnings() {
    let ds = dataset();
    let messages: Vec<String> = ds.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            // Taichung 103's units add up to one more than the printed total
            // (rounding in the source); the printed total is kept.
            "taichung-103.json: budget.total: lines add up to 323,783, expected the stated total 323,782 (difference +1)",
            "index.json: documents: no document for taichung in fiscal year 106: the series has a gap there",
            "index.json: documents: no document for taichung in fiscal year 107: the series has a gap there",
            "index.json: documents: no document for taichung in fiscal year 108: the series has a gap there",
        ]
    );
    assert_eq!(ds.documents.len(), 8);
    assert_eq!(
        ds.documents.iter().filter(|d| d.budget.is_some()).count(),
        7,
        "Taichung 103–105 and Kaohsiung 104–107 have budgets; Taichung 109 a plan only"
    );
    assert!(ds.failed.is_empty());
}

#[test]
fn reference_series_are_the_source_csvs() {
    let ds = dataset();
    let reference = ds.reference.as_ref().expect("reference");
    // The published series, then the derived years, in year order; a
    // derived value says so in its note.
    let cpi: Vec<(u16, f64, bool)> = reference
        .cpi
        .as_ref()
        .expect("cpi")
        .values
        .iter()
        .map(|v| (v.year, v.value, v.note.is_some()))
        .collect();
    let rows = |file: &str, derived: bool| -> Vec<(u16, f64, bool)> {
        shared(file)
            .lines()
            .skip(1)
            .map(|l| {
                let c: Vec<&str> = l.splitn(3, ',').collect();
                (
                    c[0].parse().expect("year"),
                    c[1].parse().expect("cpi"),
                    derived,
                )
            })
            .collect()
    };
    let mut csv_cpi = rows("taiwan-cpi-annual.csv", false);
    csv_cpi.extend(rows("taiwan-cpi-annual-derived.csv", true));
    csv_cpi.sort_by_key(|r| r.0);
    assert_eq!(cpi, csv_cpi);
    assert_eq!(
        (cpi[0].0, cpi[0].1, cpi[0].2),
        (2014, 94.83, true),
        "2014 is derived and says so"
    );
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

/// The default options, as budgeted (line by line).
const BUDGETED: Options = Options {
    metric: Metric::Amount,
    pass_through: false,
    lens: Lens::Budgeted,
};

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
    let c = compare(&ds, &keys, BUDGETED);
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
            ..BUDGETED
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
                ..BUDGETED
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
            ..BUDGETED
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
            ..BUDGETED
        },
    );
    let v = per.columns[0].total.value().expect("2016 population");
    assert!((v - 446_233_000.0 / 2_779_371.0).abs() < 1e-9);
    let v = per.columns[1].total.value().expect("2017 population");
    assert!((v - 453_334_000.0 / 2_776_912.0).abs() < 1e-9);
    let mut without = dataset();
    if let Some(p) = without
        .reference
        .as_mut()
        .and_then(|r| r.population.as_mut())
    {
        p.values.retain(|v| v.year != 2016);
    }
    assert_eq!(
        compare(&without, &keys, per.options).columns[0].total,
        Cell::NoReference,
        "a year without population says so"
    );

    let real = compare(
        &ds,
        &keys,
        Options {
            metric: Metric::Real { base: 2021 },
            pass_through: false,
            ..BUDGETED
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
            ..BUDGETED
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
        BUDGETED,
    );
    let years: Vec<u16> = rows.iter().map(|r| r.year.0).collect();
    assert_eq!(
        years,
        (103..=109).collect::<Vec<_>>(),
        "every year of the data set, gaps included"
    );
    assert_eq!(rows[0].cell, Cell::NoBudget, "no Kaohsiung 103");
    let rows = &rows[1..];
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
    let g = series_cagr(rows).expect("cagr");
    assert!((g - ((8493.0f64 / 8767.0).powf(1.0 / 3.0) - 1.0) * 100.0).abs() < 1e-9);

    let totals = series(&ds, &CityId::from("kaohsiung"), None, BUDGETED);
    let values: Vec<Option<f64>> = totals
        .iter()
        .skip(1)
        .take(4)
        .map(|r| r.cell.value())
        .collect();
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
fn the_committed_json_schemas_are_fresh() {
    assert_eq!(
        www("schema/budget-compare-1.schema.json"),
        schema_json(),
        "regenerate with: cargo run --bin budget-compare -- schema > www/schema/budget-compare-1.schema.json"
    );
    for kind in Kind::ALL {
        assert_eq!(
            www(&format!("schema/{}", kind.file_name())),
            kind_schema_json(kind),
            "regenerate with: cargo run --bin budget-compare -- schema {} > www/schema/{}",
            kind.id(),
            kind.file_name()
        );
    }
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

#[test]
fn the_audited_kaohsiung_crosswalk_corrections() {
    let ds = dataset();
    let figure = |year: u16, category: &str| {
        let key = CityYear::new("kaohsiung", year);
        compare(&ds, std::slice::from_ref(&key), Options::default())
            .cell(&key, &CategoryId::from(category))
            .and_then(Cell::value)
            .map(|v| (v / 1000.0) as u64)
    };
    // 提升就業暨保障勞動權益 (the 幸福高雄移居津貼 relocation subsidy) is
    // employment services, not policy & planning: before → after, 千元.
    for (year, policy, employment) in [
        (104, 582, 39_241), // was 25,002 / 9,241 (and 5,580 of the split below)
        (105, 462, 25_285), // was 19,262 / 6,485
        (106, 298, 21_625), // was 16,078 / 5,845
        (107, 287, 22_682), // was 18,287 / 4,682
    ] {
        assert_eq!(figure(year, "policy-planning"), Some(policy), "{year}");
        assert_eq!(
            figure(year, "employment-services"),
            Some(employment),
            "{year}"
        );
    }
    // 104's 業務管理 (36,098) split by the 105 說明: 30,518 labour culture
    // (was 36,098) and the 提升就業培力計畫's 5,580 employment services.
    assert_eq!(figure(104, "labour-culture"), Some(30_518));
    let doc = ds
        .document(&CityId::from("kaohsiung"), FiscalYear(104))
        .expect("104");
    let mut parts = Vec::new();
    doc.budget
        .as_ref()
        .expect("budget")
        .for_each_leaf(|path, category| {
            if path.len() == 4 {
                let leaf = path[3];
                parts.push((
                    leaf.name.clone(),
                    leaf.amount.0,
                    category.map(|c| c.0.clone()),
                ));
            }
        });
    assert_eq!(
        parts,
        [
            (
                "澄清會館".to_owned(),
                13_555,
                Some("labour-culture".to_owned())
            ),
            (
                "提升就業培力計畫".to_owned(),
                5_580,
                Some("employment-services".to_owned())
            ),
            (
                "勞工博物館、獅甲會館".to_owned(),
                16_963,
                Some("labour-culture".to_owned())
            ),
        ]
    );
    // Each Kaohsiung document says how capital spending is counted.
    for (year, separate) in [(104, false), (105, false), (106, false), (107, true)] {
        let budget = ds
            .document(&CityId::from("kaohsiung"), FiscalYear(year))
            .and_then(|d| d.budget.as_ref())
            .expect("budget");
        assert_eq!(budget.capital_separate, Some(separate), "{year}");
        assert!(
            budget
                .note
                .as_deref()
                .is_some_and(|n| n.contains("經資門併計")),
            "{year} says 經資門併計"
        );
    }
    let note107 = ds
        .document(&CityId::from("kaohsiung"), FiscalYear(107))
        .and_then(|d| d.budget.as_ref())
        .and_then(|b| b.note.as_deref())
        .unwrap_or("");
    assert!(
        note107.contains("獅甲會館") && note107.contains("8,101"),
        "{note107}"
    );
}

#[test]
fn prior_final_needs_the_column_and_explanations_continue_on_their_own_rows() {
    let mapping = Mapping::kaohsiung().expect("mapping");
    let err = import_budget_table(
        "k105.csv",
        &shared("kaohsiung-labor-budget-105.csv"),
        None,
        Which::PriorFinal,
        &mapping,
    )
    .expect_err("no 前年度決算數 column");
    assert_eq!(
        err.to_string(),
        "k105.csv: expected a 前年度決算數 column for --columns prior-final, found none"
    );
    // Taichung's 說明 runs over the 節 row and the rows after it (only the
    // 說明 cell filled): one note, its numbered parts on lines of their own.
    let docs = import("taichung-labor-budget-105.csv", Some(105), Which::ThisYear);
    let mut notes = Vec::new();
    docs[0]
        .budget
        .as_ref()
        .expect("budget")
        .for_each_leaf(|path, _| {
            let leaf = path.last().expect("leaf");
            if leaf.name == "勞動檢查" {
                notes.push(leaf.note.clone());
            }
        });
    assert_eq!(
        notes,
        [Some(
            "一、本科目包括勞動檢查\n二、本年度預算數包括:\n業務費4,330千元\n三、本年度預算數與上年度比較：\n減少 403千元\n減列 業務費403千元"
                .to_owned()
        )]
    );
    // The 上年度 and 前年度決算數 documents carry no 說明 (it explains 105).
    for doc in import("taichung-labor-budget-105.csv", Some(105), Which::All)
        .iter()
        .skip(1)
    {
        doc.budget
            .as_ref()
            .expect("budget")
            .for_each_leaf(|path, _| {
                let leaf = path.last().expect("leaf");
                assert!(
                    leaf.note.as_deref().is_none_or(|n| n.starts_with("分類：")),
                    "{} {}: {:?}",
                    doc.fiscal_year.0,
                    leaf.name,
                    leaf.note
                );
            });
    }
}
