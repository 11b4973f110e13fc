//! The city-year picker: one checkbox per document, grouped by city.

use yew::prelude::*;

use crate::core::compare::CityYear;
use crate::core::format::{self, Lang};
use crate::ui::components::disclosure::{disclosure, use_lazy_body};
use crate::ui::hooks::SharedDataset;
use crate::ui::i18n::{bracketed, t, Key};
use crate::ui::state::Action;
use crate::ui::view::city_name;

/// What to pick from.
#[derive(Properties, PartialEq)]
pub struct PickerProps {
    /// The data.
    pub dataset: SharedDataset,
    /// What is selected.
    pub selected: Vec<CityYear>,
    /// The language.
    pub lang: Lang,
    /// Where choices go.
    pub on_action: Callback<Action>,
    /// The manifest URL (what a reader imports is added to its data set).
    pub src: AttrValue,
}

/// Checkboxes per city and year; years without budget say so. A year whose
/// document is still loading is listed, unavailable, from the first view
/// on, so the picker does not grow (and move what is below it) when it
/// comes in.
#[function_component]
pub fn Picker(props: &PickerProps) -> Html {
    let lang = props.lang;
    let ds = &props.dataset;
    // 加入年度 / Add a year: the lazily loaded import module reads the
    // reader's file; the loader hands what it gives to this module's
    // `add_imported` (hidden by `data-import="off"`).
    let add_year = use_lazy_body(
        "mount_import",
        vec![props.src.to_string(), lang.tag().to_owned()],
        lang,
    );
    let add_year = disclosure(
        "bc-import",
        "bc-import-body",
        t(lang, Key::AddYear).to_owned(),
        add_year,
    );
    html! {
        <fieldset class="bc-picker">
            <legend>{ t(lang, Key::CityYears) }</legend>
            { for ds.cities().into_iter().map(|(city, _)| html! {
                <div class="bc-picker-city">
                    <span class="bc-picker-name">{ city_name(ds, &city, lang) }</span>
                    { for ds.listed_years(&city).into_iter().map(|(year, loaded)| {
                        let key = CityYear { city: city.clone(), year };
                        let has_budget = ds.document(&city, year).is_some_and(|d| d.budget.is_some());
                        let checked = props.selected.contains(&key);
                        let onchange = props.on_action.reform({
                            let key = key.clone();
                            move |_| Action::Toggle { key: key.clone() }
                        });
                        html! {
                            <label class="bc-check" title={(!loaded).then(|| t(lang, Key::Loading))}>
                                <input type="checkbox" {checked} {onchange} disabled={!loaded} />
                                { format::year(year, lang) }
                                if loaded && !has_budget {
                                    <span class="bc-muted">{ bracketed(lang, t(lang, Key::NoBudget)) }</span>
                                }
                            </label>
                        }
                    }) }
                </div>
            }) }
            { add_year }
        </fieldset>
    }
}
