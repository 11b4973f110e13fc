//! The bar chart drawn to SVG by the same routine as the canvas: labels,
//! bar geometry and escaping, asserted on what was drawn.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use budget_compare::core::chart::palette::hex;
use budget_compare::core::chart::{bars_svg, BarChart, BarSeries};
use budget_compare::core::format::Lang;
use budget_compare::ui::state::State;
use budget_compare::ui::view::compare_view;
use plotters::style::RGBColor;

/// `<rect>` elements as (x, y, width, height, fill).
fn rects(svg: &str) -> Vec<(i32, i32, i32, i32, String)> {
    svg.lines()
        .filter(|l| l.trim_start().starts_with("<rect"))
        .map(|l| {
            let attr = |name: &str| -> String {
                let start = l.find(&format!(" {name}=\"")).expect(name) + name.len() + 3;
                l[start..].split('"').next().expect("value").to_owned()
            };
            let n = |name: &str| attr(name).parse::<f64>().expect("number") as i32;
            (
                n("x"),
                n("y"),
                n("width"),
                n("height"),
                attr("fill").to_lowercase(),
            )
        })
        .collect()
}

#[test]
fn the_compare_chart_draws_each_figure_as_a_labelled_bar() {
    let ds = common::dataset();
    let view = compare_view(&ds, &State::initial(&ds, Lang::ZhTw));
    let (svg, layout) = bars_svg(&view.chart, 1200).expect("svg");

    for text in [
        "勞工局預算：依共同分類比較",
        "勞動檢查與職業安全",
        "4,602.3 萬元",
        "9,549.9 萬元",
        "臺中市 105年 (2016) 預算案",
        "高雄市 105年 (2016) 預算",
        "資料來源：",
    ] {
        assert!(svg.contains(text), "svg shows {text}");
    }
    let category = view
        .chart
        .categories
        .iter()
        .position(|c| c == "勞動檢查與職業安全")
        .expect("category");
    let bar = |series: usize| {
        layout
            .hits
            .iter()
            .find(|h| h.series == series && h.category == category)
            .expect("bar")
    };
    // Each bar is a rect of its series' colour, as wide as its value on the axis.
    let drawn = rects(&svg);
    assert_eq!(view.chart.series.len(), 2, "Taichung and Kaohsiung 105");
    for series in 0..2 {
        let (x0, y0, x1, y1) = bar(series).rect;
        let colour = hex(view.chart.series[series].color);
        assert!(
            drawn.contains(&(x0, y0, x1 - x0, y1 - y0, colour.clone())),
            "series {series}: rect {x0},{y0} {}x{} {colour}",
            x1 - x0,
            y1 - y0
        );
    }
    // Bar lengths keep the figures' proportions (to a pixel): labour
    // standards 54,718 thousand in Taichung, 19,602 in Kaohsiung (105).
    let standards = view
        .chart
        .categories
        .iter()
        .position(|c| c == "勞動條件")
        .expect("category");
    let width = |series: usize| {
        let h = layout
            .hits
            .iter()
            .find(|h| h.series == series && h.category == standards)
            .expect("bar");
        f64::from(h.rect.2 - h.rect.0)
    };
    let expected = width(0) * 19602.0 / 54718.0;
    assert!(
        (width(1) - expected).abs() <= 1.5,
        "Kaohsiung: {} vs {expected}",
        width(1)
    );
    assert!(width(1) > 30.0, "bars are long enough to compare");
    assert_eq!(
        svg.matches("<rect").count(),
        view.chart.series.len() + layout.hits.iter().filter(|h| h.value.is_some()).count() + 1,
        "legend swatches, one rect per figure (none for a missing one), background"
    );
}

#[test]
fn missing_figures_draw_no_bar_and_text_is_escaped() {
    let chart = BarChart {
        title: "<script>alert(1)</script>".into(),
        subtitle: "s".into(),
        source: "src".into(),
        categories: vec!["<img src=x onerror=alert(1)>".into(), "二".into()],
        series: vec![BarSeries {
            label: "甲".into(),
            color: RGBColor(0, 114, 178),
            values: vec![Some(10.0), None],
            starts: Vec::new(),
            colors: Vec::new(),
        }],
        value_labels: vec![vec!["10".into(), "無資料".into()]],
        lang: Lang::ZhTw,
        percent: false,
    };
    let (svg, layout) = bars_svg(&chart, 400).expect("svg");
    assert!(!svg.contains("<img") && !svg.contains("<script"));
    assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(svg.contains("無資料"));
    let bars: Vec<_> = rects(&svg)
        .into_iter()
        .filter(|r| r.4 == "#0072b2")
        .collect();
    assert_eq!(
        bars.len(),
        2,
        "the legend swatch and one bar: none for the missing figure"
    );
    assert_eq!(layout.hits[1].value, None);
    assert_eq!(
        layout.hits[1].rect.0, layout.hits[1].rect.2,
        "a missing figure has no width"
    );
}

#[test]
fn the_stylesheets_chart_colours_are_the_inks_the_contrast_is_tested_on() {
    use budget_compare::core::chart::Ink;
    let css = std::fs::read_to_string(common::root().join("www/budget-compare.css")).expect("css");
    // The first declaration of each property is the light theme's (on
    // .bc-root), the next the dark theme's.
    let values = |name: &str| -> Vec<String> {
        css.match_indices(&format!("{name}:"))
            .map(|(at, _)| {
                css[at + name.len() + 1..]
                    .trim_start()
                    .chars()
                    .take(7)
                    .collect()
            })
            .collect()
    };
    for (name, light, dark) in [
        ("--bc-chart-bg", Ink::LIGHT.background, Ink::DARK.background),
        ("--bc-chart-fg", Ink::LIGHT.text, Ink::DARK.text),
        ("--bc-chart-muted", Ink::LIGHT.muted, Ink::DARK.muted),
        ("--bc-chart-grid", Ink::LIGHT.grid, Ink::DARK.grid),
    ] {
        let v = values(name);
        assert_eq!(v[0], hex(light), "{name} (light)");
        assert_eq!(v[1].to_lowercase(), hex(dark), "{name} (dark)");
    }
}
