import Foundation

/// Minutes of the day in China Standard Time (UTC+8), written and read the way the pages show them: `2026-12-01 09:00`.
/// One place for what the contest clock, the demand timeline and the forms each did with their own calendars.
public enum ChinaClock {
    private static let offset = 8 * 3600

    /// `2026-12-01 09:00` for seconds since 1970.
    public static func text(_ seconds: Double) -> String {
        // Years 1–9999 at most: a stored number nobody checked must not stop the process.
        let whole = Int(seconds.isFinite ? min(max(seconds, -62_135_596_800), 253_402_271_999).rounded(.down) : 0) + offset
        let days = whole >= 0 ? whole / 86_400 : (whole - 86_399) / 86_400
        let minutes = (whole - days * 86_400) / 60
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(CalendarDate(daysSinceEpoch: days)) \(two(minutes / 60)):\(two(minutes % 60))"
    }

    /// Seconds since 1970 of `2026-12-01T09:00` or `2026-12-01 09:00` (seconds after the minute ignored), or nil.
    public static func seconds(parsing text: String) -> Double? {
        let text = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: " ", with: "T")
        guard text.count >= 16, let date = CalendarDate(parsing: String(text.prefix(10))), text.dropFirst(10).first == "T" else { return nil }
        let clock = text.dropFirst(11).prefix(5).split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 2, clock.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCIIDigit) }),
              let hour = Int(clock[0]), let minute = Int(clock[1]), (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        return Double(date.daysSinceEpoch * 86_400 + hour * 3600 + minute * 60 - offset)
    }
}
