//! Colour-blind-safe colours (Okabe & Ito), stable per city.

use plotters::style::RGBColor;

/// The Okabe–Ito palette without black and yellow (too light on white).
const OKABE_ITO: [RGBColor; 6] = [
    RGBColor(0, 114, 178),   // blue
    RGBColor(213, 94, 0),    // vermillion
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(204, 121, 167), // reddish purple
    RGBColor(230, 159, 0),   // orange
    RGBColor(86, 180, 233),  // sky blue
];

/// The colour of a city: Kaohsiung blue, Taichung vermillion, others by
/// their position among the data set's cities.
pub fn city_color(city: &str, index: usize) -> RGBColor {
    match city {
        "kaohsiung" => OKABE_ITO[0],
        "taichung" => OKABE_ITO[1],
        _ => OKABE_ITO[2 + index % (OKABE_ITO.len() - 2)],
    }
}

/// A lighter shade of `color` for the `step`-th earlier year of the same city
/// (0 = the colour itself), so years of one city read as one family.
pub fn shade(color: RGBColor, step: usize) -> RGBColor {
    let t = (step as f64 * 0.3).min(0.7);
    let mix = |c: u8| (f64::from(c) + (255.0 - f64::from(c)) * t).round() as u8;
    RGBColor(mix(color.0), mix(color.1), mix(color.2))
}

/// `#rrggbb`.
pub fn hex(color: RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", color.0, color.1, color.2)
}
