//! Plan search: which programmes match a query, and where in a text the
//! matches are (for highlighting), in Chinese and English.
//!
//! A query is split on white space; every term must match. A term matches
//! its synonyms too, because the two cities word the same thing differently
//! (Taichung's 移工 is Kaohsiung 107's 外籍勞工), and English readers search
//! Chinese text through the category names.

/// Groups of words that mean the same for searching.
const SYNONYMS: &[&[&str]] = &[
    &[
        "移工",
        "外籍勞工",
        "外勞",
        "外籍移工",
        "migrant",
        "foreign worker",
    ],
    &["青年", "youth", "young"],
    &[
        "職災",
        "職業災害",
        "occupational injury",
        "occupational accident",
    ],
    &["身心障礙", "身障", "disability", "disabled"],
    &["職訓", "職業訓練", "vocational training"],
    &["工會", "union"],
    &["勞資爭議", "dispute"],
    &["就業服務", "employment service"],
];

/// The words a term stands for: itself and its synonyms, lower-cased.
pub fn expand(term: &str) -> Vec<String> {
    let term = term.to_ascii_lowercase();
    let mut words = vec![term.clone()];
    for group in SYNONYMS {
        if group.iter().any(|w| w.to_ascii_lowercase() == term) {
            words.extend(
                group
                    .iter()
                    .map(|w| w.to_ascii_lowercase())
                    .filter(|w| *w != term),
            );
        }
    }
    words
}

/// A parsed query: one list of alternatives per term.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    terms: Vec<Vec<String>>,
}

impl Query {
    /// Parses a query; an empty one matches everything.
    pub fn new(text: &str) -> Query {
        Query {
            terms: text.split_whitespace().map(expand).collect(),
        }
    }

    /// Whether the query is empty.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Whether every term occurs (as itself or a synonym) in one of `texts`.
    pub fn matches(&self, texts: &[&str]) -> bool {
        let lowered: Vec<String> = texts.iter().map(|t| t.to_ascii_lowercase()).collect();
        self.terms.iter().all(|alts| {
            alts.iter()
                .any(|a| lowered.iter().any(|t| t.contains(a.as_str())))
        })
    }

    /// Splits `text` into `(piece, is_match)` runs for highlighting.
    pub fn highlight(&self, text: &str) -> Vec<(String, bool)> {
        let words: Vec<&String> = self
            .terms
            .iter()
            .flatten()
            .filter(|w| !w.is_empty())
            .collect();
        let chars: Vec<char> = text.chars().collect();
        let lower: Vec<char> = chars.iter().map(|c| c.to_ascii_lowercase()).collect();
        let mut marks = vec![false; chars.len()];
        for w in &words {
            let w: Vec<char> = w.chars().collect();
            if w.len() > lower.len() {
                continue;
            }
            for i in 0..=lower.len() - w.len() {
                if lower[i..i + w.len()] == w[..] {
                    marks[i..i + w.len()].iter_mut().for_each(|m| *m = true);
                }
            }
        }
        let mut out: Vec<(String, bool)> = Vec::new();
        for (c, m) in chars.into_iter().zip(marks) {
            match out.last_mut() {
                Some((piece, mark)) if *mark == m => piece.push(c),
                _ => out.push((c.to_string(), m)),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synonyms_find_both_cities_wording() {
        let q = Query::new("移工");
        assert!(q.matches(&["落實執行外籍移工管理業務"]));
        assert!(q.matches(&["辦理外籍勞工業務"]));
        assert!(Query::new("Migrant").matches(&["Migrant workers"]));
        assert!(!q.matches(&["青年就業"]));
    }

    #[test]
    fn every_term_must_match() {
        let q = Query::new("青年 創業");
        assert!(q.matches(&["青年創業一站式服務"]));
        assert!(!q.matches(&["青年就業"]));
        assert!(Query::new("  ").matches(&["anything"]));
    }

    #[test]
    fn highlights_every_occurrence() {
        let q = Query::new("移工");
        assert_eq!(
            q.highlight("外勞與移工"),
            [
                ("外勞".to_owned(), true),
                ("與".to_owned(), false),
                ("移工".to_owned(), true)
            ]
        );
        assert_eq!(
            Query::new("youth").highlight("Youth jobs"),
            [("Youth".to_owned(), true), (" jobs".to_owned(), false)]
        );
    }
}
