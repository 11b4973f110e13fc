//! Taichung's figures (the 105 budget book: 105 draft, 104 budget, 103 final
//! accounts): pinned totals and unit subtotals, their stages, the crosswalk
//! onto the shared categories, and a line-by-line cross-check against the
//! official whole-city tables (.xls, read with calamine).
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;

use calamine::{open_workbook, Data, Reader, Xls};
use common::{dataset, root};

use budget_compare::core::compare::{compare, pass_through_share, CityYear, Options};
use budget_compare::core::dataset::Dataset;
use budget_compare::core::model::{CityId, Document, FiscalYear, Lens, Stage};

fn taichung(ds: &Dataset, year: u16) -> &Document {
    ds.document(&CityId::from("taichung"), FiscalYear(year))
        .expect("loaded")
}

/// The units' (name, amount) and the stated total of a year.
fn units(doc: &Document) -> (Vec<(&str, u64)>, Option<u64>) {
    let budget = doc.budget.as_ref().expect("budget");
    (
        budget
            .lines
            .iter()
            .map(|l| (l.name.as_str(), l.amount.0))
            .collect(),
        budget.total.map(|t| t.0),
    )
}

#[test]
fn totals_unit_subtotals_and_stages_of_each_year() {
    let ds = dataset();
    let names = ["臺中市政府勞工局", "臺中市勞動檢查處", "臺中市就業服務處"];
    for (year, total, subtotals, stage) in [
        (105, 459_506, [358_917, 46_023, 54_566], Stage::Proposed),
        (104, 436_107, [345_157, 46_392, 44_558], Stage::Published),
        (103, 323_782, [258_894, 30_758, 34_131], Stage::Final),
    ] {
        let doc = taichung(&ds, year);
        let (got, stated) = units(doc);
        let want: Vec<(&str, u64)> = names.iter().copied().zip(subtotals).collect();
        assert_eq!(got, want, "{year} units");
        assert_eq!(stated, Some(total), "{year} printed total");
        assert_eq!(doc.budget.as_ref().map(|b| b.stage), Some(stage), "{year}");
    }
    // The shipped units add up to the printed total, but for 103's one
    // more (rounding in the source), kept as printed; the validator says so.
    let units_sum = |year| {
        units(taichung(&ds, year))
            .0
            .iter()
            .map(|u| u.1)
            .sum::<u64>()
    };
    assert_eq!([105, 104, 103].map(units_sum), [459_506, 436_107, 323_783]);
    let warning = ds
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .filter(|m| m.starts_with("taichung-103.json"))
        .collect::<Vec<_>>();
    assert_eq!(
        warning,
        ["taichung-103.json: budget.total: lines add up to 323,783, expected the stated total 323,782 (difference +1)"]
    );
    let note = taichung(&ds, 103)
        .budget
        .as_ref()
        .and_then(|b| b.note.as_deref())
        .unwrap_or("");
    assert!(note.contains("決算") && note.contains("323,783"), "{note}");
}

/// Every leaf of a document as `work plan › line` → (amount, category).
fn crosswalk(doc: &Document) -> Vec<(String, u64, String)> {
    let mut out = Vec::new();
    doc.budget
        .as_ref()
        .expect("budget")
        .for_each_leaf(|path, category| {
            let names: Vec<&str> = path.iter().map(|l| l.name.as_str()).collect();
            out.push((
                names.join(" › "),
                path.last().expect("leaf").amount.0,
                category.map_or("", |c| c.as_str()).to_owned(),
            ));
        });
    out
}

#[test]
fn every_line_maps_onto_a_shared_category() {
    let ds = dataset();
    let want = [
        (
            "臺中市政府勞工局 › 勞工保險 › 勞工保險",
            13_247,
            "social-insurance",
        ),
        (
            "臺中市政府勞工局 › 一般行政 › 行政管理",
            94_887,
            "administration",
        ),
        (
            "臺中市政府勞工局 › 勞政業務 › 勞資關係",
            28_619,
            "labour-relations",
        ),
        (
            "臺中市政府勞工局 › 勞政業務 › 勞動基準",
            54_718,
            "labour-standards",
        ),
        (
            "臺中市政府勞工局 › 勞政業務 › 綜合規劃",
            18_578,
            "policy-planning",
        ),
        (
            "臺中市政府勞工局 › 勞政業務 › 勞工福利",
            76_068,
            "worker-welfare",
        ),
        (
            "臺中市政府勞工局 › 勞政業務 › 外勞管理",
            2_273,
            "migrant-workers",
        ),
        (
            "臺中市政府勞工局 › 勞政業務 › 就業安全",
            67_487,
            "employment-services",
        ),
        ("臺中市政府勞工局 › 第一預備金 › 第一預備金", 500, "reserve"),
        (
            "臺中市政府勞工局 › 一般建築及設備 › 一般建築及設備",
            2_540,
            "capital",
        ),
        (
            "臺中市勞動檢查處 › 一般行政 › 行政管理",
            40_351,
            "administration",
        ),
        (
            "臺中市勞動檢查處 › 勞動檢查業務 › 勞動檢查",
            4_330,
            "inspection-safety",
        ),
        (
            "臺中市勞動檢查處 › 一般建築及設備 › 一般建築及設備",
            1_342,
            "capital",
        ),
        (
            "臺中市就業服務處 › 一般行政 › 行政管理",
            21_262,
            "administration",
        ),
        (
            "臺中市就業服務處 › 就業服務業務 › 就業服務",
            32_094,
            "employment-services",
        ),
        (
            "臺中市就業服務處 › 一般建築及設備 › 一般建築及設備",
            1_210,
            "capital",
        ),
    ];
    let got = crosswalk(taichung(&ds, 105));
    let want: Vec<(String, u64, String)> = want
        .iter()
        .map(|(p, a, c)| ((*p).to_owned(), *a, (*c).to_owned()))
        .collect();
    assert_eq!(got, want);
    // The same lines, with the same categories, in 104 and 103.
    for year in [104, 103] {
        let other: Vec<(String, String)> = crosswalk(taichung(&ds, year))
            .into_iter()
            .map(|(p, _, c)| (p, c))
            .collect();
        let same: Vec<(String, String)> = want
            .iter()
            .map(|(p, _, c)| (p.clone(), c.clone()))
            .collect();
        assert_eq!(other, same, "{year}");
    }
    // Inspection in 105, each city (千元 → NT$): Taichung 4,330, Kaohsiung 8,927.
    let keys = [
        CityYear::new("taichung", 105),
        CityYear::new("kaohsiung", 105),
    ];
    let c = compare(&ds, &keys, BUDGETED);
    let inspection = "inspection-safety".into();
    assert_eq!(
        c.cell(&keys[0], &inspection).and_then(|c| c.value()),
        Some(4_330_000.0)
    );
    assert_eq!(
        c.cell(&keys[1], &inspection).and_then(|c| c.value()),
        Some(8_927_000.0)
    );
    // The pass-through share the widget states beside its toggle.
    let share = |k: &CityYear| format!("{:.1}", pass_through_share(&ds, k).expect("share"));
    assert_eq!(share(&keys[0]), "2.9", "13,247 of 459,506");
    assert_eq!(share(&keys[1]), "33.9", "228,802 of 675,035");
}

fn number(cell: &Data) -> Option<u64> {
    match cell {
        Data::Float(f) if *f >= 0.0 && f.fract() == 0.0 => Some(*f as u64),
        Data::Int(i) => u64::try_from(*i).ok(),
        _ => None,
    }
}

fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.chars().filter(|c| !c.is_whitespace()).collect(),
        _ => String::new(),
    }
}

/// The official whole-city 歲出機關別預算表: the 勞工局主管 section's
/// lines as code → (105 draft, 104 budget).
fn official_table() -> BTreeMap<String, (u64, u64)> {
    let path = root().join("../shared/data-sources/taichung-105-city-agency-budget-table.xls");
    let mut book: Xls<_> = open_workbook(&path).expect("the official table opens");
    let sheet = book.worksheet_range("Sheet1").expect("Sheet1");
    let mut out = BTreeMap::new();
    let mut inside = false;
    for row in sheet.rows() {
        let kuan = text(&row[0]);
        if !kuan.is_empty() {
            // A 款 row starts an agency's section.
            inside = text(&row[4]).ends_with("臺中市政府勞工局主管");
        }
        if !inside {
            continue;
        }
        let cell = text(&row[4]);
        let code: String = cell.chars().take_while(char::is_ascii_digit).collect();
        if let (false, Some(this), Some(last)) = (code.is_empty(), number(&row[5]), number(&row[6]))
        {
            out.insert(code, (this, last));
        }
    }
    out
}

#[test]
fn every_line_agrees_with_the_official_city_tables() {
    let ds = dataset();
    let official = official_table();
    // The 款 row, 3 units, 11 work plans and 16 lines, each with its code.
    assert_eq!(official.len(), 31);
    assert_eq!(official.get("00130000000"), Some(&(459_506, 436_107)));
    let mut ours: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    for (year, this) in [(105, true), (104, false)] {
        let budget = taichung(&ds, year).budget.as_ref().expect("budget");
        budget.for_each_line(|l| {
            let code = l.code.clone().expect("every imported line has its code");
            let entry = ours.entry(code).or_default();
            if this {
                entry.0 = l.amount.0;
            } else {
                entry.1 = l.amount.0;
            }
        });
    }
    ours.insert("00130000000".into(), (459_506, 436_107));
    assert_eq!(ours, official, "code → (105, 104), line by line");

    // The summary table: 經常門 + 資本門 = total; the 資本門 is the three
    // 一般建築及設備 lines, our capital category.
    let path = root().join("../shared/data-sources/taichung-105-city-agency-budget-summary.xls");
    let mut book: Xls<_> = open_workbook(&path).expect("the summary opens");
    let sheet = book
        .worksheet_range_at(0)
        .expect("a sheet")
        .expect("readable");
    let row = sheet
        .rows()
        .find(|r| r.iter().any(|c| text(c) == "臺中市政府勞工局主管"))
        .expect("the 勞工局主管 row");
    let figures: Vec<u64> = row.iter().filter_map(number).collect();
    assert_eq!(figures, [454_414, 5_092, 459_506], "經常門, 資本門, 合計");
    let capital = |lens| {
        let options = Options {
            lens,
            ..Options::default()
        };
        compare(&ds, &[CityYear::new("taichung", 105)], options)
            .cell(&CityYear::new("taichung", 105), &"capital".into())
            .and_then(|c| c.value())
    };
    assert_eq!(capital(Lens::Budgeted), Some(5_092_000.0));
    assert_eq!(
        capital(Lens::Function),
        Some(2_540_000.0),
        "by function the two offices' buildings count in their functions; the headquarters' stay"
    );
}

const BUDGETED: Options = Options {
    metric: budget_compare::core::compare::Metric::Amount,
    pass_through: false,
    lens: Lens::Budgeted,
};
