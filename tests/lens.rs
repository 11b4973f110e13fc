//! The two lenses on the shipped documents: by function (the default: a
//! single-function unit carries its own running costs and buildings) and as
//! budgeted (line by line), with the figures of the audit that asked for them.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{dataset, shared};

use budget_compare::core::dataset::Dataset;

use budget_compare::core::compare::{compare, series, Caveat, Cell, CityYear, Metric, Options};
use budget_compare::core::import::{import_budget_table, Mapping, Which};
use budget_compare::core::model::{CategoryId, CityId, Lens};
use budget_compare::core::validate::parse_document;

fn options(lens: Lens) -> Options {
    Options {
        lens,
        ..Options::default()
    }
}

/// Inspection (千元) of a city-year in a lens; `None` without a budget.
fn inspection(ds: &Dataset, city: &str, year: u16, lens: Lens) -> Option<u64> {
    let key = CityYear::new(city, year);
    let c = compare(ds, std::slice::from_ref(&key), options(lens));
    c.cell(&key, &CategoryId::from("inspection-safety"))
        .and_then(Cell::value)
        .map(|v| (v / 1000.0) as u64)
}

#[test]
fn the_default_lens_is_by_function() {
    assert_eq!(Options::default().lens, Lens::Function);
}

#[test]
fn inspection_by_function_is_the_whole_inspection_office() {
    // The audit's table: each office's 一般行政 (staff, running costs) and
    // buildings count in inspection.
    let by_function = [
        ("taichung", 103, Some(30_758)),
        ("taichung", 104, Some(46_392)),
        ("taichung", 105, Some(46_023)),
        ("taichung", 106, None),
        ("kaohsiung", 103, None),
        ("kaohsiung", 104, Some(90_858)),
        ("kaohsiung", 105, Some(95_499)),
        ("kaohsiung", 106, Some(95_431)),
    ];
    let ds = dataset();
    for (city, year, want) in by_function {
        assert_eq!(
            inspection(&ds, city, year, Lens::Function),
            want,
            "{city} {year} by function"
        );
    }
}

#[test]
fn inspection_as_budgeted_is_the_inspection_lines_only() {
    let ds = dataset();
    assert_eq!(
        inspection(&ds, "taichung", 105, Lens::Budgeted),
        Some(4_330)
    );
    assert_eq!(
        inspection(&ds, "kaohsiung", 105, Lens::Budgeted),
        Some(8_927)
    );
}

#[test]
fn the_lens_moves_money_between_categories_and_never_changes_a_total() {
    let ds = dataset();
    for doc in ds.documents.iter().filter(|d| d.budget.is_some()) {
        let key = CityYear {
            city: doc.city.id.clone(),
            year: doc.fiscal_year,
        };
        for pass_through in [false, true] {
            let total = |lens| {
                let o = Options {
                    lens,
                    pass_through,
                    metric: Metric::Amount,
                };
                compare(&ds, std::slice::from_ref(&key), o).columns[0].total
            };
            assert_eq!(total(Lens::Function), total(Lens::Budgeted), "{key:?}");
        }
    }
}

#[test]
fn by_function_administration_is_what_multi_function_units_keep() {
    let ds = dataset();
    let key = CityYear::new("taichung", 105);
    let admin = |lens| {
        compare(&ds, std::slice::from_ref(&key), options(lens))
            .cell(&key, &CategoryId::from("administration"))
            .and_then(Cell::value)
    };
    // As budgeted: the three units' 行政管理 (94,887 + 40,351 + 21,262);
    // by function: the headquarters' only.
    assert_eq!(admin(Lens::Budgeted), Some(156_500_000.0));
    assert_eq!(admin(Lens::Function), Some(94_887_000.0));
    let employment = compare(&ds, std::slice::from_ref(&key), options(Lens::Function))
        .cell(&key, &CategoryId::from("employment-services"))
        .and_then(Cell::value);
    // 就業安全 67,487 + the employment office's whole 54,566.
    assert_eq!(employment, Some(122_053_000.0));
    let kaohsiung = CityYear::new("kaohsiung", 105);
    let disability = compare(
        &ds,
        std::slice::from_ref(&kaohsiung),
        options(Lens::Function),
    )
    .cell(&kaohsiung, &CategoryId::from("disability-employment"))
    .and_then(Cell::value);
    assert_eq!(disability, Some(23_933_000.0), "the 博愛 centre, whole");
}

#[test]
fn over_time_marks_kaohsiung_106_to_107_as_a_change_of_basis_by_function() {
    let ds = dataset();
    let kaohsiung = CityId::from("kaohsiung");
    let inspection = CategoryId::from("inspection-safety");
    let rows = series(&ds, &kaohsiung, Some(&inspection), options(Lens::Function));
    let row = |y: u16| rows.iter().find(|r| r.year.0 == y).expect("year");
    assert_eq!(row(106).cell, Cell::Value(95_431_000.0));
    assert_eq!(row(107).cell, Cell::Value(8_493_000.0), "107 has no units");
    assert_eq!(row(107).caveat, Some(Caveat::Function));
    assert_eq!(row(106).caveat, None, "105 -> 106: same basis");
    let rows = series(&ds, &kaohsiung, Some(&inspection), options(Lens::Budgeted));
    assert_eq!(
        rows.iter().find(|r| r.year.0 == 107).and_then(|r| r.caveat),
        Some(Caveat::Capital),
        "as budgeted, only the capital move"
    );
}

/// Kaohsiung's mapping with one more `functions` rule.
fn mapping_with(rule: &str) -> Mapping {
    let root = common::root().join("src/core/import/mappings/kaohsiung-labor.json");
    let text = std::fs::read_to_string(root).expect("mapping");
    let text = text.replace("\"functions\": [", &format!("\"functions\": [ {rule},"));
    Mapping::from_json("kaohsiung-labor.json", &text).expect("parses")
}

fn import_error(rule: &str) -> String {
    let file = "kaohsiung-labor-budget-105.csv";
    import_budget_table(file, &shared(file), None, Which::Both, &mapping_with(rule))
        .expect_err("refused")
        .to_string()
}

#[test]
fn a_functions_rule_for_a_unit_with_several_functions_is_refused() {
    let message = import_error(
        r#"{ "unit": "勞工教育生活中心", "category": "unions-education", "why": "test" }"#,
    );
    assert!(
        message.contains("expected every line of 勞工教育生活中心 outside its overhead to be in unions-education (a single function), found 業務管理 in labour-culture"),
        "{message}"
    );
}

#[test]
fn a_functions_rule_naming_a_unit_that_does_not_exist_is_refused() {
    let message =
        import_error(r#"{ "unit": "勞工局博物館", "category": "labour-culture", "why": "test" }"#);
    assert!(
        message.contains(
            "expected the unit 勞工局博物館 of a functions rule in the table, found none"
        ),
        "{message}"
    );
}

#[test]
fn a_function_naming_a_category_that_does_not_exist_is_an_error() {
    let text = std::fs::read_to_string(common::root().join("www/data/kaohsiung-105.json"))
        .expect("document")
        .replacen(
            "\"function\": \"inspection-safety\"",
            "\"function\": \"inspection\"",
            1,
        );
    let errors: Vec<String> =
        parse_document("kaohsiung-105.json", &text, &common::taxonomy(), None)
            .map(|_| ())
            .expect_err("refused")
            .iter()
            .map(ToString::to_string)
            .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("budget.lines[1].children[0].children[0].function"),
        "{}",
        errors[0]
    );
}

#[test]
fn per_resident_in_105_is_the_total_over_the_year_end_population() {
    let ds = dataset();
    let keys = [
        CityYear::new("taichung", 105),
        CityYear::new("kaohsiung", 105),
    ];
    let per = compare(
        &ds,
        &keys,
        Options {
            metric: Metric::PerResident,
            ..Options::default()
        },
    );
    // Totals without pass-through (千元) over the 2016 year-end population.
    let want = [446_259_000.0 / 2_767_239.0, 446_233_000.0 / 2_779_371.0];
    for (col, want) in per.columns.iter().zip(want) {
        let got = col.total.value().expect("population for 2016");
        assert!(
            (got - want).abs() < 1e-9,
            "{:?}: {got} against {want}",
            col.key
        );
    }
}

#[test]
fn real_terms_for_taichung_103_use_the_derived_2014_index_and_say_so() {
    use budget_compare::core::format::Lang;
    use budget_compare::ui::state::{Action, State};
    use budget_compare::ui::view::compare_view;
    let ds = dataset();
    let key = CityYear::new("taichung", 103);
    let real = compare(
        &ds,
        std::slice::from_ref(&key),
        Options {
            metric: Metric::Real { base: 2021 },
            ..Options::default()
        },
    );
    let got = real.columns[0].total.value().expect("2014 CPI");
    // The same total in NT$ (the leaves' 323,783 less the pass-through), at
    // 2021 prices: × 100 / 94.83, the derived 2014 index.
    let amount = compare(&ds, std::slice::from_ref(&key), Options::default()).columns[0]
        .total
        .value()
        .expect("amount");
    assert!(
        (got - amount * 100.0 / 94.83).abs() < 1e-6,
        "{got} against {amount}"
    );
    let state = State::initial(&ds, Lang::ZhTw)
        .apply(Action::Toggle { key })
        .apply(Action::SetMetric {
            metric: Metric::Real { base: 2021 },
        });
    let view = compare_view(&ds, &state);
    assert!(
        view.chart
            .source
            .contains("2014年物價指數為推算值（±0.01）"),
        "{}",
        view.chart.source
    );
}

#[test]
fn about_shows_what_the_functional_lens_moves_into_a_category() {
    use budget_compare::core::format::Lang;
    use budget_compare::ui::state::State;
    use budget_compare::ui::view::about::about_view;
    let ds = dataset();
    let about = about_view(&ds, &State::initial(&ds, Lang::ZhTw));
    let inspection = about
        .categories
        .iter()
        .find(|c| c.name.starts_with("勞動檢查與職業安全"))
        .expect("inspection");
    assert!(
        inspection.mapped.iter().any(|m| m
            == "臺中市（依職能）：臺中市勞動檢查處 › 一般行政 › 行政管理、臺中市勞動檢查處 › 一般建築及設備 › 一般建築及設備"),
        "{:?}",
        inspection.mapped
    );
    assert!(
        inspection
            .mapped
            .iter()
            .any(|m| m.starts_with("高雄市（依職能）：勞動檢查處 › 一般行政 › 行政管理、")),
        "{:?}",
        inspection.mapped
    );
}
