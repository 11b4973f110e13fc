//! The widget's state and the actions that change it: one reducer, so the
//! tabs, controls, URL hash and host attributes all drive the same thing.

use std::rc::Rc;

use yew::Reducible;

use crate::core::compare::{latest_common_year, CityYear, Metric, Options};
use crate::core::dataset::Dataset;
use crate::core::format::Lang;
use crate::core::model::{CategoryId, Lens};

/// The widget's views (tabs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    /// City-years side by side by shared category.
    #[default]
    Compare,
    /// One category (or the total) across fiscal years.
    OverTime,
    /// Two plans side by side, searchable.
    Plans,
    /// The numbers behind the chart, sortable.
    Table,
    /// Sources, taxonomy, mapping and warnings.
    About,
}

impl View {
    /// Every view, in tab order.
    pub const ALL: [View; 5] = [
        View::Compare,
        View::OverTime,
        View::Plans,
        View::Table,
        View::About,
    ];

    /// The name used in attributes and the URL.
    pub fn id(self) -> &'static str {
        match self {
            View::Compare => "compare",
            View::OverTime => "over-time",
            View::Plans => "plans",
            View::Table => "table",
            View::About => "about",
        }
    }

    /// Reads a view name.
    pub fn from_id(id: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.id() == id)
    }
}

/// A table column to sort by, and which way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Sort {
    /// 0 = the category name, 1.. = the city-year columns.
    pub column: usize,
    /// Largest (or Z) first.
    pub descending: bool,
}

/// What the reader is looking at.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// The language.
    pub lang: Lang,
    /// The tab.
    pub view: View,
    /// The city-years compared, in order.
    pub selected: Vec<CityYear>,
    /// What is measured.
    pub metric: Metric,
    /// Whether pass-through categories count.
    pub pass_through: bool,
    /// How lines are read into categories.
    pub lens: Lens,
    /// The category drilled into (Compare) or followed (Over time); `None` = the total.
    pub category: Option<CategoryId>,
    /// The two plans side by side.
    pub plans: [Option<CityYear>; 2],
    /// The plans search text.
    pub query: String,
    /// The table's sort order.
    pub sort: Sort,
}

/// A change the reader (or the host page) makes.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Switch tab.
    SetView {
        /// The tab.
        view: View,
    },
    /// Add or remove a city-year.
    Toggle {
        /// The city-year.
        key: CityYear,
    },
    /// Measure differently.
    SetMetric {
        /// The metric.
        metric: Metric,
    },
    /// Show or hide pass-through categories.
    SetPassThrough {
        /// Shown when true.
        on: bool,
    },
    /// Read the lines by function or as budgeted.
    SetLens {
        /// The lens.
        lens: Lens,
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
    /// Put a plan on one side of the Plans view.
    SetPlan {
        /// 0 = left, 1 = right.
        side: usize,
        /// The city-year, or none.
        key: Option<CityYear>,
    },
    /// Search the plans.
    SetQuery {
        /// The search text.
        query: String,
    },
    /// Sort the table by a column; the same column again flips the order.
    SortBy {
        /// The column.
        column: usize,
    },
    /// Replace the whole state (permalink, host `update()`).
    Replace {
        /// The new state.
        state: Box<State>,
    },
}

impl State {
    /// The starting view: where two or more cities have budgets, each of
    /// them in the latest fiscal year they all have (the comparison the
    /// widget is for); otherwise every city-year loaded for the first view
    /// (all of a small data set; the newest year of each city of a large one,
    /// see [`crate::core::dataset::first_load`]). The two newest plans of
    /// different cities side by side.
    pub fn initial(ds: &Dataset, lang: Lang) -> State {
        let keys = latest_common_year(ds).unwrap_or_else(|| {
            ds.documents
                .iter()
                .map(|d| CityYear {
                    city: d.city.id.clone(),
                    year: d.fiscal_year,
                })
                .collect()
        });
        let mut plans: Vec<CityYear> = Vec::new();
        for d in ds.documents.iter().rev().filter(|d| d.plan.is_some()) {
            if plans.len() < 2 && !plans.iter().any(|p| p.city == d.city.id) {
                plans.push(CityYear {
                    city: d.city.id.clone(),
                    year: d.fiscal_year,
                });
            }
        }
        plans.reverse(); // back to the manifest's city order
        State {
            lang,
            view: View::Compare,
            selected: keys,
            metric: Metric::Amount,
            pass_through: false,
            lens: Lens::default(),
            category: None,
            plans: [plans.first().cloned(), plans.get(1).cloned()],
            query: String::new(),
            sort: Sort::default(),
        }
    }

    /// The comparison options.
    pub fn options(&self) -> Options {
        Options {
            metric: self.metric,
            pass_through: self.pass_through,
            lens: self.lens,
        }
    }

    /// The state after an action.
    pub fn apply(&self, action: Action) -> State {
        let mut next = self.clone();
        match action {
            Action::SetView { view } => next.view = view,
            Action::Toggle { key } => match next.selected.iter().position(|k| *k == key) {
                Some(i) => {
                    next.selected.remove(i);
                }
                None => {
                    // Among the same city's years, in year order; a city
                    // not shown yet comes last: the columns and series the
                    // reader sees keep their order.
                    let same_city = |k: &CityYear| k.city == key.city;
                    let at = match next.selected.iter().rposition(same_city) {
                        Some(last) => next
                            .selected
                            .iter()
                            .position(|k| same_city(k) && k.year > key.year)
                            .unwrap_or(last + 1),
                        None => next.selected.len(),
                    };
                    next.selected.insert(at, key);
                }
            },
            Action::SetMetric { metric } => next.metric = metric,
            Action::SetPassThrough { on } => next.pass_through = on,
            Action::SetLens { lens } => next.lens = lens,
            Action::SetLang { lang } => next.lang = lang,
            Action::Select { category } => next.category = category,
            Action::SetPlan { side, key } => {
                if let Some(slot) = next.plans.get_mut(side) {
                    *slot = key;
                }
            }
            Action::SetQuery { query } => next.query = query,
            Action::SortBy { column } => {
                next.sort = Sort {
                    column,
                    descending: if self.sort.column == column {
                        !self.sort.descending
                    } else {
                        column > 0
                    },
                };
            }
            Action::Replace { state } => next = *state,
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
            view: View::Compare,
            selected: vec![CityYear::new("kaohsiung", 105)],
            metric: Metric::Amount,
            pass_through: false,
            lens: Lens::default(),
            category: None,
            plans: [None, None],
            query: String::new(),
            sort: Sort::default(),
        }
    }

    /// `state` with each city-year of `keys` toggled in turn.
    fn toggled(state: State, keys: &[(&str, u16)]) -> State {
        keys.iter().fold(state, |s, &(city, year)| {
            s.apply(Action::Toggle {
                key: CityYear::new(city, year),
            })
        })
    }

    fn keys(keys: &[(&str, u16)]) -> Vec<CityYear> {
        keys.iter().map(|&(c, y)| CityYear::new(c, y)).collect()
    }

    #[test]
    fn toggling_adds_in_order_and_removes() {
        let s = toggled(state(), &[("kaohsiung", 104)]);
        assert_eq!(s.selected, keys(&[("kaohsiung", 104), ("kaohsiung", 105)]));
        let s = toggled(s, &[("kaohsiung", 105)]);
        assert_eq!(s.selected, keys(&[("kaohsiung", 104)]));
    }

    #[test]
    fn toggling_keeps_the_cities_in_the_order_shown() {
        // Taichung's column first, as the default view shows it: a year of
        // either city goes beside that city's years, not in id order.
        let shown = State {
            selected: keys(&[("taichung", 105), ("kaohsiung", 105)]),
            ..state()
        };
        let s = toggled(
            shown,
            &[("kaohsiung", 107), ("taichung", 103), ("kaohsiung", 106)],
        );
        assert_eq!(
            s.selected,
            keys(&[
                ("taichung", 103),
                ("taichung", 105),
                ("kaohsiung", 105),
                ("kaohsiung", 106),
                ("kaohsiung", 107),
            ])
        );
        // A city not shown yet comes after those shown.
        let s = toggled(state(), &[("taichung", 104)]);
        assert_eq!(s.selected, keys(&[("kaohsiung", 105), ("taichung", 104)]));
    }

    #[test]
    fn pass_through_metric_and_language() {
        let s = state().apply(Action::SetPassThrough { on: true });
        assert!(s.options().pass_through);
        assert_eq!(s.options().lens, Lens::Function, "by function by default");
        let budgeted = s.apply(Action::SetLens {
            lens: Lens::Budgeted,
        });
        assert_eq!(budgeted.options().lens, Lens::Budgeted);
        let s = s.apply(Action::SetMetric {
            metric: Metric::Share,
        });
        assert_eq!(s.options().metric, Metric::Share);
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

    #[test]
    fn sorting_a_column_twice_flips_it() {
        let s = state().apply(Action::SortBy { column: 2 });
        assert_eq!(
            s.sort,
            Sort {
                column: 2,
                descending: true
            },
            "numbers: largest first"
        );
        let s = s.apply(Action::SortBy { column: 2 });
        assert_eq!(
            s.sort,
            Sort {
                column: 2,
                descending: false
            }
        );
        let s = s.apply(Action::SortBy { column: 0 });
        assert_eq!(
            s.sort,
            Sort {
                column: 0,
                descending: false
            },
            "names: A first"
        );
    }

    #[test]
    fn plans_views_and_queries() {
        let s = state()
            .apply(Action::SetPlan {
                side: 1,
                key: Some(CityYear::new("taichung", 109)),
            })
            .apply(Action::SetQuery {
                query: "移工".into(),
            })
            .apply(Action::SetView { view: View::Plans });
        assert_eq!(s.plans, [None, Some(CityYear::new("taichung", 109))]);
        assert_eq!((s.query.as_str(), s.view), ("移工", View::Plans));
        assert_eq!(View::from_id("over-time"), Some(View::OverTime));
    }
}
