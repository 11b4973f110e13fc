//! The root: loads the data named by `src`, then shows the widget, or says
//! clearly why it cannot.

use yew::prelude::*;

use crate::ui::browser;
use crate::ui::components::diagnostics::alert;
use crate::ui::components::props::AppProps;
use crate::ui::components::widget::Widget;
use crate::ui::hooks::{use_dataset, LoadState};
use crate::ui::i18n::{t, Key};
use crate::ui::permalink::requested;

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
