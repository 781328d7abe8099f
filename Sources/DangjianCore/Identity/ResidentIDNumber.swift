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
    static let checkCharacters: [Character] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]
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
        guard normalized.count == 18 else { throw .wrongLength(normalized.count) }
        let characters = Array(normalized)
        guard characters[0..<17].allSatisfy(\.isASCIIDigit),
              characters[17].isASCIIDigit || characters[17] == "X" else { throw .invalidCharacters }
        let province = String(characters[0..<2])
        guard Self.provinceCodes.contains(province) else { throw .unknownProvince(province) }
        let birthText = String(characters[6..<14])
        guard let birth = CalendarDate(parsing: birthText), birth.year >= 1900 else { throw .invalidBirthDate(birthText) }
        guard birth <= today else { throw .birthDateInFuture(birth) }
        let expected = Self.checkCharacter(for: characters[0..<17])
        guard expected == characters[17] else { throw .badCheckCharacter(expected: expected, found: characters[17]) }
        self.value = normalized
        self.birthDate = birth
        let sequence = Int(String(characters[16]))!
        self.gender = sequence % 2 == 1 ? .male : .female
    }

    /// The check character for the first 17 digits.
    static func checkCharacter(for digits: ArraySlice<Character>) -> Character {
        var sum = 0
        for (digit, weight) in zip(digits, weights) {
            sum += Int(String(digit))! * weight
        }
        return checkCharacters[sum % 11]
    }

    /// Builds a valid number from a region code, a birth date and a 3-digit sequence (used by the demo generator).
    public static func make(region: String, birthDate: CalendarDate, sequence: Int) -> String {
        let body = region + String(format: "%04d%02d%02d", birthDate.year, birthDate.month, birthDate.day)
            + String(format: "%03d", sequence % 1000)
        return body + String(checkCharacter(for: ArraySlice(Array(body))))
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
