// Base64 and data: URIs, for PNGs inlined into SVG figures and HTML reports.
import Foundation

/// `data:` URIs, so that figures and reports need no separate files.
public enum DataURI {
    /// `data:image/png;base64,…` for PNG bytes.
    public static func png(_ bytes: [UInt8]) -> String {
        "data:image/png;base64," + Data(bytes).base64EncodedString()
    }
}
