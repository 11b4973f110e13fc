//! Numbers, amounts and years as readers see them, in zh-TW and English.
//!
//! Pure functions, so the chart, the table, exports and messages all say a
//! figure the same way.

use crate::core::model::FiscalYear;

/// The widget's languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// Traditional Chinese (Taiwan), the default.
    #[default]
    ZhTw,
    /// English.
    En,
}

impl Lang {
    /// The BCP 47 tag, as used in `lang` attributes and `data-lang`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhTw => "zh-TW",
            Lang::En => "en",
        }
    }

    /// Reads a tag; `None` for a language the widget does not have.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        match tag.to_ascii_lowercase().as_str() {
            "zh-tw" | "zh" | "zh-hant" | "zh-hant-tw" => Some(Lang::ZhTw),
            "en" | "en-us" | "en-gb" => Some(Lang::En),
            _ => None,
        }
    }
}

/// An integer with thousands separators: `5092445` → `5,092,445`.
pub fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A signed whole number with separators: `-3981059` → `-3,981,059`.
pub fn group_signed(n: i64) -> String {
    if n < 0 {
        format!("-{}", group(n.unsigned_abs()))
    } else {
        group(n as u64)
    }
}

/// `value` rounded to `decimals` decimals (at most 6) in integer
/// arithmetic, half away from zero, rather than through `{:.N}` formatting,
/// which keeps float-formatting code out of the wasm: its sign (`-`, or
/// nothing for a value that rounds to 0), whole part, and its `decimals`
/// decimal digits (trailing zeros kept). `value` must be finite.
fn rounded(value: f64, decimals: usize) -> (&'static str, u64, String) {
    let decimals = decimals.min(6);
    let scale = 10u64.pow(decimals as u32);
    let scaled = (value.abs() * scale as f64).round() as u64;
    let sign = if value < 0.0 && scaled != 0 { "-" } else { "" };
    let digits = format!("{:0decimals$}", scaled % scale);
    (
        sign,
        scaled / scale,
        if decimals == 0 { String::new() } else { digits },
    )
}

/// A number with up to `decimals` decimals (trailing zeros dropped) and
/// thousands separators: `2500.23` → `2,500.2` at 1.
fn trim_decimals(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return "–".to_owned();
    }
    let (sign, int, digits) = rounded(value, decimals);
    let digits = digits.trim_end_matches('0');
    let point = if digits.is_empty() { "" } else { "." };
    format!("{sign}{}{point}{digits}", group(int))
}

/// A number as an option's value is written (`105`, `1.5`, `-0.25`): to
/// six decimals, trailing zeros dropped, no separators; `None` where that
/// cannot say it (not finite, or 10^15 and over), for the caller to write
/// it another way.
pub fn plain_number(value: f64) -> Option<String> {
    if !value.is_finite() || value.abs() >= 1e15 {
        return None;
    }
    let (sign, int, digits) = rounded(value, 6);
    let digits = digits.trim_end_matches('0');
    let point = if digits.is_empty() { "" } else { "." };
    Some(format!("{sign}{int}{point}{digits}"))
}

/// An amount in NT$ for reading: `億`/`萬` in Chinese, million/billion in
/// English, e.g. 5,092,445,000 → `50.92 億元` / `NT$5.09 billion`.
pub fn money(twd: f64, lang: Lang) -> String {
    let sign = if twd < 0.0 { "-" } else { "" };
    let v = twd.abs();
    match lang {
        Lang::ZhTw => {
            if v >= 1e8 {
                format!("{sign}{} 億元", trim_decimals(v / 1e8, 2))
            } else if v >= 1e4 {
                format!("{sign}{} 萬元", trim_decimals(v / 1e4, 1))
            } else {
                format!("{sign}{} 元", trim_decimals(v, 0))
            }
        }
        Lang::En => {
            if v >= 1e9 {
                format!("{sign}NT${} billion", trim_decimals(v / 1e9, 2))
            } else if v >= 1e6 {
                format!("{sign}NT${} million", trim_decimals(v / 1e6, 1))
            } else if v >= 1e3 {
                format!("{sign}NT${} thousand", trim_decimals(v / 1e3, 0))
            } else {
                format!("{sign}NT${}", trim_decimals(v, 0))
            }
        }
    }
}

/// An amount in thousands as printed in budget tables: 8,927,000 NT$ →
/// `8,927 千元` / `NT$8,927 thousand`.
pub fn thousands(twd: f64, lang: Lang) -> String {
    let k = (twd / 1000.0).round() as i64;
    match lang {
        Lang::ZhTw => format!("{} 千元", group_signed(k)),
        Lang::En => format!("NT${} thousand", group_signed(k)),
    }
}

/// A figure per resident: one decimal under 100 (a bureau's line is often a
/// few NT$ a head: `1.6`), whole NT$ above (`1,234`); signed.
pub fn per_resident(value: f64) -> String {
    if value.abs() < 100.0 {
        // The decimal always shown.
        let (sign, int, digit) = rounded(value, 1);
        format!("{sign}{int}.{digit}")
    } else {
        group_signed(value.round() as i64)
    }
}

/// A percentage with one decimal: `12.3%`.
pub fn percent(value: f64) -> String {
    format!("{}%", trim_decimals(value, 1))
}

/// A fiscal year as `107年 (2018)` / `FY2018 (ROC 107)`.
pub fn year(year: FiscalYear, lang: Lang) -> String {
    match lang {
        Lang::ZhTw => format!("{}年 ({})", year.0, year.gregorian()),
        Lang::En => format!("FY{} (ROC {})", year.gregorian(), year.0),
    }
}

/// A short axis/tick label for a value: `1.5億`, `300萬` / `1.5B`, `3M`.
pub fn short(value: f64, lang: Lang) -> String {
    let v = value.abs();
    let sign = if value < 0.0 { "-" } else { "" };
    match lang {
        Lang::ZhTw => {
            if v >= 1e8 {
                format!("{sign}{}億", trim_decimals(v / 1e8, 2))
            } else if v >= 1e4 {
                format!("{sign}{}萬", trim_decimals(v / 1e4, 1))
            } else {
                format!("{sign}{}", trim_decimals(v, 1))
            }
        }
        Lang::En => {
            if v >= 1e9 {
                format!("{sign}{}B", trim_decimals(v / 1e9, 2))
            } else if v >= 1e6 {
                format!("{sign}{}M", trim_decimals(v / 1e6, 1))
            } else if v >= 1e3 {
                format!("{sign}{}K", trim_decimals(v / 1e3, 1))
            } else {
                format!("{sign}{}", trim_decimals(v, 1))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_resident_keeps_a_decimal_for_small_figures() {
        for (v, want) in [
            (1.5647, "1.6"),
            (3.2119, "3.2"),
            (-1.6472, "-1.6"),
            (-0.01, "0.0"),
            (99.96, "100.0"),
            (163.4, "163"),
            (-1234.5, "-1,235"),
            (0.0, "0.0"),
            (-0.04, "0.0"),
            (7.0, "7.0"),
            (12.25, "12.3"),
        ] {
            assert_eq!(per_resident(v), want, "{v}");
        }
    }

    #[test]
    fn plain_numbers_to_six_decimals_without_separators() {
        for (v, want) in [
            (105.0, Some("105")),
            (12345.0, Some("12345")),
            (-0.25, Some("-0.25")),
            (0.1, Some("0.1")),
            (2.0000001, Some("2")),
            (-0.0000001, Some("0")),
            (1e15, None),
            (f64::NAN, None),
        ] {
            assert_eq!(plain_number(v).as_deref(), want, "{v}");
        }
    }

    #[test]
    fn groups_thousands() {
        for (n, s) in [
            (0, "0"),
            (300, "300"),
            (1593, "1,593"),
            (5092445, "5,092,445"),
        ] {
            assert_eq!(group(n), s);
        }
        assert_eq!(group_signed(-3981059), "-3,981,059");
    }

    #[test]
    fn money_in_both_languages() {
        let cases = [
            (5_092_445_000.0, "50.92 億元", "NT$5.09 billion"),
            (8_927_000.0, "892.7 萬元", "NT$8.9 million"),
            (300_000.0, "30 萬元", "NT$300 thousand"),
            (25_002_000.0, "2,500.2 萬元", "NT$25 million"),
        ];
        for (v, zh, en) in cases {
            assert_eq!(money(v, Lang::ZhTw), zh);
            assert_eq!(money(v, Lang::En), en);
        }
        assert_eq!(thousands(8_927_000.0, Lang::ZhTw), "8,927 千元");
        assert_eq!(thousands(8_927_000.0, Lang::En), "NT$8,927 thousand");
    }

    #[test]
    fn years_in_both_calendars() {
        assert_eq!(year(FiscalYear(107), Lang::ZhTw), "107年 (2018)");
        assert_eq!(year(FiscalYear(107), Lang::En), "FY2018 (ROC 107)");
    }

    #[test]
    fn short_labels() {
        assert_eq!(short(150_000_000.0, Lang::ZhTw), "1.5億");
        assert_eq!(short(3_000_000.0, Lang::ZhTw), "300萬");
        assert_eq!(short(3_000_000.0, Lang::En), "3M");
        assert_eq!(percent(12.345), "12.3%");
        assert_eq!(percent(-2.81), "-2.8%");
        assert_eq!(percent(-1234.5), "-1,234.5%");
    }
}
