//! The Compare view with its controls: pick city-years, include or leave out
//! pass-through money, read the chart, its summary and its table.

use std::rc::Rc;

use yew::prelude::*;

use crate::core::chart::Hit;
use crate::core::dataset::Dataset;
use crate::core::format::Lang;
use crate::core::validate::Severity;
use crate::ui::components::chart_canvas::ChartCanvas;
use crate::ui::components::data_table::DataTable;
use crate::ui::components::diagnostics::DiagnosticList;
use crate::ui::components::drill_down::DrillDown;
use crate::ui::components::picker::Picker;
use crate::ui::components::plan_panel::PlanPanel;
use crate::ui::i18n::{lang_name, t, Key};
use crate::ui::state::{Action, State};
use crate::ui::view::{compare_view, drill_view, plan_panel};

/// A loaded data set and how to start.
#[derive(Properties, PartialEq, Clone)]
pub struct WidgetProps {
    /// The data.
    pub dataset: Rc<Dataset>,
    /// The starting language.
    #[prop_or_default]
    pub lang: Lang,
}

/// The widget once its data is loaded.
#[function_component]
pub fn Widget(props: &WidgetProps) -> Html {
    let ds = props.dataset.clone();
    let state = use_reducer({
        let (ds, lang) = (ds.clone(), props.lang);
        move || State::initial(&ds, lang)
    });
    let view = use_memo(((*state).clone(), ds.clone()), |(state, ds)| {
        compare_view(ds, state)
    });
    let chart = use_memo(view.clone(), |view| view.chart.clone());
    let plans = use_memo(((*state).clone(), ds.clone()), |(state, ds)| {
        plan_panel(ds, state)
    });
    let drill = use_memo(((*state).clone(), ds.clone()), |(state, ds)| {
        drill_view(ds, state)
    });
    let hover = use_state(|| None::<Hit>);
    let on_action = {
        let state = state.clone();
        Callback::from(move |a: Action| state.dispatch(a))
    };
    // A bar or a table row opens its category.
    let select_index = {
        let (on_action, categories) = (on_action.clone(), view.comparison.categories.clone());
        Callback::from(move |i: usize| {
            if let Some(id) = categories.get(i) {
                on_action.emit(Action::Select {
                    category: Some(id.clone()),
                });
            }
        })
    };
    let lang = state.lang;
    let other = if lang == Lang::ZhTw {
        Lang::En
    } else {
        Lang::ZhTw
    };
    let hover_text = hover.as_ref().map(|h| {
        format!(
            "{} · {}：{}",
            chart.series[h.series].label,
            chart.categories[h.category],
            chart.value_labels[h.series][h.category]
        )
    });
    let refused = Rc::new(
        ds.diagnostics_of(Severity::Error)
            .cloned()
            .collect::<Vec<_>>(),
    );
    let warnings = Rc::new(
        ds.diagnostics_of(Severity::Warning)
            .cloned()
            .collect::<Vec<_>>(),
    );
    html! {
        <div class="bc-widget" lang={lang.tag()}>
            <div class="bc-toolbar">
                <button type="button" class="bc-button" lang={other.tag()}
                    onclick={on_action.reform(move |_| Action::SetLang { lang: other })}>
                    { lang_name(other) }
                </button>
            </div>
            <Picker dataset={ds.clone()} selected={state.selected.clone()} {lang} on_action={on_action.clone()} />
            <label class="bc-check bc-toggle">
                <input type="checkbox" checked={state.pass_through}
                    onchange={on_action.reform({ let on = !state.pass_through; move |_| Action::SetPassThrough { on } })} />
                { t(lang, Key::PassThrough) }
            </label>
            <p class="bc-note">{ t(lang, Key::PassThroughNote) }</p>
            if view.charted.is_empty() {
                <p class="bc-status">{ t(lang, Key::NothingSelected) }</p>
            } else {
                <ChartCanvas chart={chart.clone()} alt={format!("{}. {}", t(lang, Key::ChartAlt), view.summary)}
                    on_hover={Callback::from({ let hover = hover.clone(); move |h| hover.set(h) })}
                    on_click={select_index.reform(|h: Hit| h.category)} />
            }
            <p class="bc-hover" aria-live="polite">{ hover_text.unwrap_or_else(|| t(lang, Key::HoverHint).to_owned()) }</p>
            <p class="bc-summary">{ view.summary.clone() }</p>
            <p class="bc-note">{ t(lang, Key::DrillHint) }</p>
            if let Some(drill) = (*drill).clone() {
                <DrillDown view={drill} {lang} on_action={on_action.clone()} />
            }
            { for view.without_budget.iter().map(|s| html! { <p class="bc-muted">{ s }</p> }) }
            if !view.charted.is_empty() {
                <DataTable caption={t(lang, Key::TableCaption)} header={view.header.clone()} rows={view.rows.clone()}
                    on_row={select_index} linked_rows={view.comparison.categories.len()} />
            }
            if let Some(panel) = (*plans).clone() {
                <PlanPanel {panel} {lang} on_action={on_action.clone()} />
            }
            if !refused.is_empty() {
                <div class="bc-error" role="alert">
                    <p>{ t(lang, Key::DocumentsRefused) }</p>
                    <DiagnosticList items={refused} />
                </div>
            }
            if !warnings.is_empty() {
                <details class="bc-warnings">
                    <summary>{ t(lang, Key::Warnings) }</summary>
                    <DiagnosticList items={warnings} />
                </details>
            }
        </div>
    }
}
