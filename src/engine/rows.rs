//! Equal-length series stored in one allocation.

use std::ops::{Index, IndexMut};

/// A table of series of equal length (one per provider, or per clause), stored one
/// after another: row `i` is `data[i * len..(i + 1) * len]`. Indexes like a
/// `Vec<Vec<f64>>` (`rows[i][k]`), without an allocation per row.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rows {
    /// Number of series.
    count: usize,
    /// Length of each series.
    width: usize,
    data: Vec<f64>,
}

impl Rows {
    /// `rows` series of `len` zeros.
    pub fn zeros(rows: usize, len: usize) -> Self {
        Self {
            count: rows,
            width: len,
            data: vec![0.0; rows * len],
        }
    }

    /// `rows` series of `len` values from `data`, which holds them one after another.
    pub fn from_data(rows: usize, len: usize, data: Vec<f64>) -> Self {
        assert_eq!(data.len(), rows * len, "{rows} series of {len}");
        Self {
            count: rows,
            width: len,
            data,
        }
    }

    /// Makes this `rows` series of `len` zeros, keeping the memory it has.
    pub fn reset(&mut self, rows: usize, len: usize) {
        self.count = rows;
        self.width = len;
        self.data.clear();
        self.data.resize(rows * len, 0.0);
    }

    /// Makes this `rows` series of `len` values, keeping the memory it has and
    /// whatever values are in it: for callers that then write every value.
    pub fn reshape(&mut self, rows: usize, len: usize) {
        self.count = rows;
        self.width = len;
        self.data.resize(rows * len, 0.0);
    }

    /// All values, series after series.
    pub fn as_flat(&self) -> &[f64] {
        &self.data
    }

    /// All values, series after series, to change them.
    pub fn as_flat_mut(&mut self) -> &mut [f64] {
        &mut self.data
    }

    /// Number of series.
    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Length of each series.
    pub fn row_len(&self) -> usize {
        self.width
    }

    /// Series `i`, if there is one.
    pub fn get(&self, i: usize) -> Option<&[f64]> {
        (i < self.count).then(|| &self.data[i * self.width..(i + 1) * self.width])
    }

    /// The series in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &[f64]> + '_ {
        (0..self.count).map(|i| &self.data[i * self.width..(i + 1) * self.width])
    }

    /// The series in order, to change them.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut [f64]> + '_ {
        // `chunks_exact_mut` needs a non-zero size; with empty series there is nothing to change.
        let size = self.width.max(1);
        let count = if self.width == 0 { 0 } else { self.count };
        self.data.chunks_exact_mut(size).take(count)
    }
}

impl Index<usize> for Rows {
    type Output = [f64];

    fn index(&self, i: usize) -> &[f64] {
        assert!(i < self.count, "series {i} of {}", self.count);
        &self.data[i * self.width..(i + 1) * self.width]
    }
}

impl IndexMut<usize> for Rows {
    fn index_mut(&mut self, i: usize) -> &mut [f64] {
        assert!(i < self.count, "series {i} of {}", self.count);
        &mut self.data[i * self.width..(i + 1) * self.width]
    }
}

impl<'a> IntoIterator for &'a Rows {
    type Item = &'a [f64];
    type IntoIter = Box<dyn Iterator<Item = &'a [f64]> + 'a>;

    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_index_like_nested_vectors() {
        let mut r = Rows::zeros(3, 4);
        r[1][2] = 5.0;
        assert_eq!(r.len(), 3);
        assert_eq!(r[1], [0.0, 0.0, 5.0, 0.0]);
        assert_eq!(
            r.iter().map(<[f64]>::len).collect::<Vec<_>>(),
            vec![4, 4, 4]
        );
        assert_eq!(r.get(3), None);
        for row in r.iter_mut() {
            row[0] = 1.0;
        }
        assert_eq!(r[2][0], 1.0);
        // Reset to another shape: zeros again, in the new shape.
        r.reset(2, 2);
        assert_eq!(r.iter().collect::<Vec<_>>(), vec![[0.0; 2], [0.0; 2]]);
    }

    #[test]
    fn empty_series_still_count_as_rows() {
        let r = Rows::zeros(2, 0);
        assert_eq!(r.len(), 2);
        assert_eq!(r.iter().count(), 2);
        assert!(r[1].is_empty());
    }
}
