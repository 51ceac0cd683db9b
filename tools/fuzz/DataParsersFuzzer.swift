// libFuzzer target for the NKData parsers: gzip/DEFLATE, IDX, CSV, USPS, CIFAR-10 and the table readers.
// The first input byte picks the parser; every input must give a result or a NeuralKitError, never a trap.
// Build and run with tools/fuzz/run.sh (Linux, swiftc -sanitize=fuzzer,address).
import Foundation
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let mode = bytes.first else { return 0 }
    let body = Array(bytes.dropFirst())
    switch mode % 6 {
    case 0: _ = try? Inflate.decompress(body, file: "f")
    case 1: _ = try? Gzip.decompress([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3] + body, file: "f")
    case 2: _ = try? IDXReader.images(body, file: "f"); _ = try? IDXReader.labels(body, file: "f")
    case 3: _ = try? CSVTable.parse(body, targets: 1, file: "f", classLabels: true); _ = try? USPSReader.parse(body, file: "f")
    case 4: _ = try? TabularDatasets.california(body, file: "f", missing: .imputeMean); _ = try? TabularDatasets.airPassengers(body, file: "f", window: 2, testMonths: 1)
    default: _ = try? CIFAR10Reader.parse(body, file: "f"); _ = try? TabularDatasets.sklearnClassification(body, file: "f", name: "f"); _ = try? TabularDatasets.boston(body, file: "f")
    }
    return 0
}
