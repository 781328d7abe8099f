/// The short code members type to sign in at a meeting: six digits derived from the meeting's secret and the current
/// time window (as in RFC 4226/6238), so it changes every window and cannot be guessed from an earlier one. The keyed
/// hash is given by the caller (HMAC-SHA256 in the app), so this stays free of any crypto library.
public struct SignInCode: Sendable {
    public let windowSeconds: Int
    public let digits: Int

    public init(windowSeconds: Int, digits: Int = 6) {
        self.windowSeconds = max(15, windowSeconds)
        self.digits = digits
    }

    public func counter(atUnixTime seconds: Int64) -> UInt64 { UInt64(max(0, seconds) / Int64(windowSeconds)) }

    /// Seconds until the code changes.
    public func secondsLeft(atUnixTime seconds: Int64) -> Int { windowSeconds - Int(max(0, seconds) % Int64(windowSeconds)) }

    public static func counterBytes(_ counter: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: counter >> (8 * (7 - $0))) } }

    /// RFC 4226 dynamic truncation of a keyed hash to `digits` decimal digits.
    public static func truncate(_ mac: [UInt8], digits: Int = 6) -> String {
        guard mac.count >= 20 else { return String(repeating: "0", count: digits) }
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let value = (UInt32(mac[offset] & 0x7F) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let number = String(value % modulus)
        return String(repeating: "0", count: digits - number.count) + number
    }

    public func code(atUnixTime seconds: Int64, mac: (UInt64) -> [UInt8]) -> String {
        Self.truncate(mac(counter(atUnixTime: seconds)), digits: digits)
    }

    /// The code of the current window, or of the one before (a member who read it just before it changed).
    public func accepts(_ entered: String, atUnixTime seconds: Int64, mac: (UInt64) -> [UInt8]) -> Bool {
        let typed = entered.filter(\.isASCIIDigit)
        guard typed.count == digits else { return false }
        let now = counter(atUnixTime: seconds)
        return [now, now &- 1].contains { Self.truncate(mac($0), digits: digits) == typed }
    }
}
