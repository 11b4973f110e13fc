//! The lazily loaded part of the widget: a second WebAssembly module, built
//! from this crate with the `extras` feature (`cargo xtask dist` puts it in
//! `pkg-extras/`). A page never downloads it until a reader opens a
//! "為什麼不同？ / Why the difference?" disclosure: the loader script then
//! imports it once and calls [`mount_explain`], which loads the two
//! city-years' documents (from the browser's cache: the widget fetched
//! them) and renders the explanation into the disclosure. It also draws
//! the SVG downloads ([`download_svg`]): the widget's module carries no SVG
//! drawing. What a reader rarely opens so costs the first view nothing
//! (docs/performance.md).

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use web_sys::Element;
use yew::AppHandle;

use crate::core::chart::ChartKind;
use crate::core::compare::default_real_base;
use crate::core::compare::CityYear;
use crate::core::dataset::Dataset;
use crate::core::format::Lang;
use crate::core::model::CategoryId;
use crate::ui::components::explain::{ExplainBody, ExplainBodyProps};
use crate::ui::hooks::use_dataset::{load, SharedDataset};
use crate::ui::i18n::{t, Key};
use crate::ui::permalink::{apply_hash, hash_lang, parse_key, requested};
use crate::ui::state::{State, View};
use crate::ui::view::export::file_name;
use crate::ui::view::{compare_view, over_time_view};

thread_local! {
    /// The explanations mounted, by the element each is in.
    static MOUNTED: RefCell<Vec<(Element, AppHandle<ExplainBody>)>> = const { RefCell::new(Vec::new()) };
}

/// Destroys the explanation in `element`, and any whose element has left
/// the page.
fn unmount(element: &Element) {
    MOUNTED.with(|m| {
        let mut mounted = m.borrow_mut();
        let (gone, kept) = mounted
            .drain(..)
            .partition(|(e, _)| e == element || !e.is_connected());
        *mounted = kept;
        for (_, app) in gone {
            app.destroy();
        }
    });
}

/// The data set at `src` with the documents of `wanted` (`all`: with
/// every document, as the widget has it once all are in); `Err` says why not.
async fn load_data(src: &str, wanted: &[CityYear], all: bool) -> Result<Dataset, String> {
    let loaded = Rc::new(RefCell::new(None));
    let keep = loaded.clone();
    load(src, wanted, move |ds| {
        *keep.borrow_mut() = Some(ds);
        all
    })
    .await;
    let taken = loaded.borrow_mut().take();
    match taken {
        Some(Ok(ds)) => Ok(ds),
        Some(Err(errors)) => Err(errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")),
        None => Err(format!("{src}: not loaded")),
    }
}

/// Downloads the chart of the view a widget's state (`hash`, its
/// permalink) shows as SVG, drawn with the data set at `src`.
#[wasm_bindgen]
pub async fn download_svg(src: String, hash: String) -> Result<(), JsValue> {
    let ds = load_data(&src, &requested(&hash), true).await?;
    let state = apply_hash(
        &State::initial(&ds, Lang::ZhTw),
        &hash,
        default_real_base(&ds),
    );
    let chart = match state.view {
        View::OverTime => ChartKind::Lines(Rc::new(over_time_view(&ds, &state).chart)),
        _ => {
            let view = compare_view(&ds, &state);
            ChartKind::Bars {
                full: Rc::new(view.chart),
                narrow: Rc::new(view.narrow),
            }
        }
    };
    let (svg, _) = chart.svg(900, false)?;
    crate::ui::browser::download_text(&file_name(&state, None, "svg"), "image/svg+xml", &svg)?;
    Ok(())
}

/// Has this module fetch its data files with `fetch` (the loader's).
#[wasm_bindgen]
pub fn set_fetch(fetch: js_sys::Function) {
    crate::ui::browser::set_fetch(fetch);
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
        let Ok(ds) = load_data(&src, &[from.clone(), to.clone()], false).await else {
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
