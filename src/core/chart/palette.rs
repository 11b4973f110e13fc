//! Colour-blind-safe colours (Okabe & Ito), stable per city, every one at
//! least 3:1 against the chart background of both themes (WCAG 2.2, 1.4.11:
//! marks a reader must tell apart from the background).

use plotters::style::RGBColor;

use super::Ink;

/// The Okabe–Ito colours dark and light enough for 3:1 against both the
/// light (white) and the dark (`#1e1e1e`) chart background: blue,
/// vermillion, bluish green, reddish purple (black, yellow, orange and sky
/// blue are not).
const OKABE_ITO: [RGBColor; 4] = [
    RGBColor(0, 114, 178),   // blue
    RGBColor(213, 94, 0),    // vermillion
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(204, 121, 167), // reddish purple
];

/// A waterfall's colours: a rise (bluish green), a fall (vermillion), the
/// net change (blue). Their labels carry the sign too.
pub const CHANGE: [RGBColor; 3] = [OKABE_ITO[2], OKABE_ITO[1], OKABE_ITO[0]];

/// The contrast every mark keeps against both themes' chart background.
pub const MIN_CONTRAST: f64 = 3.0;

/// The colour of a city: Kaohsiung blue, Taichung vermillion, others by
/// their position among the data set's cities.
pub fn city_color(city: &str, index: usize) -> RGBColor {
    match city {
        "kaohsiung" => OKABE_ITO[0],
        "taichung" => OKABE_ITO[1],
        _ => OKABE_ITO[2 + index % (OKABE_ITO.len() - 2)],
    }
}

/// `x`^2.4 for `x` in (0, 1]: x² · (x²)^⅕, the fifth root by Newton's
/// method from 1 (above the root, so it only descends; 40 steps leave it
/// exact to the last bits). The module needs no `pow` for it (~1 KB gzip).
fn pow_2_4(x: f64) -> f64 {
    let square = x * x;
    let mut root = 1.0;
    for _ in 0..40 {
        let fourth = root * root * root * root;
        root = (4.0 * root + square / fourth) / 5.0;
    }
    square * root
}

/// WCAG relative luminance.
pub fn luminance(c: RGBColor) -> f64 {
    let channel = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.040_45 {
            v / 12.92
        } else {
            pow_2_4((v + 0.055) / 1.055)
        }
    };
    0.2126 * channel(c.0) + 0.7152 * channel(c.1) + 0.0722 * channel(c.2)
}

/// WCAG contrast ratio of two colours (1 to 21).
pub fn contrast(a: RGBColor, b: RGBColor) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// The luminance band in which a colour keeps [`MIN_CONTRAST`] against
/// both chart backgrounds: at most that of a colour 3:1 below white, at
/// least that of one 3:1 above the dark background.
fn band() -> (f64, f64) {
    let light = luminance(Ink::LIGHT.background);
    let dark = luminance(Ink::DARK.background);
    (
        MIN_CONTRAST * (dark + 0.05) - 0.05,
        (light + 0.05) / MIN_CONTRAST - 0.05,
    )
}

/// `color` mixed with `toward` by `t` (0: itself, 1: `toward`).
fn mix(color: RGBColor, toward: u8, t: f64) -> RGBColor {
    let m = |c: u8| (f64::from(c) + (f64::from(toward) - f64::from(c)) * t).round() as u8;
    RGBColor(m(color.0), m(color.1), m(color.2))
}

/// Another shade of `color` for the `step`-th earlier year of the same city
/// (0 = the colour itself), so years of one city read as one family: each
/// step moves its luminance half the way further towards the end of the
/// band ([`MIN_CONTRAST`] against both backgrounds) that has more room,
/// lighter for blue, darker for green, and never past it.
pub fn shade(color: RGBColor, step: usize) -> RGBColor {
    if step == 0 {
        return color;
    }
    let (low, high) = band();
    let base = luminance(color);
    let lighter = high - base >= base - low;
    let end = if lighter { high } else { low };
    let fraction = 1.0 - 0.5f64.powi(step.min(30) as i32);
    let target = base + (end - base) * fraction * 0.98;
    let toward = if lighter { 255 } else { 0 };
    // The mix that reaches the target luminance (monotonic in t).
    let (mut lo, mut hi) = (0.0, 1.0);
    for _ in 0..30 {
        let t = (lo + hi) / 2.0;
        let l = luminance(mix(color, toward, t));
        if (l < target) == lighter {
            lo = t;
        } else {
            hi = t;
        }
    }
    mix(color, toward, lo)
}

/// `#rrggbb`.
pub fn hex(color: RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", color.0, color.1, color.2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_power_without_pow_is_powf() {
        for v in 11..=255u8 {
            let x = (f64::from(v) / 255.0 + 0.055) / 1.055;
            let (ours, std) = (pow_2_4(x), x.powf(2.4));
            assert!(
                (ours - std).abs() <= 1e-15 * std.max(1e-3),
                "{v}: {ours} against {std}"
            );
        }
        assert_eq!(pow_2_4(1.0), 1.0);
    }

    #[test]
    fn every_mark_keeps_3_to_1_against_both_backgrounds() {
        let mut checked = 0;
        for (city, index) in [
            ("kaohsiung", 0),
            ("taichung", 1),
            ("a", 2),
            ("b", 3),
            ("c", 4),
        ] {
            let base = city_color(city, index);
            let mut seen = vec![];
            for step in 0..12 {
                let c = shade(base, step);
                for bg in [Ink::LIGHT.background, Ink::DARK.background] {
                    let ratio = contrast(c, bg);
                    assert!(
                        ratio >= MIN_CONTRAST,
                        "{city} step {step} {}: {ratio:.2} against {}",
                        hex(c),
                        hex(bg)
                    );
                    checked += 1;
                }
                seen.push(c);
            }
            // The first four years of a city are four different shades.
            seen.truncate(4);
            seen.dedup();
            assert_eq!(
                seen.len(),
                4,
                "{city}: {:?}",
                seen.iter().map(|c| hex(*c)).collect::<Vec<_>>()
            );
        }
        assert_eq!(checked, 120);
        // Known values: WCAG's own examples.
        assert!((contrast(RGBColor(0, 0, 0), RGBColor(255, 255, 255)) - 21.0).abs() < 1e-9);
        assert!((contrast(RGBColor(0, 114, 178), RGBColor(255, 255, 255)) - 5.18).abs() < 0.01);
    }
}
