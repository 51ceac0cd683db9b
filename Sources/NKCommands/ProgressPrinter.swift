// Training progress on the terminal: a redrawn bar on a TTY, one line per epoch otherwise.

import Foundation
import NeuralKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Prints training progress according to `--verbose`:
/// 0 nothing; 1 a bar redrawn in place when standard output is a terminal, else one line per epoch;
/// 2 one line per epoch and a JSON line with the same numbers.
final class ProgressPrinter {
    let verbose: Int
    let epochs: Int
    let isTerminal = isatty(STDOUT_FILENO) == 1
    private var lastDraw = 0.0

    init(verbose: Int, epochs: Int) {
        self.verbose = verbose
        self.epochs = epochs
    }

    private var drawsBar: Bool { verbose == 1 && isTerminal }

    func batchDone(_ p: TrainingProgress) {
        guard drawsBar else { return }
        let now = Date().timeIntervalSinceReferenceDate
        guard now - lastDraw > 0.05 || p.batch == p.batches else { return }
        lastDraw = now
        let bar = progressBar(done: p.batch, total: p.batches, width: 30)
        let text = String(format: "\rEpoch %ld/%ld %@ %ld/%ld loss %.4f ", p.epoch, epochs, bar, p.batch, p.batches, Double(p.runningLoss))
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    func epochDone(_ m: EpochMetrics) {
        switch verbose {
        case 0: return
        case 1 where isTerminal:
            // Keep the bar line only for the last epoch; earlier ones become plain lines.
            FileHandle.standardOutput.write(Data("\r\u{1B}[K".utf8))
            print(EpochLine.line(m, epochs: epochs))
        default:
            print(EpochLine.line(m, epochs: epochs))
            if verbose == 2 { print(HistoryFile.jsonLine(m)) }
        }
        fflush(nil)
    }

    func finish() { fflush(nil) }
}

/// The text forms of one epoch's metrics.
enum EpochLine {
    static func line(_ m: EpochMetrics, epochs: Int) -> String {
        var s = String(format: "Epoch %ld/%ld  loss %.6f", m.epoch, epochs, Double(m.trainLoss))
        if let a = m.trainAccuracy { s += String(format: "  acc %.2f%%", Double(a) * 100) }
        if let l = m.validationLoss { s += String(format: "  val loss %.6f", Double(l)) }
        if let a = m.validationAccuracy { s += String(format: "  val acc %.2f%%", Double(a) * 100) }
        if let l = m.testLoss { s += String(format: "  test loss %.6f", Double(l)) }
        if let a = m.testAccuracy { s += String(format: "  test acc %.2f%%", Double(a) * 100) }
        return s + String(format: "  (%.2fs)", m.seconds)
    }
}
