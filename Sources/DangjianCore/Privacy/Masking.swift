/// How personal numbers are shown everywhere except the audited reveal action (DESIGN: private by default).
public enum Masking {
    /// `410105199003071234` → `4101**********1234`: the province and city stay readable, the birth date does not.
    public static func residentID(_ value: String) -> String {
        guard value.count > 8 else { return String(repeating: "*", count: value.count) }
        return String(value.prefix(4)) + String(repeating: "*", count: value.count - 8) + String(value.suffix(4))
    }

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
