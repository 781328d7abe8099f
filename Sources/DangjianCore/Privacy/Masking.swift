/// How personal numbers are shown everywhere except the audited reveal action (DESIGN: private by default).
public enum Masking {
    /// `410105199003071234` → `4101**************`: the province and city stay readable; the county, the birth date,
    /// the sequence and the check character do not. Shown beside the birth year and month and the gender (what a role
    /// without the reveal permission sees), at least 14,000 numbers remain possible (`IdentityCandidates`); the old
    /// mask also showed the last four characters, which with a full birth date left about nine.
    public static func residentID(_ value: String) -> String {
        guard value.count > 8 else { return String(repeating: "*", count: value.count) }
        return String(value.prefix(4)) + String(repeating: "*", count: value.count - 4)
    }

    /// `1985-03`: the birth date as shown without the reveal permission (the day would narrow an ID number to a few).
    public static func birthMonth(_ date: CalendarDate) -> String {
        String(date.description.prefix(7))
    }

    /// `1985年3月`, the form of a public notice (公示).
    public static func birthMonthChinese(_ date: CalendarDate) -> String { "\(date.year)年\(date.month)月" }

    /// `13812345678` → `138****5678`; landlines keep their area code and last four digits.
    public static func phone(_ value: String) -> String {
        guard value.count > 7 else { return String(repeating: "*", count: value.count) }
        let head = value.hasPrefix("0") ? (value.count == 12 ? 4 : 3) : 3
        let hidden = value.count - head - 4
        return String(value.prefix(head)) + String(repeating: "*", count: max(hidden, 4)) + String(value.suffix(4))
    }

    /// `张三丰` → `张**`: the form a system administrator sees when an account is tied to a person.
    public static func name(_ value: String) -> String {
        guard let first = value.first else { return "" }
        return String(first) + String(repeating: "*", count: max(value.count - 1, 1))
    }
}
