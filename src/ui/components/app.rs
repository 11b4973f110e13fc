//! The root: loads the data named by `src`, then shows the widget, or says
//! clearly why it cannot.

use std::rc::Rc;

use yew::prelude::*;

use crate::core::format::Lang;
use crate::ui::browser;
use crate::ui::components::diagnostics::alert;
use crate::ui::components::widget::Widget;
use crate::ui::hooks::{use_dataset, LoadState};
use crate::ui::i18n::{t, Key};
use crate::ui::options::Controls;
use crate::ui::permalink::requested;

/// How a widget is embedded: where its data is and how it starts. The
/// loaded widget gets the same props.
#[derive(Properties, PartialEq, Clone, Default)]
pub struct AppProps {
    /// The manifest URL.
    pub src: AttrValue,
    /// The starting language.
    #[prop_or_default]
    pub lang: Lang,
    /// Starting options (`view=plans&metric=share&…`).
    #[prop_or_default]
    pub options: AttrValue,
    /// Whether the widget owns the page's URL hash.
    #[prop_or_default]
    pub permalink: bool,
    /// How much of the controls to show.
    #[prop_or_default]
    pub controls: Controls,
    /// Problems with the embedding options.
    #[prop_or_default]
    pub problems: Rc<Vec<String>>,
    /// The host element (for change events).
    #[prop_or_default]
    pub host: Option<web_sys::Element>,
    /// A prerendered fragment in the host (`budget-compare render`) and the
    /// element the widget is mounted into beside it: the widget takes the
    /// fragment's place once loaded ([`browser::take_over`]).
    #[prop_or_default]
    pub prerendered: Option<(web_sys::Element, web_sys::Element)>,
}

/// The widget with its data loading.
#[function_component]
pub fn App(props: &AppProps) -> Html {
    let lang = props.lang;
    let wanted = use_memo(
        (props.options.clone(), props.permalink),
        |(options, permalink)| {
            let mut keys = requested(options);
            if *permalink {
                keys.extend(requested(&browser::hash()));
            }
            keys
        },
    );
    let loaded = use_dataset(props.src.clone(), wanted);
    let settled = match &loaded {
        LoadState::Loading => None,
        LoadState::Failed(_) => Some(false),
        LoadState::Ready(_) => Some(true),
    };
    use_effect_with(settled, {
        let prerendered = props.prerendered.clone();
        move |settled| {
            if let (Some(ready), Some((fragment, live))) = (*settled, prerendered) {
                if fragment.is_connected() {
                    browser::take_over(&fragment, &live, ready);
                }
            }
        }
    });
    match loaded {
        LoadState::Loading => html! {
            <p class="bc-status" role="status">{ t(lang, Key::Loading) }</p>
        },
        LoadState::Failed(errors) => alert(
            html! { <strong>{ t(lang, Key::LoadFailed) }</strong> },
            errors.iter(),
        ),
        LoadState::Ready(dataset) => html! {
            <Widget {dataset} embed={props.clone()} />
        },
    }
}
