//! The text the views show, built natively from the bundled data: summary
//! sentences, labels in both languages, CSV export, permalinks.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::dataset;

use budget_compare::core::compare::{series, CityYear, Metric, Options};
use budget_compare::core::format::Lang;
use budget_compare::core::model::{CategoryId, CityId};
use budget_compare::ui::state::{Action, State, View};
use budget_compare::ui::view::export::{csv, embed_snippet};
use budget_compare::ui::view::over_time::change_sentence;
use budget_compare::ui::view::{compare_table, compare_view, over_time_view, plans_view};

fn inspection() -> CategoryId {
    CategoryId::from("inspection-safety")
}

#[test]
fn change_sentences_in_both_languages() {
    let ds = dataset();
    let rows = series(
        &ds,
        &CityId::from("kaohsiung"),
        Some(&inspection()),
        Options::default(),
    );
    let up_to_106: Vec<_> = rows.iter().take(3).copied().collect();
    let cases = [
        (
            &rows[..],
            Lang::ZhTw,
            "高雄市 107 年勞動檢查預算較 106 年減少 2.1%。",
        ),
        (
            &up_to_106[..],
            Lang::ZhTw,
            "高雄市 106 年勞動檢查預算較 105 年減少 2.8%。",
        ),
        (
            &rows[..],
            Lang::En,
            "Kaohsiung: labour inspection in FY2018 was 2.1% lower than in FY2017.",
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
        },
    );
    assert_eq!(
        change_sentence("高雄市", "勞動檢查占比", &share, Metric::Share, Lang::ZhTw).as_deref(),
        Some("高雄市 107 年勞動檢查占比與 106 年持平。"),
        "1.914% to 1.907%: under 0.05 points is unchanged at one decimal"
    );
    assert_eq!(
        change_sentence(
            "高雄市",
            "勞動檢查占比",
            &share[..2],
            Metric::Share,
            Lang::ZhTw
        )
        .as_deref(),
        Some("高雄市 105 年勞動檢查占比較 104 年增加 0.1 個百分點。")
    );
    let taichung = series(&ds, &CityId::from("taichung"), None, Options::default());
    assert_eq!(
        change_sentence("臺中市", "預算", &taichung, Metric::Amount, Lang::ZhTw),
        None,
        "no figures, no sentence"
    );
}

#[test]
fn the_over_time_view_summarises_and_tabulates() {
    let ds = dataset();
    let mut state = State::initial(&ds, Lang::ZhTw).apply(Action::SetView {
        view: View::OverTime,
    });
    state.category = Some(inspection());
    let view = over_time_view(&ds, &state);
    assert_eq!(
        view.summary,
        "高雄市 107 年勞動檢查與職業安全預算較 106 年減少 2.1%。"
    );
    assert_eq!(
        view.chart.years.first().map(String::as_str),
        Some("104年 (2015)")
    );
    let kaohsiung = view
        .tables
        .iter()
        .find(|t| t.city == "高雄市")
        .expect("table");
    assert_eq!(
        kaohsiung.rows[3],
        ["107年 (2018)", "8,493", "-183", "-2.1%"]
    );
    assert_eq!(
        kaohsiung.cagr.as_deref(),
        Some("年均複合成長率 104年 (2015)–107年 (2018)：-1.1%")
    );
    // The export table keeps every city and year, Taichung's gaps included.
    assert_eq!(view.export_header[1], "臺中市 勞動檢查與職業安全");
    assert_eq!(view.export_header.len(), 1 + 3 * 2);
    assert_eq!(
        view.export_rows[3],
        [
            "107年 (2018)",
            "無預算資料",
            "–",
            "–",
            "8,493",
            "-183",
            "-2.1%"
        ]
    );
    let en = over_time_view(&ds, &state.apply(Action::SetLang { lang: Lang::En }));
    assert_eq!(en.summary, "Kaohsiung: spending on labour inspection & occupational safety in FY2018 was 2.1% lower than in FY2017.");
}

#[test]
fn compare_labels_follow_the_metric_and_language() {
    let ds = dataset();
    let state = State::initial(&ds, Lang::ZhTw);
    let view = compare_view(&ds, &state);
    let col = view
        .charted
        .iter()
        .position(|k| *k == CityYear::new("kaohsiung", 107))
        .expect("107");
    let cat = view
        .comparison
        .categories
        .iter()
        .position(|c| *c == inspection())
        .expect("cat");
    assert_eq!(view.chart.value_labels[col][cat], "849.3 萬元");
    assert_eq!(view.chart.subtitle, "預算數，新臺幣；不含社會保險補助");
    let share = compare_view(
        &ds,
        &state.apply(Action::SetMetric {
            metric: Metric::Share,
        }),
    );
    assert_eq!(share.chart.value_labels[col][cat], "1.9%");
    let real = compare_view(
        &ds,
        &state.apply(Action::SetMetric {
            metric: Metric::Real { base: 2020 },
        }),
    );
    assert_eq!(
        real.chart.subtitle,
        "以 2020 年物價計算之新臺幣（消費者物價指數 2021 = 100）；不含社會保險補助"
    );
    assert!(
        real.chart.source.contains("物價指數："),
        "{}",
        real.chart.source
    );
    let en_state = state.apply(Action::SetLang { lang: Lang::En });
    let en = compare_view(&ds, &en_state);
    assert_eq!(en.chart.value_labels[col][cat], "NT$8.5 million");
    let table = compare_table(&ds, &en_state, &en);
    assert_eq!(table.header[col + 1], "Kaohsiung FY2018 (ROC 107)");
    assert_eq!(
        table.rows.len(),
        en.comparison.categories.len() + 1,
        "and the total"
    );
    assert_eq!(view.narrow.categories.len(), 7, "six largest and other");
    assert_eq!(view.narrow.categories[6], "其他");
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
        "t",
        "u",
        "s",
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
        "<script type=\"module\" src=\"https://x.tw/budget-compare.js\"></script>\n\
         <div data-budget-compare data-src=\"https://x.tw/data/index.json\" data-view=\"over-time\" \
         data-cities=\"taichung,kaohsiung\" data-years=\"taichung.109,kaohsiung.104,kaohsiung.105,kaohsiung.106,kaohsiung.107\" \
         data-metric=\"amount\" data-lang=\"en\"></div>"
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
