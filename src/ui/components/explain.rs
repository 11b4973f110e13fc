//! "為什麼不同？ / Why the difference?": a disclosure under a stated
//! difference.
//!
//! [`Explain`], in the widget's module, is the disclosure alone. Opened (a
//! click, or Enter / Space on its summary), it has the loader fetch the
//! lazily loaded module (`crate::extras`, once per page) and mount
//! [`ExplainBody`] inside it: the sentence, what is not like for like, the
//! waterfall of the lines behind the change (keyboard-reachable like every
//! chart), their table with each line's 說明, and its PNG/SVG/CSV exports.
//! Closed, it costs the page nothing.

use std::rc::Rc;

use yew::prelude::*;

use crate::core::chart::ChartKind;
use crate::core::compare::CityYear;
use crate::core::model::CategoryId;
use crate::ui::components::chart_canvas::ChartCanvas;
use crate::ui::components::disclosure::{disclosure, use_lazy_body};
use crate::ui::components::export_bar::ExportBar;
use crate::ui::hooks::use_dataset::SharedDataset;
use crate::ui::hooks::use_hover;
use crate::ui::i18n::{t, Key};
use crate::ui::permalink::to_hash;
use crate::ui::state::State;
use crate::ui::view::explain::{explain_view, text, HOVER_HINT};
use crate::ui::view::figures_label;

/// What to explain.
#[derive(Properties, PartialEq, Clone)]
pub struct ExplainBodyProps {
    /// The data.
    pub dataset: SharedDataset,
    /// The state (metric, lens, pass-through, language).
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

/// The disclosure, in the widget: opening it mounts the explanation.
#[function_component]
pub fn Explain(props: &ExplainBodyProps) -> Html {
    let (ds, state) = (&props.dataset, &props.state);
    let lang = state.lang;
    let args = vec![
        props.src.to_string(),
        to_hash(state),
        props.from.to_string(),
        props.to.to_string(),
        props
            .category
            .as_ref()
            .map_or_else(String::new, |c| c.0.clone()),
    ];
    let body = use_lazy_body("mount_explain", args, lang);
    let summary = format!(
        "{}{} → {}",
        t(lang, Key::WhyDifferent),
        figures_label(ds, &props.from, lang),
        figures_label(ds, &props.to, lang)
    );
    disclosure("bc-explain", "bc-explain-body", summary, body)
}

/// The lines' table: line, the two sides and the change, each line's 說明
/// (the rows' last cell) in a row of its own under it, across the table:
/// long notes in a column of their own made every row tall on a phone.
#[derive(Properties, PartialEq)]
struct LinesTableProps {
    caption: AttrValue,
    header: Rc<Vec<String>>,
    rows: Rc<Vec<Vec<String>>>,
}

#[function_component]
fn LinesTable(props: &LinesTableProps) -> Html {
    let n = props.header.len().saturating_sub(1);
    html! {
        <div class="bc-table-wrap bc-data-table bc-with-total" tabindex="0" role="region" aria-label={props.caption.clone()}>
            <table class="bc-table bc-lines-table">
                <caption>{ props.caption.clone() }</caption>
                <thead><tr>{ for props.header.iter().take(n).map(|h| html! { <th scope="col">{ h }</th> }) }</tr></thead>
                <tbody>
                    { for props.rows.iter().map(|row| html! {
                        <>
                            <tr>
                                { for row.iter().take(n).enumerate().map(|(i, cell)| if i == 0 {
                                    html! { <th scope="row">{ cell }</th> }
                                } else {
                                    html! { <td>{ cell }</td> }
                                }) }
                            </tr>
                            if let Some(note) = row.get(n).filter(|note| !note.is_empty()) {
                                <tr class="bc-line-note"><td colspan={n.to_string()}>{ note }</td></tr>
                            }
                        </>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

/// The explanation itself (in the lazily loaded module).
#[function_component]
pub fn ExplainBody(props: &ExplainBodyProps) -> Html {
    let (ds, state) = (props.dataset.clone(), props.state.clone());
    let lang = state.lang;
    let view = use_memo(
        (props.from.clone(), props.to.clone(), props.category.clone()),
        |(from, to, category)| {
            explain_view(&ds, &state, from, to, category.as_ref()).map(|v| {
                let chart = Rc::new(v.chart.clone());
                let chart = ChartKind::Bars {
                    full: chart.clone(),
                    narrow: chart,
                };
                let (header, rows) = (Rc::new(v.header.clone()), Rc::new(v.rows.clone()));
                (v, chart, header, rows)
            })
        },
    );
    let (hover, on_hover) = use_hover();
    let canvas = use_node_ref();
    match &*view {
        Err(why) => html! { <p class="bc-muted">{ why.clone() }</p> },
        Ok((v, chart, header, rows)) => html! {
            <>
                <p class="bc-summary">{ v.summary.clone() }</p>
                if !v.notes.is_empty() {
                    <ul class="bc-caveats">{ for v.notes.iter().map(|n| html! { <li>{ n }</li> }) }</ul>
                }
                <ChartCanvas chart={chart.clone()} alt={format!("{} {}", v.title, v.summary)}
                    {on_hover}
                    canvas_ref={canvas.clone()} />
                <p class="bc-hover" aria-live="polite">{ hover.clone().unwrap_or_else(|| text(lang, HOVER_HINT).to_owned()) }</p>
                <LinesTable caption={v.title.clone()} header={header.clone()} rows={rows.clone()} />
                <ExportBar chart={chart.clone()} header={header.clone()} rows={rows.clone()} state={props.state.clone()}
                    src={props.src.clone()} canvas={Some(canvas)} part={Some("why")} />
            </>
        },
    }
}
