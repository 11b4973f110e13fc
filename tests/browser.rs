//! Browser tests: mount the widget with the bundled data in headless
//! Chromium and check the labels and values it draws.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::rc::Rc;
use std::time::Duration;

use budget_compare::core::chart::layout_bars;
use budget_compare::core::chart::palette::hex;
use budget_compare::core::dataset::{load_with, Dataset};
use budget_compare::core::format::Lang;
use budget_compare::ui::components::remote_tab::{TabHost, TabHostProps};
use budget_compare::ui::components::{AppProps, Widget, WidgetProps};
use budget_compare::ui::hooks::SharedDataset;
use budget_compare::ui::permalink::apply_hash;
use budget_compare::ui::state::State;
use budget_compare::ui::view::compare_view;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{CanvasRenderingContext2d, Element, HtmlCanvasElement, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

const FILES: &[(&str, &str)] = &[
    ("data/index.json", include_str!("../www/data/index.json")),
    (
        "data/taxonomy.json",
        include_str!("../www/data/taxonomy.json"),
    ),
    (
        "data/reference.json",
        include_str!("../www/data/reference.json"),
    ),
    (
        "data/taichung-103.json",
        include_str!("../www/data/taichung-103.json"),
    ),
    (
        "data/taichung-104.json",
        include_str!("../www/data/taichung-104.json"),
    ),
    (
        "data/taichung-105.json",
        include_str!("../www/data/taichung-105.json"),
    ),
    (
        "data/taichung-109.json",
        include_str!("../www/data/taichung-109.json"),
    ),
    (
        "data/kaohsiung-104.json",
        include_str!("../www/data/kaohsiung-104.json"),
    ),
    (
        "data/kaohsiung-105.json",
        include_str!("../www/data/kaohsiung-105.json"),
    ),
    (
        "data/kaohsiung-106.json",
        include_str!("../www/data/kaohsiung-106.json"),
    ),
    (
        "data/kaohsiung-107.json",
        include_str!("../www/data/kaohsiung-107.json"),
    ),
];

/// The bundled data set, with `replace` substituting one file's text.
fn bundled(replace: Option<(&str, String)>) -> Dataset {
    load_with("data/index.json", |path| {
        if let Some((name, text)) = &replace {
            if *name == path {
                return Ok(text.clone());
            }
        }
        FILES
            .iter()
            .find(|(name, _)| *name == path)
            .map(|(_, text)| (*text).to_owned())
            .ok_or_else(|| format!("{path} is not bundled"))
    })
    .expect("the bundled data loads")
}

/// The city-years most tests look at: Kaohsiung's four budgets and
/// Taichung's plan-only 109 (the widget's own default, both cities in 105,
/// has a test of its own).
const KAOHSIUNG_YEARS: &str =
    "sel=taichung.109,kaohsiung.104,kaohsiung.105,kaohsiung.106,kaohsiung.107&lens=budgeted";

async fn mount(ds: Dataset) -> Element {
    mount_with(ds, Default::default(), KAOHSIUNG_YEARS).await
}

/// An 800 px wide element in the page to mount into.
fn test_root() -> Element {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("document");
    let root = document.create_element("div").expect("div");
    root.set_class_name("bc-root test-root");
    root.set_attribute("style", "width: 800px").expect("style");
    document
        .body()
        .expect("body")
        .append_child(&root)
        .expect("append");
    root
}

/// A tab the lazily loaded module draws (Over time, Plans, Table, About), mounted as
/// that module mounts it for a widget (`TabHost`), in the state `mount`
/// starts in with `view` shown.
async fn mount_tab(ds: Dataset, view: &str) -> Element {
    let root = test_root();
    yew::Renderer::<TabHost>::with_root_and_props(
        root.clone(),
        TabHostProps {
            dataset: SharedDataset(Rc::new(ds)),
            hash: format!("{KAOHSIUNG_YEARS}&view={view}").into(),
            src: "data/index.json".into(),
            controls: Default::default(),
            permalink: false,
            answer: Default::default(),
            updates: Default::default(),
        },
    )
    .render();
    settle().await;
    root
}

async fn mount_with(
    ds: Dataset,
    controls: budget_compare::ui::options::Controls,
    options: &'static str,
) -> Element {
    let root = test_root();
    yew::Renderer::<Widget>::with_root_and_props(
        root.clone(),
        WidgetProps {
            dataset: SharedDataset(Rc::new(ds)),
            embed: AppProps {
                lang: Lang::ZhTw,
                src: "data/index.json".into(),
                controls,
                options: options.into(),
                ..AppProps::default()
            },
            on_settled: Default::default(),
        },
    )
    .render();
    settle().await;
    root
}

async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(150)).await;
}

fn texts(root: &Element, selector: &str) -> Vec<String> {
    let nodes = root.query_selector_all(selector).expect("selector");
    (0..nodes.length())
        .filter_map(|i| nodes.item(i))
        .map(|n| n.text_content().unwrap_or_default())
        .collect()
}

fn row(root: &Element, name: &str) -> Vec<String> {
    let rows = root
        .query_selector_all(".bc-data-table tbody tr")
        .expect("rows");
    (0..rows.length())
        .filter_map(|i| rows.item(i))
        .filter_map(|r| r.dyn_into::<Element>().ok())
        .map(|r| texts(&r, "th, td"))
        .find(|cells| cells.first().map(String::as_str) == Some(name))
        .unwrap_or_else(|| panic!("no row {name}"))
}

/// The widget's chart canvas, its 2D context, and the bar layout of `chart`
/// at the canvas's size.
fn drawn_bars(
    root: &Element,
    chart: &budget_compare::core::chart::BarChart,
) -> (
    HtmlCanvasElement,
    CanvasRenderingContext2d,
    budget_compare::core::chart::BarLayout,
) {
    let canvas: HtmlCanvasElement = root
        .query_selector("canvas")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into().ok())
        .expect("canvas");
    let ctx: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into().ok())
        .expect("2d context");
    let dpr = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio().max(1.0));
    let layout = layout_bars(chart, f64::from(canvas.width()), dpr);
    (canvas, ctx, layout)
}

/// The colour of one canvas pixel, `#rrggbb`.
fn pixel(ctx: &CanvasRenderingContext2d, x: f64, y: f64) -> String {
    let px = ctx.get_image_data(x, y, 1.0, 1.0).expect("pixel").data();
    format!("#{:02x}{:02x}{:02x}", px[0], px[1], px[2])
}

/// The position of a category on the chart.
fn category_at(chart: &budget_compare::core::chart::BarChart, name: &str) -> usize {
    chart
        .categories
        .iter()
        .position(|c| c == name)
        .expect("category")
}

#[wasm_bindgen_test]
async fn compare_view_shows_the_bundled_figures() {
    let ds = bundled(None);
    let root = mount(ds.clone()).await;

    assert_eq!(
        texts(&root, ".bc-data-table thead th"),
        [
            "分類（依預算科目）",
            "高雄市 104年 (2015) 預算",
            "高雄市 105年 (2016) 預算",
            "高雄市 106年 (2017) 預算",
            "高雄市 107年 (2018) 預算"
        ]
    );
    assert_eq!(
        row(&root, "勞動檢查與職業安全"),
        ["勞動檢查與職業安全", "8,767", "8,927", "8,676", "8,493"]
    );
    assert_eq!(
        row(&root, "合計"),
        ["合計", "461,487", "446,233", "453,334", "445,419"]
    );
    assert!(
        texts(&root, ".bc-data-table tbody th")
            .iter()
            .all(|t| t != "社會保險補助"),
        "social insurance is left out by default"
    );
    assert!(
        texts(&root, "p")
            .iter()
            .any(|t| t == "臺中市 109年 (2020)：無預算資料"),
        "Taichung is listed as having no budget data"
    );
    assert_eq!(
        texts(&root, ".bc-summary"),
        ["高雄市 107年 (2018) 預算：最大的分類是一般行政（依預算科目）（3.04 億元）。 資本門編列方式不同：高雄市 107年 (2018) 資本門自成一類；高雄市 104年 (2015)、高雄市 105年 (2016)、高雄市 106年 (2017) 經資門併計（資本門含在各工作計畫內）。"]
    );

    // The canvas shows the same bars: the pixel in the middle of the 106
    // inspection bar is Kaohsiung's colour, and its label names the summary.
    let state = apply_hash(&State::initial(&ds, Lang::ZhTw), KAOHSIUNG_YEARS, 2021);
    let view = compare_view(&ds, &state);
    let (canvas, ctx, layout) = drawn_bars(&root, &view.chart);
    assert!(canvas
        .get_attribute("aria-label")
        .unwrap_or_default()
        .ends_with(&view.summary));
    assert_eq!(canvas.height(), layout.height);
    let category = category_at(&view.chart, "勞動檢查與職業安全");
    let hit = layout
        .hits
        .iter()
        .find(|h| h.series == 2 && h.category == category)
        .expect("bar");
    assert_eq!(hit.value, Some(8_676_000.0));
    assert_eq!(view.chart.value_labels[2][category], "867.6 萬元");
    let (x0, y0, x1, y1) = hit.rect;
    assert_eq!(
        pixel(&ctx, f64::from(x0 + x1) / 2.0, f64::from(y0 + y1) / 2.0),
        hex(view.chart.series[2].color),
        "bar colour at the bar's centre"
    );
    // Just past the bar's end there is no bar colour (the bar is as long as its value).
    assert_ne!(
        pixel(&ctx, f64::from(x1 + 2), f64::from(y0 + 1)),
        hex(view.chart.series[2].color)
    );

    // Including pass-through money adds the social-insurance row with its figure.
    let toggle: HtmlElement = root
        .query_selector(".bc-toggle input")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into().ok())
        .expect("toggle");
    toggle.click();
    settle().await;
    assert_eq!(
        row(&root, "社會保險補助"),
        [
            "社會保險補助",
            "4,194,607",
            "228,802",
            "4,336,831",
            "4,647,026"
        ]
    );
    assert_eq!(
        row(&root, "合計"),
        ["合計", "4,656,094", "675,035", "4,790,165", "5,092,445"]
    );

    // English.
    let button: HtmlElement = root
        .query_selector(".bc-lang")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into().ok())
        .expect("language button");
    button.click();
    settle().await;
    assert_eq!(
        texts(&root, ".bc-data-table thead th")[3],
        "Kaohsiung FY2017 (ROC 106) budget"
    );
    assert_eq!(
        row(&root, "Labour inspection & occupational safety")[3],
        "8,676"
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn the_default_view_compares_both_cities_in_105() {
    let ds = bundled(None);
    let root = mount_with(ds.clone(), Default::default(), "").await;
    assert_eq!(
        texts(&root, ".bc-data-table thead th"),
        [
            "分類（依職能）",
            "臺中市 105年 (2016) 預算案",
            "高雄市 105年 (2016) 預算"
        ]
    );
    assert_eq!(
        row(&root, "勞動檢查與職業安全"),
        ["勞動檢查與職業安全", "46,023", "95,499"]
    );
    assert_eq!(row(&root, "合計"), ["合計", "446,259", "446,233"]);
    // Each city's inspection bar is drawn in its colour, as long as its figure.
    let view = compare_view(&ds, &State::initial(&ds, Lang::ZhTw));
    let (_, ctx, layout) = drawn_bars(&root, &view.chart);
    let category = category_at(&view.chart, "勞動檢查與職業安全");
    for (series, value) in [(0, 46_023_000.0), (1, 95_499_000.0)] {
        let hit = layout
            .hits
            .iter()
            .find(|h| h.series == series && h.category == category)
            .expect("bar");
        assert_eq!(hit.value, Some(value));
        let (x0, y0, x1, y1) = hit.rect;
        assert_eq!(
            pixel(&ctx, f64::from(x0 + x1) / 2.0, f64::from(y0 + y1) / 2.0),
            hex(view.chart.series[series].color),
            "series {series}"
        );
    }
    assert_eq!(
        texts(&root, ".bc-summary"),
        ["105年 (2016) 勞工局預算合計：臺中市 4.46 億元（預算案），高雄市 4.46 億元（預算）；臺中市較多，多 2.6 萬元（不到 0.1%）。 資本門編列方式不同：臺中市 105年 (2016) 資本門自成一類；高雄市 105年 (2016) 經資門併計（資本門含在各工作計畫內）。"]
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn a_bad_document_is_named_and_the_others_still_show() {
    let broken = include_str!("../www/data/kaohsiung-105.json").replacen(
        "\"amount\": 91838",
        "\"amount\": \"91,838\"",
        1,
    );
    let ds = bundled(Some(("data/kaohsiung-105.json", broken)));
    let root = mount_with(
        ds,
        Default::default(),
        "sel=taichung.109,kaohsiung.104,kaohsiung.106,kaohsiung.107&lens=budgeted",
    )
    .await;
    assert_eq!(
        texts(&root, ".bc-error li"),
        ["kaohsiung-105.json: budget.lines[0].children[0].children[0].amount: expected a non-negative integer, found \"91,838\""]
    );
    assert_eq!(
        texts(&root, ".bc-data-table thead th"),
        [
            "分類（依預算科目）",
            "高雄市 104年 (2015) 預算",
            "高雄市 106年 (2017) 預算",
            "高雄市 107年 (2018) 預算"
        ]
    );
    assert_eq!(
        row(&root, "勞動檢查與職業安全"),
        ["勞動檢查與職業安全", "8,767", "8,676", "8,493"]
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn a_manifest_that_cannot_be_fetched_is_named_with_the_http_status() {
    let results = std::cell::RefCell::new(Vec::new());
    budget_compare::ui::hooks::use_dataset::load(
        "no-such-folder/index.json",
        &Default::default(),
        None,
        |r| {
            results.borrow_mut().push(r);
            true
        },
    )
    .await;
    let mut results = results.into_inner();
    assert_eq!(results.len(), 1, "one report, the failure");
    let errors = results.remove(0).expect_err("404");
    let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(messages.len(), 1);
    assert!(
        messages[0].starts_with("index.json: could not be read: HTTP 404"),
        "{}",
        messages[0]
    );
}

#[wasm_bindgen_test]
async fn the_app_says_why_when_nothing_can_be_loaded() {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .expect("document");
    let root = document.create_element("div").expect("div");
    document
        .body()
        .expect("body")
        .append_child(&root)
        .expect("append");
    yew::Renderer::<budget_compare::ui::components::App>::with_root_and_props(
        root.clone(),
        budget_compare::ui::components::AppProps {
            src: "no-such-folder/index.json".into(),
            lang: Lang::ZhTw,
            ..Default::default()
        },
    )
    .render();
    for _ in 0..20 {
        settle().await;
        if !texts(&root, ".bc-error").is_empty() {
            break;
        }
    }
    assert_eq!(texts(&root, ".bc-error strong"), ["無法載入資料"]);
    let items = texts(&root, ".bc-error li");
    assert!(
        items.len() == 1 && items[0].starts_with("index.json: could not be read: HTTP 404"),
        "{items:?}"
    );
    root.remove();
}

/// The drill-down's column for a city-year.
fn drill_column(root: &Element, label: &str) -> Element {
    let sections = root
        .query_selector_all(".bc-drill .bc-drill-column")
        .expect("columns");
    (0..sections.length())
        .filter_map(|i| sections.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .find(|s| texts(s, "h2") == [label])
        .unwrap_or_else(|| panic!("no column {label}"))
}

fn click(root: &Element, selector: &str, text: &str) {
    let nodes = root.query_selector_all(selector).expect("selector");
    let button: HtmlElement = (0..nodes.length())
        .filter_map(|i| nodes.item(i))
        .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
        .find(|n| n.text_content().as_deref() == Some(text))
        .unwrap_or_else(|| panic!("no {selector} saying {text}"));
    button.click();
}

#[wasm_bindgen_test]
async fn a_table_row_opens_the_drill_down_of_its_category() {
    let root = mount(bundled(None)).await;
    click(
        &root,
        ".bc-data-table tbody th button",
        "勞動檢查與職業安全",
    );
    settle().await;
    let columns = texts(&root, ".bc-drill h2");
    assert!(
        columns.contains(&"高雄市 106年 (2017) 預算".to_owned()),
        "{columns:?}"
    );
    let column = |label: &str| drill_column(&root, label);
    assert_eq!(
        texts(&column("高雄市 106年 (2017) 預算"), ".bc-lines li"),
        [
            "高雄市政府勞工局勞動檢查處 › 勞動檢查 › 勞動條件及勞工安全衛生檢查 2,756 千元",
            "高雄市政府勞工局勞動檢查處 › 勞動檢查 › 營造業及危險行業安全衛生檢查 1,467 千元",
            "高雄市政府勞工局勞動檢查處 › 勞動檢查 › 特殊危害工作環境檢查 1,593 千元",
            "高雄市政府勞工局勞動檢查處 › 勞動檢查 › 特定危險性機械或設備檢查 1,433 千元",
            "高雄市政府勞工局勞動檢查處 › 勞動檢查 › 職災預防規劃 1,427 千元",
        ]
    );
    assert!(texts(&column("臺中市 109年 (2020)"), "p").contains(&"無預算資料".to_owned()));
    click(&root, ".bc-breadcrumbs button", "返回比較");
    settle().await;
    assert!(
        root.query_selector(".bc-drill").ok().flatten().is_none(),
        "back closes the drill-down"
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn the_plan_panel_counts_programmes_and_opens_both_cities_plans() {
    let root = mount(bundled(None)).await;
    assert_eq!(
        texts(&root, ".bc-plan-panel thead th"),
        ["分類", "臺中市 109年 (2020)", "高雄市 107年 (2018)"],
        "only city-years with a plan"
    );
    let rows = root
        .query_selector_all(".bc-plan-panel tbody tr")
        .expect("rows");
    let migrant = (0..rows.length())
        .filter_map(|i| rows.item(i))
        .filter_map(|r| r.dyn_into::<Element>().ok())
        .map(|r| texts(&r, "th, td"))
        .find(|cells| cells[0] == "移工服務")
        .expect("migrant row");
    assert_eq!(migrant, ["移工服務", "4", "2"]);
    click(&root, ".bc-plan-panel th button", "移工服務");
    settle().await;
    let column = |label: &str| drill_column(&root, label);
    let taichung = column("臺中市 109年 (2020)");
    assert_eq!(
        texts(&taichung, ".bc-program summary strong"),
        [
            "推動製造業、營造業及綜合行業等各一場勞動行政業務與董事長有約座談會",
            "落實執行外籍移工管理業務",
            "移工中文課程與到宅指導照顧技巧",
            "推動移工安全保護機制",
        ]
    );
    assert!(texts(&taichung, "p").contains(&"無預算資料".to_owned()));
    let kaohsiung = column("高雄市 107年 (2018) 預算");
    assert_eq!(
        texts(&kaohsiung, ".bc-program summary strong"),
        ["就業服務業務", "求才與促進就業專案服務"]
    );
    assert!(texts(&kaohsiung, ".bc-program p")
        .iter()
        .any(|t| t == "經費來源：促進就業輔導、保障就業權益（1,273 千元）"));
    root.remove();
}

/// Picks an option of the `n`-th `<select>` matching `selector` and fires `change`.
fn choose(root: &Element, selector: &str, value: &str) {
    let select: web_sys::HtmlSelectElement = root
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into().ok())
        .unwrap_or_else(|| panic!("no select {selector}"));
    select.set_value(value);
    let event = web_sys::Event::new("change").expect("event");
    select.dispatch_event(&event).expect("dispatch");
}

#[wasm_bindgen_test]
async fn switching_the_metric_changes_the_figures() {
    let root = mount(bundled(None)).await;
    assert_eq!(row(&root, "勞動檢查與職業安全")[4], "8,493");
    choose(&root, ".bc-controls select", "share");
    settle().await;
    // 8,493 of 445,419 千元 without social insurance; of 5,092,445 with it.
    assert_eq!(row(&root, "勞動檢查與職業安全")[4], "1.9%");
    assert_eq!(row(&root, "合計")[4], "100%");
    let toggle: HtmlElement = root
        .query_selector(".bc-toggle input")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into().ok())
        .expect("toggle");
    toggle.click();
    settle().await;
    assert_eq!(row(&root, "勞動檢查與職業安全")[4], "0.2%");
    assert_eq!(row(&root, "社會保險補助")[4], "91.3%");
    choose(&root, ".bc-controls select", "per-resident");
    settle().await;
    assert_eq!(
        row(&root, "勞動檢查與職業安全")[1],
        "3.2 元/人",
        "8,767,000 / 2,778,918 (2015)"
    );
    assert_eq!(
        row(&root, "勞動檢查與職業安全")[4],
        "3.1 元/人",
        "8,493,000 / 2,773,533"
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn over_time_shows_the_gap_and_says_what_changed() {
    // Drawn by the lazily loaded module, as the others but Compare; its
    // line chart is drawn there only (this test's build is the widget's
    // module: the page tests check the chart itself).
    let root = mount_tab(bundled(None), "over-time").await;
    choose(&root, ".bc-field select", "inspection-safety");
    settle().await;
    assert_eq!(
        texts(&root, ".bc-summary"),
        ["臺中市 105 年勞動檢查與職業安全預算較 104 年減少 8.5%（預算階段不同：預算 → 預算案）。 \
          高雄市 107 年勞動檢查與職業安全預算較 106 年減少 2.1%（含資本門改列的影響）。"]
    );
    // Taichung's table first, then Kaohsiung's.
    let table = root
        .query_selector_all(".bc-data-table")
        .ok()
        .and_then(|l| l.item(1))
        .and_then(|n| n.dyn_into::<Element>().ok())
        .expect("kaohsiung table");
    let rows: Vec<Vec<String>> = {
        let trs = table.query_selector_all("tbody tr").expect("rows");
        (0..trs.length())
            .filter_map(|i| trs.item(i))
            .filter_map(|r| r.dyn_into::<Element>().ok())
            .map(|r| texts(&r, "th, td"))
            .collect()
    };
    assert_eq!(rows[0], ["103年 (2014)", "–", "無預算資料", "–", "–"]);
    assert_eq!(rows[1], ["104年 (2015)", "預算", "8,767", "–", "–"]);
    assert_eq!(rows[3], ["106年 (2017)", "預算", "8,676", "-251", "-2.8%"]);
    assert_eq!(
        rows[4],
        [
            "107年 (2018)",
            "預算",
            "8,493",
            "-183",
            "-2.1%（資本門改列）"
        ]
    );
    assert_eq!(
        rows[5],
        ["108年 (2019)", "–", "無預算資料", "–", "–"],
        "a gap, never 0"
    );
    // Taichung's growth spans final accounts to a draft, and says so.
    assert_eq!(
        texts(&root, ".bc-cagr"),
        [
            "年均複合成長率 103年 (2014)–105年 (2016)：-10.3%（跨不同預算階段）",
            "年均複合成長率 104年 (2015)–107年 (2018)：-1.1%"
        ]
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn plans_search_finds_migrant_worker_programmes_in_both_cities() {
    let root = mount_tab(bundled(None), "plans").await;
    assert_eq!(
        texts(&root, ".bc-plan-side h2"),
        ["臺中市 109年 (2020)", "高雄市 107年 (2018)"]
    );
    let input: web_sys::HtmlInputElement = root
        .query_selector(".bc-search input")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into().ok())
        .expect("search box");
    input.set_value("移工");
    input
        .dispatch_event(&web_sys::InputEvent::new("input").expect("event"))
        .expect("dispatch");
    settle().await;
    let counts = texts(&root, ".bc-plan-side > p.bc-muted");
    assert_eq!(counts, ["5 / 38 筆符合", "2 / 42 筆符合"]);
    let marks = texts(&root, "mark");
    assert!(
        marks.contains(&"移工".to_owned()) && marks.contains(&"外籍勞工".to_owned()),
        "{marks:?}"
    );
    // Hostile-looking text stays text: no element other than <mark> is made from data.
    assert!(root.query_selector("img, script").ok().flatten().is_none());
    root.remove();
}

#[wasm_bindgen_test]
async fn the_table_sorts_by_any_column() {
    let root = mount_tab(bundled(None), "table").await;
    click(
        &root,
        ".bc-sortable thead button",
        "高雄市 104年 (2015) 預算",
    );
    settle().await;
    let first: Vec<String> = texts(&root, ".bc-sortable tbody th");
    assert_eq!(first[0], "一般行政", "largest first");
    assert_eq!(
        first.last().map(String::as_str),
        Some("合計"),
        "the total stays last"
    );
    let sorted = texts(&root, ".bc-sortable thead th[aria-sort=descending]");
    assert_eq!(sorted, ["高雄市 104年 (2015) 預算 ▼"]);
    click(
        &root,
        ".bc-sortable thead button",
        "高雄市 104年 (2015) 預算 ▼",
    );
    settle().await;
    assert_eq!(
        texts(&root, ".bc-sortable tbody th")[0],
        "預備金",
        "smallest first"
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn keyboard_focus_reads_a_row_and_about_lists_sources_and_mapping() {
    let root = mount(bundled(None)).await;
    let nodes = root
        .query_selector_all(".bc-data-table tbody th button")
        .expect("buttons");
    let button: HtmlElement = (0..nodes.length())
        .filter_map(|i| nodes.item(i))
        .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
        .find(|n| n.text_content().as_deref() == Some("勞動檢查與職業安全"))
        .expect("row button");
    button.focus().expect("focus");
    settle().await;
    assert_eq!(
        texts(&root, ".bc-hover"),
        ["勞動檢查與職業安全：高雄市 104年 (2015) 預算 8,767；高雄市 105年 (2016) 預算 8,927；高雄市 106年 (2017) 預算 8,676；高雄市 107年 (2018) 預算 8,493"]
    );
    root.remove();
    let root = mount_tab(bundled(None), "about").await;
    let documents = texts(&root, ".bc-sources > dt");
    assert_eq!(
        documents,
        [
            "臺中市 103年 (2014) 決算",
            "臺中市 104年 (2015) 預算",
            "臺中市 105年 (2016) 預算案",
            "臺中市 109年 (2020)",
            "高雄市 104年 (2015) 預算",
            "高雄市 105年 (2016) 預算",
            "高雄市 106年 (2017) 預算",
            "高雄市 107年 (2018) 預算"
        ]
    );
    let mapped = texts(&root, ".bc-mapped");
    assert!(
        mapped
            .iter()
            .any(|m| m.starts_with("高雄市（104–107）：勞動檢查 › 勞動條件及勞工安全衛生檢查、")),
        "{mapped:?}"
    );
    assert!(
        mapped
            .iter()
            .any(|m| m == "臺中市（103–105）：勞動檢查業務 › 勞動檢查"),
        "{mapped:?}"
    );
    // The stages, explained, with the city-years of each.
    let stages = texts(&root, ".bc-stages li");
    assert_eq!(stages.len(), 4);
    assert!(
        stages[3].starts_with("決算（final）：實際支出的金額（決算），不是預算")
            && stages[3].ends_with("（臺中市 103年 (2014)）"),
        "{stages:?}"
    );
    // The known warnings are listed: Taichung 103's rounding, its gap years.
    let warnings = texts(&root, ".bc-diagnostics li");
    assert_eq!(warnings.len(), 4, "{warnings:?}");
    assert!(warnings[0].starts_with("taichung-103.json: budget.total: lines add up to 323,783"));
    root.remove();
}

#[wasm_bindgen_test]
async fn controls_minimal_and_none_leave_out_what_they_say() {
    use budget_compare::ui::options::Controls;
    let minimal = mount_with(bundled(None), Controls::Minimal, KAOHSIUNG_YEARS).await;
    assert!(minimal.query_selector(".bc-tabs").ok().flatten().is_none());
    assert!(minimal
        .query_selector(".bc-picker")
        .ok()
        .flatten()
        .is_none());
    assert_eq!(
        row(&minimal, "勞動檢查與職業安全")[4],
        "8,493",
        "the table stays"
    );
    assert!(minimal
        .query_selector(".bc-export")
        .ok()
        .flatten()
        .is_some());
    minimal.remove();
    let none = mount_with(bundled(None), Controls::None, KAOHSIUNG_YEARS).await;
    assert!(none
        .query_selector(".bc-data-table, .bc-export, .bc-tabs")
        .ok()
        .flatten()
        .is_none());
    assert!(none.query_selector("canvas").ok().flatten().is_some());
    assert_eq!(
        texts(&none, ".bc-summary"),
        ["高雄市 107年 (2018) 預算：最大的分類是一般行政（依預算科目）（3.04 億元）。 資本門編列方式不同：高雄市 107年 (2018) 資本門自成一類；高雄市 104年 (2015)、高雄市 105年 (2016)、高雄市 106年 (2017) 經資門併計（資本門含在各工作計畫內）。"]
    );
    none.remove();
}
