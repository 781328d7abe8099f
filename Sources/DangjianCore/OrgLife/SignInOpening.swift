import Foundation

/// When a meeting's sign-in may be opened: from `minutesBefore` its start (the rule 签到提前开放时间) until the end of
/// its day; a meeting without a start time from the start of its day. Times are China Standard Time, on the minute.
public struct SignInOpening: Sendable, Equatable {
    /// A local moment: a calendar date and the minute of that day.
    public struct Moment: Sendable, Equatable, Comparable {
        public let date: CalendarDate
        public let minute: Int

        public init(date: CalendarDate, minute: Int) {
            let total = date.daysSinceEpoch * 1440 + minute
            let days = total >= 0 ? total / 1440 : (total - 1439) / 1440
            self.date = CalendarDate(daysSinceEpoch: days)
            self.minute = total - days * 1440
        }

        /// `instant` on the platform's calendar (which a rehearsal clock may have moved by whole days).
        public init(_ instant: Date, calendar today: CalendarDate) {
            let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + TimeZone.chinaStandard.secondsFromGMT(for: instant)
            let minuteOfDay = ((seconds % 86_400) + 86_400) % 86_400 / 60
            self.init(date: today, minute: minuteOfDay)
        }

        var ordinal: Int { date.daysSinceEpoch * 1440 + minute }

        public static func < (lhs: Moment, rhs: Moment) -> Bool { lhs.ordinal < rhs.ordinal }

        /// `2026-12-01 13:30`, or `13:30` when `relativeTo` is the same day.
        public func text(relativeTo today: CalendarDate? = nil) -> String {
            let clock = String(format: "%02d:%02d", minute / 60, minute % 60)
            if today == date { return "今天 \(clock)" }
            if let today, today.adding(days: 1) == date { return "明天 \(clock)" }
            return "\(date) \(clock)"
        }
    }

    public enum Verdict: Sendable, Equatable {
        case allowed
        /// Too early: sign-in opens at this moment.
        case opensAt(Moment)
        /// The meeting's day is over: attendance is recorded by hand.
        case over
    }

    public let opens: Moment
    public let closes: Moment

    /// `startTime` as `HH:mm`; anything else counts as no start time.
    public init(date: CalendarDate, startTime: String?, minutesBefore: Int) {
        if let minute = Self.minuteOfDay(startTime) {
            opens = Moment(date: date, minute: minute - max(minutesBefore, 0))
        } else {
            opens = Moment(date: date, minute: 0)
        }
        closes = Moment(date: date, minute: 1439)
    }

    public func verdict(at now: Moment) -> Verdict {
        if now < opens { return .opensAt(opens) }
        if closes < now { return .over }
        return .allowed
    }

    /// Minutes since midnight of `HH:mm`.
    public static func minuteOfDay(_ text: String?) -> Int? {
        guard let parts = text?.split(separator: ":"), parts.count == 2, parts[1].count == 2,
              let hour = Int(parts[0]), let minute = Int(parts[1]), (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        return hour * 60 + minute
    }
}
