import Foundation

/// A contact number: a mainland mobile number (11 digits starting with 1[3-9]) or a landline with its area code
/// (`0371-12345678`, `037112345678`). Spaces, dashes and a leading `+86` are accepted on entry.
public struct PhoneNumber: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable { case mobile, landline }

    public enum Problem: Error, Sendable, Equatable {
        case empty
        case invalidCharacters
        case invalidMobile
        case invalidLandline
    }

    /// Digits only, without a country code.
    public let value: String
    public let kind: Kind

    public init(_ text: String) throws(Problem) {
        var digits = text.trimmed
        guard !digits.isEmpty else { throw .empty }
        if digits.hasPrefix("+86") { digits.removeFirst(3) }
        digits = digits.filter { $0 != " " && $0 != "-" }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit) else { throw .invalidCharacters }
        if digits.hasPrefix("1") {
            let second = digits.dropFirst().first
            guard digits.count == 11, let second, "3456789".contains(second) else { throw .invalidMobile }
            self.kind = .mobile
        } else if digits.hasPrefix("0") {
            // Area codes are 3 or 4 digits including the 0, local numbers 7 or 8 digits.
            guard (10...12).contains(digits.count), digits.dropFirst().first != "0" else { throw .invalidLandline }
            self.kind = .landline
        } else {
            throw .invalidMobile
        }
        self.value = digits
    }

    public var tail: String { String(value.suffix(4)) }

    public var description: String { Masking.phone(value) }
}
