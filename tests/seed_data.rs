//! The two seed documents as data: Kaohsiung 107 (plan and budget) and
//! Taichung 109 (plan only), pinned to the figures and counts of the source.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{dataset, root};

use budget_compare::core::compare::{compare, drill, program_counts, Cell, CityYear, Options};
use budget_compare::core::dataset::Dataset;
use budget_compare::core::model::{
    CategoryId, CityId, Direction, Document, FiscalYear, Lens, Line,
};

fn doc<'a>(ds: &'a Dataset, city: &str, year: u16) -> &'a Document {
    ds.document(&CityId::from(city), FiscalYear(year))
        .expect("document loaded")
}

fn seed(file: &str) -> String {
    std::fs::read_to_string(root().join("../shared/seeds").join(file)).expect("seed")
}

fn leaf_sum(line: &Line) -> u64 {
    if line.is_leaf() {
        line.amount.0
    } else {
        line.children.iter().map(leaf_sum).sum()
    }
}

#[test]
fn kaohsiung_107_adds_up_to_the_printed_totals() {
    let ds = dataset();
    let budget = doc(&ds, "kaohsiung", 107).budget.as_ref().expect("budget");
    assert_eq!(budget.total.map(|a| a.0), Some(5_092_445));
    assert_eq!(budget.recurrent.map(|a| a.0), Some(5_087_076));
    assert_eq!(budget.capital.map(|a| a.0), Some(5_369));
    assert_eq!(budget.leaf_total(), 5_092_445);
    let classes: Vec<(u64, u64)> = budget
        .lines
        .iter()
        .map(|l| (l.amount.0, leaf_sum(l)))
        .collect();
    let printed = [304_255, 4_679_831, 33_617, 50_786, 18_287, 5_369, 300];
    assert_eq!(
        classes,
        printed.map(|p| (p, p)),
        "each class: printed subtotal = its leaves"
    );
}

/// Amounts (千元) in the seed's 施政計畫與預算配合對照表.
fn table_amounts(text: &str) -> Vec<u64> {
    let start = text.find("施政計畫與預算配合對照表").expect("table");
    let end = start + text[start..].find("合計").expect("end of table");
    text[start..end]
        .lines()
        .filter_map(|l| l.split('\t').nth(2))
        .flat_map(|cell| cell.split_whitespace())
        .filter_map(|n| n.replace(',', "").parse().ok())
        .collect()
}

#[test]
fn every_amount_of_the_seed_budget_table_is_in_the_document() {
    let ds = dataset();
    let mut amounts = Vec::new();
    fn walk(l: &Line, out: &mut Vec<u64>) {
        out.push(l.amount.0);
        l.children.iter().for_each(|c| walk(c, out));
    }
    let budget = doc(&ds, "kaohsiung", 107).budget.as_ref().expect("budget");
    budget.lines.iter().for_each(|l| walk(l, &mut amounts));
    let printed = table_amounts(&seed("004_1362cb94f0db48e6.txt"));
    assert_eq!(
        printed.len(),
        27,
        "7 class subtotals and 20 item amounts printed"
    );
    for a in &printed {
        assert!(
            amounts.contains(a),
            "{a} from the seed table is in the document"
        );
    }
}

#[test]
fn kaohsiung_107_compares_with_the_earlier_years() {
    let ds = dataset();
    let key = CityYear::new("kaohsiung", 107);
    let inspection = CategoryId::from("inspection-safety");
    let without = compare(&ds, std::slice::from_ref(&key), Options::default());
    assert_eq!(
        without.cell(&key, &inspection),
        Some(Cell::Value(8_493_000.0))
    );
    assert_eq!(without.columns[0].total, Cell::Value(445_419_000.0));
    let with = compare(
        &ds,
        std::slice::from_ref(&key),
        Options {
            pass_through: true,
            ..Options::default()
        },
    );
    assert_eq!(with.columns[0].total, Cell::Value(5_092_445_000.0));
    let social = with
        .cell(&key, &CategoryId::from("social-insurance"))
        .and_then(Cell::value)
        .expect("si");
    assert!(
        (social / 5_092_445_000.0 - 0.9125).abs() < 0.0005,
        "social insurance is 91% of the 107 total"
    );
}

#[test]
fn kaohsiung_107_plan_has_its_highlights_and_programmes() {
    let ds = dataset();
    let plan = doc(&ds, "kaohsiung", 107).plan.as_ref().expect("plan");
    assert_eq!(plan.goals.len(), 20);
    assert_eq!(plan.programs.len(), 42);
    assert!(
        plan.programs.iter().all(|p| !p.budget_lines.is_empty()),
        "every programme is linked to its money"
    );
    assert!(plan.programs.iter().all(|p| !p.text.trim().is_empty()));
    let migrant = drill(
        &ds,
        &CityYear::new("kaohsiung", 107),
        &CategoryId::from("migrant-workers"),
        Lens::Function,
    );
    assert!(
        migrant.programs.iter().any(|p| p.text.contains("外籍勞工")),
        "the 107 plan says 外籍勞工 where Taichung says 移工"
    );
}

#[test]
fn taichung_109_has_9_goals_and_38_programmes_in_9_work_plans() {
    let ds = dataset();
    let d = doc(&ds, "taichung", 109);
    assert!(d.budget.is_none(), "the seed publishes no budget");
    let plan = d.plan.as_ref().expect("plan");
    assert_eq!(plan.goals.len(), 9);
    assert_eq!(plan.programs.len(), 38);
    let mut work_plans: Vec<&str> = plan
        .programs
        .iter()
        .filter_map(|p| p.work_plan.as_deref())
        .collect();
    work_plans.dedup();
    assert_eq!(work_plans.len(), 9);
    assert!(seed("000_c75f2b3ec31a716e.txt").contains("共計有 38 項重要推動計畫"));
    // Every programme has its text; the one the seed lost carries a note instead.
    for p in &plan.programs {
        assert!(!p.text.trim().is_empty(), "{} has text", p.id);
    }
    let lost = plan
        .programs
        .iter()
        .find(|p| p.title == "推動中小企業工作環境輔導改善計畫")
        .expect("p20");
    assert_eq!(lost.text, "（原文缺漏）");
    assert!(lost.note.as_deref().is_some_and(|n| n.contains("lost")));
}

#[test]
fn taichung_109_targets_are_numbers_with_a_direction() {
    let ds = dataset();
    let plan = doc(&ds, "taichung", 109).plan.as_ref().expect("plan");
    let targets: Vec<(f64, &str, Direction)> = plan
        .programs
        .iter()
        .flat_map(|p| &p.targets)
        .map(|t| (t.value, t.unit.as_str(), t.direction))
        .collect();
    for want in [
        (3.0, "‰", Direction::AtMost),
        (30.0, "人", Direction::AtMost),
        (15.0, "萬元", Direction::AtMost),
        (3.0, "項", Direction::AtLeast),
        (3.0, "個月", Direction::Exactly),
    ] {
        assert!(targets.contains(&want), "{want:?} in {targets:?}");
    }
}

#[test]
fn plans_are_counted_per_category_and_every_link_resolves() {
    let ds = dataset();
    assert!(
        ds.diagnostics
            .iter()
            .all(|d| d.severity() == budget_compare::core::validate::Severity::Warning),
        "{:?}",
        ds.diagnostics
    );
    let keys = [
        CityYear::new("taichung", 109),
        CityYear::new("kaohsiung", 107),
        CityYear::new("kaohsiung", 106),
    ];
    let (categories, counts) = program_counts(&ds, &keys);
    let migrant = categories
        .iter()
        .position(|c| c.as_str() == "migrant-workers")
        .expect("migrant");
    let taichung = counts[0].as_ref().expect("taichung plan");
    assert_eq!(
        taichung[migrant], 4,
        "three 移工 programmes and one that names migrant affairs among others"
    );
    assert!(counts[1].as_ref().expect("kaohsiung plan")[migrant] >= 1);
    assert_eq!(counts[2], None, "106 has no plan");
    let drilled = drill(
        &ds,
        &keys[0],
        &CategoryId::from("migrant-workers"),
        Lens::Function,
    );
    assert_eq!(
        drilled.lines, None,
        "Taichung has no budget lines: missing, not empty"
    );
}
