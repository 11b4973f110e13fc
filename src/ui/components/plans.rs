//! The Plans tab: two plans side by side, grouped by category, with a search
//! that filters and highlights (matches are `<mark>` elements, text stays text).

use yew::prelude::*;

use crate::core::compare::CityYear;
use crate::ui::components::program::program_item;
use crate::ui::components::props::TabProps;
use crate::ui::i18n::{t, Key};
use crate::ui::permalink::parse_key;
use crate::ui::state::Action;
use crate::ui::view::plans::PlanSide;
use crate::ui::view::plans_view;

fn side(side: &PlanSide, lang: crate::core::format::Lang, open: bool) -> Html {
    html! {
        <section class="bc-plan-side">
            <h2>{ &side.label }</h2>
            <p class="bc-muted">{ &side.count }</p>
            { for side.groups.iter().map(|g| html! {
                <div class="bc-plan-group">
                    <h3>{ &g.category }</h3>
                    <ul class="bc-programs">
                        { for g.programs.iter().map(|p| program_item(p, lang, open)) }
                    </ul>
                </div>
            }) }
        </section>
    }
}

/// The Plans tab.
#[function_component]
pub fn PlansTab(props: &TabProps) -> Html {
    crate::ui::hooks::use_settled(&props.on_settled, true);
    let (ds, state) = (props.dataset.clone(), props.state.clone());
    let lang = state.lang;
    let view = use_memo((state.clone(), ds.clone()), |(state, ds)| {
        plans_view(ds, state)
    });
    let picker = |i: usize, label: Key| {
        let current = state.plans[i].clone();
        let onchange = props.on_action.reform(move |e: Event| {
            let v = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            Action::SetPlan {
                side: i,
                key: parse_key(&v),
            }
        });
        html! {
            <label class="bc-field">
                <span>{ t(lang, label) }</span>
                <select {onchange}>
                    <option value="" selected={current.is_none()}>{ t(lang, Key::NoneChosen) }</option>
                    { for view.choices.iter().map(|(key, name): &(CityYear, String)| html! {
                        <option value={key.to_string()} selected={current.as_ref() == Some(key)}>{ name }</option>
                    }) }
                </select>
            </label>
        }
    };
    let oninput = props.on_action.reform(|e: InputEvent| Action::SetQuery {
        query: e
            .target_unchecked_into::<web_sys::HtmlInputElement>()
            .value(),
    });
    html! {
        <>
            <div class="bc-controls">
                { picker(0, Key::PlanLeft) }
                { picker(1, Key::PlanRight) }
                <label class="bc-field bc-search">
                    <span>{ t(lang, Key::Search) }</span>
                    <input type="search" value={state.query.clone()} placeholder={t(lang, Key::SearchHint)} {oninput} />
                </label>
            </div>
            <div class="bc-drill-columns">
                { for view.sides.iter().flatten().map(|s| side(s, lang, !state.query.trim().is_empty())) }
            </div>
        </>
    }
}
