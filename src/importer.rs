//! The lazily loaded import module, built from this crate with the `import`
//! feature (`cargo xtask dist` puts it in `pkg-import/`): 加入年度 / Add a
//! year. It carries the spreadsheet readers (calamine) and Big5 decoding
//! (encoding_rs), which no other part of the widget needs, so a page
//! fetches them only when a reader opens the widget's "加入年度" disclosure.
//! The loader passes what an import gives to the widget's module and the
//! other lazily loaded module (their `add_imported`).

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use web_sys::Element;
use yew::AppHandle;

use crate::core::format::Lang;
use crate::core::import::FileImport;
use crate::lazy::{dataset, take_gone};
use crate::ui::components::import_panel::{as_json, ImportPanel, ImportPanelProps};
use crate::ui::i18n::{t, Key};

thread_local! {
    /// The import panels mounted, by the element each is in.
    static PANELS: RefCell<Vec<(Element, AppHandle<ImportPanel>)>> = const { RefCell::new(Vec::new()) };
}

/// Draws 加入年度 / Add a year into `element` (the widget's disclosure),
/// with the data set at `src` (its taxonomy checks a JSON document; its
/// documents suggest categories for lines no rule covers) in the language
/// `lang` (`zh-TW`, `en`). Each import's documents go to `answer` as
/// contract JSON texts (an array).
#[wasm_bindgen]
pub fn mount_import(element: Element, src: String, lang: String, answer: js_sys::Function) {
    let lang = Lang::from_tag(&lang).unwrap_or_default();
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(ds) = dataset(&src).await else {
            element.set_text_content(Some(t(lang, Key::LoadFailed)));
            return;
        };
        for (_, app) in PANELS.with(|m| take_gone(m, &element, |x| &x.0)) {
            app.destroy();
        }
        element.set_text_content(None);
        let props = ImportPanelProps {
            dataset: ds,
            lang,
            on_import: yew::Callback::from(move |got: Rc<FileImport>| {
                let _ = answer.call1(&JsValue::NULL, &as_json(&got));
            }),
        };
        let app =
            yew::Renderer::<ImportPanel>::with_root_and_props(element.clone(), props).render();
        PANELS.with(|m| m.borrow_mut().push((element, app)));
    });
}
