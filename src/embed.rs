//! The only wasm-bindgen surface: mounts the widget into every element marked
//! `data-budget-compare`, and shows a message instead of a blank box if
//! anything panics.

use wasm_bindgen::prelude::*;
use web_sys::Element;

use crate::core::format::Lang;
use crate::ui::components::{App, AppProps};
use crate::ui::i18n::{t, Key};

/// The class every mounted element gets, so a panic can find them.
const ROOT_CLASS: &str = "bc-root";

/// Replaces every mounted widget's content with a message (text only).
fn show_failure(message: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Ok(roots) = document.query_selector_all(&format!(".{ROOT_CLASS}")) {
        for i in 0..roots.length() {
            if let Some(node) = roots.item(i) {
                let lang = node
                    .dyn_ref::<Element>()
                    .and_then(|e| e.get_attribute("data-lang"))
                    .and_then(|l| Lang::from_tag(&l))
                    .unwrap_or_default();
                node.set_text_content(Some(t(lang, Key::WidgetFailed)));
            }
        }
    }
    web_sys::console::error_1(&format!("budget-compare: {message}").into());
}

/// Mounts the widget into `element`: `src` is the manifest URL, `options`
/// the starting view as a hash (`view=plans&metric=share&…`), `permalink`
/// whether the widget may keep its state in the page's URL hash.
#[wasm_bindgen]
pub fn mount(element: Element, src: String, options: Option<String>, permalink: Option<bool>) {
    let options = options.unwrap_or_default();
    let lang = crate::ui::permalink::lang_of(&options).unwrap_or_default();
    let _ = element.class_list().add_1(ROOT_CLASS);
    let props = AppProps {
        src: src.into(),
        lang,
        options: options.into(),
        permalink: permalink.unwrap_or(false),
    };
    yew::Renderer::<App>::with_root_and_props(element, props).render();
}

/// Runs when the module loads: installs the panic message and mounts every
/// `[data-budget-compare]` element.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| show_failure(&info.to_string())));
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(nodes) = document.query_selector_all("[data-budget-compare]") else {
        return;
    };
    let count = nodes.length();
    for i in 0..count {
        if let Some(element) = nodes.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
            let src = element
                .get_attribute("data-src")
                .unwrap_or_else(|| "data/index.json".to_owned());
            let options =
                crate::ui::permalink::options_from_attributes(|a| element.get_attribute(a));
            // The URL hash belongs to a widget only when it is alone on the page.
            let permalink = match element.get_attribute("data-permalink").as_deref() {
                Some("off") => false,
                Some("on") => true,
                _ => count == 1,
            };
            mount(element, src, Some(options), Some(permalink));
        }
    }
}
