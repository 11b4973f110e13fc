//! The charts' drawing backend on a `<canvas>`: plotters' `DrawingBackend`
//! on a 2D context, in place of the `plotters-canvas` crate.
//!
//! It draws the same shapes the same way, with two differences that were
//! measured (docs/performance.md):
//! - it sets the fill and stroke colour, the line width, the font, the
//!   alignment and the baseline only when they change (`plotters-canvas`
//!   sets each for every bar and every label: hundreds of calls into the
//!   browser, each with a string to build and the browser to parse);
//! - it writes the colour's alpha and the font's size without Rust's float
//!   formatting, which the widget's module then need not carry.

use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontTransform,
};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// A canvas's 2D context as a plotters backend.
pub struct Canvas {
    context: CanvasRenderingContext2d,
    size: (u32, u32),
    /// What the context was last given (`None`: not yet, or no longer
    /// known), so that an unchanged one is not set again.
    fill: Option<String>,
    stroke: Option<(String, u32)>,
    font: Option<String>,
    anchor: Option<(&'static str, &'static str)>,
}

/// A drawing call the browser refused, with its message.
#[derive(Debug)]
pub struct CanvasError(String);

impl std::fmt::Display for CanvasError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "canvas: {}", self.0)
    }
}

impl std::error::Error for CanvasError {}

type Drawn = Result<(), DrawingErrorKind<CanvasError>>;

fn refused(e: JsValue) -> DrawingErrorKind<CanvasError> {
    let message = js_sys::JSON::stringify(&e).map_or_else(|_| "unknown".to_owned(), String::from);
    DrawingErrorKind::DrawingError(CanvasError(message))
}

/// `n` hundredths as a decimal: 1950 → "19.5", 100 → "1".
fn hundredths(n: u32) -> String {
    match n % 100 {
        0 => format!("{}", n / 100),
        r if r % 10 == 0 => format!("{}.{}", n / 100, r / 10),
        r => format!("{}.{r:02}", n / 100),
    }
}

/// A colour as CSS: `rgba(31,119,180,1)`.
pub fn css_color(color: BackendColor) -> String {
    let (r, g, b) = color.rgb;
    let alpha = (color.alpha.clamp(0.0, 1.0) * 100.0).round() as u32;
    format!("rgba({r},{g},{b},{})", hundredths(alpha))
}

/// A font as CSS: `bold 19.5px Noto Sans CJK TC, …`.
pub fn css_font(style: &str, size: f64, family: &str) -> String {
    let size = (size.max(0.0) * 100.0).round() as u32;
    format!("{style} {}px {family}", hundredths(size))
}

/// Moves a vertical or horizontal line half a pixel, so that a one-pixel
/// line covers one row or column of pixels instead of two half-lit ones
/// (as `plotters-canvas` does).
fn crisp(from: BackendCoord, to: BackendCoord) -> ((f64, f64), (f64, f64)) {
    let mut from = (f64::from(from.0), f64::from(from.1));
    let mut to = (f64::from(to.0), f64::from(to.1));
    if from.0 == to.0 {
        from.0 -= 0.5;
        to.0 -= 0.5;
    }
    if from.1 == to.1 {
        from.1 -= 0.5;
        to.1 -= 0.5;
    }
    (from, to)
}

impl Canvas {
    /// The backend for `canvas`, at its current size; `None` where it has
    /// no 2D context.
    pub fn new(canvas: &HtmlCanvasElement) -> Option<Self> {
        let context = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        Some(Canvas {
            context,
            size: (canvas.width(), canvas.height()),
            fill: None,
            stroke: None,
            font: None,
            anchor: None,
        })
    }

    fn set_fill(&mut self, color: BackendColor) {
        let css = css_color(color);
        if self.fill.as_deref() != Some(css.as_str()) {
            self.context.set_fill_style_str(&css);
            self.fill = Some(css);
        }
    }

    fn set_stroke<S: BackendStyle>(&mut self, style: &S) {
        let now = (css_color(style.color()), style.stroke_width());
        if self.stroke.as_ref() != Some(&now) {
            self.context.set_stroke_style_str(&now.0);
            self.context.set_line_width(f64::from(now.1));
            self.stroke = Some(now);
        }
    }

    /// The style of a shape drawn filled (`fill`) or outlined.
    fn set_paint<S: BackendStyle>(&mut self, style: &S, fill: bool) {
        if fill {
            self.set_fill(style.color());
        } else {
            self.set_stroke(style);
        }
    }

    /// A path through `points`, begun (and closed, `close`).
    fn path(&self, points: impl IntoIterator<Item = BackendCoord>, close: bool) {
        self.context.begin_path();
        let mut points = points.into_iter();
        if let Some(start) = points.next() {
            self.context.move_to(f64::from(start.0), f64::from(start.1));
            for p in points {
                self.context.line_to(f64::from(p.0), f64::from(p.1));
            }
            if close {
                self.context.close_path();
            }
        }
    }
}

impl DrawingBackend for Canvas {
    type ErrorType = CanvasError;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Drawn {
        Ok(())
    }

    fn present(&mut self) -> Drawn {
        Ok(())
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Drawn {
        if color.alpha > 0.0 {
            self.set_fill(color);
            self.context
                .fill_rect(f64::from(point.0), f64::from(point.1), 1.0, 1.0);
        }
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Drawn {
        if style.color().alpha > 0.0 {
            let (from, to) = crisp(from, to);
            self.set_stroke(style);
            self.context.begin_path();
            self.context.move_to(from.0, from.1);
            self.context.line_to(to.0, to.1);
            self.context.stroke();
        }
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Drawn {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let (x, y) = (f64::from(upper_left.0), f64::from(upper_left.1));
        let w = f64::from(bottom_right.0 - upper_left.0);
        let h = f64::from(bottom_right.1 - upper_left.1);
        self.set_paint(style, fill);
        if fill {
            self.context.fill_rect(x, y, w, h);
        } else {
            self.context.stroke_rect(x, y, w, h);
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Drawn {
        if style.color().alpha > 0.0 {
            self.set_stroke(style);
            self.path(path, false);
            self.context.stroke();
        }
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Drawn {
        if style.color().alpha > 0.0 {
            self.set_fill(style.color());
            self.path(path, true);
            self.context.fill();
        }
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Drawn {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        self.set_paint(style, fill);
        self.context.begin_path();
        self.context
            .arc(
                f64::from(center.0),
                f64::from(center.1),
                f64::from(radius),
                0.0,
                std::f64::consts::TAU,
            )
            .map_err(refused)?;
        if fill {
            self.context.fill();
        } else {
            self.context.stroke();
        }
        Ok(())
    }

    fn draw_text<T: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &T,
        pos: BackendCoord,
    ) -> Drawn {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let turn = match style.transform() {
            FontTransform::None => 0.0,
            FontTransform::Rotate90 => 0.25,
            FontTransform::Rotate180 => 0.5,
            FontTransform::Rotate270 => 0.75,
        };
        let (mut x, mut y) = (f64::from(pos.0), f64::from(pos.1));
        if turn != 0.0 {
            // Drawn turned about its position; `restore` puts back every
            // setting the context had, so none is known after it.
            self.context.save();
            self.context.translate(x, y).map_err(refused)?;
            self.context
                .rotate(turn * std::f64::consts::TAU)
                .map_err(refused)?;
            (x, y) = (0.0, 0.0);
        }
        let anchor = (
            match style.anchor().h_pos {
                HPos::Left => "start",
                HPos::Right => "end",
                HPos::Center => "center",
            },
            match style.anchor().v_pos {
                VPos::Top => "top",
                VPos::Center => "middle",
                VPos::Bottom => "bottom",
            },
        );
        if self.anchor != Some(anchor) {
            self.context.set_text_align(anchor.0);
            self.context.set_text_baseline(anchor.1);
            self.anchor = Some(anchor);
        }
        self.set_fill(style.color());
        let font = css_font(
            style.style().as_str(),
            style.size(),
            style.family().as_str(),
        );
        if self.font.as_deref() != Some(font.as_str()) {
            self.context.set_font(&font);
            self.font = Some(font);
        }
        let drawn = self.context.fill_text(text, x, y).map_err(refused);
        if turn != 0.0 {
            self.context.restore();
            (self.fill, self.stroke, self.font, self.anchor) = (None, None, None, None);
        }
        drawn
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_and_fonts_are_written_without_float_formatting() {
        let color = |alpha| BackendColor {
            alpha,
            rgb: (31, 119, 180),
        };
        assert_eq!(css_color(color(1.0)), "rgba(31,119,180,1)");
        assert_eq!(css_color(color(0.5)), "rgba(31,119,180,0.5)");
        assert_eq!(css_color(color(0.25)), "rgba(31,119,180,0.25)");
        assert_eq!(css_color(color(0.05)), "rgba(31,119,180,0.05)");
        assert_eq!(css_color(color(2.0)), "rgba(31,119,180,1)");
        assert_eq!(
            css_font("bold", 19.5, "Noto Sans CJK TC"),
            "bold 19.5px Noto Sans CJK TC"
        );
        assert_eq!(css_font("normal", 13.0, "serif"), "normal 13px serif");
        assert_eq!(css_font("normal", 16.25, "serif"), "normal 16.25px serif");
        assert_eq!(
            css_font("normal", 13.0 * 1.1, "serif"),
            "normal 14.3px serif"
        );
    }
}
