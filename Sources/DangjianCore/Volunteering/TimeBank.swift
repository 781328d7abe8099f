/// 爱心存折 (RULES.md §8): one hour of service is one point, at most two hours credited per activity, confirmed by the
/// organizer; a valid complaint zeroes what an activity credited; points are exchanged at the 爱心超市 at most once a
/// quarter; exchanged points leave the balance but the hours served stay on record. Kept double-entry: every transfer
/// is movements that sum to zero, and every balance is derived from the movements, never stored alone.
public enum TimeBank {
    /// Who holds points. A volunteer is a member or a resident account; an activity's budget pays them; a 爱心超市
    /// takes them in exchange for goods; donations bring points in from a unit.
    public enum Holder: Hashable, Sendable, Comparable {
        case volunteer(Int)
        case activity(Int)
        case supermarket(Int)
        case donor(Int)
    }

    /// Points in tenths (1.5 hours of service is 15).
    public struct Movement: Hashable, Sendable {
        public let holder: Holder
        public let tenths: Int
        public init(_ holder: Holder, _ tenths: Int) {
            self.holder = holder
            self.tenths = tenths
        }
    }

    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Hours of an activity confirmed by its organizer.
        case service
        /// A valid complaint: what an activity credited is taken back.
        case complaint
        /// Points exchanged for goods at a 爱心超市.
        case exchange
        /// Points a unit gives to an activity's budget.
        case donation
    }

    public struct Transfer: Hashable, Sendable {
        public let kind: Kind
        public let on: CalendarDate
        public let movements: [Movement]

        /// Refused unless the movements sum to zero and move something.
        public init(kind: Kind, on: CalendarDate, movements: [Movement]) throws(Problem) {
            guard movements.contains(where: { $0.tenths != 0 }) else { throw .nothingMoved }
            guard movements.reduce(0, { $0 + $1.tenths }) == 0 else { throw .unbalanced }
            self.kind = kind
            self.on = on
            self.movements = movements
        }
    }

    public enum Problem: Error, Equatable, Sendable {
        case unbalanced, nothingMoved, notEnoughPoints(balance: Int), alreadyExchangedThisQuarter(on: CalendarDate),
             alreadyCredited, notCredited, hoursOutOfRange
    }

    public struct Rules: Sendable {
        /// Tenths of an hour credited per activity at most (RULES.md §8: 2 hours).
        public let creditCapTenths: Int
        /// Exchanges per quarter a volunteer may make (RULES.md §8: once).
        public let exchangesPerQuarter: Int

        public init(creditCapTenths: Int = 20, exchangesPerQuarter: Int = 1) {
            self.creditCapTenths = creditCapTenths
            self.exchangesPerQuarter = exchangesPerQuarter
        }

        /// The deployment's rules (`volunteer.credit-cap-hours`, `volunteer.exchanges-per-quarter`).
        public init(_ book: RuleBook) {
            self.init(creditCapTenths: book.value(.volunteerCreditCapHours) * 10, exchangesPerQuarter: book.value(.volunteerExchangesPerQuarter))
        }
    }

    /// Everything that has moved, and what follows from it.
    public struct Ledger: Sendable {
        public private(set) var transfers: [Transfer] = []

        public init(_ transfers: [Transfer] = []) { self.transfers = transfers }

        public func balance(_ holder: Holder) -> Int {
            transfers.reduce(0) { sum, transfer in sum + transfer.movements.filter { $0.holder == holder }.reduce(0) { $0 + $1.tenths } }
        }

        /// Every holder's balance; they always sum to zero.
        public var balances: [Holder: Int] {
            var result: [Holder: Int] = [:]
            for movement in transfers.flatMap(\.movements) { result[movement.holder, default: 0] += movement.tenths }
            return result
        }

        /// Hours served (in tenths) by a volunteer: credited service less what complaints took back; exchanges do not
        /// reduce it.
        public func served(_ volunteer: Int, year: Int? = nil) -> Int {
            transfers.filter { ($0.kind == .service || $0.kind == .complaint) && (year == nil || $0.on.year == year) }
                .flatMap(\.movements).filter { $0.holder == .volunteer(volunteer) }.reduce(0) { $0 + $1.tenths }
        }

        /// What an activity has credited a volunteer and not taken back.
        public func credited(_ volunteer: Int, by activity: Int) -> Int {
            transfers.filter { ($0.kind == .service || $0.kind == .complaint) && $0.movements.contains { $0.holder == .activity(activity) } }
                .flatMap(\.movements).filter { $0.holder == .volunteer(volunteer) }.reduce(0) { $0 + $1.tenths }
        }

        /// The organizer confirms `tenths` of service: at most the cap is credited, once per volunteer and activity.
        @discardableResult
        public mutating func confirm(_ tenths: Int, volunteer: Int, activity: Int, on date: CalendarDate, rules: Rules = Rules()) throws(Problem) -> Int {
            guard tenths > 0, tenths <= 24 * 10 else { throw .hoursOutOfRange }
            guard !hasService(volunteer, activity) else { throw .alreadyCredited }
            let amount = min(tenths, rules.creditCapTenths)
            transfers.append(try Transfer(kind: .service, on: date, movements: [Movement(.activity(activity), -amount), Movement(.volunteer(volunteer), amount)]))
            return amount
        }

        private func hasService(_ volunteer: Int, _ activity: Int) -> Bool {
            transfers.contains { $0.kind == .service && $0.movements.contains { $0.holder == .activity(activity) }
                && $0.movements.contains { $0.holder == .volunteer(volunteer) } }
        }

        /// A valid complaint zeroes what the activity credited the volunteer. The balance may go below zero if the
        /// points were already exchanged; nothing can be exchanged until later service makes it up.
        @discardableResult
        public mutating func uphold(complaintAgainst volunteer: Int, activity: Int, on date: CalendarDate) throws(Problem) -> Int {
            let amount = credited(volunteer, by: activity)
            guard amount > 0 else { throw .notCredited }
            transfers.append(try Transfer(kind: .complaint, on: date, movements: [Movement(.volunteer(volunteer), -amount), Movement(.activity(activity), amount)]))
            return amount
        }

        /// Exchanges points at a 爱心超市: never more than the balance, at most `exchangesPerQuarter` times a quarter.
        public mutating func exchange(_ tenths: Int, volunteer: Int, supermarket: Int, on date: CalendarDate, rules: Rules = Rules()) throws(Problem) {
            guard tenths > 0 else { throw .nothingMoved }
            let balance = balance(.volunteer(volunteer))
            guard tenths <= balance else { throw .notEnoughPoints(balance: balance) }
            let quarter = (date.month - 1) / 3
            let earlier = transfers.filter { $0.kind == .exchange && $0.on.year == date.year && ($0.on.month - 1) / 3 == quarter
                && $0.movements.contains { $0.holder == .volunteer(volunteer) } }
            if earlier.count >= rules.exchangesPerQuarter, let last = earlier.last { throw .alreadyExchangedThisQuarter(on: last.on) }
            transfers.append(try Transfer(kind: .exchange, on: date, movements: [Movement(.volunteer(volunteer), -tenths), Movement(.supermarket(supermarket), tenths)]))
        }

        /// A unit gives points to an activity's budget.
        public mutating func donate(_ tenths: Int, from donor: Int, to activity: Int, on date: CalendarDate) throws(Problem) {
            guard tenths > 0 else { throw .nothingMoved }
            transfers.append(try Transfer(kind: .donation, on: date, movements: [Movement(.donor(donor), -tenths), Movement(.activity(activity), tenths)]))
        }
    }

    /// The balances posted publicly each quarter are those at the end of the last finished quarter: its last day, and
    /// its name (`2026年第三季度`).
    public static func posting(today: CalendarDate) -> (until: CalendarDate, label: String) {
        let first = CalendarDate(year: today.year, month: (today.month - 1) / 3 * 3 + 1, day: 1) ?? today
        let until = first.adding(days: -1)
        return (until, "\(until.year)年第\(["一", "二", "三", "四"][(until.month - 1) / 3])季度")
    }

    /// Hours as people type them — `2`, `1.5`, `０.５`, `2小时` — in tenths; nil for anything else or more than a day.
    public static func tenths(parsing text: String) -> Int? {
        var typed = String(text.trimmed.unicodeScalars.map { scalar -> Character in
            (0xFF10...0xFF19).contains(scalar.value) ? Character(UnicodeScalar(scalar.value - 0xFF10 + 0x30) ?? scalar)
                : scalar == "．" ? "." : Character(scalar)
        })
        for unit in ["小时", "h", "分"] where typed.hasSuffix(unit) { typed = String(typed.dropLast(unit.count)).trimmed }
        let parts = typed.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = Int(parts[0]), parts[0].allSatisfy(\.isASCIIDigit), parts[0].count <= 3 else { return nil }
        var tenths = whole * 10
        if parts.count == 2 {
            guard parts[1].count == 1, let digit = parts[1].first?.wholeNumberValue, parts[1].allSatisfy(\.isASCIIDigit) else { return nil }
            tenths += digit
        }
        return tenths <= 240 ? tenths : nil
    }

    /// Stars for a year's hours served (in tenths) under the deployment's rule: one per `volunteer.star-step-hours`, five at most.
    public static func stars(servedTenths: Int, rules: RuleBook) -> Int {
        let step = max(1, rules.value(.volunteerStarStepHours))
        return stars(servedTenths: servedTenths, thresholds: (1...5).map { $0 * step })
    }

    /// Stars for a year's hours served (in tenths): one star per threshold reached (thresholds in whole hours, rule data).
    public static func stars(servedTenths: Int, thresholds: [Int]) -> Int {
        thresholds.filter { servedTenths >= $0 * 10 }.count
    }
}
