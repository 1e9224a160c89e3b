//! The timeline's view model: lanes grouped by topic, segments with their labels and colours, markers and the legend.
