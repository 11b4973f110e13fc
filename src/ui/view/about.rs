//! The About-the-data view: where every document comes from, the shared
//! categories, which lines of each city map onto each, and every warning.

use crate::core::compare::CityYear;
use crate::core::dataset::Dataset;
use crate::core::format;
use crate::core::model::{Lens, Line, Stage};
use crate::core::validate::Severity;
use crate::ui::i18n::{bracketed, labelled, lens_name, sep, stage_name, stage_text, t, Key};
use crate::ui::state::State;
use crate::ui::view::{city_year_label, figures_label, local};

/// A document's provenance.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceItem {
    /// `高雄市 106年 (2017)`.
    pub label: String,
    /// `title — publisher — file — kind` for each source.
    pub sources: Vec<String>,
    /// The budget's notes (what the figures include or leave out).
    pub notes: Vec<String>,
}

/// A category with the lines mapped onto it.
#[derive(Debug, Clone, PartialEq)]
pub struct CategoryItem {
    /// Its name in the reader's language (and the other in brackets).
    pub name: String,
    /// What belongs there; COFOG code; pass-through flag.
    pub description: String,
    /// Per city: `高雄市：行政管理、業務管理（104–107年）`.
    pub mapped: Vec<String>,
}

/// Everything the About view renders.
#[derive(Debug, Clone, PartialEq)]
pub struct AboutView {
    /// One item per loaded document.
    pub documents: Vec<SourceItem>,
    /// Each budget stage: what it means, and which city-years are of it.
    pub stages: Vec<String>,
    /// Reference series and their caveats.
    pub reference: Vec<String>,
    /// The taxonomy.
    pub categories: Vec<CategoryItem>,
    /// Every diagnostic (errors of refused documents first).
    pub diagnostics: Vec<String>,
}

/// A line's path as names: `勞政業務 › 勞資關係`.
fn path_name(path: &[&Line]) -> String {
    path.iter()
        .map(|l| l.name.as_str())
        .collect::<Vec<_>>()
        .join(" › ")
}

/// Adds `item` unless it is there already (the order of first sight kept).
fn push_new<T: PartialEq>(items: &mut Vec<T>, item: T) {
    if !items.contains(&item) {
        items.push(item);
    }
}

/// Items in a sentence: `、` between them in Chinese, `, ` in English.
fn listed(lang: format::Lang, items: &[String]) -> String {
    items.join(match lang {
        format::Lang::ZhTw => "、",
        format::Lang::En => ", ",
    })
}

/// Builds the About view.
pub fn about_view(ds: &Dataset, state: &State) -> AboutView {
    let lang = state.lang;
    let documents = ds
        .documents
        .iter()
        .map(|d| SourceItem {
            label: figures_label(
                ds,
                &CityYear {
                    city: d.city.id.clone(),
                    year: d.fiscal_year,
                },
                lang,
            ),
            notes: d
                .budget
                .as_ref()
                .and_then(|b| b.note.as_deref())
                .map(|n| n.lines().map(str::to_owned).collect())
                .unwrap_or_default(),
            sources: d
                .sources
                .iter()
                .map(|s| {
                    [
                        Some(s.title.as_str()),
                        s.publisher.as_deref(),
                        s.file.as_deref(),
                        s.url.as_deref(),
                        s.kind.as_deref(),
                    ]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" — ")
                })
                .collect(),
        })
        .collect();
    let stages = Stage::ALL
        .iter()
        .map(|&stage| {
            let holders: Vec<String> = ds
                .documents
                .iter()
                .filter(|d| d.budget.as_ref().is_some_and(|b| b.stage == stage))
                .map(|d| {
                    city_year_label(
                        ds,
                        &CityYear {
                            city: d.city.id.clone(),
                            year: d.fiscal_year,
                        },
                        lang,
                    )
                })
                .collect();
            let what = format!("{}{}", stage_name(lang, stage), bracketed(lang, stage.id()));
            let text = stage_text(lang, stage);
            if holders.is_empty() {
                labelled(lang, what, text)
            } else {
                format!(
                    "{} {}",
                    labelled(lang, what, text),
                    bracketed(lang, holders.join(sep(lang)))
                )
            }
        })
        .collect();
    let mut reference = Vec::new();
    if let Some(r) = &ds.reference {
        if let Some(c) = &r.cpi {
            let what = format!(
                "{}{} {}",
                c.source.title,
                bracketed(lang, &c.base),
                c.note.as_deref().unwrap_or("")
            );
            reference.push(labelled(lang, t(lang, Key::CpiSource), what));
        }
        if let Some(p) = &r.population {
            let what = format!("{} {}", p.source.title, p.note.as_deref().unwrap_or(""));
            reference.push(labelled(lang, t(lang, Key::PopulationSource), what));
        }
    }
    let categories = ds
        .taxonomy
        .categories
        .iter()
        .map(|c| {
            let other = match lang {
                format::Lang::ZhTw => c.name.en_or_zh(),
                format::Lang::En => c.name.zh_tw.as_str(),
            };
            let mut description = local(&c.description, lang).to_owned();
            if let Some(cofog) = &c.cofog {
                description.push_str(&format!(" · COFOG {cofog}"));
            }
            if c.pass_through {
                description.push_str(&format!(" · {}", t(lang, Key::PassThroughFlag)));
            }
            let mut mapped = Vec::new();
            for (city, _) in ds.cities() {
                // As budgeted: the lines in the category, without the unit
                // (`勞政業務 › 勞資關係`), and the years they come from. By
                // function: the lines a single-function unit moves here,
                // with the unit.
                let (mut names, mut years, mut moved) = (Vec::new(), Vec::new(), Vec::new());
                for d in ds.documents.iter().filter(|d| d.city.id == city) {
                    if let Some(b) = &d.budget {
                        b.for_each_leaf_in_both(|path, budgeted, by_function| {
                            if budgeted == Some(&c.id) {
                                let shown = if path.len() > 2 { &path[1..] } else { path };
                                push_new(&mut names, path_name(shown));
                                push_new(&mut years, d.fiscal_year.0);
                            } else if by_function == Some(&c.id) {
                                push_new(&mut moved, path_name(path));
                            }
                        });
                    }
                }
                let city_name = crate::ui::view::city_name(ds, &city, lang);
                if let (Some(first), Some(last)) = (years.iter().min(), years.iter().max()) {
                    let span = if first == last {
                        first.to_string()
                    } else {
                        format!("{first}–{last}")
                    };
                    let who = format!("{city_name}{}", bracketed(lang, span));
                    mapped.push(labelled(lang, who, listed(lang, &names)));
                }
                if !moved.is_empty() {
                    let who = format!(
                        "{city_name}{}",
                        bracketed(lang, lens_name(lang, Lens::Function))
                    );
                    mapped.push(labelled(lang, who, listed(lang, &moved)));
                }
            }
            CategoryItem {
                name: format!("{}{}", local(&c.name, lang), bracketed(lang, other)),
                description,
                mapped,
            }
        })
        .collect();
    let mut diagnostics: Vec<String> = ds
        .diagnostics_of(Severity::Error)
        .map(ToString::to_string)
        .collect();
    diagnostics.extend(
        ds.diagnostics_of(Severity::Warning)
            .map(ToString::to_string),
    );
    AboutView {
        documents,
        stages,
        reference,
        categories,
        diagnostics,
    }
}
