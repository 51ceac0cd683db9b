// Tests for CSVTable: separators, headers, line ends, and every error with its file and line.

import Foundation
import Testing
import NKTestSupport
import NeuralKit

@Suite struct CSVTableTests {
    @Test func commaWithQuotedHeaderAndTwoTargets() throws {
        let text = "\"sepal, length\",width,\"say \"\"hi\"\"\",y\n1,2,3,4\n5.5,-6e-1,7,8\n"
        let table = try CSVTable.parse(text, targets: 2)
        #expect(table.columnNames == ["sepal, length", "width", "say \"hi\"", "y"])
        #expect(table.inputs == Tensor(shape: [2, 2], scalars: [1, 2, 5.5, -0.6]))
        #expect(table.targets == Tensor(shape: [2, 2], scalars: [3, 4, 7, 8]))
    }

    @Test func noHeaderCRLFBlankLinesNoFinalNewline() throws {
        let table = try CSVTable.parse("\r\n1, 2 ,3\r\n\r\n  \r\n4,5,6", targets: 1)
        #expect(table.columnNames == nil)
        #expect(table.inputs == Tensor(shape: [2, 2], scalars: [1, 2, 4, 5]))
        #expect(table.targets == Tensor(shape: [2, 1], scalars: [3, 6]))
    }

    @Test func semicolonWhitespaceBOMAndQuotedNumbers() throws {
        #expect(try CSVTable.parse("a;b\n1;2\n", targets: 1).inputs == Tensor(shape: [1, 1], scalars: [1]))
        let spaced = try CSVTable.parse("1 2\t 3\n4\t5   6  \n", targets: 1)
        #expect(spaced.inputs == Tensor(shape: [2, 2], scalars: [1, 2, 4, 5]))
        let bom = try CSVTable.parse(Array("\u{FEFF}x,y\n\"1\",2\n".utf8), targets: 1, file: "bom.csv")
        #expect(bom.columnNames == ["x", "y"] && bom.inputs.scalars == [1] && bom.targets.scalars == [2])
        let noTargets = try CSVTable.parse("1,2\n3,4\n", targets: 0)
        #expect(noTargets.inputs.shape == [2, 2] && noTargets.targets.shape == [2, 0])
    }

    func expectDataError(_ text: String, targets: Int = 1, mentioning words: String...) {
        do {
            _ = try CSVTable.parse(text, targets: targets, file: "data.csv")
            Issue.record("parsing should fail: \(text.debugDescription)")
        } catch let error as NeuralKitError {
            #expect(error.message.contains("data.csv"), "\(error.message)")
            for w in words { #expect(error.message.contains(w), "\(error.message)") }
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func errorsNameTheFileLineAndColumn() {
        expectDataError("", mentioning: "empty")
        expectDataError("\n  \n\r\n", mentioning: "empty")
        expectDataError("a,b\n", mentioning: "no data rows")
        expectDataError("a,b\n1,2\n\n3,x\n", mentioning: "line 4", "column 2", "\"b\"", "'x'")
        expectDataError("1,2\n3,,4\n", mentioning: "line 2")
        expectDataError("1,2,3\n4,5\n", mentioning: "line 2", "2 columns", "expected 3")
        expectDataError("1,2,3\n4,5,6,7\n", mentioning: "line 2", "4 columns")
        expectDataError("1,2\n", targets: 2, mentioning: "2 columns", "2 target")
        expectDataError("1,2\n3,nan\n", mentioning: "line 2", "column 2")
        expectDataError("1,2\n3,4,\n", mentioning: "line 2")
    }

    @Test func numbersParseAsCorrectlyRoundedDoublesNarrowedToFloat() throws {
        // Decimal, integer, signed, exponent and long forms, against Swift's own parser.
        var rng = RandomGenerator(seed: 12)
        var cells = ["0", "-0", "+7", "007", ".5", "5.", "1e-3", "-2.5E+4", "0.1", "123456789012345", "1234567890123456789", "3.4028235e38"]
        for _ in 0..<500 {
            let v = (rng.nextUnitDouble() - 0.5) * pow(10, Double(Int(rng.next() % 12)) - 4)
            cells.append(String(format: "%.\(rng.next() % 16)f", v))
        }
        let table = try CSVTable.parse(cells.joined(separator: "\n"), targets: 0)
        #expect(table.inputs.count == cells.count)
        for (cell, value) in zip(cells, table.inputs.scalars) {
            #expect(value.bitPattern == Float(Double(cell)!).bitPattern, "\(cell)")
        }
    }

    @Test func loadsFromAFileAndReportsItsPath() throws {
        let dir = try TemporaryFolder.make("nkdata")
        let url = dir.appendingPathComponent("t.csv")
        try Data("x1,x2,label\n0.5,1,0\n2,3,1\n".utf8).write(to: url)
        let table = try CSVTable.load(url: url, targets: 1)
        #expect(table.inputs == Tensor(shape: [2, 2], scalars: [0.5, 1, 2, 3]))
        #expect(table.targets.scalars == [0, 1])
        let missing = dir.appendingPathComponent("missing.csv")
        #expect { try CSVTable.load(url: missing, targets: 1) } throws: { error in
            (error as? NeuralKitError)?.message.contains(missing.path) == true
        }
    }
}
