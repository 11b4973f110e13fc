//! The measure controls shared by Compare and Over time: metric, base year
//! for real terms, the lens (by function or as budgeted) and the
//! pass-through toggle, with their notes.

use yew::prelude::*;

use crate::core::compare::default_real_base;
use crate::core::compare::Metric;
use crate::core::model::Lens;
use crate::ui::components::props::TabProps;
use crate::ui::i18n::{lens_name, t, Key};
use crate::ui::permalink::{metric_id, parse_metric};
use crate::ui::state::Action;
use crate::ui::view::compare::pass_through_note;

/// Metric, base year and pass-through controls.
#[function_component]
pub fn MeasureControls(props: &TabProps) -> Html {
    let lang = props.state.lang;
    let base = default_real_base(&props.dataset);
    let on_metric = {
        let on_action = props.on_action.clone();
        Callback::from(move |e: Event| {
            let value = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            if let Some(metric) = parse_metric(&value, base) {
                on_action.emit(Action::SetMetric { metric });
            }
        })
    };
    let current = match props.state.metric {
        Metric::Real { .. } => "real".to_owned(),
        m => metric_id(m),
    };
    let cpi_years: Vec<u16> = props
        .dataset
        .reference
        .as_ref()
        .and_then(|r| r.cpi.as_ref())
        .map(|c| c.values.iter().map(|v| v.year).collect())
        .unwrap_or_default();
    let options = [
        ("amount", Key::MetricAmount),
        ("share", Key::MetricShare),
        ("per-resident", Key::MetricPerResident),
        ("real", Key::MetricReal),
    ];
    let pass_through = props.state.pass_through;
    let lens = props.state.lens;
    let on_lens = props.on_action.reform(|e: Event| {
        let v = e
            .target_unchecked_into::<web_sys::HtmlSelectElement>()
            .value();
        Action::SetLens {
            lens: Lens::from_id(&v).unwrap_or_default(),
        }
    });
    let lens_text = match lens {
        Lens::Function => Key::LensFunctionText,
        Lens::Budgeted => Key::LensBudgetedText,
    };
    html! {
        <div class="bc-controls">
            <label class="bc-field">
                <span>{ t(lang, Key::Metric) }</span>
                <select onchange={on_metric}>
                    { for options.iter().map(|(id, key)| html! {
                        <option value={*id} selected={current == *id}>{ t(lang, *key) }</option>
                    }) }
                </select>
            </label>
            if let Metric::Real { base: chosen } = props.state.metric {
                <label class="bc-field">
                    <span>{ t(lang, Key::BaseYear) }</span>
                    <select onchange={props.on_action.reform(|e: Event| {
                        let v = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
                        Action::SetMetric { metric: Metric::Real { base: v.parse().unwrap_or(2021) } }
                    })}>
                        { for cpi_years.iter().map(|y| html! {
                            <option value={y.to_string()} selected={*y == chosen}>{ y }</option>
                        }) }
                    </select>
                </label>
            }
            <label class="bc-field">
                <span>{ t(lang, Key::Lens) }</span>
                <select class="bc-lens" onchange={on_lens}>
                    { for Lens::ALL.iter().map(|l| html! {
                        <option value={l.id()} selected={*l == lens}>{ lens_name(lang, *l) }</option>
                    }) }
                </select>
            </label>
            <label class="bc-check bc-toggle">
                <input type="checkbox" checked={pass_through}
                    onchange={props.on_action.reform(move |_| Action::SetPassThrough { on: !pass_through })} />
                { t(lang, Key::PassThrough) }
            </label>
            <p class="bc-note">{ t(lang, lens_text) }</p>
            <p class="bc-note">{ pass_through_note(&props.dataset, &props.state) }</p>
        </div>
    }
}
