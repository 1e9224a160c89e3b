//! What the terms say, in words: clause kinds, levels, boundaries and segment labels.
