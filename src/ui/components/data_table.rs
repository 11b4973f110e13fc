//! The numbers behind the chart, as a table: the chart's text alternative.

use std::rc::Rc;

use yew::prelude::*;

/// The table's text.
#[derive(Properties, PartialEq)]
pub struct DataTableProps {
    /// The caption.
    pub caption: AttrValue,
    /// Column headers (shared: a Compare table of hundreds of city-years is
    /// not copied on every render).
    pub header: Rc<Vec<String>>,
    /// Rows; the first cell of each is its header.
    pub rows: Rc<Vec<Vec<String>>>,
    /// When given, the headers of the first `linked_rows` rows are buttons
    /// that report their row's index.
    #[prop_or_default]
    pub on_row: Option<Callback<usize>>,
    /// How many leading rows link (the rest, e.g. a total, do not).
    #[prop_or_default]
    pub linked_rows: usize,
    /// Keyboard focus on a row's button (index), so the figure can be read out.
    #[prop_or_default]
    pub on_focus: Option<Callback<usize>>,
    /// Whether the last row is a total (shown in bold).
    #[prop_or_default]
    pub total_row: bool,
}

/// A plain, accessible table.
#[function_component]
pub fn DataTable(props: &DataTableProps) -> Html {
    html! {
        // Focusable, so a table wider than the screen scrolls from the keyboard.
        <div class={classes!("bc-table-wrap", "bc-data-table", props.total_row.then_some("bc-with-total"))}
            tabindex="0" role="region" aria-label={props.caption.clone()}>
            <table class="bc-table">
                <caption>{ props.caption.clone() }</caption>
                <thead><tr>{ for props.header.iter().map(|h| html! { <th scope="col">{ h }</th> }) }</tr></thead>
                <tbody>
                    { for props.rows.iter().enumerate().map(|(r, row)| html! {
                        <tr>
                            { for row.iter().enumerate().map(|(i, cell)| if i == 0 {
                                match props.on_row.as_ref().filter(|_| r < props.linked_rows) {
                                    Some(on_row) => html! {
                                        <th scope="row">
                                            <button type="button" class="bc-link" onclick={on_row.reform(move |_| r)}
                                                onfocus={props.on_focus.clone().map(|f| f.reform(move |_: FocusEvent| r))}>{ cell }</button>
                                        </th>
                                    },
                                    None => html! { <th scope="row">{ cell }</th> },
                                }
                            } else {
                                html! { <td>{ cell }</td> }
                            }) }
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}
