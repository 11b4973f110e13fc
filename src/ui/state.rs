//! The widget's state and the actions that change it: one reducer, so the
//! URL, attributes and controls all drive the same thing.

use std::rc::Rc;

use yew::Reducible;

use crate::core::compare::{CityYear, Metric, Options};
use crate::core::dataset::Dataset;
use crate::core::format::Lang;
use crate::core::model::CategoryId;

/// What the reader is looking at.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// The language.
    pub lang: Lang,
    /// The city-years compared, in the order shown.
    pub selected: Vec<CityYear>,
    /// What is measured.
    pub metric: Metric,
    /// Whether pass-through categories count.
    pub pass_through: bool,
    /// The category drilled into, if any.
    pub category: Option<CategoryId>,
}

/// A change the reader (or the host page) makes.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Add or remove a city-year.
    Toggle {
        /// The city-year.
        key: CityYear,
    },
    /// Show or hide pass-through categories.
    SetPassThrough {
        /// Shown when true.
        on: bool,
    },
    /// Switch language.
    SetLang {
        /// The language.
        lang: Lang,
    },
    /// Drill into a category, or back out (`None`).
    Select {
        /// The category.
        category: Option<CategoryId>,
    },
}

impl State {
    /// The starting view: every city-year of the data set, in its order.
    pub fn initial(ds: &Dataset, lang: Lang) -> State {
        State {
            lang,
            selected: ds
                .documents
                .iter()
                .map(|d| CityYear {
                    city: d.city.id.clone(),
                    year: d.fiscal_year,
                })
                .collect(),
            metric: Metric::Amount,
            pass_through: false,
            category: None,
        }
    }

    /// The comparison options.
    pub fn options(&self) -> Options {
        Options {
            metric: self.metric,
            pass_through: self.pass_through,
        }
    }

    /// The state after an action.
    pub fn apply(&self, action: Action) -> State {
        let mut next = self.clone();
        match action {
            Action::Toggle { key } => match next.selected.iter().position(|k| *k == key) {
                Some(i) => {
                    next.selected.remove(i);
                }
                None => {
                    next.selected.push(key);
                    next.selected.sort();
                }
            },
            Action::SetPassThrough { on } => next.pass_through = on,
            Action::SetLang { lang } => next.lang = lang,
            Action::Select { category } => next.category = category,
        }
        next
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(self.apply(action))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> State {
        State {
            lang: Lang::ZhTw,
            selected: vec![CityYear::new("kaohsiung", 105)],
            metric: Metric::Amount,
            pass_through: false,
            category: None,
        }
    }

    #[test]
    fn toggling_adds_in_order_and_removes() {
        let s = state().apply(Action::Toggle {
            key: CityYear::new("kaohsiung", 104),
        });
        assert_eq!(
            s.selected,
            [
                CityYear::new("kaohsiung", 104),
                CityYear::new("kaohsiung", 105)
            ]
        );
        let s = s.apply(Action::Toggle {
            key: CityYear::new("kaohsiung", 105),
        });
        assert_eq!(s.selected, [CityYear::new("kaohsiung", 104)]);
    }

    #[test]
    fn pass_through_and_language() {
        let s = state().apply(Action::SetPassThrough { on: true });
        assert!(s.options().pass_through);
        assert_eq!(s.apply(Action::SetLang { lang: Lang::En }).lang, Lang::En);
    }

    #[test]
    fn selecting_and_leaving_a_category() {
        let id = CategoryId::from("youth");
        let s = state().apply(Action::Select {
            category: Some(id.clone()),
        });
        assert_eq!(s.category, Some(id));
        assert_eq!(s.apply(Action::Select { category: None }).category, None);
    }
}
