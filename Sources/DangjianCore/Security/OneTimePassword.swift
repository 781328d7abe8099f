/// Base32 (RFC 4648, upper case, no padding): how an authenticator app takes a secret typed by hand.
public enum Base32 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    public static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var buffer = 0, bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | Int(byte)
            bits += 8
            while bits >= 5 {
                out.append(alphabet[(buffer >> (bits - 5)) & 31])
                bits -= 5
            }
        }
        if bits > 0 { out.append(alphabet[(buffer << (5 - bits)) & 31]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Reads upper or lower case, ignoring spaces, dashes and padding; nil for any other character.
    public static func decode(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        var buffer = 0, bits = 0
        for byte in text.utf8 where byte != UInt8(ascii: " ") && byte != UInt8(ascii: "-") && byte != UInt8(ascii: "=") {
            let upper = (97...122).contains(byte) ? byte - 32 : byte
            guard let value = alphabet.firstIndex(of: upper) else { return nil }
            buffer = ((buffer << 5) | value) & 0xFFFF
            bits += 5
            if bits >= 8 {
                out.append(UInt8((buffer >> (bits - 8)) & 0xFF))
                bits -= 8
            }
        }
        return out
    }
}

/// 动态口令 — time-based one-time passwords (RFC 6238 over RFC 4226's truncation), as every authenticator app makes
/// them offline. The keyed hash (HMAC-SHA-1 for the apps) is passed in, so that this arithmetic needs no crypto library.
public struct TimeBasedCode: Sendable {
    public let digits: Int
    public let period: Int64
    /// Steps before and after now that are still accepted (a phone's clock a little off).
    public let window: Int64

    public init(digits: Int = 6, period: Int64 = 30, window: Int64 = 1) {
        self.digits = digits
        self.period = period
        self.window = window
    }

    public func counter(at unixTime: Int64) -> Int64 { unixTime >= 0 ? unixTime / period : (unixTime - period + 1) / period }

    /// The code for one counter; `mac` is the keyed hash of the counter's 8 big-endian bytes.
    public func code(counter: Int64, mac: ([UInt8]) -> [UInt8]) -> String {
        let message = (0..<8).reversed().map { UInt8(truncatingIfNeeded: counter >> ($0 * 8)) }
        let hash = mac(message)
        guard let last = hash.last, hash.count >= 20 else { return "" }
        let offset = Int(last & 0x0F)
        let binary = (UInt32(hash[offset] & 0x7F) << 24) | (UInt32(hash[offset + 1]) << 16) | (UInt32(hash[offset + 2]) << 8)
            | UInt32(hash[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let value = String(binary % modulus)
        return String(repeating: "0", count: digits - value.count) + value
    }

    public func code(at unixTime: Int64, mac: ([UInt8]) -> [UInt8]) -> String { code(counter: counter(at: unixTime), mac: mac) }

    /// The counter `typed` matches within the window after `lastUsed` (a code is good once), or nil.
    public func accept(_ typed: String, at unixTime: Int64, lastUsed: Int64?, mac: ([UInt8]) -> [UInt8]) -> Int64? {
        let digitsOnly = typed.filter { $0 != " " }
        guard digitsOnly.count == digits, digitsOnly.allSatisfy(\.isASCIIDigit) else { return nil }
        let now = counter(at: unixTime)
        for candidate in (now - window)...(now + window) where candidate > (lastUsed ?? .min) {
            if code(counter: candidate, mac: mac) == digitsOnly { return candidate }
        }
        return nil
    }
}

extension Role {
    /// GB/T 22239 level 3: those who hold the keys log in with a second factor — the 三员 and the 组织部.
    public var requiresSecondFactor: Bool { isSeparatedAdministrator || self == .orgDepartmentAdmin }
}
