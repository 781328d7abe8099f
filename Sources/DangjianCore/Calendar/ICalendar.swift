/// An iCalendar feed (RFC 5545) of meetings, as phone and desktop calendars subscribe to it: one VEVENT per meeting,
/// times in UTC (a meeting's local time is China's), an untimed meeting as an all-day event, text escaped and lines
/// folded at 75 octets without splitting a character.
public struct ICalendar: Sendable {
    public struct Event: Sendable, Equatable {
        /// Stable across feeds, so that a calendar updates the event instead of adding another.
        public let uid: String
        public let date: CalendarDate
        /// `14:30`, China time; nil for a meeting without a set hour.
        public let startTime: String?
        public let minutes: Int
        public let summary: String
        public let location: String
        public let description: String?
        public let cancelled: Bool

        public init(uid: String, date: CalendarDate, startTime: String?, minutes: Int = 120, summary: String, location: String,
                    description: String? = nil, cancelled: Bool = false) {
            self.uid = uid
            self.date = date
            self.startTime = startTime
            self.minutes = minutes
            self.summary = summary
            self.location = location
            self.description = description
            self.cancelled = cancelled
        }
    }

    public let name: String
    public let events: [Event]

    public init(name: String, events: [Event]) {
        self.name = name
        self.events = events
    }

    /// The feed, CRLF line ends; `stamp` is when it was made (`DTSTAMP`, UTC, `20261201T083000Z`).
    public func text(stamp: String) -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Dangjian//Meetings//ZH", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
                     "X-WR-CALNAME:" + Self.escape(name), "X-WR-TIMEZONE:Asia/Shanghai"]
        for event in events {
            lines.append("BEGIN:VEVENT")
            lines.append("UID:" + Self.escape(event.uid))
            lines.append("DTSTAMP:" + stamp)
            if let start = event.startTime.flatMap(Self.utc(date: event.date)) {
                lines.append("DTSTART:" + start)
                lines.append("DURATION:PT\(event.minutes / 60)H\(event.minutes % 60 == 0 ? "" : "\(event.minutes % 60)M")")
            } else {
                lines.append("DTSTART;VALUE=DATE:" + Self.compact(event.date))
                lines.append("DTEND;VALUE=DATE:" + Self.compact(event.date.adding(days: 1)))
            }
            lines.append("SUMMARY:" + Self.escape(event.summary))
            if !event.location.isEmpty { lines.append("LOCATION:" + Self.escape(event.location)) }
            if let description = event.description, !description.isEmpty { lines.append("DESCRIPTION:" + Self.escape(description)) }
            lines.append("STATUS:" + (event.cancelled ? "CANCELLED" : "CONFIRMED"))
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(Self.fold).joined(separator: "\r\n") + "\r\n"
    }

    /// `\`, `;`, `,` and line breaks escaped as RFC 5545 §3.3.11 says.
    public static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n", "\r\n", "\r": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }

    /// A content line cut into lines of at most 75 octets, each continuation starting with a space (§3.1); a
    /// character's bytes are never split.
    public static func fold(_ line: String) -> String {
        var result = "", current = 0, limit = 75
        for character in line {
            let size = String(character).utf8.count
            if current + size > limit {
                result += "\r\n "
                current = 1
                limit = 75
            }
            result.append(character)
            current += size
        }
        return result
    }

    static func compact(_ date: CalendarDate) -> String { date.description.replacingOccurrences(of: "-", with: "") }

    /// `2026-12-01` at `14:30` China time → `20261201T063000Z`; nil for a time that is not `HH:MM`.
    static func utc(date: CalendarDate) -> (String) -> String? {
        { time in
            let parts = time.split(separator: ":").compactMap { Int($0) }
            guard parts.count == 2, (0..<24).contains(parts[0]), (0..<60).contains(parts[1]) else { return nil }
            var minutes = parts[0] * 60 + parts[1] - 8 * 60
            var day = date
            if minutes < 0 {
                minutes += 24 * 60
                day = date.adding(days: -1)
            }
            return compact(day) + "T" + String(format2: minutes / 60) + String(format2: minutes % 60) + "00Z"
        }
    }
}

extension String {
    /// Two digits, zero first.
    init(format2 value: Int) { self = value < 10 ? "0\(value)" : "\(value)" }
}
