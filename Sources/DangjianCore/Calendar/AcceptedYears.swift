/// The years a caller may name in a query or a form: from 1949, the earliest records a county keeps here, to next
/// year (a year is fixed and planned ahead). Anything else is refused at the door, so that no calculation ever meets
/// a year of 1 or of 9,223,372,036,854,775,807.
public enum AcceptedYears {
    public static let first = 1949

    public static func range(today: CalendarDate) -> ClosedRange<Int> { first...(today.year + 1) }

    /// `年份应在 1949–2027 之间`, for the field that carried the year.
    public static func problem(today: CalendarDate) -> String {
        let range = range(today: today)
        return "年份应在 \(range.lowerBound)–\(range.upperBound) 之间"
    }
}
