//! The lazily loaded part of the widget: a second WebAssembly module, built
//! from this crate with the `extras` feature (`cargo xtask dist` puts it in
//! `pkg-extras/`). A page never downloads it until a reader opens a
//! "為什麼不同？ / Why the difference?" disclosure, the Plans, Table or
//! About tab, or asks for an SVG: the loader script then imports it once.
//! [`mount_explain`] loads the two city-years' documents (from the
//! browser's cache: the widget fetched them) and renders the explanation
//! into the disclosure; [`mount_tab`] draws a tab, kept in step with the
//! widget's state ([`update_tab`], and the answer it is given); it also
//! draws the SVG and CSV downloads ([`download`]) and the embed code
//! ([`mount_embed`]): the widget's module carries neither. What a reader opens less often so costs the first view
//! nothing (docs/performance.md).

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlTextAreaElement};
use yew::AppHandle;

use crate::core::chart::ChartKind;
use crate::core::compare::default_real_base;
use crate::core::compare::CityYear;
use crate::core::dataset::Dataset;
use crate::core::format::Lang;
use crate::core::model::CategoryId;
use crate::lazy::{dataset, load_data, take_gone};
use crate::ui::browser::{absolute, download_text};
use crate::ui::components::explain::{ExplainBody, ExplainBodyProps};
use crate::ui::components::remote_tab::{TabHost, TabHostProps};
use crate::ui::hooks::use_dataset::{self, SharedDataset};
use crate::ui::i18n::{t, Key};
use crate::ui::options::Controls;
use crate::ui::permalink::{apply_hash, hash_lang, parse_key, requested};
use crate::ui::state::{State, View};
use crate::ui::view::export::{chart_csv, embed_snippet, file_name};
use crate::ui::view::{compare_table, compare_view, over_time_view};

thread_local! {
    /// The explanations mounted, by the element each is in.
    static MOUNTED: RefCell<Vec<(Element, AppHandle<ExplainBody>)>> = const { RefCell::new(Vec::new()) };
    /// The tabs mounted, by the element each is in.
    static TABS: RefCell<Vec<Tab>> = const { RefCell::new(Vec::new()) };
}

/// A tab drawn for a widget ([`mount_tab`]).
struct Tab {
    element: Element,
    /// The newest state the widget handed in, as a permalink.
    hash: String,
    /// Where a newer one goes once the tab is drawn.
    updates: Rc<RefCell<Option<yew::Callback<String>>>>,
    app: Option<AppHandle<TabHost>>,
}

/// The data set at `src` with the documents readers imported beside its
/// own, as the widget shows them.
async fn with_imports(src: &str) -> Result<SharedDataset, String> {
    let ds = dataset(src).await?;
    Ok(use_dataset::with_imports(src, (*ds.0).clone()))
}

/// The data set at `src` with the documents of `wanted` (`all`: every
/// document), and the reader's imports where `wanted` names one.
async fn data_for(src: &str, wanted: &[CityYear], all: bool) -> Result<Dataset, String> {
    if wanted.iter().any(|k| k.city.is_imported()) {
        with_imports(src).await.map(|ds| (*ds.0).clone())
    } else {
        load_data(src, wanted, all).await
    }
}

/// Adds documents a reader imported (contract JSON texts) to the data set
/// at `src`, as the widget's module does (the loader hands them to both).
#[wasm_bindgen]
pub fn add_imported(src: String, texts: js_sys::Array) {
    use_dataset::add_imported(&src, &texts);
}

/// Draws the tab a widget's state (`hash`, its permalink) names (Plans,
/// Table or About) into `element`, with the data set at `src`, `controls`
/// (`full`, `minimal`, `none`) and `permalink` as the widget has them. When
/// the reader acts in the tab, `answer` is called with the new state's
/// permalink. Replaces what `element` showed.
#[wasm_bindgen]
pub async fn mount_tab(
    element: Element,
    src: String,
    hash: String,
    controls: String,
    permalink: bool,
    answer: js_sys::Function,
) -> Result<(), JsValue> {
    unmount_tab(&element);
    let updates = Rc::new(RefCell::new(None));
    TABS.with(|t| {
        t.borrow_mut().push(Tab {
            element: element.clone(),
            hash,
            updates: updates.clone(),
            app: None,
        })
    });
    let ds = with_imports(&src).await?;
    // The newest state handed in while the data loaded; none if the tab
    // has been closed meanwhile.
    let newest = TABS.with(|t| {
        t.borrow()
            .iter()
            .find(|x| x.element == element)
            .map(|x| x.hash.clone())
    });
    let Some(hash) = newest else {
        return Ok(());
    };
    element.set_text_content(None);
    let props = TabHostProps {
        dataset: ds,
        hash: hash.into(),
        src: src.into(),
        controls: Controls::from_id(&controls).unwrap_or_default(),
        permalink,
        answer: yew::Callback::from(move |hash: String| {
            let _ = answer.call1(&JsValue::NULL, &JsValue::from_str(&hash));
        }),
        updates,
    };
    let app = yew::Renderer::<TabHost>::with_root_and_props(element.clone(), props).render();
    TABS.with(|t| {
        if let Some(tab) = t.borrow_mut().iter_mut().find(|x| x.element == element) {
            tab.app = Some(app);
        }
    });
    Ok(())
}

/// Hands the tab in `element` the widget's newest state (`hash`).
#[wasm_bindgen]
pub fn update_tab(element: &Element, hash: String) {
    let update = TABS.with(|t| {
        let mut tabs = t.borrow_mut();
        let tab = tabs.iter_mut().find(|x| &x.element == element)?;
        tab.hash = hash.clone();
        let update = tab.updates.borrow().clone();
        update
    });
    if let Some(update) = update {
        update.emit(hash);
    }
}

/// Destroys the tab in `element`, and any whose element has left the page.
#[wasm_bindgen]
pub fn unmount_tab(element: &Element) {
    for tab in TABS.with(|t| take_gone(t, element, |x| &x.element)) {
        if let Some(app) = tab.app {
            app.destroy();
        }
    }
}

/// Destroys the explanation in `element`, and any whose element has left
/// the page.
fn unmount(element: &Element) {
    for (_, app) in MOUNTED.with(|m| take_gone(m, element, |x| &x.0)) {
        app.destroy();
    }
}

/// The state a widget's permalink (`hash`) names, with the documents it
/// shows, from the data set at `src`.
async fn state_at(src: &str, hash: &str) -> Result<(Dataset, State), String> {
    let ds = data_for(src, &requested(hash), true).await?;
    let state = apply_hash(
        &State::initial(&ds, Lang::ZhTw),
        hash,
        default_real_base(&ds),
    );
    Ok((ds, state))
}

/// Downloads the chart of the view a widget's state (`hash`, its
/// permalink) shows, drawn with the data set at `src`: as SVG
/// (`extension` "svg") or its numbers as CSV ("csv"), as the export bar
/// of the view would (`ExportBar`).
#[wasm_bindgen]
pub async fn download(src: String, hash: String, extension: String) -> Result<(), JsValue> {
    let (ds, state) = state_at(&src, &hash).await?;
    // The chart, and the table and caveat the CSV has under its heading.
    let (chart, table) = match state.view {
        View::OverTime => {
            let view = over_time_view(&ds, &state);
            let table = (view.export_header, view.export_rows, None);
            (ChartKind::Lines(Rc::new(view.chart)), table)
        }
        _ => {
            let view = compare_view(&ds, &state);
            let rows = compare_table(&ds, &state, &view);
            let table = (rows.header, rows.rows, view.capital.clone());
            let chart = ChartKind::Bars {
                full: Rc::new(view.chart),
                narrow: Rc::new(view.narrow),
            };
            (chart, table)
        }
    };
    let name = file_name(&state, None, &extension);
    if extension == "csv" {
        let (header, rows, caveat) = table;
        let text = chart_csv(
            chart.heading(),
            caveat.as_deref(),
            &header,
            &rows,
            state.lang,
        );
        download_text(&name, "text/csv;charset=utf-8", &text)?;
    } else {
        let (svg, _) = chart.svg(900, false)?;
        download_text(&name, "image/svg+xml", &svg)?;
    }
    Ok(())
}

/// Shows the embed code of the view a widget's state (`hash`) names, for
/// its data set at `src` and the loader at `script_url`, in `element` (the
/// body of the export bar's "嵌入 / Embed" disclosure).
#[wasm_bindgen]
pub async fn mount_embed(
    element: Element,
    script_url: String,
    src: String,
    hash: String,
) -> Result<(), JsValue> {
    let (_, state) = state_at(&src, &hash).await?;
    let snippet = embed_snippet(&script_url, &absolute(&src), &state);
    let document = element.owner_document().ok_or("no document")?;
    let area: HtmlTextAreaElement = document.create_element("textarea")?.dyn_into()?;
    area.set_read_only(true);
    area.set_rows(4);
    area.set_value(&snippet);
    area.set_attribute("aria-label", t(state.lang, Key::Embed))?;
    element.replace_children_with_node_1(&area);
    Ok(())
}

/// Nothing: calling it has the loader fetch and instantiate this module
/// ahead of a tab's opening (`browser::warm_extras`).
#[wasm_bindgen]
pub fn warm() {}

/// Has this module reach itself through the loader's `extras` (an
/// explanation opened in a tab it draws).
#[wasm_bindgen]
pub fn set_extras(extras: js_sys::Function) {
    crate::ui::browser::set_extras(extras);
}

/// Explains the change from `from` to `to` (`kaohsiung.104`) in `category`
/// (empty: the total) into `element`, with the data set at `src` and the
/// widget's state as its permalink (`hash`: metric, lens, pass-through,
/// language). Replaces what `element` showed, an earlier explanation too.
#[wasm_bindgen]
pub fn mount_explain(
    element: Element,
    src: String,
    hash: String,
    from: String,
    to: String,
    category: String,
) {
    // The language its messages need before the data (and so the state) is in.
    let lang = hash_lang(&hash).unwrap_or_default();
    let (Some(from), Some(to)) = (parse_key(&from), parse_key(&to)) else {
        element.set_text_content(Some(t(lang, Key::NoData)));
        return;
    };
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(ds) = data_for(&src, &[from.clone(), to.clone()], false).await else {
            element.set_text_content(Some(t(lang, Key::LoadFailed)));
            return;
        };
        let state = apply_hash(&State::initial(&ds, lang), &hash, default_real_base(&ds));
        unmount(&element);
        element.set_text_content(None);
        let props = ExplainBodyProps {
            dataset: SharedDataset(Rc::new(ds)),
            state: Rc::new(state),
            from,
            to,
            category: (!category.is_empty()).then_some(CategoryId(category)),
            src: src.into(),
        };
        let app =
            yew::Renderer::<ExplainBody>::with_root_and_props(element.clone(), props).render();
        MOUNTED.with(|m| m.borrow_mut().push((element, app)));
    });
}
