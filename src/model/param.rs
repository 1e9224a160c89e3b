//! Addressable inputs: any numeric input of an agreement, named by item id and field.
