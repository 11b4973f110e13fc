//! The text the views show, built natively from the bundled data: summary
//! sentences, labels in both languages, CSV export, permalinks.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::dataset;

use budget_compare::core::compare::{series, CityYear, Metric, Options};
use budget_compare::core::format::Lang;
use budget_compare::core::model::{CategoryId, CityId, FiscalYear, Lens};
use budget_compare::ui::state::{Action, State, View};
use budget_compare::ui::view::export::{csv, embed_snippet};
use budget_compare::ui::view::over_time::change_sentence;
use budget_compare::ui::view::{
    compare_table, compare_view, over_time_view, plans_view, CompareView,
};

/// The default options, as budgeted (line by line).
const BUDGETED: Options = Options {
    metric: Metric::Amount,
    pass_through: false,
    lens: Lens::Budgeted,
};

fn inspection() -> CategoryId {
    CategoryId::from("inspection-safety")
}

/// The inspection category's position in a Compare view.
fn inspection_at(view: &CompareView) -> usize {
    view.comparison
        .categories
        .iter()
        .position(|c| *c == inspection())
        .expect("the inspection category")
}

#[test]
fn change_sentences_in_both_languages() {
    let ds = dataset();
    let rows = series(
        &ds,
        &CityId::from("kaohsiung"),
        Some(&inspection()),
        BUDGETED,
    );
    // 103 (no Kaohsiung budget), 104, 105, 106.
    let up_to_106: Vec<_> = rows.iter().take(4).copied().collect();
    let cases = [
        (
            &rows[..],
            Lang::ZhTw,
            "高雄市 107 年勞動檢查預算較 106 年減少 2.1%（含資本門改列的影響）。",
        ),
        (
            &up_to_106[..],
            Lang::ZhTw,
            "高雄市 106 年勞動檢查預算較 105 年減少 2.8%。",
        ),
        (
            &rows[..],
            Lang::En,
            "Kaohsiung: labour inspection in FY2018 was 2.1% lower than in FY2017 (includes capital moving to a category of its own).",
        ),
    ];
    for (rows, lang, want) in cases {
        let (city, what) = match lang {
            Lang::ZhTw => ("高雄市", "勞動檢查預算"),
            Lang::En => ("Kaohsiung", "labour inspection"),
        };
        assert_eq!(
            change_sentence(city, what, rows, Metric::Amount, lang).as_deref(),
            Some(want)
        );
    }
    let share = series(
        &ds,
        &CityId::from("kaohsiung"),
        Some(&inspection()),
        Options {
            metric: Metric::Share,
            pass_through: false,
            ..BUDGETED
        },
    );
    assert_eq!(
        change_sentence("高雄市", "勞動檢查占比", &share, Metric::Share, Lang::ZhTw).as_deref(),
        Some("高雄市 107 年勞動檢查占比與 106 年持平（含資本門改列的影響）。"),
        "1.914% to 1.907%: under 0.05 points is unchanged at one decimal"
    );
    assert_eq!(
        change_sentence(
            "高雄市",
            "勞動檢查占比",
            &share[..3],
            Metric::Share,
            Lang::ZhTw
        )
        .as_deref(),
        Some("高雄市 105 年勞動檢查占比較 104 年增加 0.1 個百分點。")
    );
    // Taichung: 446,259 (105 draft) against 422,860 (104 budget), without
    // the 13,247 pass-through: a change of stage, said in the sentence.
    let taichung = series(&ds, &CityId::from("taichung"), None, BUDGETED);
    assert_eq!(
        change_sentence("臺中市", "預算", &taichung, Metric::Amount, Lang::ZhTw).as_deref(),
        Some("臺中市 105 年預算較 104 年增加 5.5%（預算階段不同：預算 → 預算案）。")
    );
    assert_eq!(
        change_sentence("Taichung", "the total budget", &taichung, Metric::Amount, Lang::En).as_deref(),
        Some("Taichung: the total budget in FY2016 was 5.5% higher than in FY2015 (different budget stages: budget → draft budget).")
    );
    assert_eq!(
        change_sentence("臺中市", "預算", &taichung[..1], Metric::Amount, Lang::ZhTw),
        None,
        "one year, no sentence"
    );
}

#[test]
fn the_over_time_view_summarises_and_tabulates() {
    let ds = dataset();
    let mut state = State::initial(&ds, Lang::ZhTw)
        .apply(Action::SetView {
            view: View::OverTime,
        })
        .apply(Action::SetLens {
            lens: Lens::Budgeted,
        });
    state.category = Some(inspection());
    let view = over_time_view(&ds, &state);
    assert_eq!(
        view.summary,
        "臺中市 105 年勞動檢查與職業安全預算較 104 年減少 8.5%（預算階段不同：預算 → 預算案）。 \
         高雄市 107 年勞動檢查與職業安全預算較 106 年減少 2.1%（含資本門改列的影響）。"
    );
    assert_eq!(
        view.chart.years.first().map(String::as_str),
        Some("103年 (2014)")
    );
    // Taichung 103 is final accounts: a hollow point, labelled so, and the
    // line from it to the 104 budget dashed; so is 104 → 105 (budget to
    // draft) and Kaohsiung's 106 → 107 (capital moved).
    let (tc, ks) = (&view.chart.series[0], &view.chart.series[1]);
    assert_eq!(tc.label, "臺中市");
    assert_eq!(tc.hollow[..3], [true, false, false]);
    assert_eq!(tc.dashed[..3], [false, true, true]);
    assert_eq!(ks.hollow.iter().filter(|h| **h).count(), 0);
    assert_eq!(ks.dashed, [false, false, false, false, true, false, false]);
    assert_eq!(view.chart.value_labels[0][0], "538.3 萬元（決算）");
    assert_eq!(view.chart.value_labels[0][2], "433 萬元（預算案）");
    assert_eq!(view.chart.value_labels[1][4], "849.3 萬元（預算）");
    assert!(view
        .key
        .as_deref()
        .is_some_and(|k| k.starts_with("空心點為決算")));
    assert_eq!(
        view.caveats,
        [
            "臺中市 104年 (2015)：預算階段不同：決算 → 預算",
            "臺中市 105年 (2016)：預算階段不同：預算 → 預算案",
            "高雄市 107年 (2018)：資本門改列：前一年經資門併計，本年資本門自成一類，各類別增減也反映這項改列",
        ]
    );
    let taichung = view
        .tables
        .iter()
        .find(|t| t.caption == "臺中市")
        .expect("table");
    assert_eq!(taichung.header[1], "預算階段");
    assert_eq!(
        taichung.note.as_deref(),
        Some("年均複合成長率 103年 (2014)–105年 (2016)：-10.3%（跨不同預算階段）"),
        "growth from final accounts to a draft says so"
    );
    assert_eq!(
        taichung.rows[..3],
        [
            ["103年 (2014)", "決算", "5,383", "–", "–"],
            [
                "104年 (2015)",
                "預算",
                "4,733",
                "-650",
                "-12.1%（預算階段不同）"
            ],
            [
                "105年 (2016)",
                "預算案",
                "4,330",
                "-403",
                "-8.5%（預算階段不同）"
            ],
        ]
    );
    let kaohsiung = view
        .tables
        .iter()
        .find(|t| t.caption == "高雄市")
        .expect("table");
    assert_eq!(
        kaohsiung.rows[4],
        [
            "107年 (2018)",
            "預算",
            "8,493",
            "-183",
            "-2.1%（資本門改列）"
        ]
    );
    assert_eq!(
        kaohsiung.note.as_deref(),
        Some("年均複合成長率 104年 (2015)–107年 (2018)：-1.1%")
    );
    // The export table keeps every city and year, Taichung's gaps included.
    assert_eq!(view.export_header[1], "臺中市 預算階段");
    assert_eq!(view.export_header[2], "臺中市 勞動檢查與職業安全");
    assert_eq!(view.export_header.len(), 1 + 4 * 2);
    assert_eq!(
        view.export_rows[4],
        [
            "107年 (2018)",
            "–",
            "無預算資料",
            "–",
            "–",
            "預算",
            "8,493",
            "-183",
            "-2.1%（資本門改列）"
        ]
    );
    let en = over_time_view(&ds, &state.apply(Action::SetLang { lang: Lang::En }));
    assert_eq!(
        en.summary,
        "Taichung: spending on labour inspection & occupational safety in FY2016 was 8.5% lower than in FY2015 \
         (different budget stages: budget → draft budget). Kaohsiung: spending on labour inspection & occupational \
         safety in FY2018 was 2.1% lower than in FY2017 (includes capital moving to a category of its own)."
    );
}

#[test]
fn compare_starts_with_both_cities_in_105_and_labels_each_stage() {
    let ds = dataset();
    let state = State::initial(&ds, Lang::ZhTw);
    assert_eq!(
        state.selected,
        [
            CityYear::new("taichung", 105),
            CityYear::new("kaohsiung", 105)
        ],
        "the latest year both cities have budgets for"
    );
    // By function, the default: each inspection office whole.
    let view = compare_view(&ds, &state);
    let cat = inspection_at(&view);
    assert_eq!(view.chart.value_labels[0][cat], "4,602.3 萬元");
    assert_eq!(view.chart.value_labels[1][cat], "9,549.9 萬元");
    assert_eq!(
        view.chart.subtitle,
        "預算數，新臺幣；不含社會保險補助；依職能"
    );
    let table = compare_table(&ds, &state, &view);
    assert_eq!(table.header[0], "分類（依職能）");
    let row = table
        .rows
        .iter()
        .find(|r| r[0] == "勞動檢查與職業安全")
        .expect("row");
    assert_eq!(row[1..], ["46,023", "95,499"]);
    // As budgeted from here on: the inspection lines alone.
    let state = state.apply(Action::SetLens {
        lens: Lens::Budgeted,
    });
    let view = compare_view(&ds, &state);
    let table = compare_table(&ds, &state, &view);
    assert_eq!(table.header[0], "分類（依預算科目）");
    let labels: Vec<&str> = view.chart.series.iter().map(|s| s.label.as_str()).collect();
    assert_eq!(
        labels,
        ["臺中市 105年 (2016) 預算案", "高雄市 105年 (2016) 預算"]
    );
    let cat = inspection_at(&view);
    assert_eq!(view.chart.value_labels[0][cat], "433 萬元");
    assert_eq!(view.chart.value_labels[1][cat], "892.7 萬元");
    assert_eq!(
        view.chart.subtitle,
        "預算數，新臺幣；不含社會保險補助；依預算科目"
    );
    // 446,259 against 446,233 千元 without pass-through.
    assert_eq!(
        view.summary,
        "105年 (2016) 勞工局預算合計：臺中市 4.46 億元（預算案），高雄市 4.46 億元（預算）；臺中市較多，多 2.6 萬元（不到 0.1%）。 \
         資本門編列方式不同：臺中市 105年 (2016) 資本門自成一類；高雄市 105年 (2016) 經資門併計（資本門含在各工作計畫內）。"
    );
    let drilled = state.apply(Action::Select {
        category: Some(inspection()),
    });
    assert_eq!(
        compare_view(&ds, &drilled).summary,
        "105年 (2016) 勞動檢查與職業安全（依預算科目）：臺中市 433 萬元（預算案），高雄市 892.7 萬元（預算）；高雄市較多，多 459.7 萬元（106.2%）。 \
         資本門編列方式不同：臺中市 105年 (2016) 資本門自成一類；高雄市 105年 (2016) 經資門併計（資本門含在各工作計畫內）。"
    );
    let en_drilled = drilled.apply(Action::SetLang { lang: Lang::En });
    assert_eq!(
        compare_view(&ds, &en_drilled).summary,
        "FY2016 (ROC 105), Labour inspection & occupational safety (as budgeted): Taichung NT$4.3 million (draft budget), \
         Kaohsiung NT$8.9 million (budget); Kaohsiung's is NT$4.6 million (106.2%) more. \
         Capital on different bases: Taichung FY2016 (ROC 105) capital in a category of its own; \
         Kaohsiung FY2016 (ROC 105) capital inside each work plan (經資門併計)."
    );
    let share = compare_view(
        &ds,
        &state.apply(Action::SetMetric {
            metric: Metric::Share,
        }),
    );
    assert_eq!(share.chart.value_labels[1][cat], "2%", "8,927 of 446,233");
    // Per resident: the 2016 year-end population of each city
    // (2,767,239 and 2,779,371).
    let per = compare_view(
        &ds,
        &drilled.apply(Action::SetMetric {
            metric: Metric::PerResident,
        }),
    );
    let per_cat = inspection_at(&per);
    assert_eq!(per.chart.value_labels[0][per_cat], "1.6 元/人");
    assert_eq!(per.chart.value_labels[1][per_cat], "3.2 元/人");
    assert_eq!(
        per.summary,
        "105年 (2016) 勞動檢查與職業安全（依預算科目）：臺中市 1.6 元/人（預算案），高雄市 3.2 元/人（預算）；\
         高雄市較多，多 1.6 元/人（105.3%）。 資本門編列方式不同：臺中市 105年 (2016) 資本門自成一類；\
         高雄市 105年 (2016) 經資門併計（資本門含在各工作計畫內）。"
    );
    let real = compare_view(
        &ds,
        &state.apply(Action::SetMetric {
            metric: Metric::Real { base: 2020 },
        }),
    );
    assert_eq!(
        real.chart.subtitle,
        "以 2020 年物價計算之新臺幣（消費者物價指數 2021 = 100）；不含社會保險補助；依預算科目"
    );
    assert!(
        real.chart.source.contains("物價指數："),
        "{}",
        real.chart.source
    );
    let en_state = state.apply(Action::SetLang { lang: Lang::En });
    let en = compare_view(&ds, &en_state);
    assert_eq!(en.chart.value_labels[1][cat], "NT$8.9 million");
    let table = compare_table(&ds, &en_state, &en);
    assert_eq!(
        table.header,
        [
            "Category (as budgeted)",
            "Taichung FY2016 (ROC 105) draft budget",
            "Kaohsiung FY2016 (ROC 105) budget"
        ]
    );
    assert_eq!(
        table.rows.len(),
        en.comparison.categories.len() + 1,
        "and the total"
    );
    // With Taichung 103, the subtitle says final accounts are in view.
    let with_final = state.apply(Action::Toggle {
        key: CityYear::new("taichung", 103),
    });
    let v = compare_view(&ds, &with_final);
    assert_eq!(
        v.chart.subtitle,
        "預算數與決算數，新臺幣；不含社會保險補助；依預算科目"
    );
    let labels: Vec<&str> = v.chart.series.iter().map(|s| s.label.as_str()).collect();
    assert_eq!(
        labels,
        // The year toggled on goes beside its city's: Taichung's series
        // stay first, as shown (they were sorted by city id, Kaohsiung first).
        [
            "臺中市 103年 (2014) 決算",
            "臺中市 105年 (2016) 預算案",
            "高雄市 105年 (2016) 預算"
        ]
    );
    assert_eq!(view.narrow.categories.len(), 7, "six largest and other");
    assert_eq!(view.narrow.categories[6], "其他");
    // The budget notes of the charted documents, under the chart.
    assert!(
        view.notes
            .iter()
            .any(|n| n.starts_with("臺中市 105年 (2016) 預算案：105 年度為預算案")),
        "{:?}",
        view.notes
    );
    assert!(view
        .notes
        .iter()
        .any(|n| n.starts_with("高雄市 105年 (2016) 預算：經資門併計")));
}

#[test]
fn plans_view_groups_filters_and_links_money() {
    let ds = dataset();
    let state = State::initial(&ds, Lang::ZhTw).apply(Action::SetQuery {
        query: "職災".into(),
    });
    let view = plans_view(&ds, &state);
    let [Some(left), Some(right)] = &view.sides else {
        panic!("two plans")
    };
    assert_eq!(left.label, "臺中市 109年 (2020)");
    assert_eq!(right.label, "高雄市 107年 (2018)");
    assert!(left.groups.iter().all(|g| g.programs.iter().all(|p| p
        .text
        .iter()
        .any(|(t, m)| *m && (t == "職災" || t == "職業災害"))
        || p.title.iter().any(|(_, m)| *m))));
    let funded: Vec<&String> = right
        .groups
        .iter()
        .flat_map(|g| &g.programs)
        .flat_map(|p| &p.funded_by)
        .collect();
    assert!(
        funded
            .iter()
            .any(|f| f.as_str() == "職災預防規劃（1,427 千元）"),
        "{funded:?}"
    );
}

#[test]
fn csv_and_embed_snippet() {
    let text = csv(
        &["t", "u", "s"],
        &["a".into(), "b".into()],
        &[vec!["x".into(), "1,234".into()]],
    );
    assert!(text.starts_with('\u{feff}'));
    assert!(text.ends_with("x,\"1,234\"\r\n"));
    let ds = dataset();
    let state = State::initial(&ds, Lang::En).apply(Action::SetView {
        view: View::OverTime,
    });
    assert_eq!(
        embed_snippet("https://x.tw/budget-compare.js", "https://x.tw/data/index.json", &state),
        "<div data-budget-compare data-src=\"https://x.tw/data/index.json\" data-view=\"over-time\" \
         data-cities=\"taichung,kaohsiung\" data-years=\"taichung.105,kaohsiung.105\" \
         data-metric=\"amount\" data-lang=\"en\"></div>\n\
         <script type=\"module\">\n  \
         const load = () => import(\"https://x.tw/budget-compare.js\");\n  \
         const later = () => { setTimeout(load, 3000); new PerformanceObserver(() => setTimeout(load)).observe({ type: \"largest-contentful-paint\" }); };\n  \
         document.readyState === \"complete\" ? later() : addEventListener(\"load\", later, { once: true });\n\
         </script>"
    );
    // A loader URL that could close the string or the script element.
    let odd = embed_snippet("https://x.tw/a\"b</script>.js", "d.json", &state);
    assert!(
        odd.contains(r#"import("https://x.tw/a\u0022b\u003c/script>.js")"#),
        "{odd}"
    );
}

#[test]
fn embedding_options_the_data_does_not_have_are_named() {
    let ds = dataset();
    assert_eq!(
        budget_compare::ui::options::check_against(
            &ds,
            "view=compare&cities=taichung,tainan&sel=kaohsiung.99&cat=astrology"
        ),
        [
            "cities: expected cities of the data (taichung, kaohsiung), found \"tainan\"",
            "years: expected a city-year of the data, found \"kaohsiung.99\"",
            "category: expected a category id of the taxonomy, found \"astrology\"",
        ]
    );
    assert!(
        budget_compare::ui::options::check_against(&ds, "cities=kaohsiung&cat=youth").is_empty()
    );
}

#[test]
fn the_starting_selection_without_a_year_two_cities_share() {
    let all = |ds: &budget_compare::core::dataset::Dataset| -> Vec<CityYear> {
        ds.documents
            .iter()
            .map(|d| CityYear::new(d.city.id.as_str(), d.fiscal_year.0))
            .collect()
    };
    // One city with budgets: every city-year, as before Taichung's figures.
    let mut one = dataset();
    one.documents
        .retain(|d| d.city.id.as_str() != "taichung" || d.budget.is_none());
    assert_eq!(State::initial(&one, Lang::ZhTw).selected, all(&one));
    assert_eq!(all(&one).len(), 5);
    // Two cities without a common year (Taichung 103 only): every city-year.
    let mut apart = dataset();
    apart.documents.retain(|d| {
        d.city.id.as_str() != "taichung" || d.fiscal_year.0 == 103 || d.budget.is_none()
    });
    assert_eq!(State::initial(&apart, Lang::ZhTw).selected, all(&apart));
}

/// One document the server refuses (HTTP 500): the widget starts on the same
/// comparison (Taichung 105 beside Kaohsiung 105, the missing column shown
/// as missing, not Taichung 104 beside Kaohsiung 104), and its status line
/// names the file and why.
#[test]
fn a_refused_document_keeps_the_starting_view_and_is_named() {
    let manifest = common::root().join("www/data/index.json");
    let ds = budget_compare::core::dataset::load_with(manifest.to_str().unwrap(), |p| {
        if p.ends_with("kaohsiung-105.json") {
            Err("HTTP 500 Internal Server Error".to_owned())
        } else {
            std::fs::read_to_string(p).map_err(|e| e.to_string())
        }
    })
    .unwrap();
    let state = State::initial(&ds, Lang::ZhTw);
    assert_eq!(
        state.selected,
        [
            CityYear {
                city: CityId::from("taichung"),
                year: FiscalYear(105)
            },
            CityYear {
                city: CityId::from("kaohsiung"),
                year: FiscalYear(105)
            },
        ]
    );
    assert_eq!(
        budget_compare::ui::view::failed_files(&ds, Lang::ZhTw),
        [(
            "高雄市 105年 (2016)".to_owned(),
            "kaohsiung-105.json: HTTP 500 Internal Server Error".to_owned()
        )]
    );
    let view = compare_view(&ds, &state);
    assert_eq!(
        view.without_budget,
        ["高雄市 105年 (2016)：資料檔無法載入（見上方說明）"],
        "said where the chart is, not taken for a year without a budget"
    );
    let table = compare_table(&ds, &state, &view);
    let inspection = table
        .rows
        .iter()
        .find(|r| r[0] == "勞動檢查與職業安全")
        .unwrap();
    assert_eq!(
        inspection[1..],
        ["46,023"],
        "Taichung 105's figure, as beside Kaohsiung 105 in the full table"
    );
}
