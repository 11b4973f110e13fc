//! The root: loads the data named by `src`, then shows the widget, or says
//! clearly why it cannot.

use yew::prelude::*;

use crate::ui::browser;
use crate::ui::components::diagnostics::alert;
use crate::ui::components::props::AppProps;
use crate::ui::components::widget::Widget;
use crate::ui::hooks::{use_dataset, LoadState};
use crate::ui::i18n::{t, Key};
use crate::ui::permalink::wanted;

/// The widget with its data loading.
#[function_component]
pub fn App(props: &AppProps) -> Html {
    let lang = props.lang;
    // The page's options, then the permalink's (its view counts last).
    let wanted = use_memo(
        (props.options.clone(), props.permalink, props.host.clone()),
        |(options, permalink, host)| {
            wanted(&format!(
                "{options}&{}",
                browser::own_hash(*permalink, host.as_ref())
            ))
        },
    );
    let loaded = use_dataset(props.src.clone(), wanted, props.timeout);
    let settled = match &loaded {
        LoadState::Loading => None,
        LoadState::Failed(_) => Some(false),
        LoadState::Ready(_) => Some(true),
    };
    // The live widget takes the prerendered view's place once its tab is
    // whole (`use_settled`), or at once with a failure to report.
    let take_over = {
        let prerendered = props.prerendered.clone();
        Callback::from(move |ready: bool| {
            if let Some((fragment, live)) = &prerendered {
                if fragment.is_connected() {
                    browser::take_over(fragment, live, ready);
                }
            }
        })
    };
    use_effect_with(settled, {
        let take_over = take_over.clone();
        move |settled| {
            if *settled == Some(false) {
                take_over.emit(false);
            }
        }
    });
    let on_settled = take_over.reform(|()| true);
    match loaded {
        LoadState::Loading => html! {
            <p class="bc-status bc-loading" role="status">{ t(lang, Key::Loading) }</p>
        },
        LoadState::Failed(errors) => alert(
            html! { <strong>{ t(lang, Key::LoadFailed) }</strong> },
            errors.iter(),
        ),
        LoadState::Ready(dataset) => html! {
            <Widget {dataset} embed={props.clone()} {on_settled} />
        },
    }
}
