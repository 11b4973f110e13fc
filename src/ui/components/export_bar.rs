//! Export and share the current chart: PNG (the canvas), SVG (the same
//! drawing code), CSV of its numbers, a permalink, and an embed snippet.
//! The SVG, the CSV and the embed snippet are made by the lazily loaded
//! module (`crate::extras`), fetched on the first click or opening.

use std::rc::Rc;

use yew::prelude::*;

use crate::core::chart::ChartKind;
use crate::ui::browser;
use crate::ui::components::disclosure::{disclosure, use_lazy_body};
use crate::ui::i18n::{t, Key};
use crate::ui::permalink::{link_hash, to_hash, Slot};
use crate::ui::state::State;
#[cfg(feature = "extras")]
use crate::ui::view::export::chart_csv;
use crate::ui::view::export::file_name;

/// What to export.
#[derive(Properties, PartialEq)]
pub struct ExportBarProps {
    /// The chart on screen.
    pub chart: ChartKind,
    /// The table behind it: header.
    pub header: Rc<Vec<String>>,
    /// The table behind it: rows.
    pub rows: Rc<Vec<Vec<String>>>,
    /// The state (file names, permalink, embed snippet).
    pub state: Rc<State>,
    /// The manifest URL.
    pub src: AttrValue,
    /// The canvas on screen; `None` where the view shows no chart (the
    /// Table view), which then has no PNG download.
    #[prop_or_default]
    pub canvas: Option<NodeRef>,
    /// A caveat written into the CSV under its source line (capital on
    /// different bases).
    #[prop_or_default]
    pub caveat: Option<String>,
    /// A part of the view (`why`: an explanation): its files are named
    /// so, and the view's permalink and embed code are not repeated.
    #[prop_or_default]
    pub part: Option<&'static str>,
}

/// The export buttons, the link and the snippet.
#[function_component]
pub fn ExportBar(props: &ExportBarProps) -> Html {
    let lang = props.state.lang;
    let status = use_state(String::new);
    let report = {
        let status = status.clone();
        move |r: Result<(), String>| status.set(r.err().unwrap_or_default())
    };
    let part = props.part;
    let on_png = props.canvas.clone().map(|canvas| {
        let (state, report) = (props.state.clone(), report.clone());
        Callback::from(move |_| {
            if let Some(c) = canvas.cast::<web_sys::HtmlCanvasElement>() {
                report(browser::download_canvas(
                    &c,
                    &file_name(&state, part, "png"),
                ));
            }
        })
    });
    // The SVG and the CSV are made by the lazily loaded module
    // (`crate::extras::download`): the widget's module carries no SVG
    // drawing and no CSV writing, and asks that module for the view its
    // state names; inside that module, they are made here (an
    // explanation's own CSV among them).
    #[cfg(not(feature = "extras"))]
    let (on_svg, on_csv) = {
        let hash = to_hash(&props.state);
        let remote = |extension: &str| {
            let args = [props.src.to_string(), hash.clone(), extension.to_owned()];
            let report = report.clone();
            Callback::from(move |_| {
                let args = args
                    .iter()
                    .map(|a| wasm_bindgen::JsValue::from_str(a))
                    .collect();
                browser::call_extras("download", args, report.clone());
            })
        };
        (remote("svg"), remote("csv"))
    };
    #[cfg(feature = "extras")]
    let (on_svg, on_csv) = {
        let (chart, state) = (props.chart.clone(), props.state.clone());
        let (header, rows, caveat) = (
            props.header.clone(),
            props.rows.clone(),
            props.caveat.clone(),
        );
        let on_svg = {
            let (chart, state, report) = (chart.clone(), state.clone(), report.clone());
            Callback::from(move |_| {
                let svg = chart.svg(900, false).map(|(s, _)| s);
                report(svg.and_then(|s| {
                    browser::download_text(&file_name(&state, part, "svg"), "image/svg+xml", &s)
                }));
            })
        };
        let on_csv = {
            let report = report.clone();
            Callback::from(move |_| {
                let text = chart_csv(chart.heading(), caveat.as_deref(), &header, &rows, lang);
                report(browser::download_text(
                    &file_name(&state, part, "csv"),
                    "text/csv;charset=utf-8",
                    &text,
                ));
            })
        };
        (on_svg, on_csv)
    };
    // Under the widget's own key where it is one of several (its element
    // says so once the bar is in the page), else the whole hash.
    let node = use_node_ref();
    let slot = use_state(|| Slot::Whole);
    {
        let (node, slot) = (node.clone(), slot.clone());
        use_effect_with((), move |()| {
            slot.set(browser::link_slot(node.cast::<web_sys::Element>().as_ref()));
        });
    }
    let link = format!(
        "{}#{}",
        browser::page_url(),
        link_hash(&slot, &to_hash(&props.state))
    );
    let on_copy = {
        let (link, status) = (link.clone(), status.clone());
        Callback::from(move |_| {
            browser::copy(&link);
            status.set(t(lang, Key::Copied).to_owned());
        })
    };
    // The embed code, written by the lazily loaded module once its
    // disclosure is opened.
    let embed = use_lazy_body(
        "mount_embed",
        vec![
            browser::script_url(),
            props.src.to_string(),
            to_hash(&props.state),
        ],
        lang,
    );
    html! {
        <div class="bc-export" ref={node}>
            <div class="bc-buttons">
                if let Some(on_png) = on_png {
                    <button type="button" class="bc-button" onclick={on_png}>{ t(lang, Key::DownloadPng) }</button>
                }
                <button type="button" class="bc-button" onclick={on_svg}>{ t(lang, Key::DownloadSvg) }</button>
                <button type="button" class="bc-button" onclick={on_csv}>{ t(lang, Key::DownloadCsv) }</button>
                <button type="button" class="bc-button" onclick={on_copy}>{ t(lang, Key::CopyLink) }</button>
                <span class="bc-muted" role="status">{ (*status).clone() }</span>
            </div>
            if part.is_none() {
            <input class="bc-permalink" type="text" readonly=true value={link} aria-label={t(lang, Key::CopyLink)} />
            { disclosure("bc-embed", "bc-embed-body", t(lang, Key::Embed).to_owned(), embed) }
            }
        </div>
    }
}
