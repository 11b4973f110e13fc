//! The "Over time" line chart drawn to SVG by the same routine as the
//! canvas: markers, segments and gaps, the value axis, labels and escaping,
//! asserted on what was drawn.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use budget_compare::core::chart::palette::{city_color, hex};
use budget_compare::core::chart::{lines_svg, text_width, LineChart, LineLayout, LineSeries};
use budget_compare::core::format::Lang;
use plotters::style::RGBColor;

/// The value of attribute `name` in the one-line element `line`.
fn attr(line: &str, name: &str) -> String {
    let start = line.find(&format!(" {name}=\"")).expect(name) + name.len() + 3;
    line[start..].split('"').next().expect("value").to_owned()
}

fn number(line: &str, name: &str) -> i32 {
    attr(line, name).parse::<f64>().expect("number") as i32
}

fn elements<'a>(svg: &'a str, tag: &'a str) -> impl Iterator<Item = &'a str> {
    svg.lines()
        .filter(move |l| l.trim_start().starts_with(&format!("<{tag} ")))
}

/// `<circle>` elements as (cx, cy, r, fill).
fn circles(svg: &str) -> Vec<(i32, i32, i32, String)> {
    elements(svg, "circle")
        .map(|l| {
            (
                number(l, "cx"),
                number(l, "cy"),
                number(l, "r"),
                attr(l, "fill").to_lowercase(),
            )
        })
        .collect()
}

/// A `<polyline>` as (points, stroke, stroke width).
type Polyline = (Vec<(i32, i32)>, String, i32);

fn polylines(svg: &str) -> Vec<Polyline> {
    elements(svg, "polyline")
        .map(|l| {
            let points = attr(l, "points")
                .split_whitespace()
                .map(|p| {
                    let (x, y) = p.split_once(',').expect("x,y");
                    (x.parse().expect("x"), y.parse().expect("y"))
                })
                .collect();
            (
                points,
                attr(l, "stroke").to_lowercase(),
                number(l, "stroke-width"),
            )
        })
        .collect()
}

/// `<text>` elements as (x, y, anchor, content); plotters puts the content
/// on the line after the tag.
fn texts(svg: &str) -> Vec<(i32, i32, String, String)> {
    let lines: Vec<&str> = svg.lines().collect();
    lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.trim_start().starts_with("<text "))
        .map(|(i, l)| {
            (
                number(l, "x"),
                number(l, "y"),
                attr(l, "text-anchor"),
                lines.get(i + 1).expect("content").trim().to_owned(),
            )
        })
        .collect()
}

/// Segments drawn in `color`: the 2-point polylines of the series' colour.
fn segments(svg: &str, color: RGBColor) -> Vec<((i32, i32), (i32, i32))> {
    polylines(svg)
        .into_iter()
        .filter(|(_, stroke, _)| *stroke == hex(color))
        .map(|(points, _, width)| {
            assert_eq!(points.len(), 2, "one polyline per segment");
            assert_eq!(width, 3, "2.5 px rounds to a 3 px stroke");
            (points[0], points[1])
        })
        .collect()
}

/// The x axis: the ink-coloured horizontal polyline; its y is the 0 baseline.
fn baseline(svg: &str) -> i32 {
    let axis: Vec<_> = polylines(svg)
        .into_iter()
        .filter(|(p, stroke, _)| stroke == "#212121" && p.len() == 2 && p[0].1 == p[1].1)
        .collect();
    assert_eq!(axis.len(), 1, "one x axis");
    axis[0].0[0].1
}

fn years(from: u32, to: u32) -> Vec<String> {
    (from..=to)
        .map(|y| format!("{y}年 ({})", y + 1911))
        .collect()
}

/// The real figures: Kaohsiung's 勞動檢查與職業安全 budget, 8,767 / 8,927 /
/// 8,676 / 8,493 thousand NT$ in fiscal 104–107 (as in tests/browser.rs
/// and tests/data.rs), none for 108; Taichung has no budget for 109 (only
/// its plan), so no figure at all.
fn inspection(lang: Lang) -> LineChart {
    let thousands = [8767.0, 8927.0, 8676.0, 8493.0];
    let mut kaohsiung: Vec<Option<f64>> = thousands.iter().map(|k| Some(k * 1000.0)).collect();
    kaohsiung.extend([None, None]);
    let mut labels: Vec<String> = thousands
        .iter()
        .map(|k| format!("{} 千元", budget_compare::core::format::group(*k as u64)))
        .collect();
    labels.extend(["無資料".to_owned(), "無資料".to_owned()]);
    LineChart {
        title: "勞動檢查與職業安全：歷年預算".into(),
        subtitle: "預算數（元）".into(),
        source: "資料來源：高雄市政府、臺中市政府總預算".into(),
        years: years(104, 109),
        series: vec![
            LineSeries {
                label: "高雄市".into(),
                color: city_color("kaohsiung", 0),
                values: kaohsiung,
                hollow: Vec::new(),
                dashed: Vec::new(),
            },
            LineSeries {
                label: "臺中市".into(),
                color: city_color("taichung", 1),
                values: vec![None; 6],
                hollow: Vec::new(),
                dashed: Vec::new(),
            },
        ],
        value_labels: vec![labels, vec!["無預算書".into(); 6]],
        lang,
        percent: false,
    }
}

fn point(layout: &LineLayout, series: usize, year: usize) -> (i32, i32) {
    layout
        .points
        .iter()
        .find(|p| p.series == series && p.year == year)
        .expect("point")
        .at
}

#[test]
fn the_inspection_budget_draws_four_markers_and_three_segments() {
    let chart = inspection(Lang::ZhTw);
    for width in [320, 480, 1200] {
        let (svg, layout) = lines_svg(&chart, width).expect("svg");
        let blue = hex(chart.series[0].color);
        let vermillion = hex(chart.series[1].color);

        // One marker per figure, at the layout's coordinates; none for 108/109.
        assert_eq!(layout.points.len(), 4, "{width}: four figures");
        let markers = circles(&svg);
        assert_eq!(markers.len(), 4, "{width}: one marker per figure");
        for (year, p) in layout.points.iter().enumerate() {
            assert_eq!((p.series, p.year), (0, year));
            assert!(
                markers.contains(&(p.at.0, p.at.1, 4, blue.clone())),
                "{width}: marker for year {year} at {:?}",
                p.at
            );
        }
        assert!(
            !markers.iter().any(|m| m.3 == vermillion),
            "{width}: no marker for Taichung, which has no figure"
        );

        // Exactly 104–105, 105–106, 106–107; nothing reaches 108's x.
        let expected: Vec<_> = (0..3)
            .map(|y| (point(&layout, 0, y), point(&layout, 0, y + 1)))
            .collect();
        assert_eq!(segments(&svg, chart.series[0].color), expected, "{width}");
        assert_eq!(
            layout.segments,
            expected.iter().map(|&(a, b)| (a, b, 0)).collect::<Vec<_>>()
        );
        assert!(segments(&svg, chart.series[1].color).is_empty());
        let x108 = texts(&svg)
            .into_iter()
            .find(|t| t.3.starts_with("108年"))
            .expect("108 label")
            .0;
        let x107 = point(&layout, 0, 3).0;
        assert!(x108 > x107 + 20, "{width}: 108 is right of 107");
        for (a, b) in segments(&svg, chart.series[0].color) {
            assert!(a.0.max(b.0) <= x107, "{width}: no segment reaches 108");
        }

        // Heights keep the figures' order and proportions on an axis from 0.
        let base = baseline(&svg);
        let height = |year: usize| f64::from(base - point(&layout, 0, year).1);
        assert!(height(1) > height(0) && height(0) > height(2) && height(2) > height(3));
        for (year, thousands) in [(0, 8767.0), (2, 8676.0), (3, 8493.0)] {
            let expected = height(1) * thousands / 8927.0;
            assert!(
                (height(year) - expected).abs() <= 1.5,
                "{width}: year {year}: {} vs {expected}",
                height(year)
            );
        }
        assert!(
            layout.points.iter().all(|p| p.at.1 < base),
            "the baseline (0) is below every point"
        );
        assert!(height(3) > 100.0, "{width}: tall enough to read");

        // Labels: title, legend, years, the last figure, ticks, source.
        let drawn = texts(&svg);
        let shows = |s: &str| drawn.iter().any(|t| t.3 == s);
        for label in [
            "勞動檢查與職業安全：歷年預算",
            "高雄市",
            "臺中市",
            "8,493 千元",
            "0",
            "資料來源：高雄市政府、臺中市政府總預算",
        ] {
            assert!(shows(label), "{width}: shows {label}");
        }
        assert!(
            !shows("8,767 千元"),
            "{width}: only the last point is labelled"
        );
        for year in 104..=109 {
            assert!(
                drawn.iter().any(|t| t.3.starts_with(&format!("{year}年"))),
                "{width}: shows {year}"
            );
        }
        if width >= 1200 {
            assert!(shows("104年 (2015)"), "full year labels when they fit");
        }
        // Legend swatches, one per series, in its colour.
        let swatches = elements(&svg, "rect")
            .filter(|l| [&blue, &vermillion].contains(&&attr(l, "fill").to_lowercase()))
            .count();
        assert_eq!(swatches, 2, "{width}: legend swatches");
    }
}

#[test]
fn a_line_breaks_at_missing_years_and_a_lone_figure_is_a_marker() {
    // Synthetic: gaps inside the series, a figure with no neighbour, a 0.
    let values = vec![
        Some(10.0),
        Some(20.0),
        None,
        Some(40.0),
        Some(30.0),
        None,
        Some(5.0),
        Some(0.0),
    ];
    let chart = LineChart {
        title: "t".into(),
        subtitle: "s".into(),
        source: "src".into(),
        years: years(101, 108),
        series: vec![
            LineSeries {
                label: "甲".into(),
                color: RGBColor(0, 114, 178),
                values: values.clone(),
                hollow: Vec::new(),
                dashed: Vec::new(),
            },
            LineSeries {
                label: "乙".into(),
                color: RGBColor(213, 94, 0),
                values: vec![None, None, Some(f64::NAN), None, Some(25.0), None, None],
                hollow: Vec::new(),
                dashed: Vec::new(),
            },
        ],
        value_labels: vec![vec!["v".into(); 8], vec!["v".into(); 8]],
        lang: Lang::En,
        percent: true,
    };
    let (svg, layout) = lines_svg(&chart, 640).expect("svg");
    let present: Vec<usize> = (0..8).filter(|&i| values[i].is_some()).collect();
    let a: Vec<_> = layout.points.iter().filter(|p| p.series == 0).collect();
    assert_eq!(a.iter().map(|p| p.year).collect::<Vec<_>>(), present);
    let b: Vec<_> = layout.points.iter().filter(|p| p.series == 1).collect();
    assert_eq!(b.len(), 1, "NaN is missing, 25 is a lone point");
    assert_eq!(b[0].year, 4);

    let markers = circles(&svg);
    assert_eq!(markers.len(), 7, "6 + 1 markers");
    for p in &layout.points {
        assert!(markers.iter().any(|m| (m.0, m.1) == p.at));
    }
    let expected = vec![
        (point(&layout, 0, 0), point(&layout, 0, 1)),
        (point(&layout, 0, 3), point(&layout, 0, 4)),
        (point(&layout, 0, 6), point(&layout, 0, 7)),
    ];
    assert_eq!(segments(&svg, chart.series[0].color), expected);
    assert!(
        segments(&svg, chart.series[1].color).is_empty(),
        "a lone figure has no line"
    );
    // The gap years' x never appears in a segment.
    let gap_x = |year: usize| {
        let (x1, x3) = (point(&layout, 0, year - 1).0, point(&layout, 0, year + 1).0);
        (x1 + x3) / 2
    };
    for year in [2, 5] {
        let x = gap_x(year);
        for (from, to) in segments(&svg, chart.series[0].color) {
            assert!(!(from.0..=to.0).contains(&x), "a segment crosses {year}");
        }
    }
    // 0 sits on the baseline; the axis is a percentage axis.
    assert_eq!(point(&layout, 0, 7).1, baseline(&svg));
    assert!(texts(&svg).iter().any(|t| t.3 == "40%"), "ticks say %");
    let ys: Vec<i32> = [0, 1, 3, 4, 6]
        .iter()
        .map(|&y| point(&layout, 0, y).1)
        .collect();
    // 10, 20, 40, 30, 5: screen y runs opposite to value.
    assert!(ys[1] < ys[0] && ys[2] < ys[3] && ys[3] < ys[1] && ys[4] > ys[0]);
}

#[test]
fn year_labels_never_overlap_on_a_phone() {
    for lang in [Lang::ZhTw, Lang::En] {
        let mut chart = inspection(lang);
        if lang == Lang::En {
            chart.years = (104..=109)
                .map(|y| format!("FY{} (ROC {y})", y + 1911))
                .collect();
        }
        for width in [320, 360, 479, 800] {
            let (svg, layout) = lines_svg(&chart, width).expect("svg");
            let base = baseline(&svg);
            // Year labels are the centred texts under the axis.
            let mut labels: Vec<(i32, String)> = texts(&svg)
                .into_iter()
                .filter(|t| t.2 == "middle" && t.1 > base)
                .map(|t| (t.0, t.3))
                .collect();
            labels.sort();
            assert!(labels.len() >= 3, "{lang:?} {width}: {labels:?}");
            for pair in labels.windows(2) {
                let room = f64::from(pair[1].0 - pair[0].0);
                let needed = (text_width(&pair[0].1, 11.0) + text_width(&pair[1].1, 11.0)) / 2.0;
                assert!(
                    needed < room,
                    "{lang:?} {width}: {:?} and {:?} overlap",
                    pair[0],
                    pair[1]
                );
            }
            // Each shown label sits under its year's marker (if it has one).
            for (x, label) in &labels {
                let year = chart
                    .years
                    .iter()
                    .position(|y| y.starts_with(label.as_str()))
                    .expect("a year label");
                if let Some(p) = layout.points.iter().find(|p| p.year == year) {
                    assert!((p.at.0 - x).abs() <= 1, "{lang:?} {width}: {label}");
                }
            }
            for (x, label) in &labels {
                let half = text_width(label, 11.0) / 2.0;
                assert!(
                    f64::from(*x) - half >= 0.0 && f64::from(*x) + half <= f64::from(width),
                    "{lang:?} {width}: {label} inside the chart"
                );
            }
            if width >= 800 {
                assert_eq!(labels.len(), 6, "{lang:?} {width}: every year");
            }
        }
    }
    // In English at 320 px even the short labels need every other year.
    let mut chart = inspection(Lang::En);
    chart.years = (104..=109)
        .map(|y| format!("FY{} (ROC {y})", y + 1911))
        .collect();
    let (svg, _) = lines_svg(&chart, 320).expect("svg");
    let shown: Vec<String> = texts(&svg)
        .into_iter()
        .filter(|t| t.3.starts_with("FY"))
        .map(|t| t.3)
        .collect();
    assert_eq!(shown, ["FY2015", "FY2017", "FY2019"]);
}

#[test]
fn hit_at_finds_the_point_under_the_pointer_only() {
    let chart = inspection(Lang::ZhTw);
    let (_, layout) = lines_svg(&chart, 800).expect("svg");
    for p in &layout.points {
        assert_eq!(layout.hit_at(p.at.0, p.at.1), Some(p));
        assert_eq!(layout.hit_at(p.at.0 + 6, p.at.1 - 6), Some(p), "near");
        assert_eq!(layout.hit_at(p.at.0, p.at.1 + 40), None, "far below");
    }
    assert_eq!(layout.hit_at(0, 0), None);
    // Where 108 would be: nothing, not a point at 0.
    let p107 = point(&layout, 0, 3);
    let step = p107.0 - point(&layout, 0, 2).0;
    assert_eq!(layout.hit_at(p107.0 + step, p107.1), None);
    assert_eq!(layout.hit_at(p107.0 + step, baseline_of(&chart)), None);
}

fn baseline_of(chart: &LineChart) -> i32 {
    let (svg, _) = lines_svg(chart, 800).expect("svg");
    baseline(&svg)
}

#[test]
fn text_is_escaped() {
    // Synthetic: hostile text in every label the chart draws.
    let hostile = "<script>alert(1)</script>";
    let chart = LineChart {
        title: hostile.into(),
        subtitle: "<b>s</b>".into(),
        source: "<img src=x onerror=alert(1)>".into(),
        years: vec!["<i>104</i>".into(), "105".into()],
        series: vec![LineSeries {
            label: hostile.into(),
            color: RGBColor(0, 114, 178),
            values: vec![Some(1.0), Some(2.0)],
            hollow: Vec::new(),
            dashed: Vec::new(),
        }],
        value_labels: vec![vec!["1".into(), hostile.into()]],
        lang: Lang::En,
        percent: false,
    };
    let (svg, _) = lines_svg(&chart, 1200).expect("svg");
    for tag in ["<script", "<img", "<b>", "<i>"] {
        assert!(!svg.contains(tag), "{tag} is escaped");
    }
    assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(svg.contains("&lt;i&gt;104&lt;/i&gt;"));
}

#[test]
fn final_accounts_are_hollow_and_changes_of_stage_are_dashed() {
    use budget_compare::core::dataset::load_with;
    use budget_compare::ui::state::{Action, State, View};
    use budget_compare::ui::view::over_time_view;
    let manifest = concat!(env!("CARGO_MANIFEST_DIR"), "/www/data/index.json");
    let ds = load_with(manifest, |p| {
        std::fs::read_to_string(p).map_err(|e| e.to_string())
    })
    .expect("the bundled data set loads");
    let state = State::initial(&ds, Lang::ZhTw).apply(Action::SetView {
        view: View::OverTime,
    });
    let view = over_time_view(&ds, &state);
    let chart = &view.chart;
    let (svg, layout) = lines_svg(chart, 900).expect("svg");
    let taichung = hex(chart.series[0].color);
    // Taichung 103 (final accounts): a hollow marker, the background inside
    // a ring of the series' colour; 104 and 105 (budgets) solid.
    let at = |year: usize| {
        layout
            .points
            .iter()
            .find(|p| p.series == 0 && p.year == year)
            .expect("point")
            .at
    };
    let rings: Vec<(i32, i32)> = elements(&svg, "circle")
        .filter(|l| attr(l, "fill") == "none" && attr(l, "stroke").to_lowercase() == taichung)
        .map(|l| (number(l, "cx"), number(l, "cy")))
        .collect();
    assert_eq!(rings, [at(0)], "one ring: Taichung 103");
    let solid: Vec<(i32, i32)> = circles(&svg)
        .into_iter()
        .filter(|c| c.3 == taichung)
        .map(|c| (c.0, c.1))
        .collect();
    assert_eq!(solid, [at(1), at(2)], "104 and 105 solid");
    // No plain segment joins Taichung's years: 103 → 104 (final accounts to
    // budget) and 104 → 105 (budget to draft) are dashed.
    assert!(
        layout.segments.iter().all(|s| s.2 != 0),
        "{:?}",
        layout.segments
    );
    let dashed: Vec<_> = layout.dashed.iter().filter(|s| s.2 == 0).collect();
    assert_eq!(dashed, [&(at(0), at(1), 0), &(at(1), at(2), 0)]);
    // Dashes are several short strokes between the two points.
    let strokes = polylines(&svg)
        .into_iter()
        .filter(|(points, stroke, _)| *stroke == taichung && points.len() == 2)
        .count();
    assert!(strokes > 4, "dashes drawn: {strokes}");
    // The end of Taichung's line says its stage.
    assert!(
        texts(&svg).iter().any(|t| t.3 == "4.46 億元（預算案）"),
        "{:?}",
        texts(&svg)
    );
    // 302,388 千元 spent: the leaves (323,783) less the 21,395 of labour insurance.
    assert_eq!(chart.value_labels[0][0], "3.02 億元（決算）");
}
