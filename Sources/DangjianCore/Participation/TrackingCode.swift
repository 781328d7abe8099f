/// 查询码 — what a submitter keeps to follow a request or a report without an account: nine random characters and one
/// check character, from an alphabet without 0/O, 1/I/L, so that it can be read out over the phone and typed back.
/// 31⁹ ≈ 2.6·10¹³ codes: guessing one is hopeless, and the public lookup is rate-limited besides.
public struct TrackingCode: Sendable, Hashable, CustomStringConvertible {
    public static let alphabet = Array("23456789ABCDEFGHJKMNPQRSTUVWXYZ")
    public static let randomLength = 9

    /// Ten characters, upper case, without the dash.
    public let value: String

    public init<G: RandomNumberGenerator>(using generator: inout G) {
        var characters = (0..<Self.randomLength).map { _ in Self.alphabet[Int.random(in: 0..<Self.alphabet.count, using: &generator)] }
        characters.append(Self.check(characters))
        value = String(characters)
    }

    /// Reads what a person typed: spaces and dashes ignored, lower case accepted; a character outside the alphabet is
    /// refused, not guessed. Nil when it is not a well-formed code or its check character does not match.
    public init?(typed text: String) {
        let characters = Array(text.uppercased().filter { $0 != "-" && $0 != " " && $0 != "\u{3000}" })
        guard characters.count == Self.randomLength + 1, characters.allSatisfy(Self.alphabet.contains) else { return nil }
        guard characters.last == Self.check(Array(characters.dropLast())) else { return nil }
        value = String(characters)
    }

    /// `ABCDE-FGHJK`: two groups of five, as printed and read out.
    public var description: String { String(value.prefix(5)) + "-" + String(value.dropFirst(5)) }

    /// A weighted sum modulo the alphabet's size (31, a prime): any one character changed, or two neighbours swapped,
    /// changes the check.
    static func check(_ characters: [Character]) -> Character {
        var sum = 0
        for (index, character) in characters.enumerated() {
            let digit = alphabet.firstIndex(of: character) ?? 0
            sum += digit * (index + 2)
        }
        return alphabet[sum % alphabet.count]
    }
}
