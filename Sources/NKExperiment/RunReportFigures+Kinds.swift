// The figure kinds of a run's report (see RunReportFigures for the registry that lists them).

import NKAnalysis
import NKCore
import NKData
import NKPlot
import NKTrain

/// Loss per epoch, every run.
struct LossCurvesFigure: RunReportFigure {
    func add(to c: inout RunReportContent, _ run: RunReportContext) throws {
        let baseline = run.outcome.evaluations.first { $0.split == run.heldOut }?.meanBaseline.map { (split: run.heldOut, loss: Double($0)) }
        c.add(
            "loss.svg",
            RunFigures.lossCurves(
                [(name: "run", history: run.outcome.history)], loss: run.outcome.specification.loss, baseline: baseline,
                standardisedTargets: run.outcome.data.preprocessing.transformsTargets),
            "Loss after each epoch: training (solid; the mean over the epoch's batches, each taken before its update)\(run.heldOutCurves)."
                + (baseline.map { " The grey dotted line (mean predictor) is the \($0.split.rawValue) loss of always predicting the training mean, the baseline a model must beat." } ?? ""))
    }
}

/// Accuracy per epoch, when accuracy was measured.
struct AccuracyCurvesFigure: RunReportFigure {
    func add(to c: inout RunReportContent, _ run: RunReportContext) throws {
        guard let accuracy = RunFigures.accuracyCurves([(name: "run", history: run.outcome.history)]) else { return }
        c.add("accuracy.svg", accuracy, "Accuracy after each epoch: training (solid; measured on each batch before its update)\(run.heldOutCurves). The axis is zoomed to the data.")
    }
}

/// The loss of every batch, when batches were recorded.
struct BatchLossFigure: RunReportFigure {
    func add(to c: inout RunReportContent, _ run: RunReportContext) throws {
        guard let batches = RunFigures.batchLossCurve(run.outcome.batchLosses) else { return }
        let smoothing = RunFigures.BatchSmoothing(run.outcome.batchLosses)
        let how =
            (smoothing.logSpace ? "the geometric mean (the mean in log space)" : "the mean")
            + " of the \(smoothing.batches) batches centred on each one, \(smoothing.epochText); near the ends, where the window is cut short, the line fitted to it"
        c.add(
            "batch_loss.svg", batches,
            "The loss of every training batch (light) and its smoothed curve (solid: \(how)), against the epoch: the noise of stochastic gradient descent that the per-epoch means hide."
        )
    }
}

/// Classifiers: the confusion matrix, in counts and normalised by true class.
struct ConfusionFigures: RunReportFigure {
    func add(to c: inout RunReportContent, _ run: RunReportContext) throws {
        guard let (predictions, classCount) = try run.classification() else { return }
        let confusion = try RunFigures.confusion(predictions, classCount: classCount)
        c.add(
            "confusion.svg", confusion,
            "Confusion matrix of the final model on the \(run.heldOutName) data: rows are true classes, columns predicted ones. Correct predictions (the diagonal) are blue; errors are vermillion on a scale of their own, up to the largest error count, so that a few errors still show."
        )
        c.pngs.append(("confusion.png", try confusion.png()))
        c.add(
            "confusion_normalised.svg", try RunFigures.normalizedConfusion(predictions, classCount: classCount),
            "The same matrix with each row divided by its total, in per cent: the diagonal (blue, 0–100 %) is each class's recall, the rest (vermillion, on its own scale up to the largest error) shows where its samples went."
        )
    }
}

/// Classifiers: precision, recall and F1 per class (also the report's per-class table).
struct ClassScoresFigure: RunReportFigure {
    func add(to c: inout RunReportContent, _ run: RunReportContext) throws {
        guard let (predictions, classCount) = try run.classification() else { return }
        let scores = try RunFigures.classScores(predictions, classCount: classCount)
        c.classScores = (run.heldOut, scores)
        c.classNames = predictions.classNames(classCount)
        c.add(
            "class_scores.svg", RunFigures.classScoresFigure(predictions, scores: scores),
            "Precision (of the samples predicted as the class, the share that are), recall (of the class's samples, the share found) and their harmonic mean F1, per class on the \(run.heldOutName) data; the number of samples beside each class."
        )
    }
}

/// Classifiers of images: the mistakes the model was surest of.
struct MisclassifiedFigure: RunReportFigure {
    func add(to c: inout RunReportContent, _ run: RunReportContext) throws {
        guard let (predictions, _) = try run.classification(),
            let mistakes = try RunFigures.misclassified(
                predictions, network: run.outcome.network, sampleShape: run.judged.sampleShape,
                images: try run.outcome.data.part(run.heldOut).inputs)
        else { return }
        c.add(
            "misclassified.svg", mistakes,
            "The \(run.heldOutName) samples the model got wrong with the highest confidence, surest first: true class → predicted class (the probability the model gave it).")
    }
}

/// Classifiers of points in the plane: the decision boundary.
struct DecisionBoundaryFigure: RunReportFigure {
    func add(to c: inout RunReportContent, _ run: RunReportContext) throws {
        guard run.isClassifier, let decision = run.outcome.decision, run.outcome.encoded.train.featureCount == 2 else { return }
        let boundary = try RunFigures.decisionBoundary(network: run.outcome.network, part: run.outcome.encoded.train, decision: decision)
        c.add(
            "decision_boundary.svg", boundary,
            "The class the final model gives to every point of the plane, with the training points on top: the shading deepens with the probability of that class (white where the two likeliest classes are equally likely), and the dark line is the boundary, where they tie (p = 0.5 for two classes)."
        )
        c.pngs.append(("decision_boundary.png", try boundary.png()))
    }
}

/// Regressions: predicted against actual, residuals, and the forecast of a time series.
struct RegressionFigures: RunReportFigure {
    func add(to c: inout RunReportContent, _ run: RunReportContext) throws {
        guard let predictions = try run.regression() else { return }
        c.add(
            "predicted_vs_actual.svg", RunFigures.predictedVersusActual(predictions),
            "The final model's prediction against the true value for each \(run.heldOutName) sample, in the target's own units\(predictions.restored ? " (the standardisation of the targets undone)" : ""); points on the dashed line y = x are exact, and the dotted line is the baseline that always predicts the training mean."
        )
        c.add(
            "residuals.svg", RunFigures.residuals(predictions),
            "Residuals (true minus predicted value) of the \(run.heldOutName) samples against the prediction: a trend or a funnel is structure the model missed.")
        if run.outcome.data.source.isTimeOrdered,
            let forecast = try RunFigures.forecast(network: run.outcome.network, data: run.outcome.encoded, test: run.heldOut == .test ? predictions : nil)
        {
            c.add("forecast.svg", forecast, "The series (black) and the model's one-step predictions from the preceding window, over the training windows (solid) and the test windows (dotted).")
        }
    }
}

/// Image data: the first training samples.
struct SamplesFigure: RunReportFigure {
    func add(to c: inout RunReportContent, _ run: RunReportContext) throws {
        let train = run.outcome.data.train
        guard let samples = try RunFigures.samples(train, count: run.sampleCount) else { return }
        c.add("samples.svg", samples, train.targets.rowSize == 1 ? "The first training samples with their labels." : "The first training samples.")
    }
}

/// Autoencoders: reconstructions and the code space.
struct ReconstructionFigures: RunReportFigure {
    func add(to c: inout RunReportContent, _ run: RunReportContext) throws {
        guard run.outcome.specification.reconstruct else { return }
        if let comparison = try RunFigures.reconstructions(run.outcome.network, part: run.judged) {
            c.add("reconstructions.svg", comparison, "The first \(run.heldOutName) samples (top) and the autoencoder's reconstructions of them (bottom).")
        }
        if let latent = try RunFigures.latentSpace(run.outcome.network, part: try run.outcome.data.part(run.heldOut), seed: run.outcome.specification.seed) {
            c.add(
                "code_space.svg", latent,
                "The \(run.heldOutName) samples' codes at the autoencoder's narrowest layer, coloured by class (their first two principal components when the code has more than two units).")
        }
    }
}

/// Image inputs: the first Linear layer's weights as images.
struct FirstLayerWeightsFigure: RunReportFigure {
    func add(to c: inout RunReportContent, _ run: RunReportContext) throws {
        guard let weights = try RunFigures.firstLayerWeights(run.outcome.network, sampleShape: run.outcome.data.train.sampleShape) else { return }
        c.add("first_layer_weights.svg", weights, "The weights of the first layer's units, each drawn as an image of its input (symmetric scale: mid-grey is 0, lighter is positive, darker negative).")
    }
}

/// Convolutional nets: the first convolution's kernels.
struct ConvolutionFiltersFigure: RunReportFigure {
    func add(to c: inout RunReportContent, _ run: RunReportContext) throws {
        guard let filters = try RunFigures.convolutionFilters(run.outcome.network) else { return }
        c.add("conv_filters.svg", filters, "The kernels the first convolution learned, one per output channel (symmetric scale: mid-grey is 0, lighter positive, darker negative).")
    }
}
