// Tests of Spelling: distances, the order of suggestions, and when a name is too far to suggest.

import Testing
import NKCore

@Suite struct SpellingTests {
    @Test func distancesCountEditsAndSwapsIgnoringCase() {
        #expect(Spelling.distance("train", "train") == 0)
        #expect(Spelling.distance("trian", "train") == 1)  // a swap of neighbours
        #expect(Spelling.distance("mnsit", "mnist") == 1)
        #expect(Spelling.distance("Lineer", "linear") == 1)
        #expect(Spelling.distance("", "abc") == 3 && Spelling.distance("abc", "") == 3)
        #expect(Spelling.distance("kitten", "sitting") == 3)
    }

    @Test func suggestionsAreTheClosestNameWhenCloseEnough() {
        let names = ["train", "evaluate", "summary", "gradcheck"]
        #expect(Spelling.suggestion(for: "trian", among: names) == "train")
        #expect(Spelling.suggestion(for: "sumary", among: names) == "summary")
        #expect(Spelling.suggestion(for: "blah", among: names) == nil)
        #expect(Spelling.closestFirst("mnsit", among: ["usps", "fashion-mnist", "mnist"]).first == "mnist")
    }
}
