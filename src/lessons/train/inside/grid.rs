//! Where tiles sit on a feature-map canvas, and which unit a click lands on. Maps are `h x w`
//! tiles, one per channel, in rows of `cols` with 1-pixel gaps; a fully connected layer's units
//! are 1x1 tiles.

/// The tiling of one layer's maps on a canvas (in canvas pixels).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TileGrid {
    pub h: usize,
    pub w: usize,
    pub tiles: usize,
    pub cols: usize,
}

impl TileGrid {
    /// `tiles` maps of `h x w` in rows of at most `cols`.
    pub fn new(h: usize, w: usize, tiles: usize, cols: usize) -> Self {
        let cols = cols.max(1).min(tiles.max(1));
        TileGrid { h, w, tiles, cols }
    }

    /// The grid the page uses for a layer of shape `(h, w, c)`: 8 maps a row (as many units a
    /// row as fit a square, at most 16, for a fully connected layer).
    pub fn for_shape((h, w, c): (usize, usize, usize)) -> Self {
        let cols = if h == 1 && w == 1 {
            ((c as f64).sqrt().ceil() as usize).clamp(1, 16)
        } else {
            8
        };
        Self::new(h, w, c, cols)
    }

    pub fn rows(&self) -> usize {
        self.tiles.div_ceil(self.cols).max(1)
    }

    /// Canvas `(width, height)`.
    pub fn size(&self) -> (usize, usize) {
        (self.cols * (self.w + 1) - 1, self.rows() * (self.h + 1) - 1)
    }

    /// Top-left canvas pixel of tile `t`.
    pub fn origin(&self, t: usize) -> (usize, usize) {
        (
            (t % self.cols) * (self.w + 1),
            (t / self.cols) * (self.h + 1),
        )
    }

    /// The `(tile, row, col)` under canvas pixel `(x, y)`; `None` on a gap or past the last tile.
    pub fn locate(&self, x: usize, y: usize) -> Option<(usize, usize, usize)> {
        let (tx, ty) = (x / (self.w + 1), y / (self.h + 1));
        let (col, row) = (x % (self.w + 1), y % (self.h + 1));
        let t = ty * self.cols + tx;
        (tx < self.cols && col < self.w && row < self.h && t < self.tiles).then_some((t, row, col))
    }
}
