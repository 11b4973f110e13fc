//! "為什麼不同？ / Why the difference?": a disclosure under a stated
//! difference. Closed, it costs nothing; opened (a click, or Enter / Space
//! on its summary), it explains the change: the sentence, what is not like
//! for like, the waterfall of the lines behind it (keyboard-reachable like
//! every chart), their table with each line's 說明, and its exports.

use std::rc::Rc;

use yew::prelude::*;

use crate::core::chart::ChartKind;
use crate::core::compare::CityYear;
use crate::core::model::CategoryId;
use crate::ui::components::chart_canvas::ChartCanvas;
use crate::ui::components::data_table::DataTable;
use crate::ui::components::export_bar::ExportBar;
use crate::ui::hooks::use_dataset::SharedDataset;
use crate::ui::i18n::{t, Key};
use crate::ui::state::State;
use crate::ui::view::explain::explain_view;
use crate::ui::view::figures_label;

/// What to explain.
#[derive(Properties, PartialEq)]
pub struct ExplainProps {
    /// The data.
    pub dataset: SharedDataset,
    /// The state (category, metric, lens, pass-through, language).
    pub state: Rc<State>,
    /// The earlier (or first) city-year.
    pub from: CityYear,
    /// The later (or second) city-year.
    pub to: CityYear,
    /// The category (`None`: the total).
    pub category: Option<CategoryId>,
    /// The manifest URL (exports).
    pub src: AttrValue,
}

/// The disclosure.
#[function_component]
pub fn Explain(props: &ExplainProps) -> Html {
    let (ds, state) = (props.dataset.clone(), props.state.clone());
    let lang = state.lang;
    let open = use_state(|| false);
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |e: Event| {
            open.set(e.target_unchecked_into::<web_sys::Element>().has_attribute("open"));
        })
    };
    // Built only once opened.
    let view = use_memo(
        (
            *open,
            (props.from.clone(), props.to.clone(), props.category.clone()),
            state.clone(),
            ds.clone(),
        ),
        |(open, (from, to, category), state, ds)| {
            open.then(|| explain_view(ds, state, from, to, category.as_ref()))
        },
    );
    let chart = use_memo(view.clone(), |v| match v.as_ref() {
        Some(Ok(v)) => Some(ChartKind::Bars {
            full: Rc::new(v.chart.clone()),
            narrow: Rc::new(v.chart.clone()),
        }),
        _ => None,
    });
    let hover = use_state(|| None::<String>);
    let canvas = use_node_ref();
    let label = format!(
        "{}{} → {}",
        t(lang, Key::WhyDifferent),
        figures_label(&ds, &props.from, lang),
        figures_label(&ds, &props.to, lang)
    );
    html! {
        <details class="bc-explain" {ontoggle}>
            <summary>{ label }</summary>
            { match ((*view).as_ref(), (*chart).clone()) {
                (Some(Ok(v)), Some(chart)) => html! {
                    <>
                        <p class="bc-summary">{ v.summary.clone() }</p>
                        if !v.notes.is_empty() {
                            <ul class="bc-caveats">{ for v.notes.iter().map(|n| html! { <li>{ n }</li> }) }</ul>
                        }
                        <ChartCanvas chart={chart.clone()} alt={format!("{} {}", v.title, v.summary)}
                            on_hover={Callback::from({ let hover = hover.clone(); move |h| hover.set(h) })}
                            canvas_ref={canvas.clone()} />
                        <p class="bc-hover" aria-live="polite">{ (*hover).clone().unwrap_or_else(|| t(lang, Key::HoverHintWhy).to_owned()) }</p>
                        <DataTable caption={v.title.clone()} header={Rc::new(v.header.clone())} rows={Rc::new(v.rows.clone())} total_row=true />
                        <ExportBar {chart} header={Rc::new(v.header.clone())} rows={Rc::new(v.rows.clone())} state={state.clone()}
                            src={props.src.clone()} canvas={Some(canvas.clone())} part={Some("why")} />
                    </>
                },
                (Some(Err(why)), _) => html! { <p class="bc-muted">{ why.clone() }</p> },
                _ => html! {},
            } }
        </details>
    }
}
