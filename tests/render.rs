//! `budget-compare render`: the SVG, PNG and HTML renderings of the Compare
//! and Over-time views, in both languages, against what the widget shows
//! (the same view models: `compare_view`, `compare_table`, `over_time_view`).
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashMap;
use std::process::Command;

use budget_compare::core::chart::layout_bars;
use budget_compare::core::dataset::{load_with, Dataset};
use budget_compare::core::format::Lang;
use budget_compare::ui::permalink::starting_state;
use budget_compare::ui::render::png::Rasterizer;
use budget_compare::ui::render::{html_fragment, render, Rendered, CARD};
use budget_compare::ui::state::State;
use budget_compare::ui::view::{compare_table, compare_view, over_time_view};
use common::{dataset, root};
use resvg::tiny_skia::Pixmap;

/// The text of every `<tag …>…</tag>` in `markup`, entities decoded.
fn texts(markup: &str, tag: &str) -> Vec<String> {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut out = Vec::new();
    let mut rest = markup;
    while let Some(at) = rest.find(&open) {
        rest = &rest[at + open.len()..];
        // `<th` must not match `<thead`.
        if !rest.starts_with(['>', ' ']) {
            continue;
        }
        let start = rest.find('>').expect("tag closes") + 1;
        let end = rest.find(&close).expect("element closes");
        out.push(decode(rest[start..end].trim()));
        rest = &rest[end..];
    }
    out
}

fn decode(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

fn state(ds: &Dataset, lang: Lang, options: &str) -> State {
    starting_state(ds, lang, options)
}

/// The rows of every table in a fragment, row heading first, as the widget's
/// table rows are.
fn fragment_rows(html: &str) -> Vec<Vec<String>> {
    texts(html, "tbody")
        .iter()
        .flat_map(|body| texts(body, "tr"))
        .map(|row| {
            let mut cells = texts(&row, "th");
            cells.extend(texts(&row, "td"));
            cells
        })
        .collect()
}

#[test]
fn compare_svg_and_html_carry_the_widgets_figures_in_both_languages() {
    let ds = dataset();
    for (lang, title, first_cell) in [
        (Lang::ZhTw, "勞工局預算：依共同分類比較", "一般行政"),
        (
            Lang::En,
            "Labor Bureau budgets by shared category",
            "General administration",
        ),
    ] {
        let state = state(&ds, lang, "");
        let view = compare_view(&ds, &state);
        let table = compare_table(&ds, &state, &view);
        let r = render(&ds, &state, 720).expect("renders");
        assert_eq!(r.title(), title);
        assert_eq!(texts(&r.chart.text, "title"), [title]);
        assert_eq!(
            texts(&r.chart.text, "desc")[0],
            format!(
                "{}. {}",
                budget_compare::ui::i18n::t(lang, budget_compare::ui::i18n::Key::ChartAlt),
                view.summary
            )
        );
        assert!(r.chart.text.contains("role=\"img\""));
        // The font family once, on the root (every text inherits it).
        assert_eq!(r.chart.text.matches("font-family=").count(), 1);
        assert!(r.chart.text.contains(
            "font-family=\"Noto Sans CJK TC, Noto Sans TC, PingFang TC, Microsoft JhengHei, sans-serif\" role=\"img\">"
        ));
        assert!(!r.chart.text.contains("opacity=\"1\""));
        assert!(r.chart.text.contains("font-size=\"9.68\""));
        // Every figure the widget's chart labels is in the SVG, once per bar.
        let drawn = texts(&r.chart.text, "text");
        for (s, labels) in view.chart.value_labels.iter().enumerate() {
            for (c, label) in labels.iter().enumerate() {
                assert!(
                    drawn.contains(label),
                    "{lang:?} series {s} category {c}: {label}"
                );
            }
        }
        let all: Vec<&String> = view.chart.value_labels.iter().flatten().collect();
        assert_eq!(
            drawn.iter().filter(|t| all.contains(t)).count(),
            all.len(),
            "one label per bar"
        );
        // The fragment's table is the widget's table, cell for cell.
        let html = html_fragment(&r).expect("html");
        let rows = fragment_rows(&html);
        assert_eq!(rows, table.rows);
        assert_eq!(rows[0][0], first_cell);
        let header = texts(&texts(&html, "thead")[0], "th");
        assert_eq!(header, table.header);
        assert_eq!(texts(&html, "p")[0], view.summary);
        // The budget notes, folded as the widget folds them.
        assert!(!view.notes.is_empty());
        assert_eq!(
            texts(&html, "summary"),
            [budget_compare::ui::i18n::t(
                lang,
                budget_compare::ui::i18n::Key::BudgetNotes
            )]
        );
        assert_eq!(texts(&texts(&html, "details")[0], "li"), view.notes);
        // The chart's label and the table's cell are the same figure: the
        // table in thousands, the chart in 萬/億 or millions.
        let inspection = view
            .comparison
            .categories
            .iter()
            .position(|c| c.as_str() == "inspection-safety")
            .expect("category");
        // By function, the default: each inspection office whole.
        if lang == Lang::ZhTw {
            assert_eq!(view.chart.value_labels[0][inspection], "4,602.3 萬元");
            assert_eq!(rows[inspection][1], "46,023");
            assert_eq!(view.chart.value_labels[1][inspection], "9,549.9 萬元");
            assert_eq!(rows[inspection][2], "95,499");
        }
        // The chart at 720 px and its narrow form (the largest categories,
        // the rest folded) are inline, the narrow one hidden until the
        // stylesheet shows it in a small container; no middle form for a
        // chart this narrow.
        let svgs = texts(&html, "svg");
        assert_eq!(svgs.len(), 2);
        assert!(html.contains("<svg class=\"bc-static-chart bc-static-wide\" viewBox=\"0 0 720 "));
        assert!(html
            .contains("<svg class=\"bc-static-chart bc-static-narrow\" hidden viewBox=\"0 0 360 "));
        let narrow = texts(&svgs[1], "text");
        for label in view.narrow.value_labels.iter().flatten() {
            assert!(narrow.contains(label), "{label}");
        }
        assert_eq!(view.narrow.categories.len(), 7, "six and the rest");
        assert!(html.starts_with(&format!(
            "<div class=\"bc-root bc-prerendered\" lang=\"{}\" data-view=\"compare\">",
            lang.tag()
        )));
        assert_eq!(
            texts(&html, "p").last().expect("source"),
            &view.chart.source
        );
    }
}

#[test]
fn the_table_view_is_the_sortable_table_without_a_chart() {
    use budget_compare::ui::view::table::sorted_rows;
    let ds = dataset();
    let state = state(&ds, Lang::En, "view=table");
    let view = compare_view(&ds, &state);
    let table = compare_table(&ds, &state, &view);
    let r = render(&ds, &state, 720).expect("renders");
    let html = html_fragment(&r).expect("html");
    assert!(!html.contains("<svg"), "no chart in the table view");
    assert_eq!(fragment_rows(&html), sorted_rows(&view, &table, state.sort));
    assert_eq!(
        texts(&html, "caption"),
        [format!(
            "{} · {} · Unit: {}",
            budget_compare::ui::i18n::t(Lang::En, budget_compare::ui::i18n::Key::CompareFigures),
            view.chart.subtitle,
            view.unit
        )]
    );
    assert!(html.contains("data-view=\"table\""));
    // Its SVG and PNG are the Compare chart.
    assert_eq!(
        texts(&r.chart.text, "title"),
        std::slice::from_ref(&view.chart.title)
    );
}

#[test]
fn over_time_svg_and_html_carry_the_widgets_tables_in_both_languages() {
    let ds = dataset();
    for lang in [Lang::ZhTw, Lang::En] {
        let state = state(&ds, lang, "view=over-time");
        let view = over_time_view(&ds, &state);
        let r = render(&ds, &state, 900).expect("renders");
        assert_eq!(
            texts(&r.chart.text, "title"),
            std::slice::from_ref(&view.chart.title)
        );
        assert_eq!(
            texts(&r.chart.text, "desc"),
            [format!("{}. {}", view.chart.title, view.summary)]
        );
        let html = html_fragment(&r).expect("html");
        let want: Vec<Vec<String>> = view.tables.iter().flat_map(|t| t.rows.clone()).collect();
        assert_eq!(fragment_rows(&html), want);
        assert_eq!(
            texts(&html, "caption"),
            view.tables
                .iter()
                .map(|t| t.caption.clone())
                .collect::<Vec<_>>()
        );
        assert_eq!(texts(&html, "p")[0], view.summary);
        assert_eq!(
            texts(&html, "p")[1],
            view.key.clone().expect("a key to the marks")
        );
        assert_eq!(texts(&html, "li"), view.caveats);
        // Every year on the axis, and the two cities in the legend.
        let drawn = texts(&r.chart.text, "text");
        for year in &view.chart.years {
            assert!(drawn.contains(year), "{year}");
        }
        for s in &view.chart.series {
            assert!(drawn.contains(&s.label), "{}", s.label);
        }
        // At 900 px: the middle (600) and narrow (360) forms too.
        assert_eq!(html.matches("<svg").count(), 3);
        assert!(html
            .contains("<svg class=\"bc-static-chart bc-static-medium\" hidden viewBox=\"0 0 600 "));
    }
    // A city with no figure in any year is said to have no budget data, as
    // the widget says it, instead of an empty table.
    let r = render(
        &ds,
        &state(&ds, Lang::ZhTw, "view=over-time&cat=labour-culture"),
        900,
    )
    .expect("renders");
    let html = html_fragment(&r).expect("html");
    assert!(
        html.contains("<p class=\"bc-muted\">臺中市：無預算資料</p>"),
        "{html}"
    );
    assert_eq!(texts(&html, "caption"), ["高雄市"]);
    // Kaohsiung's 105 budget as the widget's table shows it (千元).
    let r = render(&ds, &state(&ds, Lang::ZhTw, "view=over-time"), 900).expect("renders");
    let rows = fragment_rows(&html_fragment(&r).expect("html"));
    assert!(
        rows.iter()
            .any(|row| row[0] == "105年 (2016)" && row[1] == "預算" && row[2] == "446,233"),
        "{rows:?}"
    );
}

fn colour_at(p: &Pixmap, x: i32, y: i32) -> (u8, u8, u8) {
    let c = p.pixel(x as u32, y as u32).expect("inside");
    (c.red(), c.green(), c.blue())
}

#[test]
fn png_of_the_chart_and_the_share_card() {
    let ds = dataset();
    let raster =
        Rasterizer::new().expect("fonts-noto-cjk is installed (cargo xtask test installs it)");
    for lang in [Lang::ZhTw, Lang::En] {
        let state = state(&ds, lang, "");
        let r: Rendered = render(&ds, &state, 720).expect("renders");
        let view = compare_view(&ds, &state);
        let pixmap = raster.pixmap(&r.chart, r.chart.size).expect("rasterises");
        assert_eq!((pixmap.width(), pixmap.height()), r.chart.size);
        assert_eq!(r.chart.size.0, 720);
        // The middle of every bar is its series' colour.
        let layout = layout_bars(&view.chart, 720.0, 1.0);
        let mut bars = 0;
        for hit in layout
            .hits
            .iter()
            .filter(|h| h.value.is_some_and(|v| v > 0.0))
        {
            let (x0, y0, x1, y1) = hit.rect;
            if x1 - x0 < 3 {
                continue; // too thin to sample without anti-aliasing
            }
            let c = view.chart.series[hit.series].color;
            assert_eq!(
                colour_at(&pixmap, (x0 + x1) / 2, (y0 + y1) / 2),
                (c.0, c.1, c.2),
                "{hit:?}"
            );
            bars += 1;
        }
        assert!(bars >= 15, "{bars} bars sampled");
        // Text is drawn (the title's glyphs are dark pixels at the top left).
        let dark = (0..300)
            .flat_map(|x| (8..32).map(move |y| (x, y)))
            .filter(|&(x, y)| colour_at(&pixmap, x, y).0 < 100)
            .count();
        assert!(dark > 200, "{dark} dark pixels in the title");
        let png = raster.chart(&r).expect("png");
        let decoded = Pixmap::decode_png(&png).expect("a PNG");
        assert_eq!((decoded.width(), decoded.height()), r.chart.size);

        // The share card: 1200×630, both series' colours in the bar area.
        let card = Pixmap::decode_png(&raster.card(&r).expect("card")).expect("a PNG");
        assert_eq!((card.width(), card.height()), CARD);
        for s in &view.chart.series {
            let c = (s.color.0, s.color.1, s.color.2);
            let n = (0..1200)
                .step_by(3)
                .flat_map(|x| (100..600).step_by(3).map(move |y| (x, y)))
                .filter(|&(x, y)| colour_at(&card, x, y) == c)
                .count();
            assert!(n > 500, "{}: {n} pixels of its colour", s.label);
        }
    }
    // Over time: the lines' colours in the plot.
    let r = render(&ds, &state(&ds, Lang::En, "view=over-time"), 900).expect("renders");
    let card = Pixmap::decode_png(&raster.card(&r).expect("card")).expect("a PNG");
    assert_eq!((card.width(), card.height()), CARD);
    let pixmap = raster.pixmap(&r.chart, r.chart.size).expect("rasterises");
    let view = over_time_view(&ds, &state(&ds, Lang::En, "view=over-time"));
    for s in &view.chart.series {
        let c = (s.color.0, s.color.1, s.color.2);
        let n = (0..pixmap.width() as i32)
            .flat_map(|x| (0..pixmap.height() as i32).map(move |y| (x, y)))
            .filter(|&(x, y)| colour_at(&pixmap, x, y) == c)
            .count();
        assert!(n > 100, "{}: {n} pixels", s.label);
    }
}

/// Synthetic: the bundled taxonomy with one category renamed, and one
/// document whose city, source and agency names are markup.
fn hostile() -> Dataset {
    let read = |f: &str| std::fs::read_to_string(root().join(f)).expect("file");
    let mut taxonomy: serde_json::Value =
        serde_json::from_str(&read("www/data/taxonomy.json")).expect("json");
    taxonomy["categories"][0]["name"]["zh-TW"] = "<img src=x onerror=alert(1)>".into();
    let mut doc: serde_json::Value =
        serde_json::from_str(&read("tests/fixtures/bad/hostile-names.json")).expect("json");
    doc["city"]["name"]["zh-TW"] = "</script><script>alert(2)</script>".into();
    doc["sources"][0]["title"] = "\"quoted\" & <b>bold</b>".into();
    let files: HashMap<&str, String> = HashMap::from([
        (
            "set/index.json",
            r#"{"format":"budget-compare/1","title":{"zh-TW":"t"},"taxonomy":"taxonomy.json",
                "documents":[{"href":"k.json","city":"kaohsiung","fiscal_year":106}]}"#
                .to_owned(),
        ),
        ("set/taxonomy.json", taxonomy.to_string()),
        ("set/k.json", doc.to_string()),
    ]);
    load_with("set/index.json", |p| {
        files.get(p).cloned().ok_or(format!("{p}: none"))
    })
    .expect("loads")
}

#[test]
fn hostile_names_are_escaped_in_svg_and_html() {
    let ds = hostile();
    for options in ["", "view=over-time", "view=table"] {
        let r = render(&ds, &state(&ds, Lang::ZhTw, options), 720).expect("renders");
        let html = html_fragment(&r).expect("html");
        for out in [&r.chart.text, &html] {
            assert!(
                !out.contains("<img") && !out.contains("<script") && !out.contains("<b>"),
                "{options}"
            );
            assert!(!out.contains("</script>"), "{options}");
        }
        assert!(
            html.contains("&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;"),
            "{options}"
        );
        assert!(
            html.contains("&quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;"),
            "{options}"
        );
        if options != "view=over-time" {
            assert!(
                html.contains("&lt;img src=x onerror=alert(1)&gt;"),
                "{options}"
            );
            assert!(
                r.chart.text.contains("&lt;img src=x onerror=alert(1)&gt;"),
                "{options}"
            );
        }
    }
}

fn cli(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_budget-compare"))
        .current_dir(root())
        .arg("render")
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_command_renders_what_the_options_name_and_refuses_what_it_cannot() {
    let ds = dataset();
    let (ok, html, _) = cli(&[
        "www/data/index.json",
        "--view",
        "over-time",
        "--lang",
        "en",
        "--width",
        "600",
    ]);
    assert!(ok);
    let mut want =
        render(&ds, &state(&ds, Lang::En, "view=over-time&lang=en"), 600).expect("renders");
    // The fragment names the files the widget fetches first, relative to
    // the manifest: a first view over time shows every year, so all of them.
    want.files = [
        "taxonomy.json",
        "reference.json",
        "taichung-103.json",
        "taichung-104.json",
        "taichung-105.json",
        "taichung-109.json",
        "kaohsiung-104.json",
        "kaohsiung-105.json",
        "kaohsiung-106.json",
        "kaohsiung-107.json",
    ]
    .map(String::from)
    .to_vec();
    assert_eq!(html, html_fragment(&want).expect("html"));
    assert!(html.contains(" data-files=\"taxonomy.json reference.json taichung-103.json "));
    assert!(html.contains("viewBox=\"0 0 600 "));
    let (ok, svg, _) = cli(&[
        "www/data/index.json",
        "--format",
        "svg",
        "--years",
        "kaohsiung.104,kaohsiung.106",
        "--metric",
        "share",
    ]);
    assert!(ok);
    let want = render(
        &ds,
        &state(
            &ds,
            Lang::ZhTw,
            "sel=kaohsiung.104,kaohsiung.106&metric=share",
        ),
        720,
    )
    .expect("renders");
    assert_eq!(svg, want.chart.text);
    assert!(svg.starts_with("<svg width=\"720\""));
    // --lens: the default view by function, or as budgeted.
    let (ok, budgeted, _) = cli(&[
        "www/data/index.json",
        "--format",
        "svg",
        "--lens",
        "budgeted",
    ]);
    assert!(ok);
    assert!(budgeted.contains("\n433 萬元\n") && budgeted.contains("\n892.7 萬元\n"));
    assert!(budgeted.contains("依預算科目"));
    let (ok, by_function, _) = cli(&["www/data/index.json", "--format", "svg"]);
    assert!(ok);
    assert!(by_function.contains("\n4,602.3 萬元\n") && by_function.contains("\n9,549.9 萬元\n"));
    assert!(by_function.contains("依職能"));
    for (args, message) in [
        (vec!["www/data/index.json", "--view", "plans"], "render: the plans view has no chart; expected compare, over-time or table"),
        (vec!["www/data/index.json", "--width", "20"], "--width: expected 280 to 4000 (px), found \"20\""),
        (vec!["www/data/index.json", "--format", "gif"], "--format: expected html, svg, png or card, found \"gif\""),
        (vec!["www/data/index.json", "--metric", "pounds"], "metric: expected one of amount, share, per-resident, real, real-YYYY, found \"pounds\""),
        (vec!["www/data/index.json", "--lens", "cofog"], "lens: expected one of function, budgeted, found \"cofog\""),
    ] {
        let (ok, out, err) = cli(&args);
        assert!(!ok && out.is_empty(), "{args:?}");
        assert_eq!(err.trim(), message, "{args:?}");
    }
}
