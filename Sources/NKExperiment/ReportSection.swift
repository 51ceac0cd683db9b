// ReportSection: the sections every NeuralKit report shares, in the one order they all appear in.

import NKPlot

/// A section of a report. A run's report, a live run's, an RBM's and a sweep's index all lay their
/// content out in these sections, in this order, each with a heading the contents list links to; a
/// report leaves out the sections it has nothing for.
///
/// A figure kind of a run's report (`RunReportFigure`) says which section it belongs to.
public enum ReportSection: Int, CaseIterable, Comparable, Sendable {
    /// How well the final model does: the scores per part, and figures of its predictions.
    case results
    /// Per-epoch (and per-batch) curves of the training.
    case curves
    /// Scores and figures class by class (classifiers).
    case perClass
    /// The data and what the model learned from it: samples, reconstructions, weights, codes.
    case samples
    /// How the run was set up, and the files beside the report.
    case configuration

    /// The section's heading.
    public var heading: String {
        switch self {
        case .results: "Results"
        case .curves: "Curves"
        case .perClass: "Per class"
        case .samples: "Samples and weights"
        case .configuration: "Configuration"
        }
    }

    /// The anchor of the section in the page (`#per-class`).
    public var id: String {
        switch self {
        case .perClass: "per-class"
        case .samples: "samples"
        default: "\(self)"
        }
    }

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

extension HTMLReport {
    /// Opens `section` (its heading and anchor), with an optional paragraph.
    public mutating func addSection(_ section: ReportSection, text: String? = nil) {
        addSection(section.heading, id: section.id, text: text)
    }
}
