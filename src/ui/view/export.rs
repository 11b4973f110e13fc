//! Exports: the table as CSV (UTF-8 with a BOM so Excel reads Chinese), file
//! names, and the embed snippet for the current view.

use crate::ui::permalink::metric_id;
use crate::ui::state::State;

/// One CSV field, quoted when it needs to be.
fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// A CSV file: the heading lines (title, subtitle with the unit, source,
/// then any caveats), a blank line, then the table. Starts with a UTF-8 byte
/// order mark; lines end with CRLF.
pub fn csv(heading: &[&str], header: &[String], rows: &[Vec<String>]) -> String {
    let mut out = String::from("\u{feff}");
    for line in heading {
        out.push_str(&field(line));
        out.push_str("\r\n");
    }
    out.push_str("\r\n");
    for row in std::iter::once(header).chain(rows.iter().map(Vec::as_slice)) {
        out.push_str(&row.iter().map(|c| field(c)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

/// A chart's numbers as a CSV file: its title, `單位：` and its subtitle,
/// its source line and any caveat, then the table.
pub fn chart_csv(
    (title, subtitle, source): (&str, &str, &str),
    caveat: Option<&str>,
    header: &[String],
    rows: &[Vec<String>],
    lang: crate::core::format::Lang,
) -> String {
    use crate::ui::i18n::{labelled, t, Key};
    let subtitle = labelled(lang, t(lang, Key::Unit), subtitle);
    let mut heading = vec![title, subtitle.as_str(), source];
    heading.extend(caveat);
    csv(&heading, header, rows)
}

/// A file name for an export: `budget-compare-compare-share.csv`, or with
/// a part of the view, `budget-compare-compare-share-why.csv`.
pub fn file_name(state: &State, part: Option<&str>, extension: &str) -> String {
    let part = part.map_or_else(String::new, |p| format!("-{p}"));
    format!(
        "budget-compare-{}-{}{part}.{extension}",
        state.view.id(),
        metric_id(state.metric)
    )
}

/// Escapes text for HTML and XML text and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// What a page needs to show this view: the element, and the README's
/// inline script that imports the loader once the page has loaded and
/// painted its largest content.
pub fn embed_snippet(script_url: &str, src: &str, state: &State) -> String {
    let cities: Vec<&str> = {
        let mut c: Vec<&str> = state.selected.iter().map(|k| k.city.as_str()).collect();
        c.dedup();
        c
    };
    let years: Vec<String> = state.selected.iter().map(ToString::to_string).collect();
    let mut attrs = vec![
        format!("data-src=\"{}\"", escape(src)),
        format!("data-view=\"{}\"", state.view.id()),
        format!("data-cities=\"{}\"", escape(&cities.join(","))),
        format!("data-years=\"{}\"", escape(&years.join(","))),
        format!("data-metric=\"{}\"", metric_id(state.metric)),
        format!("data-lang=\"{}\"", state.lang.tag()),
    ];
    if state.lens != crate::core::model::Lens::default() {
        attrs.push(format!("data-lens=\"{}\"", state.lens.id()));
    }
    if let Some(c) = &state.category {
        attrs.push(format!("data-category=\"{}\"", escape(c.as_str())));
    }
    format!(
        "<div data-budget-compare {}></div>\n<script type=\"module\">\n  \
         const load = () => import(\"{}\");\n  \
         const later = () => {{ setTimeout(load, 3000); new PerformanceObserver(() => setTimeout(load)).observe({{ type: \"largest-contentful-paint\" }}); }};\n  \
         document.readyState === \"complete\" ? later() : addEventListener(\"load\", later, {{ once: true }});\n\
         </script>",
        attrs.join(" "),
        js_string(script_url)
    )
}

/// `text` for a double-quoted JavaScript string inside an HTML script
/// element: quotes, backslashes, `<` and line breaks escaped.
fn js_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' | '\\' | '<' | '\n' | '\r' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_has_bom_title_unit_source_and_quotes() {
        let text = csv(
            &["勞工局預算", "預算數，新臺幣", "資料來源：表"],
            &["分類".into(), "高雄市 106年 (2017)".into()],
            &[vec!["勞動檢查".into(), "8,676".into()]],
        );
        assert_eq!(
            text,
            "\u{feff}勞工局預算\r\n預算數，新臺幣\r\n資料來源：表\r\n\r\n分類,高雄市 106年 (2017)\r\n勞動檢查,\"8,676\"\r\n"
        );
    }
}
