//! The tabs other than Compare (Over time, Plans, Table, About) live in the
//! lazily loaded module (`crate::extras`), so the widget's own module, which
//! every reader downloads, carries none of them (Plans, Table and About:
//! 9.8 KB gzip less; Over time, with the line chart's drawing: 16.7 KB more,
//! docs/performance.md).
//!
//! [`RemoteTab`], in the widget, is the tab's place: it has the loader fetch
//! that module (once per page) and mount [`TabHost`] inside it with the
//! widget's state as its permalink (`to_hash`), hands it each new state, and
//! takes the state back from it when the reader acts in the tab. The two
//! modules share nothing but that string and the data's URL: the other
//! module loads the data set from the browser's cache, once per page.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use yew::prelude::*;

use crate::core::compare::default_real_base;
use crate::ui::browser;
use crate::ui::components::about::AboutTab;
use crate::ui::components::over_time::OverTimeTab;
use crate::ui::components::plans::PlansTab;
use crate::ui::components::props::TabProps;
use crate::ui::components::table_tab::TableTab;
use crate::ui::hooks::SharedDataset;
use crate::ui::i18n::{t, Key};
use crate::ui::options::Controls;
use crate::ui::permalink::{apply_hash, to_hash};
use crate::ui::state::{Action, State, View};

/// The state a permalink names, exactly: every field `to_hash` leaves out
/// is at its default in `State::initial`.
pub fn state_of(ds: &SharedDataset, hash: &str) -> State {
    let start = State::initial(ds, Default::default());
    apply_hash(&start, hash, default_real_base(ds))
}

/// The tab's place in the widget: the lazily loaded module draws it.
#[function_component]
pub fn RemoteTab(props: &TabProps) -> Html {
    let host = use_node_ref();
    let hash = to_hash(&props.state);
    let lang = props.state.lang;
    {
        let (host, src, controls, permalink, on_action, dataset, on_settled) = (
            host.clone(),
            props.src.to_string(),
            props.controls,
            props.permalink,
            props.on_action.clone(),
            props.dataset.clone(),
            props.on_settled.clone(),
        );
        let first = hash.clone();
        use_effect_with((), move |()| {
            let element = host.cast::<web_sys::Element>();
            // The reader acted in the tab: its new state, as a permalink.
            let answer = Closure::<dyn Fn(String)>::new(move |hash: String| {
                on_action.emit(Action::Replace {
                    state: Box::new(state_of(&dataset, &hash)),
                });
            });
            if let Some(element) = &element {
                element.set_text_content(Some(t(lang, Key::Loading)));
                let args = vec![
                    JsValue::from(element.clone()),
                    JsValue::from_str(&src),
                    JsValue::from_str(&first),
                    JsValue::from_str(controls.id()),
                    JsValue::from_bool(permalink),
                    answer.as_ref().clone(),
                ];
                let shown = element.clone();
                // The tab is whole once the other module has drawn it (a
                // prerendered view stays until then), or has failed to.
                browser::call_extras("mount_tab", args, move |r| {
                    if let Err(message) = r {
                        let text = format!("{}: {message}", t(lang, Key::LoadFailed));
                        shown.set_text_content(Some(&text));
                    }
                    on_settled.emit(());
                });
            } else {
                on_settled.emit(());
            }
            move || {
                if let Some(element) = element {
                    browser::call_extras("unmount_tab", vec![element.into()], |_| ());
                }
                drop(answer);
            }
        });
    }
    {
        let host = host.clone();
        let first = use_mut_ref(|| true);
        use_effect_with(hash, move |hash| {
            let first = std::mem::replace(&mut *first.borrow_mut(), false);
            if let (false, Some(element)) = (first, host.cast::<web_sys::Element>()) {
                let args = vec![element.into(), JsValue::from_str(hash)];
                browser::call_extras("update_tab", args, |_| ());
            }
        });
    }
    html! { <div class="bc-remote-tab" ref={host}></div> }
}

/// What the other module draws a tab with.
#[derive(Properties, PartialEq, Clone)]
pub struct TabHostProps {
    /// The data (loaded in that module).
    pub dataset: SharedDataset,
    /// The widget's state as a permalink.
    pub hash: AttrValue,
    /// The manifest URL.
    pub src: AttrValue,
    /// How much of the controls to show.
    pub controls: Controls,
    /// Whether permalinks point at the widget's page.
    pub permalink: bool,
    /// Takes the state back to the widget (a permalink).
    pub answer: Callback<String>,
    /// Where a newer state from the widget is handed in.
    pub updates: Rc<RefCell<Option<Callback<String>>>>,
}

/// The tab, in the lazily loaded module: its own copy of the widget's
/// state, kept in step both ways.
#[function_component]
pub fn TabHost(props: &TabHostProps) -> Html {
    let ds = props.dataset.clone();
    let state = use_reducer_eq({
        let (ds, hash) = (ds.clone(), props.hash.clone());
        move || state_of(&ds, &hash)
    });
    {
        let (state, ds, updates) = (state.clone(), ds.clone(), props.updates.clone());
        use_effect_with((), move |()| {
            *updates.borrow_mut() = Some(Callback::from(move |hash: String| {
                state.dispatch(Action::Replace {
                    state: Box::new(state_of(&ds, &hash)),
                });
            }));
        });
    }
    let on_action = {
        let (state, answer) = (state.clone(), props.answer.clone());
        Callback::from(move |action: Action| {
            let next = state.apply(action);
            answer.emit(to_hash(&next));
            state.dispatch(Action::Replace {
                state: Box::new(next),
            });
        })
    };
    let tab = TabProps {
        dataset: ds,
        state: Rc::new((*state).clone()),
        on_action,
        src: props.src.clone(),
        permalink: props.permalink,
        controls: props.controls,
        on_settled: Callback::noop(),
    };
    match state.view {
        View::Plans => html! { <PlansTab ..tab /> },
        View::Table => html! { <TableTab ..tab /> },
        View::About => html! { <AboutTab ..tab /> },
        View::OverTime => html! { <OverTimeTab ..tab /> },
        View::Compare => html! {},
    }
}
