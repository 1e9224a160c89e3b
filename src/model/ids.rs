//! Ids: unique ones for new items, and renaming an id with every reference to it.
