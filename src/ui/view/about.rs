//! The About-the-data view: where every document comes from, the shared
//! categories, which lines of each city map onto each, and every warning.

use crate::core::dataset::Dataset;
use crate::core::format;
use crate::core::validate::Severity;
use crate::ui::i18n::{bracketed, labelled, t, Key};
use crate::ui::state::State;
use crate::ui::view::{city_year_label, local};

/// A document's provenance.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceItem {
    /// `高雄市 106年 (2017)`.
    pub label: String,
    /// `title — publisher — file — kind` for each source.
    pub sources: Vec<String>,
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
    /// Reference series and their caveats.
    pub reference: Vec<String>,
    /// The taxonomy.
    pub categories: Vec<CategoryItem>,
    /// Every diagnostic (errors of refused documents first).
    pub diagnostics: Vec<String>,
}

/// Builds the About view.
pub fn about_view(ds: &Dataset, state: &State) -> AboutView {
    let lang = state.lang;
    let documents = ds
        .documents
        .iter()
        .map(|d| SourceItem {
            label: city_year_label(
                ds,
                &crate::core::compare::CityYear {
                    city: d.city.id.clone(),
                    year: d.fiscal_year,
                },
                lang,
            ),
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
                let mut names: Vec<String> = Vec::new();
                let mut years: Vec<u16> = Vec::new();
                for d in ds.documents.iter().filter(|d| d.city.id == city) {
                    if let Some(b) = &d.budget {
                        b.for_each_leaf(|path, cat| {
                            if cat == Some(&c.id) {
                                if let Some(leaf) = path.last() {
                                    if !names.contains(&leaf.name) {
                                        names.push(leaf.name.clone());
                                    }
                                    if !years.contains(&d.fiscal_year.0) {
                                        years.push(d.fiscal_year.0);
                                    }
                                }
                            }
                        });
                    }
                }
                if !names.is_empty() {
                    let span = match (years.iter().min(), years.iter().max()) {
                        (Some(a), Some(b)) if a != b => format!("{a}–{b}"),
                        (Some(a), _) => a.to_string(),
                        _ => String::new(),
                    };
                    let who = format!(
                        "{}{}",
                        crate::ui::view::city_name(ds, &city, lang),
                        bracketed(lang, span)
                    );
                    let list = names.join(if lang == format::Lang::ZhTw {
                        "、"
                    } else {
                        ", "
                    });
                    mapped.push(labelled(lang, who, list));
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
        reference,
        categories,
        diagnostics,
    }
}
