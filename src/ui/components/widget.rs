//! The widget once its data is loaded: one state (a reducer), the tabs, the
//! language switch, and the active view. With `permalink` on, the state
//! lives in the URL hash too.

use std::rc::Rc;

use yew::prelude::*;

use crate::core::compare::default_real_base;
use crate::core::format::Lang;
use crate::ui::browser;
use crate::ui::components::compare::CompareTab;
use crate::ui::components::props::{AppProps, TabProps};
use crate::ui::components::remote_tab::RemoteTab;
use crate::ui::hooks::SharedDataset;
use crate::ui::i18n::{labelled, lang_name, t, Key};
use crate::ui::options::{check_against, Controls};
use crate::ui::permalink::{apply_hash, may_replace, opening_state, to_hash};
use crate::ui::state::{Action, View};
use crate::ui::view::failed_files;

/// A loaded data set and how it was embedded.
#[derive(Properties, PartialEq, Clone)]
pub struct WidgetProps {
    /// The data.
    pub dataset: SharedDataset,
    /// How the widget was embedded (the loader's props, passed on).
    #[prop_or_default]
    pub embed: AppProps,
    /// Called once the active tab's first view is whole.
    #[prop_or_default]
    pub on_settled: Callback<()>,
}

fn tab_name(view: View) -> Key {
    match view {
        View::Compare => Key::TabCompare,
        View::OverTime => Key::TabOverTime,
        View::Plans => Key::TabPlans,
        View::Table => Key::TabTable,
        View::About => Key::TabAbout,
    }
}

/// The loaded widget.
#[function_component]
pub fn Widget(props: &WidgetProps) -> Html {
    let ds = props.dataset.clone();
    let state = use_reducer({
        let (ds, lang, options, permalink, host) = (
            ds.clone(),
            props.embed.lang,
            props.embed.options.clone(),
            props.embed.permalink,
            props.embed.host.clone(),
        );
        move || {
            let own = browser::own_hash(permalink, host.as_ref());
            opening_state(&ds, lang, &options, &own)
        }
    });
    // New options from the host (`update()`) change what they name.
    {
        let (state, ds) = (state.clone(), ds.clone());
        let first = use_mut_ref(|| true);
        use_effect_with(props.embed.options.clone(), move |options| {
            if !std::mem::replace(&mut *first.borrow_mut(), false) {
                let next = apply_hash(&state, options, default_real_base(&ds));
                state.dispatch(Action::Replace {
                    state: Box::new(next),
                });
            }
        });
    }
    // The hash (when the widget owns the page) and the host's change event.
    {
        let first = use_mut_ref(|| true);
        let (permalink, host) = (props.embed.permalink, props.embed.host.clone());
        use_effect_with((*state).clone(), move |s| {
            // Never over the page's own hash (an article's anchor).
            if permalink && may_replace(&browser::hash()) {
                browser::replace_hash(&to_hash(s));
            }
            if !std::mem::replace(&mut *first.borrow_mut(), false) {
                if let Some(host) = &host {
                    browser::dispatch_change(host, s);
                }
            }
        });
    }
    let problems = use_memo(
        (
            props.embed.problems.clone(),
            props.embed.options.clone(),
            ds.clone(),
        ),
        |(problems, options, ds)| {
            let mut all: Vec<String> = problems.to_vec();
            all.extend(check_against(ds, options));
            for p in &all {
                web_sys::console::warn_1(&format!("budget-compare: {p}").into());
            }
            all
        },
    );
    let on_action = {
        let state = state.clone();
        Callback::from(move |a: Action| state.dispatch(a))
    };
    let lang = state.lang;
    let failed = failed_files(&ds, lang);
    let other = if lang == Lang::ZhTw {
        Lang::En
    } else {
        Lang::ZhTw
    };
    let tab = TabProps {
        dataset: ds.clone(),
        state: Rc::new((*state).clone()),
        on_action: on_action.clone(),
        src: props.embed.src.clone(),
        permalink: props.embed.permalink,
        controls: props.embed.controls,
        on_settled: props.on_settled.clone(),
    };
    let onkeydown = {
        let (on_action, view) = (on_action.clone(), state.view);
        Callback::from(move |e: KeyboardEvent| {
            let i = View::ALL.iter().position(|v| *v == view).unwrap_or(0);
            let next = match e.key().as_str() {
                "ArrowRight" => View::ALL[(i + 1) % View::ALL.len()],
                "ArrowLeft" => View::ALL[(i + View::ALL.len() - 1) % View::ALL.len()],
                _ => return,
            };
            e.prevent_default();
            on_action.emit(Action::SetView { view: next });
        })
    };
    html! {
        <div class="bc-widget" lang={lang.tag()}>
            if !problems.is_empty() {
                <div class="bc-error" role="alert">
                    <ul class="bc-diagnostics">{ for problems.iter().map(|p| html! { <li><code>{ p }</code></li> }) }</ul>
                </div>
            }
            if props.embed.controls == Controls::Full {
            <div class="bc-toolbar">
                <div class="bc-tabs" role="tablist" aria-label={t(lang, Key::Views)} {onkeydown}
                    onpointerenter={|_| browser::warm_extras()} onfocusin={|_| browser::warm_extras()}>
                    { for View::ALL.into_iter().map(|v| {
                        let selected = v == state.view;
                        html! {
                            <button type="button" role="tab" class={classes!("bc-tab", selected.then_some("bc-tab-selected"))}
                                aria-selected={selected.to_string()} tabindex={if selected { "0" } else { "-1" }}
                                onclick={on_action.reform(move |_| Action::SetView { view: v })}>
                                { t(lang, tab_name(v)) }
                            </button>
                        }
                    }) }
                </div>
                <button type="button" class="bc-button bc-lang" lang={other.tag()}
                    onclick={on_action.reform(move |_| Action::SetLang { lang: other })}>
                    { lang_name(other) }
                </button>
            </div>
            }
            if let Some((first, _)) = failed.first() {
                <details class="bc-status bc-not-loaded" role="status">
                    <summary>
                        { t(lang, Key::NotLoaded) }{ first }
                        if failed.len() > 1 { { format!(" (+{})", failed.len() - 1) } }
                    </summary>
                    <ul>{ for failed.iter().map(|(label, why)| html! { <li>{ labelled(lang, label, why) }</li> }) }</ul>
                </details>
            }
            <div class="bc-panel" role="tabpanel" aria-label={t(lang, tab_name(state.view))}>
                { match state.view {
                    View::Compare => html! { <CompareTab ..tab /> },
                    // Drawn by the lazily loaded module, fetched as the
                    // reader's pointer or focus comes to the tabs.
                    View::OverTime | View::Plans | View::Table | View::About => html! { <RemoteTab ..tab /> },
                } }
            </div>
            if !ds.pending.is_empty() {
                <p class="bc-status" role="status">{ t(lang, Key::LoadingMore) }{ ds.pending.len() }</p>
            }
        </div>
    }
}
