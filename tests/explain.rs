//! "Why the difference?": the lines behind a change, on the shipped
//! documents. The worked example of the audit, and the property that every
//! explanation adds up to the difference the widget states.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::dataset;

use budget_compare::core::compare::{
    compare, default_real_base, Caveat, Cell, CityYear, Metric, Options,
};
use budget_compare::core::dataset::Dataset;
use budget_compare::core::explain::{explain, Contribution, Explanation, Unexplained};
use budget_compare::core::model::{CategoryId, Lens, Stage};

fn amount(pass_through: bool) -> Options {
    Options {
        pass_through,
        ..Options::default()
    }
}

/// The explanation from one city-year to another (`("kaohsiung", 104)`).
fn between(
    ds: &Dataset,
    (a, x): (&str, u16),
    (b, y): (&str, u16),
    category: Option<&str>,
    options: Options,
) -> Explanation {
    let category = category.map(CategoryId::from);
    explain(
        ds,
        &CityYear::new(a, x),
        &CityYear::new(b, y),
        category.as_ref(),
        options,
    )
    .expect("explained")
}

fn kaohsiung_104_105(ds: &Dataset, options: Options) -> Explanation {
    between(ds, ("kaohsiung", 104), ("kaohsiung", 105), None, options)
}

/// The contribution whose last name is `name`.
fn line<'a>(e: &'a Explanation, name: &str) -> &'a Contribution {
    e.contributions
        .iter()
        .find(|c| c.path.last().is_some_and(|n| n == name))
        .unwrap_or_else(|| panic!("no line {name} in {:#?}", e.contributions))
}

#[test]
fn kaohsiung_104_to_105_without_social_insurance_is_the_audits_worked_example() {
    let ds = dataset();
    let e = kaohsiung_104_105(&ds, amount(false));
    assert_eq!(e.unit, 1000);
    assert_eq!((e.from_total, e.to_total), (461_487.0, 446_233.0));
    assert_eq!(e.change, -15_254.0);
    let inspection = line(&e, "勞動條件之督導考核");
    assert_eq!(
        (inspection.from, inspection.to, inspection.change),
        (Some(3_240.0), Some(19_602.0), 16_362.0)
    );
    assert_eq!(inspection.code.as_deref(), Some("750503"));
    // The 104 training equipment the 105 說明 names.
    let training = line(&e, "訓練業務");
    assert_eq!(training.change, -7_481.0);
    assert_eq!(
        training.path,
        ["訓練就業中心", "職業訓練", "訓練業務"].map(String::from)
    );
    assert!(
        training
            .note
            .as_deref()
            .is_some_and(|n| n.contains("7,481")),
        "{:?}",
        training.note
    );
    // Largest first: the education centre's 業務管理 (−19,050), then the
    // supervision line.
    assert_eq!(e.contributions[0].change, -19_050.0);
    assert_eq!(
        e.contributions[1].path.last().unwrap(),
        "勞動條件之督導考核"
    );
    let sum: f64 = e.contributions.iter().map(|c| c.change).sum();
    assert_eq!(sum, e.change);
    // Social insurance is left out, and its change is said.
    let pass = e.pass_through.expect("a total says its pass-through part");
    assert!(!pass.included);
    assert_eq!(pass.change, -3_965_805.0);
    assert!(e
        .contributions
        .iter()
        .all(|c| c.path.last().unwrap() != "社會保險"));
}

#[test]
fn with_social_insurance_the_change_is_mostly_social_insurance() {
    let ds = dataset();
    let e = kaohsiung_104_105(&ds, amount(true));
    assert_eq!(e.change, -3_981_059.0);
    let insurance = &e.contributions[0];
    assert_eq!(insurance.path.last().unwrap(), "社會保險");
    assert_eq!(insurance.change, -3_965_805.0);
    let pass = e.pass_through.unwrap();
    assert!(pass.included);
    assert_eq!(pass.change, -3_965_805.0);
    let sum: f64 = e.contributions.iter().map(|c| c.change).sum();
    assert_eq!(sum, e.change);
}

#[test]
fn a_line_split_in_one_year_is_compared_at_the_level_both_have() {
    // 勞工教育生活中心 業務管理 has three sub-lines in 104, none in 105.
    let ds = dataset();
    let e = kaohsiung_104_105(&ds, amount(false));
    let business = e
        .contributions
        .iter()
        .find(|c| c.path == ["勞工教育生活中心", "一般行政", "業務管理"].map(String::from))
        .expect("compared as one line");
    assert_eq!(
        (business.from, business.to, business.change),
        (Some(36_098.0), Some(17_048.0), -19_050.0)
    );
    assert!(!e
        .contributions
        .iter()
        .any(|c| c.path.last().unwrap() == "澄清會館"));
}

#[test]
fn a_category_explanation_flags_lines_that_moved_category() {
    // In 104 the 業務管理 line is part labour culture, part employment
    // services; in 105 all of it is labour culture.
    let ds = dataset();
    let e = between(
        &ds,
        ("kaohsiung", 104),
        ("kaohsiung", 105),
        Some("labour-culture"),
        amount(false),
    );
    assert_eq!(e.change, 17_048.0 - (13_555.0 + 16_963.0));
    assert_eq!(e.contributions.len(), 1);
    assert!(e.contributions[0].moved);
    assert_eq!(e.moved(), 1);
    assert_eq!(e.pass_through, None);
}

#[test]
fn inspection_by_function_is_explained_by_the_offices_lines() {
    let ds = dataset();
    let e = between(
        &ds,
        ("taichung", 105),
        ("kaohsiung", 105),
        Some("inspection-safety"),
        amount(false),
    );
    assert_eq!((e.from_total, e.to_total), (46_023.0, 95_499.0));
    assert_eq!(e.change, 49_476.0);
    // Two stages side by side are said: 預算案 against the published budget.
    assert_eq!(e.stages, (Stage::Proposed, Stage::Published));
    assert!(e.caveats.contains(&Caveat::Stage {
        from: Stage::Proposed,
        to: Stage::Published
    }));
    assert!(e.caveats.contains(&Caveat::Capital));
    // Kaohsiung's 行政管理 (83,088) is the largest part.
    assert_eq!(e.contributions[0].to, Some(83_088.0));
}

#[test]
fn per_resident_and_constant_prices_are_given_beside_the_amount() {
    let ds = dataset();
    let e = kaohsiung_104_105(&ds, amount(false));
    let metrics: Vec<Metric> = e.sizes.iter().map(|s| s.metric).collect();
    assert_eq!(metrics[..2], [Metric::Amount, Metric::PerResident]);
    // Constant prices of the widget's default base year (2020 here: the
    // newest CPI year no later than the data's newest fiscal year, 109).
    assert_eq!(default_real_base(&ds), 2020);
    assert_eq!(metrics[2], Metric::Real { base: 2020 });
    let amount = e.sizes[0];
    assert_eq!((amount.from, amount.to), (e.from_total, e.to_total));
    // Per resident: the same totals in NT$ over the year-end population.
    let per = |year: u16, total: f64| {
        let key = CityYear::new("kaohsiung", year);
        let c = compare(
            &ds,
            std::slice::from_ref(&key),
            Options {
                metric: Metric::PerResident,
                ..Options::default()
            },
        );
        assert!((c.columns[0].total.value().unwrap() - total).abs() < 1e-9);
        total
    };
    let p = e.sizes[1];
    per(104, p.from);
    per(105, p.to);
}

/// The figure the widget states for a city-year: a category's cell or the total.
fn stated(ds: &Dataset, key: &CityYear, category: Option<&CategoryId>, options: Options) -> Cell {
    let c = compare(ds, std::slice::from_ref(key), options);
    match category {
        None => c.columns[0].total,
        Some(id) => c.cell(key, id).unwrap_or(Cell::NoLine),
    }
}

#[test]
fn every_explanation_adds_up_to_the_difference_the_widget_states() {
    // Every ordered pair of shipped city-years, every category and the
    // total, both lenses, every metric, with and without pass-through.
    let ds = dataset();
    let keys: Vec<CityYear> = ds
        .documents
        .iter()
        .filter(|d| d.budget.is_some())
        .map(|d| CityYear {
            city: d.city.id.clone(),
            year: d.fiscal_year,
        })
        .collect();
    let mut categories: Vec<Option<CategoryId>> = vec![None];
    categories.extend(ds.taxonomy.categories.iter().map(|c| Some(c.id.clone())));
    let metrics = [
        Metric::Amount,
        Metric::Share,
        Metric::PerResident,
        Metric::Real { base: 2021 },
    ];
    let (mut explained, mut refused) = (0, 0);
    for from in &keys {
        for to in &keys {
            for category in &categories {
                for lens in [Lens::Function, Lens::Budgeted] {
                    for metric in metrics {
                        for pass_through in [false, true] {
                            let options = Options {
                                metric,
                                pass_through,
                                lens,
                            };
                            let category = category.as_ref();
                            let (a, b) = (
                                stated(&ds, from, category, options),
                                stated(&ds, to, category, options),
                            );
                            let what = format!("{from:?} → {to:?} {category:?} {options:?}");
                            match explain(&ds, from, to, category, options) {
                                Ok(e) => {
                                    explained += 1;
                                    let unit = if metric == Metric::Amount
                                        || matches!(metric, Metric::Real { .. })
                                    {
                                        f64::from(e.unit)
                                    } else {
                                        1.0
                                    };
                                    let (a, b) = (a.value().unwrap(), b.value().unwrap());
                                    let close = |x: f64, y: f64| {
                                        (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0)
                                    };
                                    assert!(
                                        close(e.from_total * unit, a),
                                        "{what}: from {} vs {a}",
                                        e.from_total
                                    );
                                    assert!(
                                        close(e.to_total * unit, b),
                                        "{what}: to {} vs {b}",
                                        e.to_total
                                    );
                                    let sum: f64 = e.contributions.iter().map(|c| c.change).sum();
                                    if metric == Metric::Amount {
                                        // Whole thousands: exact.
                                        assert_eq!(sum, e.change, "{what}");
                                    } else {
                                        assert!(
                                            close(sum, e.change),
                                            "{what}: {sum} vs {}",
                                            e.change
                                        );
                                    }
                                    let (shown, other) = e.top(5);
                                    let folded: f64 = shown.iter().map(|c| c.change).sum::<f64>()
                                        + other.unwrap_or(0.0);
                                    assert!(close(folded, e.change), "{what}: top 5 and other");
                                }
                                Err(why) => {
                                    refused += 1;
                                    // Refused exactly when a side has no figure.
                                    let side = match &why {
                                        Unexplained::NoBudget(k)
                                        | Unexplained::NoLine(k)
                                        | Unexplained::NoReference(k) => k,
                                    };
                                    let cell = if side == from { a } else { b };
                                    assert!(
                                        cell.value().is_none()
                                            || (metric == Metric::Share
                                                && cell.value() == Some(0.0)),
                                        "{what}: {why:?} but {cell:?}"
                                    );
                                }
                            }
                            if a.value().is_some() && b.value().is_some() {
                                assert!(
                                    explain(&ds, from, to, category, options).is_ok(),
                                    "{what}: both stated, so explained"
                                );
                            }
                        }
                    }
                }
            }
        }
    }
    assert!(
        explained > 8_000,
        "{explained} explained, {refused} refused"
    );
}

/// Runs `budget-compare` on the bundled data set; its exit status, stdout, stderr.
fn cli(args: &[&str]) -> (bool, String, String) {
    let manifest = common::root().join("www/data/index.json");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_budget-compare"))
        .arg(args[0])
        .arg(&manifest)
        .args(&args[1..])
        .output()
        .expect("runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

#[test]
fn the_cli_explains_the_worked_example_in_json() {
    let args = [
        "explain",
        "--from",
        "kaohsiung.104",
        "--to",
        "kaohsiung.105",
    ];
    let (ok, out, err) = cli(&[&args[..], &["--format", "json"]].concat());
    assert!(ok, "{err}");
    let e = json(&out);
    assert_eq!(e["change"], -15_254.0);
    assert_eq!(e["unit"], 1000);
    assert_eq!(e["lens"], "function");
    let contributions = e["contributions"].as_array().unwrap();
    // The ten largest, then one "other".
    assert_eq!(contributions.len(), 11);
    assert_eq!(contributions[10]["path"][0], "other");
    let sum: f64 = contributions
        .iter()
        .map(|c| c["change"].as_f64().unwrap())
        .sum();
    assert_eq!(sum, -15_254.0);
    let named = |name: &str| {
        contributions
            .iter()
            .find(|c| c["path"].as_array().unwrap().last().unwrap() == name)
            .unwrap_or_else(|| panic!("{name} in {out}"))
    };
    assert_eq!(named("勞動條件之督導考核")["change"], 16_362.0);
    assert_eq!(named("訓練業務")["change"], -7_481.0);
    assert_eq!(e["pass_through"]["change"], -3_965_805.0);

    // With social insurance, every line.
    let (ok, out, err) = cli(&[&args[..], &["--include-pass-through", "--top", "0"]].concat());
    assert!(ok, "{err}");
    let e = json(&out);
    assert_eq!(e["change"], -3_981_059.0);
    let contributions = e["contributions"].as_array().unwrap();
    assert!(contributions.iter().all(|c| c["path"][0] != "other"));
    assert_eq!(contributions[0]["path"][2], "社會保險");
    assert_eq!(contributions[0]["change"], -3_965_805.0);
    let sum: f64 = contributions
        .iter()
        .map(|c| c["change"].as_f64().unwrap())
        .sum();
    assert_eq!(sum, -3_981_059.0);
}

#[test]
fn the_cli_explains_a_category_as_text_and_in_either_lens() {
    let base = [
        "explain",
        "--from",
        "taichung.105",
        "--to",
        "kaohsiung.105",
        "--category",
        "inspection-safety",
    ];
    let (ok, out, err) = cli(&[&base[..], &["--format", "text"]].concat());
    assert!(ok, "{err}");
    assert!(
        out.contains(
            "勞動檢查與職業安全（依職能）從 46,023 千元變為 95,499 千元，增加 49,476 千元。"
        ),
        "{out}"
    );
    // The two offices' 行政管理 are one row (the city's name aside).
    assert!(
        out.contains("勞動檢查處 › 一般行政 › 行政管理\t40,351\t83,088\t+42,737"),
        "{out}"
    );
    assert!(out.contains("- 預算階段不同：預算案 → 預算"), "{out}");
    let (ok, out, err) = cli(&[&base[..], &["--lens", "budgeted"]].concat());
    assert!(ok, "{err}");
    let e = json(&out);
    assert_eq!(
        (e["from_total"].as_f64(), e["to_total"].as_f64()),
        (Some(4_330.0), Some(8_927.0))
    );
    assert_eq!(e["caveats"], serde_json::json!(["stage", "capital-basis"]));
}

#[test]
fn the_cli_refuses_what_it_cannot_explain_and_says_why() {
    let pair = [
        "explain",
        "--from",
        "kaohsiung.104",
        "--to",
        "kaohsiung.105",
    ];
    for (args, says) in [
        (
            &[
                "explain",
                "--from",
                "kaohsiung.104",
                "--to",
                "kaohsiung.103",
            ][..],
            "高雄市 103年 (2014)：無預算資料",
        ),
        (
            &["explain", "--from", "kaohsiung.104"][..],
            "--from and --to are required",
        ),
        (
            &[&pair[..], &["--category", "nope"]].concat()[..],
            "no category \"nope\"",
        ),
        (
            &[&pair[..], &["--format", "xml"]].concat()[..],
            "expected json or text",
        ),
    ] {
        let (ok, _, err) = cli(args);
        assert!(!ok, "{args:?}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
}

#[test]
fn the_cli_compare_gives_the_compare_tables_figures() {
    let years = ["compare", "--years", "taichung.105,kaohsiung.105"];
    let (ok, out, err) = cli(&years);
    assert!(ok, "{err}");
    assert!(
        out.starts_with('\u{feff}'),
        "the widget's CSV, with its BOM"
    );
    assert!(
        out.contains("分類（依職能）,臺中市 105年 (2016) 預算案,高雄市 105年 (2016) 預算\r\n"),
        "{out}"
    );
    assert!(
        out.contains("勞動檢查與職業安全,\"46,023\",\"95,499\"\r\n"),
        "{out}"
    );
    assert!(out.contains("資本門編列方式不同"), "{out}");
    let (ok, out, err) = cli(&[&years[..], &["--lens", "budgeted", "--format", "json"]].concat());
    assert!(ok, "{err}");
    let c = json(&out);
    assert_eq!(c["columns"][0]["key"], "taichung.105");
    assert_eq!(c["columns"][0]["stage"], "proposed");
    assert_eq!(
        c["columns"][0]["categories"]["inspection-safety"],
        4_330_000.0
    );
    assert_eq!(
        c["columns"][1]["categories"]["inspection-safety"],
        8_927_000.0
    );
    assert_eq!(
        c["columns"][0]["categories"]["labour-culture"]["missing"],
        "no line in this category"
    );
}
