// MissingValuePolicy: what a table reader does with empty numeric cells.

/// What to do with empty numeric cells (California housing's 207 missing `total_bedrooms`).
public enum MissingValuePolicy: String, Sendable, CaseIterable {
    /// Drop every row that has a missing value (20,433 California rows remain).
    case drop
    /// Replace a missing value by the mean of its column over the rows where it is present.
    /// (Computed over the whole file: the table has no published split. Split afterwards.)
    case imputeMean = "impute-mean"
    /// Throw an error naming the file, line and column of the first missing value.
    case error
}
