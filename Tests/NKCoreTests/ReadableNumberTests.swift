// Tests of ReadableNumber: the one way reports write numbers for people.

import Testing
@testable import NKCore

@Suite struct ReadableNumberTests {
    @Test func significantDigitsWithoutFloatNoise() {
        #expect(ReadableNumber.text(Float(0.43879998)) == "0.4388")
        #expect(ReadableNumber.text(0.1) == "0.1" && ReadableNumber.text(Float(0.1)) == "0.1")
        #expect(ReadableNumber.text(0.006283) == "0.006283" && ReadableNumber.text(0.02129) == "0.02129")
        #expect(ReadableNumber.text(1.5) == "1.5" && ReadableNumber.text(2) == "2" && ReadableNumber.text(0) == "0")
        #expect(ReadableNumber.text(-95.2371) == "-95.24")
        #expect(ReadableNumber.text(12345.678) == "12346" && ReadableNumber.text(1234.6) == "1235")
        #expect(ReadableNumber.text(0.00001234) == "1.234e-5" && ReadableNumber.text(3e20) == "3e20")
        #expect(ReadableNumber.text(0.123456, digits: 2) == "0.12" && ReadableNumber.text(Float(255), digits: 7) == "255")
        #expect(ReadableNumber.text(Double.nan) == "NaN" && ReadableNumber.text(-Double.infinity) == "−∞")
    }

    @Test func percentagesAndCounts() {
        #expect(ReadableNumber.percent(0.97531) == "97.53 %" && ReadableNumber.percent(1) == "100.00 %")
        #expect(ReadableNumber.percent(0.991, decimals: 1) == "99.1 %")
        #expect(ReadableNumber.count(1, "column") == "1 column" && ReadableNumber.count(2, "column") == "2 columns")
        #expect(ReadableNumber.count(0, "feature") == "0 features" && ReadableNumber.count(3, "axis", plural: "axes") == "3 axes")
    }
}
