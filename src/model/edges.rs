//! Moving a clause's period start or end, as an edit of the agreement.
