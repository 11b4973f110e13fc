//! The About-the-data tab: sources of each document, reference series, the
//! shared categories and the lines mapped onto them, every warning.

use yew::prelude::*;

use crate::ui::components::props::TabProps;
use crate::ui::i18n::{t, Key};
use crate::ui::view::about::about_view;

/// The About tab.
#[function_component]
pub fn AboutTab(props: &TabProps) -> Html {
    crate::ui::hooks::use_settled(&props.on_settled, true);
    let (ds, state) = (props.dataset.clone(), props.state.clone());
    let lang = state.lang;
    let view = use_memo((state.clone(), ds.clone()), |(state, ds)| {
        about_view(ds, state)
    });
    html! {
        <div class="bc-about">
            <h2>{ t(lang, Key::Sources) }</h2>
            <dl class="bc-sources">
                { for view.documents.iter().map(|d| html! {
                    <>
                        <dt>{ &d.label }</dt>
                        { for d.sources.iter().map(|s| html! { <dd>{ s }</dd> }) }
                        { for d.notes.iter().map(|n| html! { <dd class="bc-budget-note">{ n }</dd> }) }
                    </>
                }) }
            </dl>
            <ul>{ for view.reference.iter().map(|r| html! { <li>{ r }</li> }) }</ul>
            <h2>{ t(lang, Key::Stages) }</h2>
            <p>{ t(lang, Key::StagesIntro) }</p>
            <ul class="bc-stages">{ for view.stages.iter().map(|s| html! { <li>{ s }</li> }) }</ul>
            <h2>{ t(lang, Key::Taxonomy) }</h2>
            <p class="bc-muted">{ t(lang, Key::Mapping) }</p>
            <dl class="bc-taxonomy">
                { for view.categories.iter().map(|c| html! {
                    <>
                        <dt>{ &c.name }</dt>
                        <dd>{ &c.description }</dd>
                        { for c.mapped.iter().map(|m| html! { <dd class="bc-mapped">{ m }</dd> }) }
                    </>
                }) }
            </dl>
            <h2>{ t(lang, Key::Warnings) }</h2>
            if view.diagnostics.is_empty() {
                <p>{ t(lang, Key::NoWarnings) }</p>
            } else {
                <ul class="bc-diagnostics">{ for view.diagnostics.iter().map(|d| html! { <li><code>{ d }</code></li> }) }</ul>
            }
        </div>
    }
}
