import Foundation

/// 公民身份号码 — the 18-character resident identity number of GB 11643-1999 (RULES.md §9).
public struct ResidentIDNumber: Sendable, Hashable, CustomStringConvertible {
    /// The normalized number: 17 digits and a check character (`0`–`9` or upper-case `X`).
    public let value: String
    public let birthDate: CalendarDate
    public let gender: Gender

    /// Why a number is not a valid resident identity number.
    public enum Problem: Error, Sendable, Equatable {
        case empty
        case wrongLength(Int)
        case invalidCharacters
        case unknownProvince(String)
        case invalidBirthDate(String)
        case birthDateInFuture(CalendarDate)
        case badCheckCharacter(expected: Character, found: Character)
    }

    /// ISO 7064 MOD 11-2 weights of the first 17 digits.
    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    /// Check character for each remainder 0…10.
    static let checkCharacters: [UInt8] = Array("10X98765432".utf8)
    /// Province-level codes of GB/T 2260 (the first two digits).
    static let provinceCodes: Set<String> = [
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
        "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
        "71", "81", "82",
    ]

    /// Validates `text` (surrounding spaces ignored, a lower-case `x` accepted) against the standard.
    /// - Parameter today: birth dates after this day are refused.
    public init(_ text: String, today: CalendarDate) throws(Problem) {
        let normalized = text.trimmed.uppercased()
        guard !normalized.isEmpty else { throw .empty }
        // Bytes, not Characters: every import checks a number per row, and Character's digit tests showed in its profile.
        let bytes = Array(normalized.utf8)
        guard bytes.count == 18, bytes.allSatisfy({ $0 < 0x80 }) else {
            let length = normalized.count
            throw length == 18 ? .invalidCharacters : .wrongLength(length)
        }
        guard bytes[0..<17].allSatisfy(Self.isDigit), Self.isDigit(bytes[17]) || bytes[17] == UInt8(ascii: "X") else {
            throw .invalidCharacters
        }
        let province = String(decoding: bytes[0..<2], as: UTF8.self)
        guard Self.provinceCodes.contains(province) else { throw .unknownProvince(province) }
        let birthText = String(decoding: bytes[6..<14], as: UTF8.self)
        guard let birth = CalendarDate(parsing: birthText), birth.year >= 1900 else { throw .invalidBirthDate(birthText) }
        guard birth <= today else { throw .birthDateInFuture(birth) }
        let expected = Self.checkCharacter(for: bytes[0..<17])
        guard expected == bytes[17] else {
            throw .badCheckCharacter(expected: Character(Unicode.Scalar(expected)), found: Character(Unicode.Scalar(bytes[17])))
        }
        self.value = normalized
        self.birthDate = birth
        self.gender = (bytes[16] - UInt8(ascii: "0")) % 2 == 1 ? .male : .female
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// The check character (as its ASCII byte) for the first 17 digits, given as ASCII bytes.
    static func checkCharacter(for digits: ArraySlice<UInt8>) -> UInt8 {
        var sum = 0
        for (digit, weight) in zip(digits, weights) {
            sum += Int(digit - UInt8(ascii: "0")) * weight
        }
        return checkCharacters[sum % 11]
    }

    /// Builds a valid number from a region code, a birth date and a 3-digit sequence (used by the demo generator).
    public static func make(region: String, birthDate: CalendarDate, sequence: Int) -> String {
        let body = region + String(format: "%04d%02d%02d", birthDate.year, birthDate.month, birthDate.day)
            + String(format: "%03d", sequence % 1000)
        return body + String(Unicode.Scalar(checkCharacter(for: ArraySlice(Array(body.utf8)))))
    }

    /// The last four characters, the part a secretary searches by.
    public var tail: String { String(value.suffix(4)) }

    public var description: String { Masking.residentID(value) }
}

/// 性别
public enum Gender: String, ChineseLabelled {
    case male
    case female

    public var chinese: String { self == .male ? "男" : "女" }
    public var aliases: [String] { self == .male ? ["男性", "M", "m"] : ["女性", "F", "f"] }
}
