//! PNG renderings of chart SVGs, in native builds only (the WebAssembly
//! module never rasterises): resvg and tiny-skia, pure Rust, with the text in
//! the system's Noto Sans CJK (Debian's `fonts-noto-cjk`), the first family
//! the charts name.

use resvg::tiny_skia::{Color, Pixmap, Transform};
use resvg::usvg;

use super::{Rendered, Svg, CARD};
use crate::core::chart::FONT;

/// What rasterising needs: the system's fonts, checked for one of the
/// chart's CJK families.
pub struct Rasterizer {
    options: usvg::Options<'static>,
}

impl Rasterizer {
    /// Loads the system's fonts; fails, naming the families, when none of
    /// the chart's CJK families is installed (every Chinese glyph would be
    /// missing from the picture).
    pub fn new() -> Result<Rasterizer, String> {
        let mut options = usvg::Options::default();
        options.fontdb_mut().load_system_fonts();
        let cjk: Vec<&str> = FONT
            .split(',')
            .map(str::trim)
            .filter(|f| *f != "sans-serif")
            .collect();
        let found = options.fontdb.faces().find_map(|face| {
            face.families
                .iter()
                .find(|(name, _)| cjk.contains(&name.as_str()))
                .map(|(name, _)| name.clone())
        });
        let Some(family) = found else {
            return Err(format!(
                "render: no font of the chart's families ({}) is installed, so Chinese text \
                 cannot be drawn; install one (Debian: apt-get install fonts-noto-cjk)",
                cjk.join(", ")
            ));
        };
        // The SVG's generic `sans-serif` falls back to the same family.
        options.fontdb_mut().set_sans_serif_family(family);
        Ok(Rasterizer { options })
    }

    /// Draws `svg` onto a white `size` picture, scaled to fit and centred.
    pub fn pixmap(&self, svg: &Svg, size: (u32, u32)) -> Result<Pixmap, String> {
        let tree = usvg::Tree::from_str(&svg.text, &self.options)
            .map_err(|e| format!("render: the chart SVG could not be read: {e}"))?;
        let mut pixmap = Pixmap::new(size.0, size.1)
            .ok_or_else(|| format!("render: cannot make a {}×{} picture", size.0, size.1))?;
        pixmap.fill(Color::WHITE);
        let (w, h) = (tree.size().width(), tree.size().height());
        let scale = (size.0 as f32 / w).min(size.1 as f32 / h);
        let dx = (size.0 as f32 - w * scale) / 2.0;
        let dy = (size.1 as f32 - h * scale) / 2.0;
        let transform = Transform::from_scale(scale, scale).post_translate(dx, dy);
        resvg::render(&tree, transform, &mut pixmap.as_mut());
        Ok(pixmap)
    }

    /// The chart at its own size, as PNG.
    pub fn chart(&self, rendered: &Rendered) -> Result<Vec<u8>, String> {
        encode(&self.pixmap(&rendered.chart, rendered.chart.size)?)
    }

    /// The share card: the chart laid out for 1200×630 ([`Rendered::card`]), as PNG.
    pub fn card(&self, rendered: &Rendered) -> Result<Vec<u8>, String> {
        encode(&self.pixmap(&rendered.card()?, CARD)?)
    }
}

/// PNG bytes of a picture.
pub fn encode(pixmap: &Pixmap) -> Result<Vec<u8>, String> {
    pixmap
        .encode_png()
        .map_err(|e| format!("render: PNG encoding failed: {e}"))
}
